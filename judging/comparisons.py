"""Pairwise rounds: show a judge two entries, record which is better.

A judge compares only the entries assigned to them in the round (an editor who
wants every judge to see every entry assigns them all). The next pair comes
from ``judging.pairwise.next_pair`` over every judge's choices so far in the
round, so it is the most informative one; a pair the judge has compared
already (in either order) is never shown again, and recording it twice is
refused.

A judge's share, what the round asks of them (and what the reminders check),
is as many comparisons as they have entries, which puts each entry in about
two of them, or every pair when there are fewer: one for two entries.
"""

import random
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from members.models import User

from .enums import RoundMethod
from .models import Comparison, JudgeAssignment, JudgingRound
from .pairwise import Choice, next_pair
from .permissions import RoundPhase, judge_assignments, judge_seats, round_phase

LOG_COMPARE = "judging.compare"
LEFT, RIGHT, SAME = "left", "right", "same"
CHOICES = (LEFT, RIGHT, SAME)


def pairwise_share(assigned: int) -> int:
    """Return how many comparisons a judge with ``assigned`` entries is asked for."""
    return min(assigned, assigned * (assigned - 1) // 2)


@dataclass(frozen=True)
class Pair:
    left: JudgeAssignment
    right: JudgeAssignment


def pair_for_judge(
    *, judge: User, judging_round: JudgingRound, rng: random.Random | None = None
) -> Pair | None:
    """Return the next two of ``judge``'s entries to compare, or None at the end."""
    assignments = {
        assignment.entry_id: assignment
        for assignment in judge_assignments(judge)
        .filter(round=judging_round)
        .select_related("entry__category", "entry__author")
        .order_by("pk")
    }
    if len(assignments) < 2:
        return None
    rows = Comparison.objects.filter(
        round=judging_round,
        first__in=list(assignments),
        second__in=list(assignments),
    ).values_list("judge_id", "first_id", "second_id", "winner_id")
    choices, seen = [], set()
    for judge_id, first, second, winner in rows:
        choices.append(Choice.between(first, second, winner))
        if judge_id == judge.pk:
            seen.add(frozenset((first, second)))
    pair = next_pair(
        list(assignments),
        choices,
        judge_seen=seen,
        rng=rng or random.SystemRandom(),
    )
    if pair is None or frozenset(pair) in seen:
        return None
    return Pair(left=assignments[pair[0]], right=assignments[pair[1]])


@transaction.atomic
def comparison_record(
    *,
    judging_round: JudgingRound,
    judge: User,
    left: JudgeAssignment,
    right: JudgeAssignment,
    choice: str,
) -> Comparison:
    """Record that ``judge`` found ``left`` or ``right`` better, or the two alike."""
    seat = judge_seats(judge).select_for_update().filter(round=judging_round).first()
    if seat is None:  # the lock makes one judge's comparisons take turns
        raise PermissionDenied(_("You are not on this round's panel."))
    _check_round(judging_round)
    if choice not in CHOICES:
        raise ValidationError(_("Please choose left, right or can't separate."))
    mine = judge_assignments(judge).filter(round=judging_round)
    entries = set(
        mine.filter(pk__in=[left.pk, right.pk]).values_list("entry_id", flat=True)
    )
    if left.entry_id == right.entry_id or entries != {left.entry_id, right.entry_id}:
        raise ValidationError(_("Those two entries cannot be compared."))
    if _compared(judging_round, judge, left.entry_id, right.entry_id):
        raise ValidationError(_("You have already compared these two entries."))
    winner = {LEFT: left.entry_id, RIGHT: right.entry_id, SAME: None}[choice]
    comparison = Comparison.objects.create(
        round=judging_round,
        judge=judge,
        first_id=left.entry_id,
        second_id=right.entry_id,
        winner_id=winner,
    )
    log(
        instance=comparison,
        action=LOG_COMPARE,
        user=judge,
        data={
            "round": judging_round.pk,
            "first": left.entry_id,
            "second": right.entry_id,
            "winner": winner,
        },
    )
    return comparison


def _check_round(judging_round: JudgingRound) -> None:
    if judging_round.method != RoundMethod.PAIRWISE:
        raise ValidationError(_("This round scores entries one by one."))
    phase = round_phase(judging_round)
    if phase == RoundPhase.UPCOMING:
        raise ValidationError(_("This round has not opened yet."))
    if phase == RoundPhase.CLOSED:
        raise ValidationError(_("This round has closed: nothing more can be recorded."))


def _compared(judging_round: JudgingRound, judge: User, one: int, other: int) -> bool:
    return Comparison.objects.filter(
        Q(first=one, second=other) | Q(first=other, second=one),
        round=judging_round,
        judge=judge,
    ).exists()
