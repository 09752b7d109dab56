"""entry_decide: the state change moderation calls once it has checked the actor.

Who may decide is moderation's rule (tests/moderation/test_services.py).
"""

import pytest

from submissions.enums import EntryAction, EntryStatus
from submissions.models import EntryEvent
from submissions.services import (
    entry_decide,
    entry_save,
    entry_submit,
)
from tests.factories import EntryFactory
from tests.submissions.services_support import (
    NOT_DECIDABLE,
    event_tuple,
    last_event,
    refused,
    stored,
    words,
)

DECISIONS = [
    pytest.param("approved", "Lovely light.", id="approve"),
    pytest.param("rejected", "Off topic.", id="reject"),
    pytest.param(
        "changes_requested", "Please remove the surname.", id="request_changes"
    ),
]


@pytest.mark.parametrize(("status", "note"), DECISIONS)
def test_a_moderator_decides_on_a_submitted_entry(
    competition, author, moderator, status, note
):
    """The decision sets the status, the feedback and the time, and is audited."""
    entry = EntryFactory(competition=competition, author=author, submitted=True)

    entry_decide(entry=entry, actor=moderator, to_status=status, feedback=note)

    entry = stored(entry)
    assert (entry.status, entry.feedback) == (status, note)
    assert entry.decided_at is not None
    assert event_tuple(last_event(entry)) == (
        moderator,
        EntryAction(status).value,
        "submitted",
        status,
        note,
    )


@pytest.mark.parametrize("outcome", ["draft", "submitted", "withdrawn", "nonsense"])
def test_only_a_moderation_outcome_can_be_decided(
    competition, author, moderator, outcome
):
    """Deciding cannot submit, withdraw or invent a state."""
    entry = EntryFactory(competition=competition, author=author, submitted=True)

    with pytest.raises(ValueError, match="Not a moderation outcome"):
        entry_decide(entry=entry, actor=moderator, to_status=outcome, feedback="x")

    assert stored(entry).status == EntryStatus.SUBMITTED
    assert not EntryEvent.objects.filter(entry=entry).exists()


@pytest.mark.parametrize(("status", "note"), DECISIONS)
@pytest.mark.parametrize(
    "state", ["draft", "withdrawn", "rejected", "changes_requested"]
)
def test_only_submitted_or_approved_entries_can_be_decided_on(
    competition, author, moderator, status, note, state
):
    """A draft (or a withdrawn, rejected or returned entry) is not for deciding."""
    entry = EntryFactory(competition=competition, author=author, **{state: True})

    error = refused(
        entry_decide, entry=entry, actor=moderator, to_status=status, feedback=note
    )

    assert error.messages == [NOT_DECIDABLE]
    assert stored(entry).status == state


@pytest.mark.parametrize(
    ("status", "feedback"),
    [("rejected", "  "), ("changes_requested", "")],
)
def test_rejecting_or_returning_needs_a_reason(
    competition, author, moderator, status, feedback
):
    """The author is always told why."""
    entry = EntryFactory(competition=competition, author=author, submitted=True)

    error = refused(
        entry_decide, entry=entry, actor=moderator, to_status=status, feedback=feedback
    )

    assert list(error.message_dict) == ["feedback"]
    assert stored(entry).status == EntryStatus.SUBMITTED


def test_a_returned_entry_can_be_changed_and_resubmitted(
    competition, author, moderator
):
    """Asking for changes hands the entry back to its author to edit and resubmit."""
    entry = EntryFactory(competition=competition, author=author, submitted=True)
    entry_decide(
        entry=entry,
        actor=moderator,
        to_status="changes_requested",
        feedback="Shorter, please.",
    )

    entry_save(entry=entry, actor=author, changes={"story": words(10)})
    entry_submit(entry=entry, actor=author)

    entry = stored(entry)
    assert (entry.status, entry.word_count) == (EntryStatus.SUBMITTED, 10)
    assert [e.action for e in entry.events.all()] == [
        "changes_requested",
        "edited",
        "submitted",
    ]
