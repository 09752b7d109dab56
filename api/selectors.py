"""Reads for the open data: what the API and the feeds may show, in few queries.

Everything starts from the one public rule: entries from
``Entry.objects.with_public_media()`` (approved, not hidden, in a live competition
without view restrictions) and competitions from
``CompetitionPage.objects.live().public()``. Awards show only once an editor has
published the competition's results; vote counts only where the competition's
voting rules show them (``voting.rules.counts_shown``). Each list costs the same
number of queries whatever its length.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, QuerySet

from competitions.enums import Phase
from competitions.models import CompetitionCategory, CompetitionPage
from core.images import prefetch_image
from judging.models import Award
from submissions.models import Entry
from voting.models import EntryVoteCount
from voting.rules import counts_shown, rules_for

# The sizes of an entry's image the API links to, smallest first.
ENTRY_RENDITIONS = ("card", "card_large", "body")
HERO_RENDITIONS = ("card", "hero")


@dataclass(frozen=True)
class EntryFilters:
    """What a visitor asked the entry list for, already checked."""

    competition: CompetitionPage | None = None
    kind: str = ""
    category_id: int | None = None


def public_competitions() -> QuerySet[CompetitionPage]:
    """Live public competitions with what the API shows of each, newest first."""
    return (
        CompetitionPage.objects.live()
        .public()
        .select_related("results_publication")
        .prefetch_related(
            prefetch_image("hero_image", *HERO_RENDITIONS),
            "categories",
            "prizes",
            "partnerships__partner",
        )
        .order_by("-entries_open_at", "pk")
    )


def competitions_in_phase(phase: Phase, now: datetime) -> QuerySet[CompetitionPage]:
    return public_competitions().in_phase_at(phase, now)


def public_competition(slug: str) -> CompetitionPage | None:
    """Return the live public competition at ``slug``, or None."""
    return public_competitions().filter(slug=slug).first()


def public_category(category_id: int) -> CompetitionCategory | None:
    """Return the category if it belongs to a live public competition."""
    return (
        CompetitionCategory.objects.filter(
            pk=category_id,
            page__in=CompetitionPage.objects.live().public().values("pk"),
        )
        .select_related("page")
        .first()
    )


def published_awards() -> QuerySet[Award]:
    """Awards of competitions whose results an editor has published."""
    return (
        Award.objects.published()
        .select_related("prize")
        .order_by("place", "prize__sort_order", "pk")
    )


def public_entries(filters: EntryFilters) -> QuerySet[Entry]:
    """Return the approved public entries ``filters`` ask for, newest first."""
    entries = Entry.objects.with_public_media()
    if filters.competition is not None:
        entries = entries.filter(competition=filters.competition)
    if filters.kind:
        entries = entries.filter(kind=filters.kind)
    if filters.category_id is not None:
        entries = entries.filter(category_id=filters.category_id)
    return with_entry_data(entries).order_by("-decided_at", "-pk")


def with_entry_data(entries: QuerySet[Entry]) -> QuerySet[Entry]:
    """Join and prefetch what the API shows of an entry: no query per entry."""
    return (
        entries.select_related(
            "author",
            "category",
            "referral_partner",
            "competition__voting_rules",
            "vote_count",
        )
        .with_author_hidden()
        .prefetch_related(
            prefetch_image("public_image", *ENTRY_RENDITIONS),
            Prefetch("awards", queryset=published_awards(), to_attr="published_awards"),
        )
    )


def public_entry(public_id: str) -> Entry | None:
    return (
        with_entry_data(Entry.objects.with_public_media())
        .filter(public_id=public_id)
        .first()
    )


def shown_vote_counts(entries: list[Entry], now: datetime) -> dict[int, int | None]:
    """Return each entry's valid votes where its competition shows them, else None.

    The rules and the stored counts come joined with the entries: no query here.
    """
    return {
        entry.pk: _stored_count(entry) if _counts_shown(entry, now) else None
        for entry in entries
    }


def _counts_shown(entry: Entry, now: datetime) -> bool:
    competition = entry.competition
    return counts_shown(
        rules=rules_for(competition),
        voting_open=competition.timeline.accepts_votes_at(now),
    )


def _stored_count(entry: Entry) -> int:
    try:
        return entry.vote_count.valid_votes
    except EntryVoteCount.DoesNotExist:
        return 0


def counts_live(entries: list[Entry], now: datetime) -> bool:
    """Return whether a shown count can still move (its voting is open)."""
    return any(entry.competition.timeline.accepts_votes_at(now) for entry in entries)


def newest_entries(*, competition: CompetitionPage | None = None, limit: int = 30):
    """Return the newest approved public entries, for the feeds."""
    entries = (
        Entry.objects.with_public_media()
        .select_related("author", "competition", "category")
        .with_author_hidden()
    )
    if competition is not None:
        entries = entries.filter(competition=competition)
    return list(entries.order_by("-decided_at", "-pk")[:limit])
