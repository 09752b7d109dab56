"""The API's answers and the feeds are cached whole for anonymous visitors."""

import pytest
from django.core.cache import cache

from submissions.enums import EntryStatus
from submissions.services import entry_decide
from tests.factories import CompetitionPageFactory, EntryFactory, UserFactory
from voting.models import ShowCounts, VotingRules

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    settings.PUBLIC_PAGE_COUNTS_SECONDS = 30
    cache.clear()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/",
        "/api/v1/competitions/",
        "/api/v1/competitions/high-street/",
        "/api/v1/competitions/high-street/entries/?kind=story",
        "/api/v1/entries/?limit=2",
        "/api/v1/openapi.json",
        "/api/v1/docs",
        "/feeds/entries/",
        "/feeds/results/",
        "/competitions/high-street/feed/",
    ],
)
def test_answers_are_cached_whole(client, world, url):
    first, second = client.get(url), client.get(url)

    assert first.status_code == second.status_code == 200
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_a_refused_query_is_never_stored(client, world, stored_timeouts):
    url = "/api/v1/entries/?kind=poem"
    first, second = client.get(url), client.get(url)

    assert first.status_code == second.status_code == 400
    assert second["X-Cache"] == "miss"
    assert stored_timeouts == []


def test_an_approval_shows_in_the_api_at_once(
    client, world, django_capture_on_commit_callbacks
):
    waiting = EntryFactory(
        competition=world.competition, submitted=True, title="Corner shop"
    )
    url = "/api/v1/competitions/high-street/entries/"
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        entry_decide(
            entry=waiting,
            actor=UserFactory(is_superuser=True),
            to_status=EntryStatus.APPROVED,
        )

    response = client.get(url)

    assert response["X-Cache"] == "miss"
    assert "Corner shop" in response.content.decode()


def test_live_vote_counts_are_kept_briefly(client, competition_index, stored_timeouts):
    voting = CompetitionPageFactory(parent=competition_index, slug="vote", voting=True)
    VotingRules.objects.create(competition=voting, show_counts=ShowCounts.DURING)
    EntryFactory(competition=voting, approved=True)

    client.get("/api/v1/competitions/vote/entries/")

    assert stored_timeouts == [30]
