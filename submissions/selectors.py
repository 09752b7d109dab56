"""Reads of entries that encode who may see them."""

from django.http import Http404

from competitions.models import CompetitionPage

from .enums import COUNTED_STATUSES, EntryStatus
from .models import Entry, EntryQuerySet
from .permissions import Viewer, visible_entries


def entry_for_viewer(*, public_id: str, user: Viewer) -> Entry:
    """Return the entry if ``user`` may see it; otherwise 404, never 403.

    It carries ``author_hidden`` (see ``submissions.anonymity``).
    """
    entry = (
        visible_entries(user)
        .select_related("competition", "author", "category")
        .with_author_hidden()
        .with_public_flag()
        .filter(public_id=public_id)
        .first()
    )
    if entry is None:
        raise Http404
    return entry


def member_entries(
    *, user: Viewer, competition: CompetitionPage | None = None
) -> EntryQuerySet:
    """Return the member's entries, newest activity first, with their competition."""
    entries = Entry.objects.by_author(user).select_related("competition", "category")
    if competition is not None:
        entries = entries.filter(competition=competition)
    return entries.order_by("-updated_at")


def member_entries_in_progress(
    *, user: Viewer, competition: CompetitionPage
) -> EntryQuerySet:
    """Return the member's entries in ``competition`` that are not withdrawn."""
    return member_entries(user=user, competition=competition).exclude(
        status=EntryStatus.WITHDRAWN
    )


def entries_used(entries: list[Entry]) -> int:
    """Return how many of ``entries`` count towards a member's entry limit."""
    return sum(1 for entry in entries if entry.status in COUNTED_STATUSES)
