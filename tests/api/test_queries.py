"""The API's lists cost the same number of queries at any page size."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from competitions.models import CompetitionCategory, CompetitionPartnership
from submissions.models import Entry
from tests.factories import (
    CompetitionPageFactory,
    EntryFactory,
    PartnerCommunityFactory,
)
from tests.showcase.builders import award, image_entry
from tests.support.judging_results import prize
from voting.models import EntryVoteCount, ShowCounts, VotingRules

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    """Count the queries of a request, once Wagtail has cached the site's paths."""
    client.get("/api/v1/competitions/?limit=1")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured)


@pytest.fixture
def many_entries(world):
    """65 approved entries; the newest five carry every kind of related data."""
    VotingRules.objects.create(competition=world.competition, show_counts="during")
    EntryFactory.create_batch(
        61, competition=world.competition, author=world.author, approved=True
    )
    newest = [
        *world.approved,
        image_entry(world.competition, author=world.author, title="Second photo"),
    ]
    award(world.entry("Market day"), title="Best story")
    for entry in newest:
        EntryVoteCount.objects.create(entry=entry, valid_votes=2)
    soon = timezone.now() + timedelta(hours=1)
    Entry.objects.filter(pk__in=[e.pk for e in newest]).update(decided_at=soon)
    return world


def test_a_page_of_60_entries_costs_what_a_page_of_5_does(client, many_entries):
    small = queries(client, "/api/v1/entries/?limit=5")
    large = queries(client, "/api/v1/entries/?limit=60")

    assert small == large


def test_a_competitions_entries_cost_the_same_at_5_and_60(client, many_entries):
    url = "/api/v1/competitions/high-street/entries/"
    listed = client.get(f"{url}?limit=60").json()

    assert len(listed["items"]) == 60
    assert {e["votes"] for e in listed["items"][:5]} == {2}
    assert queries(client, f"{url}?limit=5") == queries(client, f"{url}?limit=60")


def test_a_page_of_competitions_costs_the_same_at_any_length(
    client, world, competition_index
):
    for number in range(6):
        competition = CompetitionPageFactory(
            parent=competition_index, slug=f"call-{number}"
        )
        CompetitionCategory.objects.create(page=competition, name="Poems")
        prize(competition, "First prize")
        CompetitionPartnership.objects.create(
            page=competition, partner=PartnerCommunityFactory()
        )

    small = queries(client, "/api/v1/competitions/?limit=1")
    large = queries(client, "/api/v1/competitions/?limit=8")

    assert small == large


def test_the_vote_counts_shown_cost_no_query_per_entry(client, many_entries):
    VotingRules.objects.filter(competition=many_entries.competition).update(
        show_counts=ShowCounts.NEVER
    )
    hidden = queries(client, "/api/v1/entries/?limit=60")
    VotingRules.objects.filter(competition=many_entries.competition).update(
        show_counts=ShowCounts.DURING
    )

    assert queries(client, "/api/v1/entries/?limit=60") == hidden
