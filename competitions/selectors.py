"""Reads of competitions for public pages; each costs a fixed number of queries."""

from django.utils import timezone
from wagtail.models import Page

from communities.models import PartnerCommunity
from core.images import prefetch_image

from .enums import PHASE_LISTING_ORDER, Phase
from .models import CompetitionIndexPage, CompetitionPage


def competitions_by_phase(*, index: CompetitionIndexPage | None = None) -> list[dict]:
    """Return [{"phase", "label", "competitions"}] for each phase that has any."""
    now = timezone.now()
    competitions = CompetitionPage.objects.for_listing().order_by("entries_close_at")
    if index is not None:
        competitions = competitions.child_of(index)
    grouped: dict[Phase, list[CompetitionPage]] = {}
    for competition in competitions:
        competition._phase = competition.phase_at(now)
        grouped.setdefault(competition._phase, []).append(competition)
    return [
        {"phase": phase, "label": phase.label, "competitions": grouped[phase]}
        for phase in PHASE_LISTING_ORDER
        if phase in grouped
    ]


def open_competitions(*, limit: int = 6) -> list[CompetitionPage]:
    """Return competitions open for entries now, closing soonest first."""
    return list(
        CompetitionPage.objects.for_listing()
        .accepts_entries_at(timezone.now())
        .order_by("entries_close_at")[:limit]
    )


def voting_competitions(*, limit: int = 6) -> list[CompetitionPage]:
    """Return competitions whose public vote is open now, closing soonest first."""
    return list(
        CompetitionPage.objects.for_listing()
        .in_phase_at(Phase.VOTING, timezone.now())
        .order_by("voting_closes_at")[:limit]
    )


def upcoming_competitions(*, limit: int = 6) -> list[CompetitionPage]:
    """Return competitions not yet open, opening soonest first."""
    return list(
        CompetitionPage.objects.for_listing()
        .in_phase_at(Phase.UPCOMING, timezone.now())
        .order_by("entries_open_at")[:limit]
    )


def competition_partners(*, competition: CompetitionPage) -> list[PartnerCommunity]:
    """Return the partner communities of a competition, in the editor's order."""
    return list(
        PartnerCommunity.objects.filter(partnerships__page=competition)
        .order_by("partnerships__sort_order")
        .prefetch_related(prefetch_image("logo", "logo"))
    )


def partner_competitions(*, partner: PartnerCommunity) -> list[CompetitionPage]:
    """Return the live competitions a partner takes part in, newest first."""
    return list(
        CompetitionPage.objects.for_listing()
        .filter(partnerships__partner=partner)
        .order_by("-entries_open_at")
    )


def pages_with_entries_below(page: Page) -> list[str]:
    """Return the titles of competitions at or under ``page`` that have entries."""
    return list(
        CompetitionPage.objects.descendant_of(page, inclusive=True)
        .filter(entries__isnull=False)
        .distinct()
        .values_list("title", flat=True)
    )
