"""Each transition emails the author after the commit, and only then."""

import pytest
from django.core import mail

from competitions.enums import ModerationMode
from submissions.services import (
    entry_decide,
    entry_submit,
    entry_withdraw,
)
from tests.factories import CompetitionPageFactory, EntryFactory
from tests.submissions.services_support import html_part, refused, whole_message


def run_transition(name, entry, author, moderator):
    if name == "received":
        entry_submit(entry=entry, actor=author)
    else:
        feedback = {"approved": "Lovely light.", "rejected": "Off topic."}
        entry_decide(
            entry=entry,
            actor=moderator,
            to_status=name,
            feedback=feedback.get(name, "Shorter."),
        )


EMAILS = [
    ("received", "draft", "We have your entry to Rivers & Streams", "We have received"),
    (
        "approved",
        "submitted",
        "Your entry to Rivers & Streams is approved",
        "Lovely light.",
    ),
    ("rejected", "submitted", "About your entry to Rivers & Streams", "Off topic."),
    (
        "changes_requested",
        "submitted",
        "Please change your entry to Rivers & Streams",
        "Shorter.",
    ),
]


@pytest.mark.parametrize(("name", "state", "subject", "says"), EMAILS)
def test_each_transition_emails_the_author_after_commit(
    competition,
    author,
    other_member,
    moderator,
    django_capture_on_commit_callbacks,
    name,
    state,
    subject,
    says,
):
    """The author gets a plain and an HTML email, by handle, after the commit."""
    competition.title = "Rivers & Streams"
    competition.save()
    EntryFactory(competition=competition, author=other_member, submitted=True)
    entry = EntryFactory(
        competition=competition, author=author, title="The weir", **{state: True}
    )

    with django_capture_on_commit_callbacks() as callbacks:
        run_transition(name, entry, author, moderator)
        assert mail.outbox == []
    for callback in callbacks:
        callback()

    (message,) = mail.outbox
    assert message.to == ["ana.private@example.org"]
    assert message.subject == subject
    assert "Hello ana_writes," in message.body
    assert says in message.body and "“The weir”" in message.body
    assert entry.get_absolute_url() in message.body
    html = html_part(message)
    assert "<p>Hello ana_writes,</p>" in html
    assert says in html
    everything = whole_message(message)
    for address in (moderator.email, other_member.email):
        assert address not in everything


def test_the_html_email_escapes_what_the_member_typed(
    competition, author, django_capture_on_commit_callbacks
):
    """A title with markup is shown as text in the HTML part and as-is in plain."""
    entry = EntryFactory(
        competition=competition, author=author, title='<img src=x onerror="alert(1)">'
    )

    with django_capture_on_commit_callbacks(execute=True):
        entry_submit(entry=entry, actor=author)

    (message,) = mail.outbox
    assert "<img" not in html_part(message)
    assert "&lt;img src=x" in html_part(message)
    assert '<img src=x onerror="alert(1)">' in message.body


def test_the_receipt_says_whether_the_entry_is_public_yet(
    competition_index, author, django_capture_on_commit_callbacks
):
    """With moderation after publication the receipt says the entry is public now."""
    competition = CompetitionPageFactory(
        parent=competition_index, moderation_mode=ModerationMode.AFTER_PUBLICATION
    )
    entry = EntryFactory(competition=competition, author=author)

    with django_capture_on_commit_callbacks(execute=True):
        entry_submit(entry=entry, actor=author)

    assert "It is public now" in mail.outbox[0].body


def test_refusals_and_withdrawals_send_no_email(
    competition, author, django_capture_on_commit_callbacks
):
    """Nothing is emailed for a refused submit or a withdrawal."""
    refused_entry = EntryFactory(competition=competition, author=author, title="")
    entry = EntryFactory(competition=competition, author=author, submitted=True)

    with django_capture_on_commit_callbacks(execute=True):
        refused(entry_submit, entry=refused_entry, actor=author)
        entry_withdraw(entry=entry, actor=author)

    assert mail.outbox == []
