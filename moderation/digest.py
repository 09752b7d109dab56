"""The digest: an email to moderators whose competitions have entries waiting too long.

Policy. An entry waits too long once it has been submitted (and is still
waiting for a decision) for more than ``MODERATION_DIGEST_AFTER_HOURS`` hours
(default 24, never less than one). Each moderator with an assignment in force
to a competition holding such entries gets one email listing, per competition,
how many wait, with a link to their queue. A moderator is emailed at most once
in the same number of hours: the time of the last digest is kept on their
assignments (``ModeratorAssignment.last_digest_at``, set on all of a person's
assignments at once), and a moderator any of whose assignments had a digest
within the interval is left alone. The email goes after the commit that
records it.

Run it often (hourly): ``manage.py moderation_digest`` or the task
``moderation.tasks.send_moderation_digests``.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from members.models import User
from submissions.models import Entry

from .enums import QUEUE_STATUSES
from .models import ModeratorAssignment
from .tasks import send_moderator_digest

DEFAULT_AFTER_HOURS = 24


def digest_after() -> timedelta:
    """Return how long an entry may wait before moderators hear of it.

    At least an hour, whatever the setting says: less would email the same
    people at every run.
    """
    hours = getattr(settings, "MODERATION_DIGEST_AFTER_HOURS", DEFAULT_AFTER_HOURS)
    return timedelta(hours=max(float(hours), 1))


@dataclass(frozen=True)
class WaitingLine:
    """One competition in a digest: how many of its entries waited too long."""

    title: str
    waiting: int
    queue_url: str


def absolute_queue_url(**filters) -> str:
    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("moderation:queue")
    return f"{url}?{urlencode(filters)}" if filters else url


def overdue_by_competition(now: datetime) -> dict[int, int]:
    """Return {competition id: entries waiting too long} for every competition."""
    overdue = (
        Entry.objects.filter(
            status__in=QUEUE_STATUSES, submitted_at__lt=now - digest_after()
        )
        .values("competition_id")
        .annotate(waiting=Count("pk"))
        .order_by()
    )
    return {row["competition_id"]: row["waiting"] for row in overdue}


def moderators_due(now: datetime | None = None) -> list[int]:
    """Return the ids of moderators who should get a digest now: two queries."""
    now = now or timezone.now()
    overdue = overdue_by_competition(now)
    if not overdue:
        return []
    recently = ModeratorAssignment.objects.filter(
        last_digest_at__gt=now - digest_after()
    ).values("moderator_id")
    due = (
        ModeratorAssignment.objects.active_at(now)
        .filter(competition_id__in=overdue)
        .exclude(moderator_id__in=recently)
        .values_list("moderator_id", flat=True)
        .distinct()
        .order_by("moderator_id")
    )
    return list(due)


def digest_lines(moderator: User, now: datetime) -> list[WaitingLine]:
    """Return the competitions ``moderator`` moderates with entries waiting too long."""
    cutoff = now - digest_after()
    competitions = (
        ModeratorAssignment.objects.active_at(now)
        .filter(moderator=moderator)
        .values("competition_id", "competition__title")
        .annotate(
            waiting=Count(
                "competition__entries",
                filter=Q(
                    competition__entries__status__in=QUEUE_STATUSES,
                    competition__entries__submitted_at__lt=cutoff,
                ),
                distinct=True,
            )
        )
        .filter(waiting__gt=0)
        .order_by("competition__title")
    )
    hours = int(digest_after().total_seconds() // 3600)
    return [
        WaitingLine(
            title=row["competition__title"],
            waiting=row["waiting"],
            queue_url=absolute_queue_url(
                competition=row["competition_id"], waiting_hours=hours
            ),
        )
        for row in competitions
    ]


@transaction.atomic
def digest_record(*, moderator_id: int, now: datetime | None = None) -> bool:
    """Record that ``moderator_id`` is sent a digest now, and send it after commit.

    Returns False, and sends nothing, when another run got there first (a digest
    inside the interval) or nothing waits for them any more.
    """
    now = now or timezone.now()
    assignments = ModeratorAssignment.objects.select_for_update().filter(
        moderator_id=moderator_id
    )
    stamps = list(assignments.values_list("last_digest_at", flat=True))
    if any(stamp and stamp > now - digest_after() for stamp in stamps):
        return False
    moderator = User.objects.filter(pk=moderator_id, is_active=True).first()
    if moderator is None or not digest_lines(moderator, now):
        return False
    assignments.update(last_digest_at=now)
    transaction.on_commit(
        lambda: send_moderator_digest.enqueue(
            moderator_id=moderator_id, at=now.isoformat()
        )
    )
    return True


def digests_send(*, now: datetime | None = None) -> int:
    """Send a digest to every moderator due one; return how many were sent."""
    now = now or timezone.now()
    return sum(
        digest_record(moderator_id=moderator_id, now=now)
        for moderator_id in moderators_due(now)
    )
