"""Gallery search: through Wagtail's search index, public entries only, bounded."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from competitions.models import CompetitionPage
from home.demo import build_demo_world
from showcase.selectors import MAX_QUERY_LENGTH, MAX_SEARCH_TERMS, search_terms
from submissions.models import Entry
from tests.factories import EntryFactory, UserFactory, days_from_now
from tests.support.moderation import SECRET_TITLE, build_world
from tests.support.staff import sign_in

from .builders import image_entry

SHOWCASE = "/showcase/"
PATHOLOGICAL = [
    "a" * 10_000,
    ('((("night" AND bus) OR -ferry) | !tram & ') * 250,
    "%_\\" * 3000,
    '"night',
    "night\" OR title:'bus",
    "NEAR(night bus, 2) ^night bus* {title}: -ferry",
    " ".join(["night"] * 5000),
]


def titles(response) -> list[str]:
    page = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in page.select(".entry-card .card__title a")]


def search(client, text: str, **params) -> list[str]:
    response = client.get(SHOWCASE, {"q": text, **params})
    assert response.status_code == 200
    return titles(response)


def queries_for(client, params: dict) -> list[str]:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(SHOWCASE, params)
    assert response.status_code == 200
    return [query["sql"] for query in captured]


def test_entries_are_searched_through_the_search_index(client, competition):
    entry = EntryFactory(competition=competition, approved=True, title="Lighthouse")
    assert search(client, "lighthouse") == ["Lighthouse"]

    IndexEntry.objects.filter(object_id=str(entry.pk)).delete()
    assert search(client, "lighthouse") == []

    call_command("update_index", verbosity=0)
    assert search(client, "lighthouse") == ["Lighthouse"]


def test_an_edited_entry_is_indexed_again_when_it_is_saved(client, competition):
    entry = EntryFactory(competition=competition, approved=True, title="Lighthouse")

    entry.title = "Harbour wall"
    entry.save()

    assert search(client, "lighthouse") == []
    assert search(client, "harbour wall") == ["Harbour wall"]


def test_search_finds_words_in_the_idea_and_the_caption(client, competition):
    EntryFactory(
        competition=competition,
        approved=True,
        kind="idea",
        title="Idea",
        idea_problem="Nobody can reach the allotments.",
        idea_proposal="A community minibus.",
    )
    image_entry(competition, title="Photo", image_caption="Swifts over the mill.")

    assert search(client, "allotments") == ["Idea"]
    assert search(client, "minibus") == ["Idea"]
    assert search(client, "swifts") == ["Photo"]


def test_every_word_must_match(client, competition):
    EntryFactory(competition=competition, approved=True, title="Night bus")
    EntryFactory(competition=competition, approved=True, title="Night ferry")

    assert search(client, "night bus") == ["Night bus"]
    assert sorted(search(client, "night")) == ["Night bus", "Night ferry"]


def test_search_never_finds_an_entry_the_public_cannot_see(
    client, competition, competition_index
):
    EntryFactory(competition=competition, approved=True, title="Lantern public")
    EntryFactory(competition=competition, submitted=True, title="Lantern waiting")
    EntryFactory(competition=competition, withdrawn=True, title="Lantern withdrawn")
    EntryFactory(
        competition=competition,
        approved=True,
        title="Lantern hidden",
        hidden_at=days_from_now(0),
    )

    assert search(client, "lantern") == ["Lantern public"]
    # The backend's own results are scoped too, not only the gallery around them.
    searched = get_search_backend().search(
        "lantern", Entry.objects.with_public_media(), order_by_relevance=False
    )
    assert [entry.title for entry in searched] == ["Lantern public"]


def test_search_keeps_the_filters_the_sort_and_the_pages(client, competition):
    for number in range(26):
        EntryFactory(
            competition=competition,
            approved=True,
            kind="idea",
            title=f"Canal idea {number:02}",
            decided_at=days_from_now(-number),
        )
    EntryFactory(competition=competition, approved=True, kind="story", title="Canal")

    page_one = client.get(SHOWCASE, {"q": "canal", "kind": "idea"})
    next_link = BeautifulSoup(page_one.content, "html.parser").select_one(
        "a[rel=next]"
    )["href"]
    page_two = client.get(SHOWCASE + next_link)

    assert "q=canal" in next_link
    assert titles(page_one) == [f"Canal idea {n:02}" for n in range(24)]
    assert titles(page_two) == ["Canal idea 24", "Canal idea 25"]
    shuffled = search(client, "canal", kind="idea", sort="random", seed="x")
    assert shuffled != titles(page_one)
    assert len(shuffled) == 24


def test_a_search_without_words_finds_nothing(client, competition):
    EntryFactory(competition=competition, approved=True, title="Night bus")

    assert search(client, "!!! ??? ***") == []
    assert "No approved entries match" in client.get(SHOWCASE, {"q": "!!!"}).text


def test_search_works_with_the_fallback_backend_too(client, competition, settings):
    """Where SQLite lacks FTS5, Wagtail falls back to plain matching: same results."""
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database.fallback"}
    }
    EntryFactory(competition=competition, approved=True, title="Lighthouse")
    EntryFactory(
        competition=competition, approved=True, title="Market", story="<p>Gulls.</p>"
    )
    EntryFactory(competition=competition, submitted=True, title="Lighthouse waiting")

    assert search(client, "LIGHTHOUSE") == ["Lighthouse"]
    assert search(client, "gulls market") == ["Market"]
    assert search(client, '((("gulls" -market') == ["Market"]


def test_the_words_searched_are_bounded_in_length_and_number():
    terms = search_terms(" ".join(f"word{n}" for n in range(1000)))

    assert terms == [f"word{n}" for n in range(MAX_SEARCH_TERMS)]
    assert len("".join(search_terms("x" * 10_000))) <= MAX_QUERY_LENGTH
    assert search_terms('((("night" AND bus) OR -ferry) | !tram & ') == [
        "night",
        "AND",
        "bus",
        "OR",
        "ferry",
        "tram",
    ]


@pytest.mark.parametrize("query", PATHOLOGICAL)
def test_a_pathological_search_costs_no_more_than_a_plain_one(
    client, competition, query
):
    """Its budget: no more queries than a one-word search that finds, none long."""
    EntryFactory(competition=competition, approved=True, title="Night bus")
    queries_for(client, {"q": "night"})  # warm the backend's one-off checks

    plain = queries_for(client, {"q": "night"})
    hostile = queries_for(client, {"q": query})

    assert len(hostile) <= len(plain)
    longest = max(len(sql) for sql in plain)
    assert max(len(sql) for sql in hostile) <= longest + 4 * MAX_QUERY_LENGTH
    field = BeautifulSoup(client.get(SHOWCASE, {"q": query}).content, "html.parser")
    assert len(field.select_one("#id_q")["value"]) <= MAX_QUERY_LENGTH


def add_matching_entries(competition, count: int, start: int) -> None:
    for number in range(start, start + count):
        kind = ("story", "idea", "image")[number % 3]
        extra = {"title": f"Harbour {number}"}
        if kind == "image":
            image_entry(competition, **extra)
        else:
            EntryFactory(competition=competition, approved=True, kind=kind, **extra)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "harbour"},
        {"q": "harbour", "sort": "random", "seed": "abc"},
        {"q": "harbour", "kind": "image"},
    ],
)
def test_search_results_cost_the_same_queries_at_5_and_60_entries(
    client, competition, params
):
    add_matching_entries(competition, 5, start=0)
    queries_for(client, params)  # warm the backend's one-off checks
    few = queries_for(client, params)

    add_matching_entries(competition, 55, start=5)
    many = queries_for(client, params)

    assert len(many) == len(few)
    response = client.get(SHOWCASE, params)
    assert len(titles(response)) == (20 if params.get("kind") else 24)


def test_the_demo_worlds_approved_entries_are_findable(client, db):
    build_demo_world(now=timezone.now())
    voting = CompetitionPage.objects.get(slug="picture-your-high-street")
    market = Entry.objects.with_public_media().get(
        competition=voting, title="Market day"
    )

    found = search(client, "market day", competition=voting.slug)

    assert market.title in found


@pytest.mark.parametrize(
    "extra", [{}, {"kind": "image"}, {"ordering": "-submitted_at"}]
)
def test_editors_still_search_the_admin_entry_listing(client, competition_index, extra):
    """Indexing entries leaves the admin listing's search, filters and order working."""
    world = build_world(competition_index)
    listing = reverse("wagtailsnippets_submissions_entry:list")
    sign_in(client, UserFactory(editor=True))

    found = client.get(listing, {"q": "rain", **extra})

    assert found.status_code == 200
    assert world.entry_a.title in found.text
    assert SECRET_TITLE not in found.text
