"""The embed widget: who may frame it, what it shows, and what it never does."""

from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.factories import (
    CompetitionPageFactory,
    EntryFactory,
    PartnerCommunityFactory,
)
from tests.partners.conftest import PARENTS_ORIGINS, STUDYHUB_ORIGINS

pytestmark = pytest.mark.django_db

EMBED = "/embed/rivers/"


def policy(response) -> dict[str, list[str]]:
    """Return the response's Content-Security-Policy as {directive: sources}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize(
    ("query", "ancestors"),
    [
        ("?partner=studyhub", STUDYHUB_ORIGINS),
        ("?partner=parents", PARENTS_ORIGINS),
        ("?partner=quiet", ["'none'"]),
        ("?partner=nobody", ["'none'"]),
        ("?partner=%3Cscript%3E", ["'none'"]),
        ("", ["'none'"]),
    ],
    ids=["studyhub", "parents", "no-origins", "unknown", "malformed", "no-partner"],
)
def test_the_widget_may_be_framed_only_by_its_partners_origins(
    client, world, query, ancestors
):
    response = client.get(EMBED + query)

    assert response.status_code == 200
    assert policy(response)["frame-ancestors"] == ancestors
    assert "X-Frame-Options" not in response
    # The rest of the strict policy stays as it is everywhere else.
    assert policy(response)["script-src"] == ["'self'"]
    assert policy(response)["object-src"] == ["'none'"]


def test_every_other_public_page_refuses_every_frame(client, world, entry):
    competition = world.competition
    addresses = [
        "/",
        "/competitions/",
        competition.url,
        competition.url + "gallery/",
        "/showcase/",
        entry.get_absolute_url(),
        world.studyhub.get_absolute_url(),
        f"/badges/studyhub/{competition.slug}.svg",
        "/accounts/login/",
    ]
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, address
        assert response["X-Frame-Options"] == "DENY", address
        assert policy(response)["frame-ancestors"] == ["'none'"], address


def test_a_cached_widget_keeps_its_partners_frame_ancestors(
    client, world, page_cache_on
):
    client.get(EMBED + "?partner=studyhub")
    hit = client.get(EMBED + "?partner=studyhub")
    other = client.get(EMBED + "?partner=parents")
    again = client.get(EMBED + "?partner=parents")

    assert hit["X-Cache"] == "hit" and again["X-Cache"] == "hit"
    assert other["X-Cache"] == "miss"
    assert policy(hit)["frame-ancestors"] == STUDYHUB_ORIGINS
    assert policy(again)["frame-ancestors"] == PARENTS_ORIGINS
    assert "X-Frame-Options" not in hit and "X-Frame-Options" not in again


def test_a_partner_adding_an_origin_may_frame_the_widget_at_once(
    client, world, page_cache_on, django_capture_on_commit_callbacks
):
    client.get(EMBED + "?partner=quiet")
    world.quiet.embed_origins = "https://quiet.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        world.quiet.save()

    response = client.get(EMBED + "?partner=quiet")

    assert policy(response)["frame-ancestors"] == ["https://quiet.example.org"]


def test_the_widget_has_no_form_sets_no_cookie_and_leaves_the_session_alone(
    client, world, entry
):
    response = client.get(EMBED + "?partner=studyhub&theme=dark&layout=compact")
    html = response.content.decode()

    assert response.status_code == 200
    assert "<form" not in html and "csrf" not in html.lower()
    assert not response.cookies
    assert "Set-Cookie" not in response
    assert settings.SESSION_COOKIE_NAME not in client.cookies
    assert not Session.objects.exists()
    # Nothing inline: the page's policy allows only files from the site.
    page = soup(response)
    assert not page.find("script") and not page.find("style")
    assert not page.select("[style]")


def test_the_widget_is_standalone_with_its_own_stylesheet(client, world):
    page = soup(client.get(EMBED))

    assert not page.select(".site-header, .site-footer, .skip-link")
    stylesheets = [link["href"] for link in page.select("link[rel=stylesheet]")]
    assert stylesheets == ["/static/partners/embed.css"]


def test_the_widget_shows_the_title_phase_and_deadline_in_the_calls_time_zone(
    client, competition_index
):
    CompetitionPageFactory(
        parent=competition_index,
        slug="rivers",
        title="Rivers of home",
        time_zone="America/New_York",
        entries_close_at=datetime(2031, 1, 15, 17, 0, tzinfo=UTC),
    )

    page = soup(client.get(EMBED))

    assert page.h1.get_text(strip=True) == "Rivers of home"
    assert page.select_one(".embed__badge").get_text() == "Open for entries"
    deadline = page.select_one(".embed__deadline")
    assert "Entries close" in deadline.get_text()
    assert deadline.time.get_text() == "15 January 2031, 12:00 EST"
    assert deadline.time["datetime"] == "2031-01-15T12:00:00-05:00"


def test_the_widget_shows_the_three_latest_approved_entries(client, world):
    for title in ("First", "Second", "Third", "Fourth"):
        EntryFactory(competition=world.competition, approved=True, title=title)
    EntryFactory(competition=world.competition, submitted=True, title="Waiting")
    EntryFactory(competition=world.competition, rejected=True, title="Refused")

    page = soup(client.get(EMBED))

    titles = [item.a.get_text() for item in page.select(".embed__entry")]
    assert titles == ["Fourth", "Third", "Second"]


def test_an_open_calls_links_open_the_top_window_with_the_partners_credit(
    client, world
):
    page = soup(client.get(EMBED + "?partner=studyhub"))

    links = {a.get_text(): a for a in page.select(".embed__links a")}
    assert set(links) == {"Enter", "See the gallery"}
    assert links["Enter"]["href"] == "/competitions/rivers/enter/?via=studyhub"
    assert (
        links["See the gallery"]["href"] == "/competitions/rivers/gallery/?via=studyhub"
    )
    assert all(a["target"] == "_top" for a in page.select("a"))


def test_a_voting_calls_widget_offers_the_vote(client, competition_index):
    CompetitionPageFactory(parent=competition_index, slug="rivers", voting=True)
    PartnerCommunityFactory(slug="studyhub")

    page = soup(client.get(EMBED + "?partner=studyhub"))

    links = {a.get_text(): a["href"] for a in page.select(".embed__links a")}
    assert set(links) == {"Vote", "See the gallery"}
    assert links["Vote"] == "/competitions/rivers/gallery/?via=studyhub"


@pytest.mark.parametrize("query", ["?partner=nobody", "?partner=", "?partner=a%00b"])
def test_an_unknown_partner_gets_links_without_credit(client, world, query):
    response = client.get(EMBED + query)

    assert response.status_code == 200
    hrefs = [a["href"] for a in soup(response).select("a")]
    assert hrefs and not any("via=" in href for href in hrefs)


@pytest.mark.parametrize(
    ("query", "classes"),
    [
        ("", {"embed--light", "embed--full"}),
        ("?theme=dark", {"embed--dark", "embed--full"}),
        ("?theme=light&layout=compact", {"embed--light", "embed--compact"}),
        ("?theme=dark&layout=compact", {"embed--dark", "embed--compact"}),
    ],
)
def test_themes_and_layouts(client, world, entry, query, classes):
    page = soup(client.get(EMBED + query))

    assert classes <= set(page.body["class"])
    assert bool(page.select(".embed__entries")) == ("compact" not in query)


@pytest.mark.parametrize(
    "query",
    [
        "?theme=purple",
        "?theme=%3Cscript%3Ealert(1)%3C/script%3E",
        "?layout=huge&theme=",
        "?theme=dark%00",
        "?theme=light&theme=dark&layout[]=compact",
    ],
)
def test_unknown_themes_and_layouts_fall_back_to_the_defaults(client, world, query):
    response = client.get(EMBED + query)

    assert response.status_code == 200
    body_classes = set(soup(response).body["class"])
    assert {"embed--light", "embed--full"} <= body_classes or (
        "theme=light&theme=dark" in query and "embed--dark" in body_classes
    )
    assert "<script" not in response.content.decode()
    assert "purple" not in response.content.decode()


def test_unknown_or_private_competitions_are_not_found(client, world):
    hidden = CompetitionPageFactory(
        parent=world.competition.get_parent(), slug="hidden"
    )
    PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    draft = CompetitionPageFactory(parent=world.competition.get_parent(), slug="draft")
    draft.unpublish()

    for slug in ("nothing-here", "hidden", "draft"):
        assert client.get(f"/embed/{slug}/").status_code == 404, slug


def test_the_widget_refuses_a_post(client, world):
    assert client.post(EMBED).status_code == 405


def test_the_widget_costs_the_same_queries_with_5_or_60_entries(client, world):
    client.get(EMBED)  # Warm what every page reads once (the site's root paths).

    def queries_with(count: int) -> int:
        while world.competition.entries.count() < count:
            EntryFactory(competition=world.competition, approved=True)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(EMBED + "?partner=studyhub").status_code == 200
        return len(captured)

    assert queries_with(5) == queries_with(60)


@pytest.mark.parametrize(
    "address",
    [
        "/embed/a%00b/",
        "/embed/%3Cscript%3E/",
        "/embed/" + "a" * 300 + "/",
        "/badges/studyhub/" + "a" * 300 + ".svg",
        "/badges/" + "a" * 300 + "/rivers.png",
        "/badges/stu%00dyhub/rivers.svg",
    ],
)
def test_impossible_slugs_are_not_found(client, world, address):
    assert client.get(address).status_code == 404
