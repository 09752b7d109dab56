"""Votes sent at the same moment, on PostgreSQL with real threads.

SQLite serialises writers for the whole database, so these run only when
DATABASE_URL points at PostgreSQL.
"""

import threading

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from tests.factories import (
    CompetitionIndexPageFactory,
    CompetitionPageFactory,
    EntryFactory,
    HomePageFactory,
)
from tests.voting.conftest import verified_member
from voting.models import EntryVoteCount, Vote, VotingRules
from voting.services import vote_cast

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Vote races need PostgreSQL: set DATABASE_URL.")


def race(calls) -> list:
    """Run each call in its own thread and connection, all released at once."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except ValidationError as error:
            outcomes[index] = error
        except Exception as error:  # noqa: BLE001 — any other fault is a failure
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.fixture
def entry(postgresql, transactional_db):
    """A public entry; a flushed database gets Wagtail's locale and root first."""
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root")
    )
    home = HomePageFactory(parent=root)
    index = CompetitionIndexPageFactory(parent=home)
    competition = CompetitionPageFactory(parent=index, voting=True)
    VotingRules.objects.create(competition=competition, votes_per_member=3)
    return EntryFactory(competition=competition, approved=True)


def cast(entry, voter):
    return lambda: vote_cast(
        entry=entry, voter=voter, ip="198.51.100.1", now=timezone.now()
    )


def test_twenty_votes_at_once_by_one_member_make_one_vote(entry):
    member = verified_member()

    outcomes = race([cast(entry, member) for _ in range(20)])

    votes = [o for o in outcomes if isinstance(o, Vote)]
    refusals = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(votes) == 1
    assert len(refusals) == 19, outcomes
    assert all("already voted" in " ".join(r.messages) for r in refusals)
    assert Vote.objects.filter(entry=entry).count() == 1
    assert EntryVoteCount.objects.get(entry=entry).valid_votes == 1


def test_fifty_members_at_once_are_all_counted(entry):
    members = [verified_member() for _ in range(50)]

    outcomes = race([cast(entry, member) for member in members])

    assert all(isinstance(o, Vote) for o in outcomes), outcomes
    rows = Vote.objects.filter(entry=entry).count()
    assert rows == 50
    assert EntryVoteCount.objects.get(entry=entry).valid_votes == rows


def test_one_member_at_once_for_many_entries_stays_under_the_limit(entry):
    member = verified_member()
    others = EntryFactory.create_batch(6, competition=entry.competition, approved=True)

    outcomes = race([cast(other, member) for other in others])

    assert sum(isinstance(o, Vote) for o in outcomes) == 3
    assert Vote.objects.filter(voter=member).count() == 3
