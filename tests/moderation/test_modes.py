"""Moderation before and after publication, per competition, through the decisions.

Before publication (the default) an entry is public once a moderator approves
it. After publication its text is public as soon as it is submitted, its
files only once approved, and a rejection takes it all down again.
"""

import pytest

from competitions.enums import ModerationMode
from moderation.services import decision_approve, decision_reject
from submissions.models import Entry
from tests.factories import EntryFactory
from tests.support.moderation import build_world

BEFORE, AFTER = ModerationMode.BEFORE_PUBLICATION, ModerationMode.AFTER_PUBLICATION


@pytest.fixture
def world(competition_index, request):
    world = build_world(competition_index)
    world.competition_a.moderation_mode = request.param
    world.competition_a.save()
    return world


def seen_by_the_public(client, entry) -> tuple[bool, bool]:
    """Return whether a visitor gets the entry's page, and its image."""
    entry = Entry.objects.get(pk=entry.pk)
    page = client.get(entry.get_absolute_url())
    image = client.get(entry.media_url("image"))
    assert page.status_code in (200, 404) and image.status_code in (200, 404)
    return page.status_code == 200, image.status_code == 200


@pytest.mark.parametrize(
    ("world", "text_before_approval"),
    [pytest.param(BEFORE, False, id="before"), pytest.param(AFTER, True, id="after")],
    indirect=["world"],
)
def test_approval_publishes_the_text_and_the_files(client, world, text_before_approval):
    assert seen_by_the_public(client, world.entry_a) == (text_before_approval, False)

    decision_approve(entry=world.entry_a, actor=world.moderator_a)

    assert seen_by_the_public(client, world.entry_a) == (True, True)


@pytest.mark.parametrize(
    "world", [BEFORE, AFTER], indirect=True, ids=["before", "after"]
)
def test_a_rejection_takes_the_entry_down(client, world):
    """Rejected while waiting, or later once approved: nothing of it stays public."""
    approved_first = EntryFactory(
        competition=world.competition_a, kind="image", submitted=True
    )
    decision_approve(entry=approved_first, actor=world.moderator_a)
    assert seen_by_the_public(client, approved_first) == (True, True)

    for entry in (world.entry_a, approved_first):
        decision_reject(
            entry=entry, actor=world.moderator_a, reason="spam", message="Advert."
        )

        assert seen_by_the_public(client, entry) == (False, False)
