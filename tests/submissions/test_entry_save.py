"""entry_save changes a draft only for its author, and sanitises and audits it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from competitions.enums import EntryKind, Licence
from submissions.enums import AgeBand, EntryStatus
from submissions.models import EntryEvent
from submissions.services import entry_save
from tests.factories import CompetitionPageFactory, EntryFactory
from tests.submissions.services_support import (
    event_tuple,
    last_event,
    refused,
    stored,
    words,
)
from tests.support.entries import FILM_URL, STORY


def test_save_changes_the_draft_and_records_an_edit(competition, author):
    """The author's changes are stored and an "edited" event is written."""
    entry = EntryFactory(competition=competition, author=author, title="Old")

    entry_save(
        entry=entry,
        actor=author,
        changes={"title": "Night bus", "licence": Licence.CC_BY_SA},
    )

    entry = stored(entry)
    assert (entry.title, entry.licence) == ("Night bus", "cc-by-sa-4.0")
    assert event_tuple(last_event(entry)) == (author, "edited", "draft", "draft", "")


def test_save_sanitises_story_html(competition, author):
    """Scripts, event handlers and javascript: links never reach the database."""
    entry = EntryFactory(competition=competition, author=author)
    attack = (
        '<p onclick="steal()">Hello <a href="javascript:alert(1)">there</a></p>'
        "<script>alert(document.cookie)</script>"
        '<img src="x" onerror="alert(2)"><iframe src="https://evil.example"></iframe>'
        '<p style="background:url(evil)"><a href="https://example.org">ok</a></p>'
    )

    entry_save(entry=entry, actor=author, changes={"story": attack})

    story = stored(entry).story
    for payload in ("<script", "alert", "onerror", "onclick", "javascript:"):
        assert payload not in story
    for payload in ("<img", "<iframe", "style=", "evil"):
        assert payload not in story
    assert "<p>Hello <a" in story
    assert 'href="https://example.org" rel="nofollow ugc noopener"' in story


def test_save_turns_plain_text_into_paragraphs_and_counts_words(competition, author):
    """Blank lines part paragraphs, single newlines become line breaks."""
    entry = EntryFactory(competition=competition, author=author)

    entry_save(
        entry=entry,
        actor=author,
        changes={"story": "Fish & chips.\n\nSecond line\nthird line here."},
    )

    entry = stored(entry)
    assert entry.story == (
        "<p>Fish &amp; chips.</p><p>Second line<br>third line here.</p>"
    )
    assert entry.word_count == 7  # "&" is not a word: letters and digits count


def test_plain_text_with_a_less_than_sign_keeps_its_paragraphs(competition, author):
    """ "I <3 it" or "x < y" is still plain text: escaped, and paragraphs kept."""
    entry = EntryFactory(competition=competition, author=author)

    entry_save(
        entry=entry,
        actor=author,
        changes={"story": "I <3 my town.\n\nIf x < y, say so."},
    )

    assert stored(entry).story == ("<p>I &lt;3 my town.</p><p>If x &lt; y, say so.</p>")


def test_save_refuses_under_13s(competition, author):
    """Choosing "under 13" is refused at once and nothing is saved."""
    entry = EntryFactory(competition=competition, author=author, title="Before")

    error = refused(
        entry_save,
        entry=entry,
        actor=author,
        changes={"title": "After", "age_band": AgeBand.UNDER_13},
    )

    assert "you must be 13 or over to enter" in error.message_dict["age_band"][0]
    entry = stored(entry)
    assert (entry.title, entry.age_band) == ("Before", AgeBand.ADULT)
    assert not EntryEvent.objects.filter(entry=entry, action="edited").exists()


def test_save_refuses_a_film_link_that_is_not_youtube_or_vimeo(competition, author):
    """A film link to another site is refused with a message naming the providers."""
    entry = EntryFactory(competition=competition, author=author, kind=EntryKind.FILM)

    error = refused(
        entry_save,
        entry=entry,
        actor=author,
        changes={"film_url": "https://evil.example/watch?v=dQw4w9WgXcQ"},
    )

    assert "YouTube or Vimeo" in error.message_dict["film_url"][0]
    assert stored(entry).film_url == FILM_URL


@pytest.mark.parametrize("actor", ["other_member", "moderator", "anonymous"])
def test_save_refuses_anyone_but_the_author(request, competition, author, actor):
    """Another member, a moderator or a visitor cannot change the author's entry."""
    user = AnonymousUser() if actor == "anonymous" else request.getfixturevalue(actor)
    entry = EntryFactory(competition=competition, author=author, title="Mine")

    with pytest.raises(PermissionDenied):
        entry_save(entry=entry, actor=user, changes={"title": "Hijacked"})

    assert stored(entry).title == "Mine"


def test_save_refuses_fields_authors_may_not_set(competition, author):
    """The status and the moderator's feedback are not the author's to change."""
    entry = EntryFactory(competition=competition, author=author)

    with pytest.raises(ValueError, match="status"):
        entry_save(entry=entry, actor=author, changes={"status": "approved"})

    assert stored(entry).status == EntryStatus.DRAFT


@pytest.mark.parametrize("status", ["approved", "rejected", "withdrawn"])
def test_save_refuses_entries_past_editing(competition, author, status):
    """Approved, rejected and withdrawn entries cannot be changed."""
    entry = EntryFactory(competition=competition, author=author, **{status: True})

    with pytest.raises(PermissionDenied):
        entry_save(entry=entry, actor=author, changes={"title": "Changed"})


def test_save_of_a_submitted_entry_follows_the_competition_rule(
    competition_index, author
):
    """A submitted entry changes while open only if the competition allows it."""
    allowed = CompetitionPageFactory(
        parent=competition_index, entries_editable_after_submit=True
    )
    locked = CompetitionPageFactory(
        parent=competition_index, entries_editable_after_submit=False
    )
    editable = EntryFactory(competition=allowed, author=author, submitted=True)
    fixed = EntryFactory(competition=locked, author=author, submitted=True)

    entry_save(entry=editable, actor=author, changes={"title": "Better title"})
    with pytest.raises(PermissionDenied):
        entry_save(entry=fixed, actor=author, changes={"title": "Better title"})

    assert stored(editable).title == "Better title"
    assert stored(editable).status == EntryStatus.SUBMITTED
    assert stored(fixed).title != "Better title"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"story": words(51)}, "story"),
        ({"rules_accepted": False}, "rules_accepted"),
        (
            {"age_band": AgeBand.AGE_13_TO_17, "guardian_confirmed": False},
            "guardian_confirmed",
        ),
        ({"licence": Licence.CC_BY_NC}, "licence"),
        ({"title": ""}, "title"),
    ],
)
def test_editing_a_submitted_entry_cannot_break_the_rules(
    competition, author, changes, field
):
    """A submitted entry stays one that could be submitted: bad edits are refused."""
    entry = EntryFactory(competition=competition, author=author, submitted=True)

    error = refused(entry_save, entry=entry, actor=author, changes=changes)

    assert field in error.message_dict
    entry = stored(entry)
    assert (entry.story, entry.rules_accepted) == (STORY, True)
    assert (entry.age_band, entry.licence) == (AgeBand.ADULT, Licence.CC_BY)
    assert entry.title
