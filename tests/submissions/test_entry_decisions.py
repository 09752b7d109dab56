"""entry_approve, entry_reject and entry_request_changes: moderators decide."""

import pytest
from django.core.exceptions import PermissionDenied

from submissions.enums import EntryAction, EntryStatus
from submissions.models import EntryEvent
from submissions.services import (
    entry_approve,
    entry_reject,
    entry_request_changes,
    entry_save,
    entry_submit,
)
from tests.factories import EntryFactory, UserFactory
from tests.submissions.services_support import (
    NOT_DECIDABLE,
    event_tuple,
    last_event,
    refused,
    stored,
    words,
)

DECISIONS = [
    pytest.param(entry_approve, {"note": "Lovely light."}, "approved", id="approve"),
    pytest.param(entry_reject, {"reason": "Off topic."}, "rejected", id="reject"),
    pytest.param(
        entry_request_changes,
        {"feedback": "Please remove the surname."},
        "changes_requested",
        id="request_changes",
    ),
]


@pytest.mark.parametrize(("service", "kwargs", "status"), DECISIONS)
def test_a_moderator_decides_on_a_submitted_entry(
    competition, author, moderator, service, kwargs, status
):
    """The decision sets the status, the feedback and the time, and is audited."""
    entry = EntryFactory(competition=competition, author=author, submitted=True)
    (note,) = kwargs.values()

    service(entry=entry, actor=moderator, **kwargs)

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


@pytest.mark.parametrize(("service", "kwargs", "status"), DECISIONS)
@pytest.mark.parametrize("actor", ["author", "other_member"])
def test_members_cannot_decide(
    request, competition, author, actor, service, kwargs, status
):
    """Neither the author nor another member can approve, reject or return."""
    entry = EntryFactory(competition=competition, author=author, submitted=True)

    with pytest.raises(PermissionDenied):
        service(entry=entry, actor=request.getfixturevalue(actor), **kwargs)

    assert stored(entry).status == EntryStatus.SUBMITTED
    assert not EntryEvent.objects.filter(entry=entry).exists()


def test_staff_without_the_moderation_permission_cannot_decide(competition, author):
    """Being staff is not enough: deciding needs submissions.moderate_entry."""
    staff = UserFactory(is_staff=True)
    entry = EntryFactory(competition=competition, author=author, submitted=True)

    with pytest.raises(PermissionDenied):
        entry_approve(entry=entry, actor=staff)

    assert stored(entry).status == EntryStatus.SUBMITTED


@pytest.mark.parametrize(("service", "kwargs", "status"), DECISIONS)
@pytest.mark.parametrize(
    "state", ["draft", "withdrawn", "rejected", "changes_requested"]
)
def test_only_submitted_or_approved_entries_can_be_decided_on(
    competition, author, moderator, service, kwargs, status, state
):
    """A draft (or a withdrawn, rejected or returned entry) is not for deciding."""
    entry = EntryFactory(competition=competition, author=author, **{state: True})

    error = refused(service, entry=entry, actor=moderator, **kwargs)

    assert error.messages == [NOT_DECIDABLE]
    assert stored(entry).status == state


@pytest.mark.parametrize(
    ("service", "kwargs"),
    [
        (entry_reject, {"reason": "  "}),
        (entry_request_changes, {"feedback": ""}),
    ],
)
def test_rejecting_or_returning_needs_a_reason(
    competition, author, moderator, service, kwargs
):
    """The author is always told why."""
    entry = EntryFactory(competition=competition, author=author, submitted=True)

    error = refused(service, entry=entry, actor=moderator, **kwargs)

    assert list(error.message_dict) == ["feedback"]
    assert stored(entry).status == EntryStatus.SUBMITTED


def test_a_returned_entry_can_be_changed_and_resubmitted(
    competition, author, moderator
):
    """Asking for changes hands the entry back to its author to edit and resubmit."""
    entry = EntryFactory(competition=competition, author=author, submitted=True)
    entry_request_changes(entry=entry, actor=moderator, feedback="Shorter, please.")

    entry_save(entry=entry, actor=author, changes={"story": words(10)})
    entry_submit(entry=entry, actor=author)

    entry = stored(entry)
    assert (entry.status, entry.word_count) == (EntryStatus.SUBMITTED, 10)
    assert [e.action for e in entry.events.all()] == [
        "changes_requested",
        "edited",
        "submitted",
    ]
