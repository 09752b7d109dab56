"""Who may judge what: a judge sees their own assignments, and nothing else.

A judge is an active user with a ``RoundJudge`` seat. Their scope is their
``JudgeAssignment`` rows in the rounds where they still hold a seat, for
approved entries (judging works on approved entries only; an entry withdrawn or
rejected again drops out). The same scope grants the entries through
submissions' ``entry_access`` hook (``judge_entry_rule``), so a judge may see
the text and the private files of exactly those entries; every workspace page
starts from it, so anything outside it is a 404.

A round's phase decides what a judge may do in it (``round_phase``): before it
opens it is visible but nothing can be scored; from ``opens_at`` up to (not
including) ``closes_at`` it is open; from ``closes_at`` on it is read-only.
"""

from datetime import datetime
from enum import StrEnum

from django.db.models import Q, QuerySet
from django.utils import timezone

from submissions.enums import EntryStatus
from submissions.permissions import Viewer

from .models import JudgeAssignment, JudgingRound, RoundJudge


class RoundPhase(StrEnum):
    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSED = "closed"


def round_phase(judging_round: JudgingRound, at: datetime | None = None) -> RoundPhase:
    """Return whether ``judging_round`` is upcoming, open or closed at ``at``."""
    moment = at or timezone.now()
    if moment < judging_round.opens_at:
        return RoundPhase.UPCOMING
    if moment < judging_round.closes_at:
        return RoundPhase.OPEN
    return RoundPhase.CLOSED


def judge_seats(user: Viewer) -> QuerySet[RoundJudge]:
    """Return ``user``'s seats on judging panels (none for inactive accounts)."""
    if not (user.is_authenticated and user.is_active):
        return RoundJudge.objects.none()
    return RoundJudge.objects.filter(judge=user)


def judge_rounds(user: Viewer) -> QuerySet[JudgingRound]:
    """Return the rounds ``user`` sits on the panel of."""
    return JudgingRound.objects.filter(pk__in=judge_seats(user).values("round_id"))


def judge_assignments(user: Viewer) -> QuerySet[JudgeAssignment]:
    """Return ``user``'s assignments of approved entries, in rounds they sit on."""
    return JudgeAssignment.objects.filter(
        judge=user.pk if user.is_authenticated else None,
        round__in=judge_seats(user).values("round_id"),
        entry__status=EntryStatus.APPROVED,
    )


def judge_entry_rule(user: Viewer) -> Q | None:
    """Return the entries ``user`` may see as a judge, or None."""
    if not (user.is_authenticated and user.is_active):
        return None
    return Q(pk__in=judge_assignments(user).values("entry_id"))


def blind_entrants_rule(now: datetime) -> Q:
    """Return the entries whose author stays unnamed in public at ``now``.

    Every entry of a competition with a blind round open at that moment: a judge
    could otherwise find the entry in the showcase and read who made it. All the
    competition's entries, not just those assigned, since assignments can change
    while the round is open.
    """
    rounds = JudgingRound.objects.filter(
        blind=True, opens_at__lte=now, closes_at__gt=now
    )
    return Q(competition_id__in=rounds.values("competition_id"))


def blind_round_moments(now: datetime) -> list[datetime]:
    """Return when blind rounds open or close after ``now``: names come and go."""
    moments = JudgingRound.objects.filter(blind=True, closes_at__gt=now).values_list(
        "opens_at", "closes_at"
    )
    return [moment for pair in moments for moment in pair if moment > now]


def is_judge(user: Viewer) -> bool:
    """Return whether ``user`` sits on any judging panel."""
    return judge_seats(user).exists()


def may_use_judging_area(user: Viewer) -> bool:
    """Panel members use the judges' workspace; nobody else sees it."""
    return is_judge(user)


def is_round_chair(user: Viewer, judging_round: JudgingRound) -> bool:
    """Return whether ``user`` (active) chairs ``judging_round``."""
    return judge_seats(user).filter(round=judging_round, is_chair=True).exists()
