"""Decisions: who may make them, what they change, and what they leave on record."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from communities.models import CommunityModerator
from moderation.enums import RejectionReason
from moderation.models import ModerationDecision, ModeratorAssignment
from moderation.services import (
    decision_approve,
    decision_reject,
    decision_request_changes,
)
from submissions.enums import EntryStatus
from submissions.models import Entry, EntryEvent
from tests.factories import (
    CommunityModeratorFactory,
    EntryFactory,
    ModeratorAssignmentFactory,
    UserFactory,
)
from tests.support.moderation import build_world

NOT_YOURS = "You do not moderate this competition."


@pytest.fixture
def world(competition_index):
    return build_world(competition_index)


def stored(entry) -> Entry:
    return Entry.objects.get(pk=entry.pk)


def approve(entry, actor):
    return decision_approve(
        entry=entry, actor=actor, message="Lovely light.", internal_note="Checked."
    )


def reject(entry, actor):
    return decision_reject(
        entry=entry,
        actor=actor,
        reason=RejectionReason.PERSONAL_INFORMATION,
        message="The shop sign shows a phone number.",
        internal_note="Second look at the sign.",
    )


def request_changes(entry, actor):
    return decision_request_changes(
        entry=entry,
        actor=actor,
        message="Please blur the number plate.",
        internal_note="Otherwise fine.",
    )


DECISIONS = [
    pytest.param(approve, EntryStatus.APPROVED, "", "Lovely light.", id="approve"),
    pytest.param(
        reject,
        EntryStatus.REJECTED,
        RejectionReason.PERSONAL_INFORMATION,
        "The shop sign shows a phone number.",
        id="reject",
    ),
    pytest.param(
        request_changes,
        EntryStatus.CHANGES_REQUESTED,
        "",
        "Please blur the number plate.",
        id="request_changes",
    ),
]
DECIDE = [param.values[0] for param in DECISIONS]


def nothing_recorded(entry) -> bool:
    return (
        stored(entry).status == EntryStatus.SUBMITTED
        and not ModerationDecision.objects.filter(entry=entry).exists()
        and not EntryEvent.objects.filter(entry=entry).exists()
        and not ModelLogEntry.objects.filter(object_id=str(entry.pk)).exists()
    )


# The happy paths ----------------------------------------------------------------


@pytest.mark.parametrize(("decide", "status", "reason", "message"), DECISIONS)
def test_an_assigned_moderator_decides_and_it_is_recorded(
    world, decide, status, reason, message
):
    """The entry changes, and the decision is a row, an event and an audit entry."""
    decision = decide(world.entry_a, world.moderator_a)

    entry = stored(world.entry_a)
    assert (entry.status, entry.feedback) == (status, message)
    decision = ModerationDecision.objects.get(pk=decision.pk)
    assert (
        decision.entry,
        decision.actor,
        decision.community,
        decision.from_status,
        decision.to_status,
        decision.reason,
        decision.message,
    ) == (
        entry,
        world.moderator_a,
        world.studyhub,
        EntryStatus.SUBMITTED,
        status,
        reason,
        message,
    )
    assert decision.internal_note
    event = entry.events.get()
    assert (event.actor, event.from_status, event.to_status) == (
        world.moderator_a,
        "submitted",
        status,
    )
    (audit,) = ModelLogEntry.objects.filter(object_id=str(entry.pk))
    assert (
        audit.action
        == {
            EntryStatus.APPROVED: "moderation.approve",
            EntryStatus.REJECTED: "moderation.reject",
            EntryStatus.CHANGES_REQUESTED: "moderation.request_changes",
        }[status]
    )
    assert audit.user == world.moderator_a
    assert audit.data["decision"] == decision.pk
    assert audit.data["community"] == "studyhub"
    assert (audit.data["from_status"], audit.data["to_status"]) == (
        "submitted",
        status,
    )
    assert audit.message  # the registered action has wording in the history


@pytest.mark.parametrize("decide", DECIDE)
def test_editors_decide_anywhere_on_behalf_of_no_community(world, decide):
    """An editor needs no assignment; the record names no community."""
    decision = decide(world.entry_b, world.editor)

    assert decision.community is None
    assert decision.actor == world.editor
    assert (
        ModelLogEntry.objects.get(object_id=str(world.entry_b.pk)).data["community"]
        is None
    )


def test_an_approved_entry_can_be_taken_down_later(world):
    """A moderator can reject an entry they approved; both decisions stay."""
    approve(world.entry_a, world.moderator_a)
    reject(stored(world.entry_a), world.moderator_a)

    assert list(
        ModerationDecision.objects.filter(entry=world.entry_a).values_list(
            "from_status", "to_status"
        )
    ) == [("submitted", "approved"), ("approved", "rejected")]


@pytest.mark.parametrize(("decide", "status", "reason", "message"), DECISIONS)
def test_the_entrant_is_emailed_the_message_after_commit_never_the_note(
    world, django_capture_on_commit_callbacks, decide, status, reason, message
):
    """The email carries the message to the entrant and never the internal note."""
    with django_capture_on_commit_callbacks() as callbacks:
        decision = decide(world.entry_a, world.moderator_a)
        assert mail.outbox == []
    for callback in callbacks:
        callback()

    (email,) = mail.outbox
    assert email.to == ["ana.private@example.org"]
    assert message in email.body
    assert decision.internal_note not in email.body
    assert world.moderator_a.email not in email.body


# Who may not decide ---------------------------------------------------------------


@pytest.mark.parametrize("decide", DECIDE)
def test_a_moderator_of_another_competition_is_refused(world, decide):
    """Moderating competition B gives no say over A's entries."""
    with pytest.raises(PermissionDenied, match=NOT_YOURS):
        decide(world.entry_a, world.moderator_b)

    assert nothing_recorded(world.entry_a)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"active_until": -1}, id="ended"),
        pytest.param({"active_from": 1}, id="not yet begun"),
    ],
)
@pytest.mark.parametrize("decide", DECIDE)
def test_an_assignment_out_of_its_dates_gives_no_right(world, decide, change):
    """Before active_from and from active_until on, the moderator is refused."""
    assignment = world.assignment_of(world.moderator_a)
    ((field, days),) = change.items()
    when = timezone.now() + timedelta(days=days)
    if field == "active_from":
        ModeratorAssignment.objects.filter(pk=assignment.pk).update(
            active_from=when, active_until=None
        )
    else:
        ModeratorAssignment.objects.filter(pk=assignment.pk).update(
            active_from=when - timedelta(days=5), active_until=when
        )

    with pytest.raises(PermissionDenied):
        decide(world.entry_a, world.moderator_a)

    assert nothing_recorded(world.entry_a)


@pytest.mark.parametrize("decide", DECIDE)
def test_a_deactivated_moderator_is_refused(world, decide):
    """Switching the account off ends its assignments at once."""
    world.moderator_a.is_active = False
    world.moderator_a.save()

    with pytest.raises(PermissionDenied):
        decide(world.entry_a, world.moderator_a)

    assert nothing_recorded(world.entry_a)


@pytest.mark.parametrize("decide", DECIDE)
def test_a_moderator_taken_off_the_roster_is_refused(world, decide):
    """The community's roster is the source: off it, the assignment stops."""
    CommunityModerator.objects.filter(user=world.moderator_a).update(active=False)

    with pytest.raises(PermissionDenied):
        decide(world.entry_a, world.moderator_a)

    assert nothing_recorded(world.entry_a)


@pytest.mark.parametrize("decide", DECIDE)
@pytest.mark.parametrize("who", ["author", "other member", "staff", "anonymous"])
def test_members_staff_and_visitors_cannot_decide(world, decide, who):
    """Neither the author, another member, plain staff nor a visitor decides."""
    actor = {
        "author": world.author,
        "other member": UserFactory(),
        "staff": UserFactory(is_staff=True),
        "anonymous": AnonymousUser(),
    }[who]

    with pytest.raises(PermissionDenied):
        decide(world.entry_a, actor)

    assert nothing_recorded(world.entry_a)


def test_the_refusal_comes_before_any_check_of_the_form(world):
    """An outsider learns nothing from validation: the right is checked first."""
    with pytest.raises(PermissionDenied):
        decision_reject(
            entry=world.entry_a, actor=world.moderator_b, reason="", message=""
        )
    with pytest.raises(PermissionDenied):
        decision_request_changes(
            entry=world.entry_a, actor=world.moderator_b, message=""
        )


# Bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "message", "fields"),
    [
        ("", "Off theme.", ["reason"]),
        ("not-a-reason", "Off theme.", ["reason"]),
        (RejectionReason.SPAM, "   ", ["message"]),
        ("", "", ["reason", "message"]),
    ],
)
def test_a_rejection_needs_a_known_reason_and_a_message(world, reason, message, fields):
    """The entrant is always told why, under one of the listed reasons."""
    with pytest.raises(ValidationError) as caught:
        decision_reject(
            entry=world.entry_a, actor=world.moderator_a, reason=reason, message=message
        )

    assert sorted(caught.value.message_dict) == sorted(fields)
    assert nothing_recorded(world.entry_a)


def test_asking_for_changes_needs_a_message(world):
    with pytest.raises(ValidationError) as caught:
        decision_request_changes(
            entry=world.entry_a, actor=world.moderator_a, message=" "
        )

    assert caught.value.message_dict == {"message": ["Please say what should change."]}
    assert nothing_recorded(world.entry_a)


@pytest.mark.parametrize("state", ["rejected", "changes_requested"])
@pytest.mark.parametrize("decide", DECIDE)
def test_only_submitted_or_approved_entries_are_decided(world, decide, state):
    """A rejected or returned entry is not decided again until it comes back."""
    entry = EntryFactory(competition=world.competition_a, **{state: True})

    with pytest.raises(ValidationError) as caught:
        decide(entry, world.moderator_a)

    assert caught.value.messages == [
        "Only submitted or approved entries can be decided on."
    ]
    assert stored(entry).status == state
    assert not ModerationDecision.objects.filter(entry=entry).exists()


# The record -----------------------------------------------------------------------


def test_a_decision_is_never_changed_or_deleted(world):
    """Saving a recorded decision again or deleting it is refused."""
    decision = approve(world.entry_a, world.moderator_a)
    decision.message = "Rewritten history."

    with pytest.raises(ValueError, match="never changed"):
        decision.save()
    with pytest.raises(ValueError, match="never deleted"):
        decision.delete()

    assert ModerationDecision.objects.get(pk=decision.pk).message == "Lovely light."


def test_an_assignment_needs_the_moderator_on_that_communitys_roster(world):
    """Only roster members can be lent, and only by their own community."""
    outsider = UserFactory(is_staff=True)
    assignment = ModeratorAssignment(
        competition=world.competition_a,
        moderator=outsider,
        community=world.studyhub,
    )
    with pytest.raises(ValidationError) as caught:
        assignment.full_clean()
    assert list(caught.value.message_dict) == ["moderator"]
    assert "not on StudyHub's roster" in caught.value.message_dict["moderator"][0]

    # On another community's roster is not enough either.
    CommunityModeratorFactory(user=outsider, community=world.parents)
    with pytest.raises(ValidationError):
        assignment.full_clean()

    CommunityModeratorFactory(user=outsider, community=world.studyhub)
    assignment.full_clean()


def test_an_assignment_must_end_after_it_starts(world):
    now = timezone.now()
    assignment = ModeratorAssignmentFactory.build(
        competition=world.competition_a,
        moderator=world.moderator_a,
        community=world.studyhub,
        active_from=now,
        active_until=now - timedelta(hours=1),
    )

    with pytest.raises(ValidationError, match="must end after it starts"):
        assignment.full_clean()
