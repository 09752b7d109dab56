"""Reads for the judges' workspace, each starting from the judge's own scope.

Everything here goes through ``judging.permissions.judge_rounds`` or
``judge_assignments``, so a round or an assignment outside the judge's scope is
a 404, whatever its id.
"""

from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from members.models import User

from ..models import Comparison, JudgeAssignment, JudgingRound, ScoreSheet
from ..permissions import judge_assignments, judge_rounds


def _count_per_round(rows: QuerySet) -> Coalesce:
    """Return a subquery counting ``rows`` of each round, 0 where there are none."""
    counted = (
        rows.filter(round=OuterRef("pk"))
        .order_by()
        .values("round")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counted), 0)


def rounds_for_judge(user: User) -> QuerySet[JudgingRound]:
    """Return ``user``'s rounds, soonest to close first, with their progress.

    Each round carries ``assigned`` (entries given to the judge), ``scored``
    (sheets submitted) and ``compared`` (pairs compared), counted in one query.
    """
    mine = judge_assignments(user)
    return (
        judge_rounds(user)
        .select_related("competition")
        .annotate(
            assigned=_count_per_round(mine),
            scored=_count_per_round(mine.filter(sheet__submitted_at__isnull=False)),
            compared=_count_per_round(Comparison.objects.filter(judge=user)),
        )
        .order_by("closes_at", "competition_id", "position")
    )


def round_for_judge(*, user: User, round_id: int) -> JudgingRound:
    """Return the round if ``user`` sits on its panel; 404 otherwise."""
    return get_object_or_404(
        judge_rounds(user).select_related("competition"), pk=round_id
    )


def round_assignments(*, user: User, judging_round: JudgingRound) -> QuerySet:
    """Return ``user``'s assignments in the round, in order, with sheet states."""
    return (
        judge_assignments(user)
        .filter(round=judging_round)
        .select_related("entry__category", "entry__author")
        .annotate(
            sheet_saved_at=F("sheet__updated_at"),
            sheet_submitted_at=F("sheet__submitted_at"),
        )
        .order_by("pk")
    )


def assignment_for_judge(*, user: User, assignment_id: int) -> JudgeAssignment:
    """Return the assignment if it is ``user``'s; 404 otherwise."""
    assignments = judge_assignments(user).select_related(
        "round__competition", "entry__category", "entry__author"
    )
    return get_object_or_404(assignments, pk=assignment_id)


def sheet_of(assignment: JudgeAssignment) -> ScoreSheet | None:
    """Return the assignment's sheet with its scores, or None before a first save."""
    return (
        ScoreSheet.objects.filter(assignment=assignment)
        .prefetch_related("scores")
        .first()
    )


@dataclass(frozen=True)
class Position:
    """Where an assignment stands among the judge's assignments in its round."""

    number: int
    total: int
    previous_id: int | None
    next_id: int | None


def position_of(*, user: User, assignment: JudgeAssignment) -> Position:
    ids = list(
        judge_assignments(user)
        .filter(round=assignment.round_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    index = ids.index(assignment.pk)
    return Position(
        number=index + 1,
        total=len(ids),
        previous_id=ids[index - 1] if index > 0 else None,
        next_id=ids[index + 1] if index + 1 < len(ids) else None,
    )


def next_to_score(*, user: User, after: JudgeAssignment) -> int | None:
    """Return the id of the judge's next unsubmitted assignment in the round.

    The first one after ``after`` in the list, else the first before it.
    """
    waiting = list(
        judge_assignments(user)
        .filter(round=after.round_id)
        .exclude(pk=after.pk)
        .exclude(sheet__submitted_at__isnull=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    later = [pk for pk in waiting if pk > after.pk]
    return (later or waiting or [None])[0]


def comparisons_made(*, user: User, judging_round: JudgingRound) -> int:
    return Comparison.objects.filter(round=judging_round, judge=user).count()
