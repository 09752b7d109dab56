"""Reads for the moderation area, each scoped to what the viewer may moderate."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from competitions.models import CompetitionPage
from submissions.models import Entry, EntryQuerySet
from submissions.permissions import Viewer, is_entry_editor

from .claims import claimed_by_others
from .enums import MODERATOR_VISIBLE_STATUSES, QUEUE_STATUSES
from .models import ModerationDecision
from .permissions import active_assignments, moderator_entry_rule


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


def next_in_queue(user: Viewer, *, after: Entry) -> Entry | None:
    """Return the longest-waiting entry for ``user`` other than ``after``, if any.

    Entries someone else is reviewing now are passed over.
    """
    return (
        moderation_scope(user)
        .filter(status__in=QUEUE_STATUSES)
        .exclude(pk=after.pk)
        .exclude(claimed_by_others(user))
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
