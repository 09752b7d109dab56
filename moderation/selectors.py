"""Reads for the moderation area, each scoped to what the viewer may moderate."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from competitions.models import CompetitionPage
from submissions.enums import EntryStatus
from submissions.models import Entry, EntryQuerySet
from submissions.permissions import Viewer, is_entry_editor

from .enums import MODERATOR_VISIBLE_STATUSES, QUEUE_STATUSES
from .models import EntryClaim, EntryReport, ModerationDecision, SafeguardingFlag
from .permissions import active_assignments, moderator_entry_rule
from .safeguarding import field_label


def moderation_scope(user: Viewer) -> EntryQuerySet:
    """Return the entries ``user`` may review: their competitions', or all for editors.

    Drafts and withdrawn entries are the author's alone, for editors too.
    """
    if is_entry_editor(user):
        rule: Q | None = Q(status__in=MODERATOR_VISIBLE_STATUSES)
    else:
        rule = moderator_entry_rule(user)
    if rule is None:
        return Entry.objects.none()
    return Entry.objects.filter(rule)


def queue_entries(user: Viewer) -> EntryQuerySet:
    """Return ``user``'s entries for the queue, oldest submission first."""
    return (
        moderation_scope(user)
        .select_related("competition", "author")
        .order_by("submitted_at", "pk")
    )


def awaiting_decision_rule() -> Q:
    """Entries a decision is waiting for: submitted, or approved and then reported.

    An approved entry that nobody reported is decided already: a bulk decision
    leaves it be (the review screen can still take it down).
    """
    open_reports = EntryReport.objects.filter(
        entry=OuterRef("pk"), resolved_by__isnull=True
    )
    return Q(status=EntryStatus.SUBMITTED) | Q(
        Q(hidden_at__isnull=False) | Exists(open_reports),
        status=EntryStatus.APPROVED,
    )


def claimed_by_others_rule(user: Viewer, *, at: datetime) -> Exists:
    """Entries another moderator is reviewing now (their claim has not lapsed)."""
    claims = EntryClaim.objects.filter(entry=OuterRef("pk"), expires_at__gt=at)
    return Exists(claims.exclude(moderator_id=user.pk))


def flags_prefetch() -> Prefetch:
    """Fetch the safeguarding flags of a page of entries in one query."""
    return Prefetch(
        "safeguarding_flags", queryset=SafeguardingFlag.objects.order_by("pk")
    )


@dataclass(frozen=True)
class ShownFlag:
    """A safeguarding flag as the review screen shows it, with a plain field label."""

    kind: str
    found: str
    where: str


def entry_flags(*, entry: Entry) -> list[ShownFlag]:
    """Return what the safeguarding check found in ``entry``, in reading order."""
    return [
        ShownFlag(flag.get_kind_display(), flag.found, field_label(flag.field))
        for flag in entry.safeguarding_flags.order_by("pk")
    ]


def next_in_queue(user: Viewer, *, after: Entry) -> Entry | None:
    """Return the longest-waiting entry for ``user`` other than ``after``, if any."""
    return (
        moderation_scope(user)
        .filter(status__in=QUEUE_STATUSES)
        .exclude(pk=after.pk)
        .order_by("submitted_at", "pk")
        .only("public_id")
        .first()
    )


def moderated_competitions(user: Viewer) -> QuerySet[CompetitionPage]:
    """Return the competitions ``user`` moderates now (every one for editors)."""
    competitions = CompetitionPage.objects.order_by("title")
    if is_entry_editor(user):
        return competitions
    return competitions.filter(pk__in=active_assignments(user).values("competition"))


def entry_for_review(*, user: Viewer, public_id: str) -> Entry:
    """Return the entry to review, or raise 404 if ``user`` may not moderate it."""
    entries = moderation_scope(user).select_related(
        "competition", "author", "category", "public_image"
    )
    return get_object_or_404(entries, public_id=public_id)


def entry_decisions(*, entry: Entry) -> QuerySet[ModerationDecision]:
    """Return the decisions on ``entry`` so far, oldest first."""
    return entry.moderation_decisions.select_related("actor", "community")
