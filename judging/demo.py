"""The demo world's judging: editors' rights and the round under way.

``ensure_editors_judging_rights`` lets Wagtail's Editors group set up judging
rounds (add, change, delete, view), as moderation's demo does for moderator
assignments. ``ensure_judging`` gives ``greener-commutes`` (in its judging
phase) a rubric round with weighted criteria, judge one in the chair and judge
two beside her, every approved idea assigned to both, and some scores: judge
one has submitted one sheet and saved another half-way, so each judge signs in
to work in progress. The finished round of the results competition is in
``results_demo``.
"""

from django.contrib.auth.models import Permission

from competitions.demo import DemoCompetition
from members.demo import EDITORS_GROUP, ensure_admin_group
from members.models import User

from .enums import RoundIntake, RoundMethod
from .models import (
    Criterion,
    CriterionScore,
    JudgeAssignment,
    JudgingRound,
    RoundJudge,
    ScoreSheet,
)
from .setup import assign_round

JUDGING_SLUG = "greener-commutes"
CRITERIA = [
    ("Impact", "How much would it cut emissions, cost or stress?", 4, 10),
    ("Feasibility", "Could it start within a year, with the money on offer?", 3, 10),
    ("Originality", "Is it new here, or a known idea put well?", 2, 5),
]
# Judge one's sheets so far, by entry title: (scores, comment, submitted).
SHEETS = {
    "Timed connections": ((8, 7, 4), "Cheap, and it fixes a daily annoyance.", True),
    "Lift-share board": ((6, None, None), "", False),
}


def ensure_editors_judging_rights() -> None:
    """Let the Editors group set up judging rounds, their criteria and panels."""
    ensure_admin_group(EDITORS_GROUP).permissions.add(
        *Permission.objects.filter(
            content_type__app_label="judging", content_type__model="judginground"
        )
    )


def ensure_judging(*, competitions: list[DemoCompetition], users: dict[str, User]):
    """Give the judging competition its round, its assignments and some scores."""
    page = next(demo.page for demo in competitions if demo.page.slug == JUDGING_SLUG)
    judging_round = demo_round(page, users=users, name="First round", criteria=CRITERIA)
    assign_round(round=judging_round, actor=users["editor@example.org"])
    _ensure_sheets(judging_round, users["judge.one@example.org"])
    return judging_round


def demo_round(
    page,
    *,
    users: dict[str, User],
    name: str,
    criteria: list[tuple[str, str, int, int]],
    share_comments: bool = False,
) -> JudgingRound:
    """Make (or bring back) the competition's blind rubric round, dated as it is.

    It runs from the close of entries until judging closes (or the results),
    with ``criteria`` as (name, guidance, weight, highest score) and the two
    demo judges on its panel, judge one in the chair.
    """
    judging_round, _created = JudgingRound.objects.update_or_create(
        competition=page,
        position=1,
        defaults={
            "name": name,
            "intake": RoundIntake.ALL_APPROVED,
            "method": RoundMethod.RUBRIC,
            "opens_at": page.entries_close_at,
            "closes_at": page.judging_closes_at or page.results_published_at,
            "blind": True,
            "judges_per_entry": 2,
            "share_comments": share_comments,
        },
    )
    for order, (title, guidance, weight, maximum) in enumerate(criteria):
        Criterion.objects.get_or_create(
            round=judging_round,
            name=title,
            defaults={
                "guidance": guidance,
                "weight": weight,
                "maximum": maximum,
                "sort_order": order,
            },
        )
    for email, chair in (
        ("judge.one@example.org", True),
        ("judge.two@example.org", False),
    ):
        RoundJudge.objects.get_or_create(
            round=judging_round, judge=users[email], defaults={"is_chair": chair}
        )
    return judging_round


def _ensure_sheets(judging_round: JudgingRound, judge: User) -> None:
    criteria = list(judging_round.criteria.order_by("sort_order", "pk"))
    assignments = JudgeAssignment.objects.filter(
        round=judging_round, judge=judge
    ).select_related("entry")
    for assignment in assignments:
        if assignment.entry.title not in SHEETS:
            continue
        values, comment, submitted = SHEETS[assignment.entry.title]
        sheet, created = ScoreSheet.objects.get_or_create(
            assignment=assignment,
            defaults={
                "comment": comment,
                "submitted_at": judging_round.opens_at if submitted else None,
            },
        )
        if created:
            CriterionScore.objects.bulk_create(
                CriterionScore(sheet=sheet, criterion=criterion, value=value)
                for criterion, value in zip(criteria, values, strict=True)
                if value is not None
            )
