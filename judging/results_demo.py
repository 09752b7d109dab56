"""The demo world's published results: ``kindness-of-strangers``, judged and out.

A finished rubric round chaired by judge one with judge two on the panel, both
judges' sheets submitted, a winner for each judges' prize in its category (the
best-ranked entry), and the results published by the editor. Safe to run again:
rows that exist are kept, and the round's dates follow the competition's.
"""

from competitions.demo import DemoCompetition
from competitions.enums import PrizeKind
from members.models import User

from .demo import demo_round
from .models import (
    Award,
    CriterionScore,
    JudgeAssignment,
    JudgingRound,
    ResultsPublication,
    ScoreSheet,
)
from .results import round_entries, round_ranking

RESULTS_SLUG = "kindness-of-strangers"
CRITERIA = [
    ("Moving", "Does it stay with you?", 3, 10),
    ("Well made", "Writing or picture: care and craft.", 1, 5),
]
# Each judge's scores per entry title, one per criterion, and a comment.
SCORES = {
    "judge.one@example.org": {
        "The umbrella": ((9, 4), "A small moment told with great warmth."),
        "Held door": ((7, 4), "A lovely picture; the light does the work."),
    },
    "judge.two@example.org": {
        "The umbrella": ((8, 5), "I read it twice."),
        "Held door": ((8, 3), "Simple and kind."),
    },
}


def ensure_results(
    *, competitions: list[DemoCompetition], users: dict[str, User]
) -> JudgingRound:
    """Judge, award and publish the results competition of the demo world."""
    page = next(demo.page for demo in competitions if demo.page.slug == RESULTS_SLUG)
    judging_round = demo_round(
        page, users=users, name="Final round", criteria=CRITERIA, share_comments=True
    )
    _ensure_sheets(judging_round, users)
    _ensure_awards(judging_round, users["editor@example.org"])
    ResultsPublication.objects.update_or_create(
        competition=page,
        defaults={
            "published_at": page.results_published_at,
            "published_by": users["editor@example.org"],
        },
    )
    return judging_round


def _ensure_sheets(judging_round: JudgingRound, users: dict[str, User]) -> None:
    entries = {entry.title: entry for entry in round_entries(judging_round)}
    criteria = list(judging_round.criteria.order_by("sort_order"))
    for email, marks in SCORES.items():
        for title, (values, comment) in marks.items():
            if title not in entries:
                continue
            assignment, _ = JudgeAssignment.objects.get_or_create(
                round=judging_round, entry=entries[title], judge=users[email]
            )
            sheet, created = ScoreSheet.objects.get_or_create(
                assignment=assignment,
                defaults={"comment": comment, "submitted_at": judging_round.closes_at},
            )
            if created:
                CriterionScore.objects.bulk_create(
                    CriterionScore(sheet=sheet, criterion=criterion, value=value)
                    for criterion, value in zip(criteria, values, strict=True)
                )
    ScoreSheet.objects.filter(assignment__round=judging_round).update(
        submitted_at=judging_round.closes_at
    )


def _ensure_awards(judging_round: JudgingRound, editor: User) -> None:
    """Give each judges' prize with no award its category's best-ranked entry."""
    ranked = [row.entry for row in round_ranking(judging_round).rows]
    for prize in judging_round.competition.prizes.filter(kind=PrizeKind.JUDGES):
        if prize.awards.exists():
            continue
        fitting = [
            entry
            for entry in ranked
            if not prize.category_name
            or (entry.category and entry.category.name == prize.category_name)
        ]
        if fitting:
            Award.objects.create(prize=prize, entry=fitting[0], chosen_by=editor)
