"""Remind judges with entries still to score, once, before their round closes.

A judge's seat is due a reminder when its rubric round is open, closes within
``JUDGING_REMINDER_HOURS`` (48 unless the settings say otherwise), and the judge
still has assigned entries without submitted scores. Each reminder is recorded
in Wagtail's audit log against the seat (action ``judging.reminder``), and a
seat with that record is never reminded again: running the command every hour
sends each judge at most one reminder per round. The email goes after commit.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from submissions.enums import EntryStatus

from .enums import RoundMethod
from .models import JudgeAssignment, RoundJudge
from .tasks import send_judge_reminder

LOG_REMINDER = "judging.reminder"
DEFAULT_REMINDER_HOURS = 48


def reminder_window() -> timedelta:
    """Return how long before a round closes its judges are reminded."""
    hours = getattr(settings, "JUDGING_REMINDER_HOURS", DEFAULT_REMINDER_HOURS)
    return timedelta(hours=hours)


def unscored_assignments(seat_round, seat_judge) -> QuerySet[JudgeAssignment]:
    """Return a judge's assignments in a round that have no submitted scores."""
    return JudgeAssignment.objects.filter(
        round=seat_round, judge=seat_judge, entry__status=EntryStatus.APPROVED
    ).exclude(sheet__submitted_at__isnull=False)


def reminders_logged() -> QuerySet[ModelLogEntry]:
    return ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(RoundJudge),
        action=LOG_REMINDER,
    )


def seats_to_remind(*, now: datetime) -> QuerySet[RoundJudge]:
    """Return the seats due a reminder at ``now``, each with its ``unscored`` count."""
    unscored = (
        unscored_assignments(OuterRef("round"), OuterRef("judge"))
        .order_by()
        .values("judge")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return (
        RoundJudge.objects.filter(
            round__method=RoundMethod.RUBRIC,
            round__opens_at__lte=now,
            round__closes_at__gt=now,
            round__closes_at__lte=now + reminder_window(),
            judge__is_active=True,
        )
        .annotate(
            unscored=Coalesce(Subquery(unscored), 0),
            key=Cast("pk", CharField()),
        )
        .filter(unscored__gt=0)
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
