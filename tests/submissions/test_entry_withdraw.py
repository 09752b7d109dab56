"""entry_withdraw lets the author leave a competition until the results."""

import pytest
from django.core.exceptions import PermissionDenied

from submissions.enums import EntryStatus
from submissions.models import EntryEvent
from submissions.services import entry_withdraw
from tests.factories import CompetitionPageFactory, EntryFactory
from tests.submissions.services_support import event_tuple, last_event, stored


@pytest.mark.parametrize(
    "status", ["draft", "submitted", "approved", "changes_requested", "rejected"]
)
def test_the_author_may_withdraw_until_the_results(competition, author, status):
    """Withdrawing works from any state and is recorded."""
    entry = EntryFactory(competition=competition, author=author, **{status: True})

    entry_withdraw(entry=entry, actor=author)

    entry = stored(entry)
    assert entry.status == EntryStatus.WITHDRAWN
    assert entry.withdrawn_at is not None
    assert event_tuple(last_event(entry)) == (
        author,
        "withdrawn",
        status,
        "withdrawn",
        "",
    )


def test_withdrawing_is_still_possible_while_judging(competition_index, author):
    """Until the results are published an entry may leave."""
    competition = CompetitionPageFactory(parent=competition_index, judging=True)
    entry = EntryFactory(competition=competition, author=author, approved=True)

    entry_withdraw(entry=entry, actor=author)

    assert stored(entry).status == EntryStatus.WITHDRAWN


def test_withdrawing_after_the_results_is_refused(competition_index, author):
    """After the results an entry stays."""
    competition = CompetitionPageFactory(parent=competition_index, results=True)
    entry = EntryFactory(competition=competition, author=author, approved=True)

    with pytest.raises(PermissionDenied):
        entry_withdraw(entry=entry, actor=author)

    assert stored(entry).status == EntryStatus.APPROVED


@pytest.mark.parametrize("actor", ["other_member", "moderator"])
def test_only_the_author_may_withdraw(request, competition, author, actor):
    """Nobody withdraws someone else's entry."""
    entry = EntryFactory(competition=competition, author=author, submitted=True)

    with pytest.raises(PermissionDenied):
        entry_withdraw(entry=entry, actor=request.getfixturevalue(actor))

    assert stored(entry).status == EntryStatus.SUBMITTED


def test_withdrawing_twice_is_refused(competition, author):
    """A withdrawn entry cannot be withdrawn again."""
    entry = EntryFactory(competition=competition, author=author, withdrawn=True)

    with pytest.raises(PermissionDenied):
        entry_withdraw(entry=entry, actor=author)

    assert not EntryEvent.objects.filter(entry=entry).exists()
