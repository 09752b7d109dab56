"""Reads for the partners' toolkit; each costs a fixed number of queries."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from communities.models import PartnerCommunity
from communities.referrals import SLUG_PATTERN
from competitions.models import CompetitionPage
from core.images import prefetch_image
from submissions.models import Entry

from .models import DiscussionThread

# How many of the latest approved entries the embed widget shows.
EMBED_ENTRIES = 3


def public_competition(*, slug: str) -> CompetitionPage:
    """Return the live competition anyone may see at ``slug``, or raise 404."""
    return get_object_or_404(CompetitionPage.objects.live().public(), slug=slug)


def partner_named(slug: str | None) -> PartnerCommunity | None:
    """Return the partner with this slug, or None for a missing or unknown one."""
    if not slug or not SLUG_PATTERN.match(slug):
        return None
    return PartnerCommunity.objects.filter(slug=slug).first()


def public_partner(*, slug: str) -> PartnerCommunity:
    """Return the partner at ``slug``, or raise 404."""
    return get_object_or_404(PartnerCommunity, slug=slug)


def latest_entries(
    competition: CompetitionPage, *, limit: int = EMBED_ENTRIES
) -> list[Entry]:
    """Return the competition's newest approved entries, renditions prefetched."""
    return list(
        Entry.objects.with_public_media()
        .filter(competition=competition)
        .select_related("author")
        .with_author_hidden()
        .prefetch_related(prefetch_image("public_image", "card"))
        .order_by("-decided_at", "-pk")[:limit]
    )


def toolkit_competitions(partner: PartnerCommunity) -> list[CompetitionPage]:
    """Return the live public competitions a partner takes part in, newest first."""
    return list(
        CompetitionPage.objects.live()
        .public()
        .filter(partnerships__partner=partner)
        .order_by("-entries_open_at", "pk")
    )


def competition_threads(competition: CompetitionPage) -> QuerySet[DiscussionThread]:
    """Return the threads the competition page links to, with their partners."""
    return (
        DiscussionThread.objects.shown()
        .filter(competition=competition)
        .select_related("partner")
    )
