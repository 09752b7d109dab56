"""The author reads what each status means, on the entry page and in /me/."""

import pytest

from competitions.enums import ModerationMode
from submissions.enums import EntryStatus
from tests.factories import CompetitionPageFactory, EntryFactory

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
