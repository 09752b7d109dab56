"""The author reads what each status means, on the entry page and in /me/."""

import pytest

from competitions.enums import ModerationMode
from submissions.enums import EntryStatus
from submissions.services import entry_decide, entry_save, entry_submit
from tests.factories import CompetitionPageFactory, EntryFactory
from tests.submissions.services_support import words

ON_ENTRY_PAGE = {
    EntryStatus.DRAFT: "Only you can see this draft.",
    EntryStatus.SUBMITTED: "it becomes public once approved.",
    EntryStatus.CHANGES_REQUESTED: "A moderator has asked for changes.",
    EntryStatus.REJECTED: "This entry was not accepted.",
    EntryStatus.WITHDRAWN: "You withdrew this entry; only you can see it.",
}
IN_MEMBER_AREA = {
    EntryStatus.DRAFT: "Finish and submit your draft",
    EntryStatus.SUBMITTED: "Waiting for a moderator.",
    EntryStatus.APPROVED: "See it",
    EntryStatus.CHANGES_REQUESTED: "Make the changes and resubmit",
    EntryStatus.REJECTED: "Not accepted:",
    EntryStatus.WITHDRAWN: "Withdrawn.",
}


@pytest.mark.parametrize("status", list(EntryStatus))
def test_each_status_is_explained_to_the_author(client, competition, author, status):
    """Both pages say where the entry stands and what to do next."""
    entry = EntryFactory(competition=competition, author=author, **{status: True})
    client.force_login(author)

    entry_page = client.get(entry.get_absolute_url()).content.decode()
    member_area = client.get("/me/").content.decode()

    if status in ON_ENTRY_PAGE:
        assert ON_ENTRY_PAGE[status] in entry_page
    assert IN_MEMBER_AREA[status] in member_area


def test_an_entry_published_before_moderation_says_it_is_public(
    client, competition_index, author
):
    """Where text shows at once, the author is told it is already public."""
    competition = CompetitionPageFactory(
        parent=competition_index, moderation_mode=ModerationMode.AFTER_PUBLICATION
    )
    entry = EntryFactory(competition=competition, author=author, submitted=True)
    client.force_login(author)

    assert "It is public; a moderator will still look at it." in (
        client.get(entry.get_absolute_url()).content.decode()
    )
    assert "Public; waiting for a moderator to look again." in (
        client.get("/me/").content.decode()
    )


def decided(competition, author, moderator, status, feedback):
    """A submitted entry a moderator has decided, with words for its author."""
    entry = EntryFactory(competition=competition, author=author, submitted=True)
    entry_decide(entry=entry, actor=moderator, to_status=status, feedback=feedback)
    return entry


def test_the_moderators_words_show_until_the_author_resubmits(
    client, competition, author, moderator
):
    """Once resubmitted, the entry page no longer shows last round's request."""
    asked = "Please remove the surname."
    entry = decided(
        competition, author, moderator, EntryStatus.CHANGES_REQUESTED, asked
    )
    client.force_login(author)

    returned = client.get(entry.get_absolute_url()).content.decode()
    entry_save(entry=entry, actor=author, changes={"story": words(10)})
    entry_submit(entry=entry, actor=author)
    resubmitted = client.get(entry.get_absolute_url()).content.decode()

    assert "From the moderator" in returned
    assert asked in returned
    assert "From the moderator" not in resubmitted
    assert asked not in resubmitted


def test_a_note_left_with_an_approval_shows_to_the_author(
    client, competition, author, moderator
):
    """An approval's optional note is about the entry as it stands."""
    entry = decided(
        competition, author, moderator, EntryStatus.APPROVED, "Lovely light."
    )
    client.force_login(author)

    page = client.get(entry.get_absolute_url()).content.decode()

    assert "From the moderator" in page
    assert "Lovely light." in page
