"""Atom feeds of new approved entries (site-wide and per competition) and results."""

import xml.etree.ElementTree as ET

import pytest

from tests.api.conftest import SECRET_EMAIL, hidden_titles
from tests.showcase.builders import award

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def atom(client, url) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 (our own feed)
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}id").text
    assert feed.find(f"{ATOM}updated").text
    return feed


def titles(feed: ET.Element) -> list[str]:
    return [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]


def test_the_site_feed_lists_the_approved_entries_newest_first(client, world):
    feed = atom(client, "/feeds/entries/")

    newest_first = sorted(world.approved, key=lambda e: e.decided_at, reverse=True)
    assert titles(feed) == [entry.title for entry in newest_first]
    first = next(feed.iter(f"{ATOM}entry"))
    assert first.find(f"{ATOM}author/{ATOM}name").text == "rowan_reads"
    assert (
        first.find(f"{ATOM}link").get("href").startswith("http://testserver/entries/")
    )


def test_a_competition_feed_lists_only_its_approved_entries(client, world):
    feed = atom(client, "/competitions/high-street/feed/")
    after = atom(client, "/competitions/after-mode/feed/")

    assert sorted(titles(feed)) == sorted(entry.title for entry in world.approved)
    assert titles(after) == []  # its only entry is submitted, not approved


@pytest.mark.parametrize(
    "url", ["/feeds/entries/", "/feeds/results/", "/competitions/high-street/feed/"]
)
def test_no_feed_holds_an_email_or_an_unapproved_entry(client, world, url):
    award(world.entry("Shop fronts"), title="Best shop front")
    body = client.get(url).content.decode()

    assert SECRET_EMAIL not in body
    assert [title for title in hidden_titles(world) if title in body] == []


def test_results_appear_only_once_published(client, world):
    shop = world.entry("Shop fronts")
    award(shop, title="Best shop front", published=False)
    before = atom(client, "/feeds/results/")
    competition_before = atom(client, "/competitions/high-street/feed/")

    award(world.entry("Market day"), title="Best story")
    after = atom(client, "/feeds/results/")
    competition_after = atom(client, "/competitions/high-street/feed/")

    assert titles(before) == []
    assert "Results: Picture your high street" not in titles(competition_before)
    assert titles(after) == ["Results: Picture your high street"]
    assert "Results: Picture your high street" in titles(competition_after)
    summary = next(after.iter(f"{ATOM}entry")).find(f"{ATOM}summary").text
    assert "Best shop front: Shop fronts (rowan_reads)" in summary
    link = next(after.iter(f"{ATOM}entry")).find(f"{ATOM}link").get("href")
    assert link == "http://testserver/competitions/high-street/results/"


def test_an_entry_page_links_its_competitions_feed(client, world):
    page = client.get(world.entry("Market day").get_absolute_url()).content.decode()

    assert (
        '<link rel="alternate" type="application/atom+xml" '
        'title="New entries: Picture your high street" '
        'href="/competitions/high-street/feed/">'
    ) in page


def test_a_competition_page_links_its_feed_and_its_open_data(client, world):
    page = client.get(world.competition.url).content.decode()

    assert 'href="/competitions/high-street/feed/"' in page
    assert 'href="/api/v1/competitions/high-street/"' in page


def test_a_restricted_competitions_feed_stays_behind_its_password(client, world):
    response = client.get("/competitions/members-only/feed/")

    assert response.status_code == 200  # Wagtail's password form, not the feed
    assert not response["Content-Type"].startswith("application/atom+xml")
