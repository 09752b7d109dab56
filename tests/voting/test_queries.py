"""The entry page's vote section costs the same at 3 and at 30 votes; the
people's choice comes from valid votes."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import EntryFactory
from tests.voting.conftest import verified_member
from voting.integrity import integrity_check
from voting.models import ShowCounts, VotingRules
from voting.selectors import peoples_choice
from voting.services import vote_cast


def add_votes(entry, number, *, late=False):
    for index in range(number):
        voter = verified_member()
        if not late:  # members for a while, joined weeks apart
            voter.date_joined = timezone.now() - timedelta(days=100 + 10 * index)
            voter.save()
        vote_cast(
            entry=entry,
            voter=voter,
            ip=f"10.{int(late)}.{index // 250}.{index % 250}",
            now=timezone.now(),
        )


def page_queries(client, entry) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        page = client.get(entry.get_absolute_url())
    assert page.status_code == 200
    return len(queries), page.content.decode()


def test_entry_page_queries_do_not_grow(client, competition, member):
    VotingRules.objects.create(competition=competition, show_counts=ShowCounts.DURING)
    small, large = EntryFactory.create_batch(2, competition=competition, approved=True)
    add_votes(small, 3)
    add_votes(large, 30)
    client.force_login(member)
    client.get(small.get_absolute_url())  # the first request warms the site's caches

    small_queries, small_page = page_queries(client, small)
    large_queries, large_page = page_queries(client, large)

    assert "3 votes" in small_page and "30 votes" in large_page
    assert small_queries == large_queries
    # One answer to "is it public" for every section (18; 27 before it was kept).
    assert small_queries <= 18, small_queries


def test_peoples_choice_counts_valid_votes_only(competition):
    first, second = EntryFactory.create_batch(2, competition=competition, approved=True)
    add_votes(first, 3)
    add_votes(second, 2)
    add_votes(second, 2, late=True)  # accounts made after voting opened
    assert peoples_choice(competition=competition) == [(second, 4), (first, 3)]

    integrity_check(competition=competition, now=timezone.now())

    assert peoples_choice(competition=competition) == [(first, 3), (second, 2)]
