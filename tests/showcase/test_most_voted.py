"""The gallery's "most votes first" order: only where the vote counts show now."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from showcase.selectors import SORT_MOST_VOTED, GalleryQuery, gallery_entries
from tests.factories import CompetitionPageFactory, EntryFactory, days_from_now
from tests.voting.conftest import verified_member
from voting.integrity import integrity_check
from voting.models import EntryVoteCount, ShowCounts, VotingRules
from voting.services import vote_cast

from .builders import image_entry

SHOWCASE = "/showcase/"
MOST_VOTED = {"sort": SORT_MOST_VOTED}


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def titles(response) -> list[str]:
    return [a.get_text(strip=True) for a in soup(response).select(".card__title a")]


def sort_options(response) -> list[str]:
    return [option["value"] for option in soup(response).select("#id_sort option")]


def gallery_url(competition) -> str:
    return competition.url + competition.reverse_subpage("gallery")


def voting_competition(parent, show_counts=ShowCounts.DURING, **dates):
    """A competition in its voting window whose rules show counts as asked."""
    page = CompetitionPageFactory(
        parent=parent, voting=True, entry_kinds=["story", "image", "idea"], **dates
    )
    VotingRules.objects.create(competition=page, show_counts=show_counts)
    return page


def entry_with_votes(competition, title: str, votes: int | None, days_ago: float):
    """An approved entry with a stored count (None: no count row at all)."""
    entry = EntryFactory(
        competition=competition,
        approved=True,
        title=title,
        decided_at=days_from_now(-days_ago),
    )
    if votes is not None:
        EntryVoteCount.objects.create(entry=entry, valid_votes=votes)
    return entry


@pytest.fixture
def counted(competition_index):
    return voting_competition(competition_index, slug="counted", title="Counted")


@pytest.fixture
def hidden(competition_index):
    """Counts only after voting closes, and voting is open now."""
    return voting_competition(
        competition_index, ShowCounts.AFTER, slug="hidden", title="Hidden"
    )


def add_ranked_entries(competition) -> None:
    entry_with_votes(competition, "Three older", 3, days_ago=4)
    entry_with_votes(competition, "No row", None, days_ago=1)
    entry_with_votes(competition, "Five", 5, days_ago=5)
    entry_with_votes(competition, "Three newer", 3, days_ago=2)
    entry_with_votes(competition, "Zero row", 0, days_ago=3)


def test_most_voted_orders_by_valid_votes_ties_newest_first(client, counted):
    add_ranked_entries(counted)

    response = client.get(gallery_url(counted), MOST_VOTED)

    assert response.status_code == 200
    assert titles(response) == [
        "Five",
        "Three newer",
        "Three older",
        "No row",  # no count row counts as no votes, and is the newest of those
        "Zero row",
    ]


def test_most_voted_counts_valid_votes_only(client, counted):
    popular = EntryFactory(competition=counted, approved=True, title="Popular")
    quiet = EntryFactory(competition=counted, approved=True, title="Quiet")
    now = timezone.now()
    for number in range(2):  # accounts made after voting opened: set aside
        voter = verified_member()
        vote_cast(entry=popular, voter=voter, ip=f"10.0.0.{number}", now=now)
    member = verified_member(date_joined=now - timedelta(days=200))
    vote_cast(entry=quiet, voter=member, ip="10.0.1.1", now=now)
    assert titles(client.get(gallery_url(counted), MOST_VOTED)) == ["Popular", "Quiet"]

    integrity_check(competition=counted, now=now)

    assert titles(client.get(gallery_url(counted), MOST_VOTED)) == ["Quiet", "Popular"]


def test_the_gallery_offers_most_voted_where_counts_show(client, counted, hidden):
    assert SORT_MOST_VOTED in sort_options(client.get(gallery_url(counted)))
    assert SORT_MOST_VOTED not in sort_options(client.get(gallery_url(hidden)))


def test_the_showcase_offers_most_voted_only_for_one_competition_showing_counts(
    client, counted, hidden
):
    assert SORT_MOST_VOTED not in sort_options(client.get(SHOWCASE))
    with_counts = client.get(SHOWCASE, {"competition": counted.slug})
    without = client.get(SHOWCASE, {"competition": hidden.slug})

    assert SORT_MOST_VOTED in sort_options(with_counts)
    assert SORT_MOST_VOTED not in sort_options(without)


def test_the_showcase_sorts_one_competition_by_votes(client, counted, hidden):
    add_ranked_entries(counted)
    entry_with_votes(hidden, "Elsewhere", 50, days_ago=0)

    response = client.get(SHOWCASE, {"competition": counted.slug, **MOST_VOTED})

    assert response.status_code == 200
    assert titles(response)[:2] == ["Five", "Three newer"]
    assert "Elsewhere" not in titles(response)


@pytest.mark.parametrize(
    ("show_counts", "dates"),
    [
        (ShowCounts.AFTER, {}),  # voting is still open
        (ShowCounts.NEVER, {}),
        (  # counts during voting, but voting has not opened yet
            ShowCounts.DURING,
            {
                "voting_opens_at": days_from_now(2),
                "voting_closes_at": days_from_now(5),
            },
        ),
    ],
)
def test_most_voted_where_counts_are_hidden_is_explained_and_newest_shown(
    client, competition_index, show_counts, dates
):
    secret = voting_competition(competition_index, show_counts, **dates)
    entry_with_votes(secret, "Popular older", 40, days_ago=3)
    entry_with_votes(secret, "Newest", 0, days_ago=1)

    response = client.get(gallery_url(secret), MOST_VOTED)

    assert response.status_code == 400
    assert titles(response) == ["Newest", "Popular older"]
    page = response.content.decode()
    assert "were not understood" in page
    assert "Most votes first is offered only for one competition" in page


def test_most_voted_across_every_competition_is_explained(client, counted):
    entry_with_votes(counted, "Popular older", 40, days_ago=3)
    entry_with_votes(counted, "Newest", 0, days_ago=1)

    response = client.get(SHOWCASE, MOST_VOTED)

    assert response.status_code == 400
    assert titles(response) == ["Newest", "Popular older"]
    assert "Most votes first is offered only" in response.content.decode()


def test_counts_shown_after_voting_closes_allow_the_sort(client, competition_index):
    closed_vote = voting_competition(
        competition_index,
        ShowCounts.AFTER,
        voting_opens_at=days_from_now(-5),
        voting_closes_at=days_from_now(-1),
    )
    entry_with_votes(closed_vote, "Older, more votes", 9, days_ago=3)
    entry_with_votes(closed_vote, "Newer, fewer", 1, days_ago=1)

    response = client.get(gallery_url(closed_vote), MOST_VOTED)

    assert response.status_code == 200
    assert titles(response) == ["Older, more votes", "Newer, fewer"]


def test_a_competition_without_a_vote_never_offers_it(client, competition):
    EntryFactory(competition=competition, approved=True, title="Only")

    response = client.get(gallery_url(competition), MOST_VOTED)

    assert SORT_MOST_VOTED not in sort_options(response)
    assert response.status_code == 400


def test_the_selector_itself_refuses_the_order_where_counts_are_hidden(hidden):
    entry_with_votes(hidden, "Popular older", 40, days_ago=3)
    entry_with_votes(hidden, "Newest", 0, days_ago=1)

    entries = gallery_entries(GalleryQuery(competition=hidden, sort=SORT_MOST_VOTED))

    assert [entry.title for entry in entries] == ["Newest", "Popular older"]


def test_most_voted_keeps_its_order_across_pages(client, counted):
    for number in range(30):
        entry_with_votes(counted, f"Entry {number:02}", number, days_ago=number)

    page_one = client.get(gallery_url(counted), MOST_VOTED)
    next_link = soup(page_one).select_one("a[rel=next]")["href"]
    page_two = client.get(gallery_url(counted) + next_link)

    assert "sort=most_voted" in next_link
    shown = titles(page_one) + titles(page_two)
    assert shown == [f"Entry {n:02}" for n in reversed(range(30))]


def add_entries(competition, count: int, start: int) -> None:
    for number in range(start, start + count):
        title = f"Entry {number}"
        if number % 3 == 0:
            entry = image_entry(competition, title=title)
            if number % 2:
                EntryVoteCount.objects.create(entry=entry, valid_votes=number)
        else:
            entry_with_votes(competition, title, number % 7 or None, days_ago=number)


def queries_for(client, url: str, params: dict) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    assert b"entry-card" in response.content
    return len(captured)


@pytest.mark.parametrize("where", ["gallery", "showcase"])
def test_most_voted_costs_the_same_queries_at_5_and_60_entries(client, counted, where):
    url, params = gallery_url(counted), dict(MOST_VOTED)
    if where == "showcase":
        url, params = SHOWCASE, {"competition": counted.slug, **MOST_VOTED}
    add_entries(counted, 5, start=0)
    queries_for(client, url, params)  # warm the site's one-off lookups
    few = queries_for(client, url, params)

    add_entries(counted, 55, start=5)
    many = queries_for(client, url, params)

    assert many == few


def card_counts(response) -> dict[str, str]:
    return {
        card.select_one(".card__title").get_text(strip=True): card.select_one(
            ".card__votes"
        ).get_text(strip=True)
        for card in soup(response).select(".entry-card")
        if card.select_one(".card__votes")
    }


def test_cards_show_valid_votes_where_the_rules_show_counts(
    client, counted, hidden, stored_timeouts, settings
):
    """The number each card shows is the one "most voted" orders by; a gallery that
    shows counts is kept only as long as counts may be (a short time)."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    add_ranked_entries(counted)
    entry_with_votes(hidden, "Secret", 4, days_ago=1)

    shown = client.get(gallery_url(counted))
    kept = client.get(gallery_url(hidden))

    assert card_counts(shown) == {
        "Five": "5 votes",
        "Three newer": "3 votes",
        "Three older": "3 votes",
        "No row": "0 votes",
        "Zero row": "0 votes",
    }
    assert card_counts(kept) == {}
    assert "4 votes" not in kept.content.decode()
    assert stored_timeouts[0] <= settings.PUBLIC_PAGE_COUNTS_SECONDS
    assert stored_timeouts[1] > settings.PUBLIC_PAGE_COUNTS_SECONDS
