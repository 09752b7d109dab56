"""A gallery's count of entries, kept until public pages go stale.

These tests commit (``transactional_db``): inside a test's transaction the count
is always worked out afresh, as it must be, since invalidation waits for a commit.
"""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core import pagecache
from submissions.enums import EntryStatus
from submissions.services import entry_decide
from tests.factories import (
    CompetitionIndexPageFactory,
    CompetitionPageFactory,
    EntryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def competition(home_page):
    """A competition with two approved entries."""
    index = CompetitionIndexPageFactory(parent=home_page)
    competition = CompetitionPageFactory(parent=index, slug="high-street")
    EntryFactory.create_batch(2, competition=competition, approved=True)
    return competition


def counts(queries: CaptureQueriesContext) -> int:
    return sum("COUNT(*)" in query["sql"] for query in queries.captured_queries)


def test_a_gallery_page_counts_once_per_generation(client, competition):
    client.get(competition.url + "gallery/")  # makes the site's settings row too
    client.get(competition.url + "gallery/?page=1")
    with CaptureQueriesContext(connection) as again:
        response = client.get(competition.url + "gallery/")

    assert response.status_code == 200
    assert "2 approved entries" in response.content.decode()
    assert counts(again) == 0


def test_an_approval_committed_counts_again(client, competition):
    waiting = EntryFactory(competition=competition, submitted=True)
    client.get(competition.url + "gallery/")

    entry_decide(
        entry=waiting,
        actor=UserFactory(is_superuser=True),
        to_status=EntryStatus.APPROVED,
    )
    response = client.get(competition.url + "gallery/")

    assert "3 approved entries" in response.content.decode()


def test_each_filter_has_its_own_count(client, competition):
    competition.entry_kinds = ["story", "idea"]
    competition.save_revision().publish()
    EntryFactory(competition=competition, approved=True, kind="idea")
    everything = client.get(competition.url + "gallery/").content.decode()
    ideas = client.get(competition.url + "gallery/?kind=idea").content.decode()

    assert "3 approved entries" in everything
    assert "1 approved entry" in ideas


def test_values_are_kept_per_generation():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    first = pagecache.generation_cached("answer", compute)
    second = pagecache.generation_cached("answer", compute)
    pagecache._new_generation()
    third = pagecache.generation_cached("answer", compute)

    assert (first, second, third) == (1, 1, 2)


def test_inside_a_transaction_values_are_worked_out_afresh():
    calls = []
    pagecache.generation_cached("answer", lambda: calls.append(1))
    with transaction.atomic():
        pagecache.generation_cached("answer", lambda: calls.append(1))

    assert len(calls) == 2


def test_turned_off_values_are_worked_out_every_time(settings):
    settings.PUBLIC_VALUE_CACHE_SECONDS = 0
    calls = []
    for _ in range(2):
        pagecache.generation_cached("answer", lambda: calls.append(1))

    assert len(calls) == 2
