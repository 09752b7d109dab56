"""Remind judges with work still to do, once, before their round closes.

A judge's seat is due a reminder when its round is open, closes within
``JUDGING_REMINDER_HOURS`` (48 unless the settings say otherwise), and the judge
has not done their share. In a rubric round the share is every assigned entry
with submitted scores. A pairwise round has no natural end (a judge may compare
every pair of their entries), so the share is as many comparisons as the judge
has entries, which puts each of their entries in about two comparisons, or every
pair when there are fewer (one for two entries; nothing for one). Each reminder
is recorded in Wagtail's audit log against the seat (action ``judging.reminder``), and a
seat with that record is never reminded again: running the command every hour
sends each judge at most one reminder per round. The email goes after commit.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from submissions.enums import EntryStatus

from .enums import RoundMethod
from .models import Comparison, JudgeAssignment, RoundJudge
from .tasks import send_judge_reminder

LOG_REMINDER = "judging.reminder"
DEFAULT_REMINDER_HOURS = 48


def reminder_window() -> timedelta:
    """Return how long before a round closes its judges are reminded."""
    hours = getattr(settings, "JUDGING_REMINDER_HOURS", DEFAULT_REMINDER_HOURS)
    return timedelta(hours=hours)


def judged_assignments(seat_round, seat_judge) -> QuerySet[JudgeAssignment]:
    """Return a judge's assignments in a round of entries still being judged."""
    return JudgeAssignment.objects.filter(
        round=seat_round, judge=seat_judge, entry__status=EntryStatus.APPROVED
    )


def unscored_assignments(seat_round, seat_judge) -> QuerySet[JudgeAssignment]:
    """Return a judge's assignments in a round that have no submitted scores."""
    return judged_assignments(seat_round, seat_judge).exclude(
        sheet__submitted_at__isnull=False
    )


def comparisons_made(seat_round, seat_judge) -> QuerySet[Comparison]:
    return Comparison.objects.filter(round=seat_round, judge=seat_judge)


def _count(rows: QuerySet, by: str) -> Coalesce:
    counted = rows.order_by().values(by).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted), 0)


def reminders_logged() -> QuerySet[ModelLogEntry]:
    return ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(RoundJudge),
        action=LOG_REMINDER,
    )


def seats_to_remind(*, now: datetime) -> QuerySet[RoundJudge]:
    """Return the seats due a reminder at ``now``.

    Each seat carries ``unscored`` (assignments without submitted scores),
    ``compared`` (the judge's comparisons) and ``share`` (the comparisons a
    pairwise round asks of them, see ``comparisons.pairwise_share``).
    """
    seat_round, seat_judge = OuterRef("round"), OuterRef("judge")
    assigned = F("assigned")
    return (
        RoundJudge.objects.filter(
            round__opens_at__lte=now,
            round__closes_at__gt=now,
            round__closes_at__lte=now + reminder_window(),
            judge__is_active=True,
        )
        .annotate(
            assigned=_count(judged_assignments(seat_round, seat_judge), "judge"),
            unscored=_count(unscored_assignments(seat_round, seat_judge), "judge"),
            compared=_count(comparisons_made(seat_round, seat_judge), "judge"),
            share=Case(  # pairwise_share in SQL
                When(assigned__lt=3, then=assigned * (assigned - 1) / 2),
                default=assigned,
            ),
            key=Cast("pk", CharField()),
        )
        .filter(
            Q(round__method=RoundMethod.RUBRIC, unscored__gt=0)
            | Q(round__method=RoundMethod.PAIRWISE, compared__lt=F("share"))
        )
        .exclude(key__in=reminders_logged().values("object_id"))
        .order_by("pk")
    )


@transaction.atomic
def reminders_send(*, now: datetime | None = None) -> int:
    """Record and email every reminder due at ``now``; return how many."""
    moment = now or timezone.now()
    sent = 0
    for seat_id in list(seats_to_remind(now=moment).values_list("pk", flat=True)):
        seat = RoundJudge.objects.select_for_update().filter(pk=seat_id).first()
        if seat is None or reminders_logged().filter(object_id=str(seat_id)).exists():
            continue  # another run reminded this judge while this one waited
        log(
            instance=seat,
            action=LOG_REMINDER,
            data={"round": seat.round_id, "judge": seat.judge_id},
            timestamp=moment,
        )
        transaction.on_commit(
            lambda seat_id=seat_id: send_judge_reminder.enqueue(seat_id=seat_id)
        )
        sent += 1
    return sent
