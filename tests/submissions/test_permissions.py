"""Who may see, change, withdraw and submit an entry, in each of its states."""

import pytest
from django.contrib.auth.models import AnonymousUser

from competitions.enums import ModerationMode
from submissions.enums import EntryStatus
from submissions.permissions import (
    can_edit_entry,
    can_submit_entry,
    can_view_entry,
    can_withdraw_entry,
    is_entry_editor,
)
from tests.factories import CompetitionPageFactory, EntryFactory, UserFactory

STATUSES = [status.value for status in EntryStatus]
VIEWERS = ["author", "other_member", "anonymous", "moderator"]


@pytest.fixture
def viewer(author, other_member, moderator):
    """Return the user a test's ``who`` names."""

    def get(who: str):
        return {
            "author": author,
            "other_member": other_member,
            "moderator": moderator,
            "anonymous": AnonymousUser(),
        }[who]

    return get


def expected(table: dict[str, set[str]], who: str, status: str) -> bool:
    return status in table.get(who, set())


# can_view_entry -----------------------------------------------------------------

VIEW_BEFORE = {
    "author": set(STATUSES),
    "moderator": set(STATUSES),
    "other_member": {"approved"},
    "anonymous": {"approved"},
}
VIEW_AFTER = {
    "author": set(STATUSES),
    "moderator": set(STATUSES),
    "other_member": {"approved", "submitted"},
    "anonymous": {"approved", "submitted"},
}


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("who", VIEWERS)
def test_before_publication_only_approved_entries_are_public(
    competition, author, viewer, who, status
):
    """Others see approved entries only; the author and moderators see every one."""
    entry = EntryFactory(competition=competition, author=author, **{status: True})

    assert can_view_entry(viewer(who), entry) is expected(VIEW_BEFORE, who, status)


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("who", VIEWERS)
def test_after_publication_submitted_entries_are_public_too(
    competition_index, author, viewer, who, status
):
    """Moderating after publication shows submitted entries at once, nothing else."""
    competition = CompetitionPageFactory(
        parent=competition_index, moderation_mode=ModerationMode.AFTER_PUBLICATION
    )
    entry = EntryFactory(competition=competition, author=author, **{status: True})

    assert can_view_entry(viewer(who), entry) is expected(VIEW_AFTER, who, status)


def test_staff_without_the_moderation_permission_see_only_public_entries(
    competition, author
):
    """Being staff is not enough to see unpublished entries."""
    staff = UserFactory(is_staff=True)
    draft = EntryFactory(competition=competition, author=author)
    approved = EntryFactory(competition=competition, author=author, approved=True)

    assert is_entry_editor(staff) is False
    assert can_view_entry(staff, draft) is False
    assert can_view_entry(staff, approved) is True


def test_a_deactivated_moderator_sees_only_public_entries(
    competition, author, moderator
):
    """A moderator whose account is switched off loses access at once."""
    moderator.is_active = False
    entry = EntryFactory(competition=competition, author=author, submitted=True)

    assert can_view_entry(moderator, entry) is False


# can_edit_entry -----------------------------------------------------------------

EDIT_OPEN = {"author": {"draft", "changes_requested", "submitted"}}
EDIT_OPEN_LOCKED = {"author": {"draft", "changes_requested"}}


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("who", VIEWERS)
def test_only_the_author_edits_and_only_while_allowed(
    competition, author, viewer, who, status
):
    """While open (editing after submit allowed) the author edits unfinished entries."""
    assert competition.entries_editable_after_submit is True
    entry = EntryFactory(competition=competition, author=author, **{status: True})

    assert can_edit_entry(viewer(who), entry) is expected(EDIT_OPEN, who, status)


@pytest.mark.parametrize("status", STATUSES)
def test_submitted_entries_are_locked_where_the_competition_says_so(
    competition_index, author, status
):
    """Without entries_editable_after_submit a submitted entry cannot be changed."""
    competition = CompetitionPageFactory(
        parent=competition_index, entries_editable_after_submit=False
    )
    entry = EntryFactory(competition=competition, author=author, **{status: True})

    assert can_edit_entry(author, entry) is expected(EDIT_OPEN_LOCKED, "author", status)


@pytest.mark.parametrize("phase", ["voting", "judging", "results", "closed"])
def test_submitted_entries_are_locked_once_entries_close(
    competition_index, author, phase
):
    """Editing after submit is allowed only while the competition is open."""
    competition = CompetitionPageFactory(
        parent=competition_index, entries_editable_after_submit=True, **{phase: True}
    )
    submitted = EntryFactory(competition=competition, author=author, submitted=True)
    returned = EntryFactory(
        competition=competition, author=author, changes_requested=True
    )

    assert can_edit_entry(author, submitted) is False
    assert can_edit_entry(author, returned) is True


# can_withdraw_entry -------------------------------------------------------------

WITHDRAW = {"author": set(STATUSES) - {"withdrawn"}}


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("who", VIEWERS)
def test_only_the_author_withdraws_anything_not_yet_withdrawn(
    competition, author, viewer, who, status
):
    """The author may withdraw from any state but withdrawn; nobody else may."""
    entry = EntryFactory(competition=competition, author=author, **{status: True})

    assert can_withdraw_entry(viewer(who), entry) is expected(WITHDRAW, who, status)


@pytest.mark.parametrize(
    ("phase", "allowed"),
    [
        ("voting", True),
        ("judging", True),
        ("closed", True),
        ("results", False),
    ],
)
def test_withdrawing_ends_when_the_results_are_published(
    competition_index, author, phase, allowed
):
    """An approved entry may leave until the results are out."""
    competition = CompetitionPageFactory(parent=competition_index, **{phase: True})
    entry = EntryFactory(competition=competition, author=author, approved=True)

    assert can_withdraw_entry(author, entry) is allowed


# can_submit_entry ---------------------------------------------------------------

SUBMIT = {"author": {"draft", "changes_requested"}}


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("who", VIEWERS)
def test_only_the_author_submits_drafts_and_returned_entries(
    competition, author, viewer, who, status
):
    """Submitting is offered to the author for drafts and returned entries only."""
    entry = EntryFactory(competition=competition, author=author, **{status: True})

    assert can_submit_entry(viewer(who), entry) is expected(SUBMIT, who, status)
