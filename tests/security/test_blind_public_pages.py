"""While a blind round is open, no public page tells a judge who made an entry.

A judge scoring blind could look the entry up by its title in the showcase, on
its own page, in a partner's widget, in the open data or a feed, and read the
handle and the partner community there. While the round is open, none of them
names either, for anyone; a gallery filtered by partner leaves the entry out,
since the filter alone would name the partner. The entrant still sees their
own name on their own entry's page, and everything is named again once the
round closes.
"""

import json
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from competitions.enums import EntryKind
from tests.factories import (
    CompetitionPageFactory,
    EntryFactory,
    PartnerCommunityFactory,
    UserFactory,
)
from tests.support.judging_workspace import assign, judge, judging_round, seat
from tests.support.staff import sign_in

pytestmark = pytest.mark.django_db

HANDLE = "ana_writes"
PARTNER = "Patient Voices"
PARTNER_SLUG = "patient-voices"
HOUR = timedelta(hours=1)


@pytest.fixture
def world(competition_index):
    """A competition in judging with a blind round open and one named entrant."""
    competition = CompetitionPageFactory(
        parent=competition_index,
        title="Greener commutes",
        slug="greener-commutes",
        entry_kinds=[EntryKind.STORY.value],
        judging=True,
    )
    partner = PartnerCommunityFactory(name=PARTNER, slug=PARTNER_SLUG)
    author = UserFactory(handle=HANDLE)
    entry = EntryFactory(
        competition=competition,
        author=author,
        kind=EntryKind.STORY,
        title="The long walk",
        referral_partner=partner,
        approved=True,
    )
    blind = judging_round(competition)
    panel = judge("judge_alpha")
    seat(blind, panel, is_chair=True)
    assign(blind, panel, entry)
    return {
        "competition": competition,
        "entry": entry,
        "author": author,
        "round": blind,
        "judge": panel,
    }


def public_urls(world) -> list[str]:
    competition, entry = world["competition"], world["entry"]
    return [
        entry.get_absolute_url(),
        competition.url,
        competition.url + "gallery/",
        "/showcase/",
        f"/embed/{competition.slug}/",
        f"/api/v1/entries/{entry.public_id}/",
        f"/api/v1/competitions/{competition.slug}/entries/",
        "/api/v1/entries/",
        "/feeds/entries/",
        competition.url + "feed/",
    ]


def named(client, url) -> list[str]:
    """Return which of the entrant's names the page at ``url`` gives away.

    The gallery's filter lists every partner community whoever entered: its
    options say nothing about this entrant, so they are left out of the search.
    """
    response = client.get(url)
    assert response.status_code == 200, url
    text = response.content.decode()
    if response["Content-Type"].startswith("text/html"):
        page = BeautifulSoup(text, "html.parser")
        for select in page.find_all("select"):
            select.decompose()
        text = str(page)
    return [name for name in (HANDLE, PARTNER, PARTNER_SLUG) if name in text]


def test_no_public_page_names_the_entrant_while_the_blind_round_is_open(client, world):
    for url in public_urls(world):
        assert named(client, url) == [], url


def test_nor_does_any_for_the_rounds_judge(client, world):
    sign_in(client, world["judge"])

    for url in public_urls(world):
        assert named(client, url) == [], url


def test_the_pages_still_show_the_entry(client, world):
    """A control for the tests above: the entry is there, only unnamed."""
    entry = world["entry"]
    for url in public_urls(world):
        assert entry.title in client.get(url).content.decode(), url

    page = client.get(entry.get_absolute_url()).content.decode()
    assert "The entrant is not named while the judges score" in page


def test_the_api_gives_no_handle_or_partner(client, world):
    data = client.get(f"/api/v1/entries/{world['entry'].public_id}/").json()

    assert data["title"] == "The long walk"
    assert (data["handle"], data["partner"]) == (None, None)


def test_filtering_the_gallery_by_partner_does_not_find_the_entry(client, world):
    """Otherwise the filter would say which community the entrant came from."""
    gallery = world["competition"].url + "gallery/"

    filtered = client.get(gallery, {"partner": PARTNER_SLUG}).content.decode()
    unfiltered = client.get(gallery).content.decode()

    assert "The long walk" not in filtered
    assert "The long walk" in unfiltered


def test_the_entrant_still_sees_their_own_name_on_their_entry(client, world):
    sign_in(client, world["author"])

    page = client.get(world["entry"].get_absolute_url()).content.decode()

    assert f"By {HANDLE}" in page


@pytest.mark.parametrize(
    "blind, opens_in, closes_in",
    [
        pytest.param(False, -24, 24, id="open-but-not-blind"),
        pytest.param(True, -48, -1, id="closed"),
        pytest.param(True, 1, 24, id="not-open-yet"),
    ],
)
def test_the_entrant_is_named_when_no_blind_round_is_open(
    client, world, blind, opens_in, closes_in
):
    judging = world["round"]
    judging.blind = blind
    judging.opens_at = timezone.now() + opens_in * HOUR
    judging.closes_at = timezone.now() + closes_in * HOUR
    judging.save()
    entry = world["entry"]

    assert HANDLE in client.get(entry.get_absolute_url()).content.decode()
    gallery = client.get(world["competition"].url + "gallery/").content.decode()
    assert HANDLE in gallery and PARTNER in gallery
    assert HANDLE in client.get(f"/embed/{world['competition'].slug}/").content.decode()
    data = client.get(f"/api/v1/entries/{entry.public_id}/").json()
    assert data["handle"] == HANDLE
    assert data["partner"]["slug"] == PARTNER_SLUG
    assert HANDLE in client.get("/feeds/entries/").content.decode()


def test_other_competitions_keep_their_names(client, world, competition_index):
    other = CompetitionPageFactory(parent=competition_index, judging=True)
    EntryFactory(
        competition=other,
        author=UserFactory(handle="benshoots"),
        title="Market day",
        approved=True,
    )

    showcase = client.get("/showcase/").content.decode()
    listed = json.loads(client.get("/api/v1/entries/").content)

    assert "benshoots" in showcase and HANDLE not in showcase
    handles = {item["title"]: item["handle"] for item in listed["items"]}
    assert handles == {"Market day": "benshoots", "The long walk": None}


def test_hiding_costs_no_query_per_entry(client, world):
    """The gallery asks the same number of queries for one entry or six."""
    gallery = world["competition"].url + "gallery/"
    client.get(gallery)  # the first request also reads the site and settings
    with CaptureQueriesContext(connection) as one:
        client.get(gallery)
    for n in range(5):
        EntryFactory(
            competition=world["competition"],
            author=UserFactory(handle=f"writer_{n}"),
            approved=True,
        )
    with CaptureQueriesContext(connection) as six:
        page = client.get(gallery).content.decode()

    assert len(six) == len(one)
    assert not any(f"writer_{n}" in page for n in range(5))


def test_a_kept_page_lasts_no_longer_than_the_next_blind_round_opens(
    client, competition_index, settings, stored_timeouts
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    competition = CompetitionPageFactory(parent=competition_index, judging=True)
    EntryFactory(competition=competition, approved=True)
    now = timezone.now()
    judging_round(competition, opens_at=now + timedelta(seconds=90))
    judging_round(competition, position=2, blind=False, opens_at=now + HOUR / 60)

    client.get(competition.url + "gallery/")

    assert len(stored_timeouts) == 1
    assert 80 <= stored_timeouts[0] <= 90  # the blind round's opening, not the other
