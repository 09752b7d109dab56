"""The public listings: the home page, /competitions/ and the 404 page."""

from datetime import timedelta
from unittest.mock import patch

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction
from wagtail_factories import ImageFactory

from core.images import RENDITION_SPECS, make_all_renditions
from tests.factories import CompetitionPageFactory, days_from_now

# A listing page costs at most this many queries however many competitions it
# shows (13 for the home page and 11 for the index when these tests were written).
MAX_LISTING_QUERIES = 15
# The home page also lists recent winners: one query for the latest published
# competitions (their awards are read only when there are some); and the public
# votes: their list, its cards' images and renditions, and (inside a test's
# transaction, where it is never kept) the restricted paths again: four.
HOME_PAGE_QUERIES = MAX_LISTING_QUERIES + 1 + 4


def competition(parent, **kwargs):
    """Create a live competition with a hero image whose renditions are made."""
    image = ImageFactory()
    make_all_renditions(image)
    return CompetitionPageFactory(parent=parent, hero_image=image, **kwargs)


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def card_titles(element) -> list[str]:
    return [title.get_text(strip=True) for title in element.select(".card__title")]


def section(page: BeautifulSoup, heading_id: str):
    """Return the <section> labelled by the heading with ``heading_id``."""
    found = page.find("section", attrs={"aria-labelledby": heading_id})
    assert found is not None, f"no section for #{heading_id}"
    return found


def count_queries(client, url: str) -> tuple[int, BeautifulSoup]:
    """Return the queries a warm GET of ``url`` makes, and the page it returns.

    A first GET fills the caches a running site keeps warm (site root paths,
    the settings row); the second one is counted.
    """
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return len(queries), soup(response)


# The home page.


def test_home_page_lists_open_voting_and_upcoming_competitions_only(
    client, competition_index
):
    """Open calls, public votes and coming calls are listed; judging and ended not.

    A public vote is the one time a visitor with no entry has something to do,
    so the front page invites them to it.
    """
    CompetitionPageFactory(parent=competition_index, title="Open call")
    CompetitionPageFactory(parent=competition_index, title="Soon call", upcoming=True)
    CompetitionPageFactory(parent=competition_index, title="Vote call", voting=True)
    CompetitionPageFactory(parent=competition_index, title="Judge call", judging=True)
    CompetitionPageFactory(parent=competition_index, title="Done call", results=True)
    CompetitionPageFactory(parent=competition_index, title="Shut call", closed=True)

    page = soup(client.get("/"))

    assert card_titles(section(page, "open-calls")) == ["Open call"]
    assert card_titles(section(page, "voting-calls")) == ["Vote call"]
    assert "Voting closes" in section(page, "voting-calls").get_text()
    assert card_titles(section(page, "upcoming-calls")) == ["Soon call"]
    assert card_titles(page) == ["Open call", "Vote call", "Soon call"]


def test_home_page_lists_votes_closing_soonest_first(client, competition_index):
    for title, days in [("Late", 4), ("Early", 2), ("Middle", 3)]:
        CompetitionPageFactory(
            parent=competition_index,
            title=title,
            voting=True,
            voting_closes_at=days_from_now(days),
        )

    page = soup(client.get("/"))

    assert card_titles(section(page, "voting-calls")) == ["Early", "Middle", "Late"]


def test_home_page_has_no_vote_section_without_a_vote(client, competition_index):
    CompetitionPageFactory(parent=competition_index, title="Open call")

    page = soup(client.get("/"))

    assert page.find(id="voting-calls") is None


def test_the_kept_home_page_lasts_no_longer_than_the_vote_it_lists(
    client, competition_index, settings, stored_timeouts
):
    """When the vote closes the card must go, so the page is kept until then."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 3600
    CompetitionPageFactory(
        parent=competition_index,
        title="Vote call",
        voting=True,
        voting_closes_at=timezone.now() + timedelta(minutes=10),
    )

    client.get("/")

    assert len(stored_timeouts) == 1
    assert 0 < stored_timeouts[0] <= 10 * 60


def test_home_page_leaves_out_drafts_and_private_competitions(
    client, competition_index
):
    """Only live, public competitions reach the home page."""
    CompetitionPageFactory(parent=competition_index, title="Public call")
    CompetitionPageFactory(parent=competition_index, title="Draft call", live=False)
    private = CompetitionPageFactory(parent=competition_index, title="Private call")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )

    assert card_titles(soup(client.get("/"))) == ["Public call"]


def test_home_page_lists_open_calls_closing_soonest_first(client, competition_index):
    """Open calls are ordered by their closing date."""
    for title, days in [("Late", 30), ("Early", 3), ("Middle", 10)]:
        CompetitionPageFactory(
            parent=competition_index,
            title=title,
            entries_close_at=days_from_now(days),
        )

    page = soup(client.get("/"))

    assert card_titles(section(page, "open-calls")) == ["Early", "Middle", "Late"]


def test_home_page_says_so_when_nothing_is_open(client, competition_index):
    """With no open or coming calls the home page says so instead of listing."""
    CompetitionPageFactory(parent=competition_index, title="Shut call", closed=True)

    text = soup(client.get("/")).get_text(" ", strip=True)

    assert "No competition is open for entries just now." in text
    assert "Nothing announced yet." in text
    assert "Shut call" not in text


def test_home_page_query_count_does_not_grow_with_competitions(
    client, competition_index
):
    """The home page makes the same number of queries for 3 or 18 competitions."""
    competition(competition_index)
    competition(competition_index, voting=True)
    competition(competition_index, upcoming=True)
    few, page = count_queries(client, "/")
    assert len(page.select("img.card__image")) == 3

    for _ in range(5):
        competition(competition_index)
        competition(competition_index, voting=True)
        competition(competition_index, upcoming=True)
    many, page = count_queries(client, "/")

    assert len(card_titles(page)) == 18
    assert len(page.select("img.card__image")) == 18
    assert many == few
    assert many <= HOME_PAGE_QUERIES, many


# The competition index.


def test_index_groups_competitions_by_phase_under_headings(client, competition_index):
    """Each phase with competitions gets a heading, in the listing order."""
    CompetitionPageFactory(parent=competition_index, title="Open call")
    CompetitionPageFactory(parent=competition_index, title="Vote call", voting=True)
    CompetitionPageFactory(parent=competition_index, title="Soon call", upcoming=True)
    CompetitionPageFactory(parent=competition_index, title="Judge call", judging=True)
    CompetitionPageFactory(parent=competition_index, title="Done call", results=True)
    CompetitionPageFactory(parent=competition_index, title="Shut call", closed=True)

    page = soup(client.get("/competitions/"))

    assert [h2.get_text(strip=True) for h2 in page.select("main section > h2")] == [
        "Open for entries",
        "Public voting",
        "Upcoming",
        "Judging",
        "Results published",
        "Closed",
    ]
    expected = {
        "phase-open": ["Open call"],
        "phase-voting": ["Vote call"],
        "phase-upcoming": ["Soon call"],
        "phase-judging": ["Judge call"],
        "phase-results": ["Done call"],
        "phase-closed": ["Shut call"],
    }
    for heading_id, titles in expected.items():
        assert card_titles(section(page, heading_id)) == titles


def test_index_shows_only_phases_that_have_competitions(client, competition_index):
    """A phase with no competition gets no heading."""
    CompetitionPageFactory(parent=competition_index, title="Open call")
    CompetitionPageFactory(parent=competition_index, title="Other open call")

    page = soup(client.get("/competitions/"))

    assert [h2.get_text(strip=True) for h2 in page.select("main section > h2")] == [
        "Open for entries"
    ]
    assert card_titles(section(page, "phase-open")) == ["Open call", "Other open call"]


def test_index_says_so_when_there_are_no_competitions(client, competition_index):
    """An empty index says there are no competitions yet."""
    page = soup(client.get("/competitions/"))

    assert "No competitions yet." in page.get_text()
    assert page.select("main section") == []


def test_index_query_count_does_not_grow_with_competitions(client, competition_index):
    """/competitions/ makes the same number of queries for 2 or 12 competitions."""
    competition(competition_index)
    competition(competition_index, voting=True)
    few, page = count_queries(client, "/competitions/")
    assert len(page.select("img.card__image")) == 2

    for traits in [
        {},
        {"upcoming": True},
        {"voting": True},
        {"judging": True},
        {"results": True},
        {"closed": True},
    ] + [{}] * 4:
        competition(competition_index, **traits)
    many, page = count_queries(client, "/competitions/")

    assert len(card_titles(page)) == 12
    assert len(page.select("img.card__image")) == 12
    assert many == few
    assert many <= MAX_LISTING_QUERIES


# Renditions.


@pytest.mark.parametrize("url", ["/", "/competitions/", "/competitions/no-hero-yet/"])
def test_pages_never_make_renditions_in_the_request(client, competition_index, url):
    """A missing rendition is queued for the worker, not made while serving."""
    image = ImageFactory()
    make_all_renditions(image)
    image.renditions.all().delete()
    CompetitionPageFactory(
        parent=competition_index, slug="no-hero-yet", hero_image=image
    )
    Rendition = get_image_model().get_rendition_model()
    assert Rendition.objects.count() == 0

    with patch("core.images.enqueue_renditions") as enqueue:
        response = client.get(url)

    assert response.status_code == 200
    assert Rendition.objects.count() == 0
    enqueue.assert_called_once_with(image.pk)
    content = response.content.decode()
    assert "<img" not in content


def test_a_missing_rendition_is_queued_once_a_minute(client, competition_index):
    """Several requests for the same missing rendition queue the image once."""
    image = ImageFactory()
    CompetitionPageFactory(parent=competition_index, hero_image=image)
    CompetitionPageFactory(parent=competition_index, hero_image=image, upcoming=True)

    with patch("core.images.enqueue_renditions") as enqueue:
        client.get("/")
        client.get("/competitions/")

    enqueue.assert_called_once_with(image.pk)


def test_made_renditions_are_shown_in_the_card(client, competition_index):
    """Once made, the card rendition is served from the renditions folder."""
    made = competition(competition_index)

    page = soup(client.get("/"))

    images = page.select("img.card__image")
    assert len(images) == 1
    card = made.hero_image.get_rendition(RENDITION_SPECS["card"])
    assert images[0]["src"] == card.url
    assert images[0]["width"] == str(card.width)


# The 404 page.


def test_unknown_address_gets_the_site_404_page(client, home_page):
    """An unknown URL is a 404 in the site's own look."""
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    text = response.content.decode()
    assert "Skip to main content" in text
    assert "Page not found" in text
    assert 'href="/competitions/"' in text


def test_unknown_competition_gets_the_site_404_page(client, competition_index):
    """An unknown competition slug is a 404 in the site's own look."""
    response = client.get("/competitions/no-such-call/")

    assert response.status_code == 404
    assert "Skip to main content" in response.content.decode()
