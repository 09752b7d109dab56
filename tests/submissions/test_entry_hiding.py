"""Hiding after reports, reasons in plain words, and deciding again on appeal.

The primitives moderation builds on: ``entry_hide`` takes a public entry out of
every public list until a moderator decides; ``entry_decide`` carries the
decision's reason to the author and may decide a rejected entry on appeal.
"""

import pytest
from django.core import mail
from wagtail import hooks

from submissions.enums import EntryAction, EntryStatus
from submissions.models import Entry
from submissions.services import (
    ENTRY_SUBMITTED_HOOK,
    entry_decide,
    entry_hide,
    entry_submit,
)
from submissions.status import HIDDEN_AFTER_REPORTS, status_wording
from tests.factories import EntryFactory
from tests.submissions.services_support import NOT_DECIDABLE, refused, stored

REASON = "It is not on the competition's theme"


def test_a_hidden_entry_leaves_every_public_list_but_its_author_keeps_it(
    client, competition, author
):
    entry = EntryFactory(competition=competition, author=author, approved=True)
    assert Entry.objects.public().filter(pk=entry.pk).exists()

    assert entry_hide(entry=entry, note="3 reports") is True

    entry = stored(entry)
    assert entry.hidden_at is not None
    assert not Entry.objects.public().filter(pk=entry.pk).exists()
    assert not Entry.objects.with_public_media().filter(pk=entry.pk).exists()
    assert client.get(entry.get_absolute_url()).status_code == 404
    client.force_login(author)
    page = client.get(entry.get_absolute_url())
    assert page.status_code == 200
    assert str(HIDDEN_AFTER_REPORTS.on_entry_page) in page.content.decode()
    event = entry.events.latest("created_at")
    assert (event.action, event.actor, event.note) == (
        EntryAction.HIDDEN,
        None,
        "3 reports",
    )


def test_hiding_twice_changes_nothing(competition, author):
    entry = EntryFactory(competition=competition, author=author, approved=True)
    entry_hide(entry=entry)
    first = stored(entry).hidden_at

    assert entry_hide(entry=entry) is False

    assert stored(entry).hidden_at == first
    assert entry.events.filter(action=EntryAction.HIDDEN).count() == 1


def test_approving_a_hidden_entry_puts_it_back_and_tells_its_author(
    competition, author, moderator, django_capture_on_commit_callbacks
):
    entry = EntryFactory(competition=competition, author=author, approved=True)
    entry_hide(entry=entry)

    with django_capture_on_commit_callbacks(execute=True):
        entry_decide(entry=entry, actor=moderator, to_status=EntryStatus.APPROVED)

    assert stored(entry).hidden_at is None
    assert Entry.objects.public().filter(pk=entry.pk).exists()
    assert len(mail.outbox) == 1


def test_approving_an_approved_entry_again_sends_no_second_email(
    competition, author, moderator, django_capture_on_commit_callbacks
):
    """Setting reports aside on a visible entry is no news to its author."""
    entry = EntryFactory(competition=competition, author=author, approved=True)

    with django_capture_on_commit_callbacks(execute=True):
        entry_decide(entry=entry, actor=moderator, to_status=EntryStatus.APPROVED)

    assert mail.outbox == []


def test_rejecting_a_hidden_entry_keeps_it_down(competition, author, moderator):
    entry = EntryFactory(competition=competition, author=author, approved=True)
    entry_hide(entry=entry)

    entry_decide(
        entry=entry,
        actor=moderator,
        to_status=EntryStatus.REJECTED,
        feedback="It names a classmate.",
        reason=REASON,
    )

    assert not Entry.objects.public().filter(pk=entry.pk).exists()


def test_the_reason_reaches_the_author_in_plain_words(
    client, competition, author, moderator, django_capture_on_commit_callbacks
):
    """The email, the entry page and /me/ say why, and what can be done next."""
    entry = EntryFactory(competition=competition, author=author, submitted=True)

    with django_capture_on_commit_callbacks(execute=True):
        entry_decide(
            entry=entry,
            actor=moderator,
            to_status=EntryStatus.REJECTED,
            feedback="It is about lakes, not rivers.",
            reason=REASON,
        )

    assert stored(entry).feedback_reason == REASON
    (message,) = mail.outbox
    assert f"Why: {REASON}." in message.body
    assert "It is about lakes, not rivers." in message.body
    assert "look again" in message.body
    client.force_login(author)
    for url in (entry.get_absolute_url(), "/me/"):
        page = client.get(url).content.decode()
        assert REASON.replace("'", "&#x27;") in page, url


def test_on_appeal_only_a_rejected_entry_is_decided_again(
    competition, author, moderator
):
    rejected = EntryFactory(competition=competition, author=author, rejected=True)
    submitted = EntryFactory(competition=competition, author=author, submitted=True)

    entry_decide(
        entry=rejected,
        actor=moderator,
        to_status=EntryStatus.APPROVED,
        on_appeal=True,
    )
    error = refused(
        entry_decide,
        entry=submitted,
        actor=moderator,
        to_status=EntryStatus.APPROVED,
        on_appeal=True,
    )

    assert stored(rejected).status == EntryStatus.APPROVED
    assert error.messages == ["Only a rejected entry can be decided on appeal."]
    assert stored(submitted).status == EntryStatus.SUBMITTED


def test_without_appeal_a_rejected_entry_stays_rejected(competition, author, moderator):
    rejected = EntryFactory(competition=competition, author=author, rejected=True)

    error = refused(
        entry_decide, entry=rejected, actor=moderator, to_status=EntryStatus.APPROVED
    )

    assert error.messages == [NOT_DECIDABLE]


@pytest.mark.parametrize("status", [EntryStatus.APPROVED, EntryStatus.SUBMITTED])
def test_a_hidden_entry_is_worded_as_hidden(competition, author, status):
    entry = EntryFactory(competition=competition, author=author, status=status)
    entry_hide(entry=entry)

    assert status_wording(stored(entry)) is HIDDEN_AFTER_REPORTS


def test_the_submitted_hook_sees_each_submitted_entry(competition, author):
    seen = []
    with hooks.register_temporarily(ENTRY_SUBMITTED_HOOK, seen.append):
        entry = EntryFactory(competition=competition, author=author, draft=True)
        entry_submit(entry=entry, actor=author)

    assert [(e.pk, e.status) for e in seen] == [(entry.pk, EntryStatus.SUBMITTED)]
