"""Reads for the public gallery: which entries, filtered, searched and ordered.

Everything starts from ``Entry.objects.with_public_media()`` — approved, not
hidden, in a live competition without view restrictions — so a gallery never
shows what the entry page would refuse.

"Most voted" orders by the stored count of valid votes, and only in a
competition whose vote has begun and whose voting rules show counts now:
elsewhere the order would give away the counts it hides (or have none to go by),
so it falls back to newest first.

Search goes through Wagtail's search backend (PostgreSQL full text in
production, SQLite FTS5 in the embedded default), over the public entries only.
The database backends build their results as a queryset of entries, so the
matches join the gallery as one more filter (a subquery): every filter, sort and
page works the same with a search, and a search costs no extra query. What is
searched is bounded before it reaches the backend: the text is cut to
``MAX_QUERY_LENGTH``, only its words are kept (quotes, brackets and operators
are dropped, so nothing typed is read as query syntax), and at most
``MAX_SEARCH_TERMS`` of them are looked up, all of which must match.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce, Mod
from django.utils import timezone
from wagtail.search.backends import get_search_backend

from competitions.models import CompetitionPage
from core.pagecache import generation_cached
from judging.models import Award
from submissions.models import Entry
from voting.rules import counts_shown, rules_for

# Longer searches are cut to this: a 10,000-character query costs no more.
MAX_QUERY_LENGTH = 200
# A search looks up at most this many of its words, each one term of the query.
MAX_SEARCH_TERMS = 12
# What counts as a word of a search: letters and digits, in any script.
SEARCH_WORD = re.compile(r"[^\W_]+")
# Card images, smallest first: sizes of one crop, each made for every image when it
# is saved (core.images), in WebP and in AVIF.
# A prime larger than any entry id we expect: the random order's modulus.
SHUFFLE_MODULUS = 2_147_483_629

SORT_NEWEST = "newest"
SORT_RANDOM = "random"
SORT_MOST_VOTED = "most_voted"


@dataclass(frozen=True)
class GalleryQuery:
    """What a visitor asked the gallery for, already checked."""

    competition: CompetitionPage | None = None
    kind: str = ""
    category_id: int | None = None
    partner_id: int | None = None
    winners: bool = False
    search: str = ""
    sort: str = SORT_NEWEST
    seed: str = ""


def public_competitions() -> QuerySet[CompetitionPage]:
    """Competitions whose approved entries may appear in the showcase."""
    return CompetitionPage.objects.live().public().order_by("title")


def winning_entry_ids() -> QuerySet:
    """Ids of entries with an award in a competition whose results are published."""
    return Award.objects.published().values("entry_id")


def has_winners(competition: CompetitionPage | None) -> bool:
    """Return whether a gallery (a competition's, or all) has public winners yet.

    Before any results are out, "winners only" could only ever show nothing, so
    the gallery does not offer it. Kept per generation: publishing results, like
    approving or hiding an entry, starts a new one.
    """

    def exists() -> bool:
        awards = Award.objects.published().filter(
            entry__in=Entry.objects.with_public_media()
        )
        if competition is not None:
            awards = awards.filter(prize__page=competition)
        return awards.exists()

    scope = competition.pk if competition is not None else ""
    return generation_cached(f"gallery-winners:{scope}", exists)


def gallery_entries(query: GalleryQuery) -> QuerySet[Entry]:
    """Return the public entries ``query`` asks for, with what a card shows."""
    if query.competition is not None:
        # Through the competition's own manager, every card shares the one
        # competition already loaded: no join, and no copy of it per card.
        entries = query.competition.entries.with_public_media()
    else:
        entries = Entry.objects.with_public_media().select_related("competition")
    if query.kind:
        entries = entries.filter(kind=query.kind)
    if query.category_id is not None:
        entries = entries.filter(category_id=query.category_id)
    if query.partner_id is not None:
        # An entry whose author is unnamed is not found by partner either.
        entries = entries.filter(referral_partner_id=query.partner_id).author_shown()
    if query.winners:
        entries = entries.filter(pk__in=winning_entry_ids())
    if query.search:
        entries = entries.filter(pk__in=search_matches(query.search))
    if vote_counts_shown(query.competition):
        # What the cards show, and what "most voted" orders by. An entry without
        # a count row has no valid votes yet.
        entries = entries.annotate(
            valid_votes=Coalesce(F("vote_count__valid_votes"), 0)
        )
    return ordered(with_card_data(entries), query)


def with_card_data(entries: QuerySet[Entry]) -> QuerySet[Entry]:
    """Join what a card needs (no per-card query).

    The pictures come from ``showcase.pictures.with_card_pictures``, once the
    entries to show are chosen.
    """
    return entries.select_related("author", "referral_partner").with_author_hidden()


def search_matches(text: str) -> QuerySet:
    """Return the ids of public entries whose indexed text has every search word.

    The ids are a subquery for the gallery's own queryset; a search with no
    words in it matches nothing.
    """
    terms = search_terms(text)
    if not terms:
        return Entry.objects.none().values("pk")
    results = get_search_backend().search(
        " ".join(terms),
        Entry.objects.with_public_media(),
        operator="and",
        order_by_relevance=False,
    )
    return results.get_queryset().values("pk")


def search_terms(text: str) -> list[str]:
    """Return the words of a search to look up: bounded in length and number."""
    return SEARCH_WORD.findall(clean_search(text))[:MAX_SEARCH_TERMS]


def clean_search(text: str) -> str:
    """Return the search text trimmed and cut to its bounded length."""
    return " ".join(text[: MAX_QUERY_LENGTH * 2].split())[:MAX_QUERY_LENGTH]


def ordered(entries: QuerySet[Entry], query: GalleryQuery) -> QuerySet[Entry]:
    """Order newest first, in the visitor's stable shuffle, or by valid votes."""
    if query.sort == SORT_RANDOM:
        multiplier, offset = shuffle_key(query.seed or default_seed())
        return entries.annotate(
            shuffle=Mod(F("pk") * multiplier + offset, SHUFFLE_MODULUS)
        ).order_by("shuffle", "pk")
    if query.sort == SORT_MOST_VOTED and "valid_votes" in entries.query.annotations:
        return entries.order_by("-valid_votes", "-decided_at", "-pk")
    return entries.order_by("-decided_at", "-pk")


def vote_counts_shown(
    competition: CompetitionPage | None, now: datetime | None = None
) -> bool:
    """Return whether the competition's vote has begun and its rules show counts now.

    Before its voting window opens (or without one) a competition has no votes to
    order by, whatever its rules would show.
    """
    now = now or timezone.now()
    if competition is None or not competition.voting_opens_at:
        return False
    if now < competition.voting_opens_at:
        return False
    voting_open = competition.timeline.accepts_votes_at(now)
    return counts_shown(rules=rules_for(competition), voting_open=voting_open)


def default_seed(today: date | None = None) -> str:
    """Return the day's seed: everyone shares an order that changes daily."""
    return (today or date.today()).isoformat()


def shuffle_key(seed: str) -> tuple[int, int]:
    """Turn a seed into the multiplier and offset of a permutation of ids."""
    digest = hashlib.sha256(seed.encode()).digest()
    multiplier = int.from_bytes(digest[:4]) % (SHUFFLE_MODULUS - 1) + 1
    offset = int.from_bytes(digest[4:8]) % SHUFFLE_MODULUS
    return multiplier, offset


def approved_count(competition: CompetitionPage) -> int:
    """Return how many of the competition's entries are in its gallery."""
    return gallery_count(GalleryQuery(competition=competition))


def gallery_count(query: GalleryQuery, entries: QuerySet[Entry] | None = None) -> int:
    """Return how many entries ``query`` finds, kept until public pages go stale.

    Counting is the one part of a gallery page that reads every matching entry
    (an index-only scan, 20 ms at 100,000 entries); kept per generation, a
    gallery costs the same at any size. ``entries``: ``gallery_entries(query)``
    if the caller has it already.
    """
    if entries is None:
        entries = gallery_entries(query)
    return generation_cached(count_name(query), entries.order_by().count)


def count_name(query: GalleryQuery) -> str:
    """Return the name a query's count is kept under: what narrows it, not its order."""
    competition = query.competition.pk if query.competition is not None else ""
    narrowing = (
        competition,
        query.kind,
        query.category_id or "",
        query.partner_id or "",
        int(query.winners),
        query.search,
    )
    return "gallery-count:" + "|".join(str(part) for part in narrowing)


def entry_awards(entry: Entry) -> list[Award]:
    """Return the entry's awards in competitions whose results are out."""
    return list(
        Award.objects.published()
        .filter(entry=entry)
        .select_related("prize")
        .order_by("place", "prize__sort_order")
    )
