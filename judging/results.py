"""Reads for the results: a round's ranking, who may see it, and what is public.

The ranking is read in a fixed handful of queries (the criteria, the
assignments, the submitted scores, the round's entries, and the comparisons of
a pairwise round) and then worked out in Python by ``judging.scoring`` and
``judging.pairwise``, so its cost does not grow with the number of entries or
judges.

Who sees a ranking: the chair of that round and editors. Everyone else gets a
404, as if the round did not exist (``permissions.is_round_chair``).

What is public, once results are out, is read in ``judging.awards``.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404

from competitions.models import CompetitionPage
from members.models import User
from submissions.models import Entry
from submissions.permissions import Viewer, is_entry_editor

from . import pairwise, scoring
from .enums import RoundMethod
from .models import (
    Comparison,
    CriterionScore,
    JudgeAssignment,
    JudgingRound,
    RoundJudge,
    ScoreSheet,
)
from .permissions import is_round_chair
from .setup import round_entries

# Pairwise rounds rank by fitted strength where rubric rounds use the
# normalised mean; the other tie-break steps are the same.
PAIRWISE_FIRST_STEP = scoring.gettext_noop("fitted strength")


# Who may see what --------------------------------------------------------------


def _active(user: Viewer) -> bool:
    return user.is_authenticated and user.is_active


def results_rounds(user: Viewer) -> QuerySet[JudgingRound]:
    """Return the rounds whose ranking ``user`` may see: chaired ones, or all."""
    rounds = JudgingRound.objects.select_related("competition")
    if is_entry_editor(user):
        return rounds.all()
    if not _active(user):
        return rounds.none()
    return rounds.filter(panel__judge=user, panel__is_chair=True)


def round_for_results(user: Viewer, pk: int) -> JudgingRound:
    """Return round ``pk`` if ``user`` may see its ranking; 404 otherwise."""
    judging_round = results_rounds(user).filter(pk=pk).first()
    if judging_round is None:
        raise Http404
    return judging_round


def may_choose_winners(user: Viewer, competition: CompetitionPage) -> bool:
    """Editors, and the chair of the competition's final round, choose winners."""
    if is_entry_editor(user):
        return True
    final = final_round(competition)
    return final is not None and is_round_chair(user, final)


def winners_choosable(user: Viewer, competition_ids: Iterable[int]) -> set[int]:
    """Return which of the competitions ``user`` may choose winners for, at once."""
    ids = set(competition_ids)
    if is_entry_editor(user):
        return ids
    if not _active(user) or not ids:
        return set()
    last = (
        JudgingRound.objects.filter(competition_id=OuterRef("round__competition_id"))
        .order_by("-position", "-pk")
        .values("pk")[:1]
    )
    return set(
        RoundJudge.objects.filter(
            judge=user, is_chair=True, round__competition_id__in=ids
        )
        .filter(round_id=Subquery(last))
        .values_list("round__competition_id", flat=True)
    )


def competition_for_winners(user: Viewer, pk: int) -> CompetitionPage:
    """Return competition ``pk`` if ``user`` may choose its winners; 404 otherwise."""
    competition = CompetitionPage.objects.filter(pk=pk).first()
    if competition is None or not may_choose_winners(user, competition):
        raise Http404
    return competition


# Rounds and their entries ------------------------------------------------------


def final_round(competition: CompetitionPage) -> JudgingRound | None:
    """Return the competition's last round: winners come from its entries."""
    return competition.judging_rounds.order_by("-position", "-pk").first()


def next_round(judging_round: JudgingRound) -> JudgingRound | None:
    """Return the round after ``judging_round`` in its competition, if any."""
    return (
        JudgingRound.objects.filter(
            competition_id=judging_round.competition_id,
            position__gt=judging_round.position,
        )
        .order_by("position", "pk")
        .first()
    )


# The ranking -------------------------------------------------------------------


@dataclass(frozen=True)
class RankingRow:
    """One entry in a round's ranking, with what the page and export show."""

    position: int
    entry: Entry
    decided_by: str | None
    scores: list[float | None]  # one per judge of ``Ranking.judges``, in order
    raw_mean: float | None = None
    normalised_mean: float | None = None
    judges: int = 0
    top_scores: int = 0
    strength: float | None = None
    stderr: float | None = None
    comparisons: int = 0
    wins: float = 0.0

    # What scoring.rank reads (scoring.Rankable).
    @property
    def entry_id(self) -> int:
        return self.entry.pk

    @property
    def submitted_at(self) -> datetime | None:
        return self.entry.submitted_at


@dataclass(frozen=True)
class MissingScore:
    """An assignment with no submitted sheet yet."""

    judge: User
    entry: Entry


@dataclass(frozen=True)
class Ranking:
    """A round's ranking: rows in order, the panel, the agreement, what is missing."""

    round: JudgingRound
    judges: list[User]
    rows: list[RankingRow]
    agreement: scoring.Agreement | None
    missing: list[MissingScore] = field(default_factory=list)

    @property
    def pairwise(self) -> bool:
        return self.round.method == RoundMethod.PAIRWISE

    @property
    def first_step(self) -> str:
        """Name the step that ranks first: normalised mean, or fitted strength."""
        return PAIRWISE_FIRST_STEP if self.pairwise else scoring.TIE_BREAK_STEPS[0]


@dataclass(frozen=True)
class _Facts:
    """What one entry brings to the ranking before it has a place."""

    entry_id: int
    normalised_mean: float | None
    top_scores: int
    submitted_at: datetime | None


def round_ranking(judging_round: JudgingRound) -> Ranking:
    """Return the ranking of ``judging_round`` from its submitted sheets."""
    assignments = list(
        JudgeAssignment.objects.filter(round=judging_round)
        .select_related("judge", "entry__author")
        .order_by("pk")
    )
    entries = _entries_of(judging_round, assignments)
    judges = _judges_of(assignments)
    if judging_round.method == RoundMethod.PAIRWISE:
        return _pairwise_ranking(judging_round, judges, entries)
    return _rubric_ranking(judging_round, judges, entries, assignments)


def _entries_of(
    judging_round: JudgingRound, assignments: list[JudgeAssignment]
) -> dict[int, Entry]:
    """Return the round's entries and any entry assigned in it, by id."""
    entries = {a.entry_id: a.entry for a in assignments}
    for entry in round_entries(judging_round).select_related("author"):
        entries.setdefault(entry.pk, entry)
    return entries


def _judges_of(assignments: list[JudgeAssignment]) -> list[User]:
    """Return the judges with assignments, ordered by their public name."""
    judges = {a.judge_id: a.judge for a in assignments}
    return sorted(judges.values(), key=lambda judge: (judge.public_name, judge.pk))


def _weighted_scores(
    judging_round: JudgingRound,
) -> dict[int, float | None]:
    """Return each submitted sheet's weighted score, by assignment id."""
    criteria = [
        scoring.CriterionSpec(key=c.pk, weight=c.weight, maximum=c.maximum)
        for c in judging_round.criteria.all()  # type: ignore[attr-defined]
    ]
    given: dict[int, dict[int, int]] = {
        sheet["assignment_id"]: {}
        for sheet in ScoreSheet.objects.filter(
            assignment__round=judging_round, submitted_at__isnull=False
        ).values("assignment_id")
    }
    values = CriterionScore.objects.filter(
        sheet__assignment__round=judging_round, sheet__submitted_at__isnull=False
    ).values_list("sheet__assignment_id", "criterion_id", "value")
    for assignment_id, criterion_id, value in values:
        given.setdefault(assignment_id, {})[criterion_id] = value
    if not criteria:
        return dict.fromkeys(given)
    return {
        assignment_id: scoring.weighted_score(scores, criteria)
        for assignment_id, scores in given.items()
    }


def _rubric_ranking(
    judging_round: JudgingRound,
    judges: list[User],
    entries: dict[int, Entry],
    assignments: list[JudgeAssignment],
) -> Ranking:
    weighted = _weighted_scores(judging_round)
    sheets = [
        (a.judge_id, a.entry_id, weighted.get(a.pk))
        for a in assignments
        if a.pk in weighted
    ]
    summaries = scoring.summarise(sheets)
    facts = [
        _Facts(
            entry_id=pk,
            normalised_mean=s.normalised_mean if (s := summaries.get(pk)) else None,
            top_scores=s.top_scores if s else 0,
            submitted_at=entry.submitted_at,
        )
        for pk, entry in entries.items()
    ]
    rows = []
    for ranked in scoring.rank(facts):
        entry = entries[ranked.row.entry_id]
        summary = summaries.get(entry.pk)
        given = summary.scores if summary else {}
        rows.append(
            RankingRow(
                position=ranked.position,
                entry=entry,
                decided_by=ranked.decided_by,
                scores=[given.get(judge.pk) for judge in judges],
                raw_mean=summary.raw_mean if summary else None,
                normalised_mean=summary.normalised_mean if summary else None,
                judges=summary.judges if summary else 0,
                top_scores=summary.top_scores if summary else 0,
            )
        )
    pairs = [(a.judge_id, a.entry_id) for a in assignments]
    missing = scoring.missing_scores(pairs, sheets)
    return Ranking(
        round=judging_round,
        judges=judges,
        rows=rows,
        agreement=scoring.agreement(sheets),
        missing=[
            MissingScore(judge=a.judge, entry=a.entry)
            for a in assignments
            if (a.judge_id, a.entry_id) in missing
        ],
    )


def _pairwise_ranking(
    judging_round: JudgingRound, judges: list[User], entries: dict[int, Entry]
) -> Ranking:
    comparisons = list(
        Comparison.objects.filter(round=judging_round).values_list(
            "first_id", "second_id", "winner_id"
        )
    )
    compared = {pk for first, second, _ in comparisons for pk in (first, second)}
    if unknown := compared - set(entries):
        entries.update(Entry.objects.select_related("author").in_bulk(unknown))
    choices = [
        pairwise.Choice.between(first, second, winner)
        for first, second, winner in comparisons
    ]
    strengths = pairwise.fit(entries, choices)
    facts = [
        _Facts(pk, strengths[pk].mean, 0, entry.submitted_at)
        for pk, entry in entries.items()
    ]
    rows = []
    for ranked in scoring.rank(facts):
        strength = strengths[ranked.row.entry_id]
        decided_by = ranked.decided_by
        if decided_by == scoring.TIE_BREAK_STEPS[0]:
            decided_by = PAIRWISE_FIRST_STEP
        rows.append(
            RankingRow(
                position=ranked.position,
                entry=entries[ranked.row.entry_id],
                decided_by=decided_by,
                scores=[],
                strength=strength.mean,
                stderr=strength.stderr,
                comparisons=strength.comparisons,
                wins=strength.wins,
            )
        )
    return Ranking(round=judging_round, judges=judges, rows=rows, agreement=None)


def agreement_reading(value: float | None) -> str:
    """Say in plain words what an agreement figure means (Krippendorff's guide)."""
    if value is None:
        return scoring.gettext_noop(
            "Not enough entries have been scored by two or more judges to tell yet."
        )
    if value >= 0.8:
        return scoring.gettext_noop("The judges agree well.")
    if value >= 0.667:
        return scoring.gettext_noop(
            "The judges mostly agree: treat close places with some care."
        )
    if value > 0:
        return scoring.gettext_noop(
            "The judges agree only a little: look closely before deciding places."
        )
    return scoring.gettext_noop(
        "The judges agree no better than chance: their scores point different ways."
    )
