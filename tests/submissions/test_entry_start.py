"""entry_start opens a draft only where and when the member may enter."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from competitions.enums import EntryKind
from submissions.models import Entry
from submissions.services import entry_start
from tests.factories import CompetitionPageFactory
from tests.submissions.services_support import event_tuple, last_event, refused, stored


def test_start_makes_a_draft_with_a_random_public_id_and_records_it(
    competition, author
):
    """Starting an entry makes the author's draft and writes a "created" event."""
    entry = entry_start(competition=competition, author=author, kind=EntryKind.IDEA)

    entry = stored(entry)
    assert (entry.status, entry.author, entry.kind) == ("draft", author, "idea")
    assert len(entry.public_id) == 16 and entry.public_id != str(entry.pk)
    assert event_tuple(last_event(entry)) == (author, "created", "draft", "draft", "")


def test_start_refuses_a_kind_the_competition_does_not_take(competition_index, author):
    """A story-only competition refuses to start a film, naming the kind field."""
    competition = CompetitionPageFactory(parent=competition_index)

    error = refused(
        entry_start, competition=competition, author=author, kind=EntryKind.FILM
    )

    assert error.message_dict == {
        "kind": ["This competition does not take entries of that kind."]
    }
    assert not Entry.objects.exists()


def test_start_refuses_before_entries_open(competition_index, author):
    """An upcoming competition says when entries open, in its own time zone."""
    competition = CompetitionPageFactory(
        parent=competition_index,
        time_zone="Asia/Tokyo",
        entries_open_at=datetime(2040, 3, 1, 0, 0, tzinfo=UTC),
        entries_close_at=datetime(2040, 4, 1, 0, 0, tzinfo=UTC),
    )

    error = refused(
        entry_start, competition=competition, author=author, kind=EntryKind.STORY
    )

    assert error.messages == ["Entries open on 1 March 2040, 09:00 (Asia/Tokyo)."]
    assert not Entry.objects.exists()


def test_start_refuses_after_entries_close(competition_index, author):
    """A closed competition cannot be entered."""
    competition = CompetitionPageFactory(parent=competition_index, closed=True)

    error = refused(
        entry_start, competition=competition, author=author, kind=EntryKind.STORY
    )

    assert error.code == "closed"
    assert "Entries closed on" in error.messages[0]
    assert not Entry.objects.exists()


def test_start_refuses_anonymous_visitors(competition):
    """Nobody enters without signing in."""
    with pytest.raises(PermissionDenied):
        entry_start(competition=competition, author=AnonymousUser(), kind="story")
    assert not Entry.objects.exists()
