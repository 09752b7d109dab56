"""Helpers shared by the tests of the entry services."""

import pytest
from django.core.exceptions import ValidationError

from submissions.models import Entry, EntryEvent

FILL_IN = "Please fill this in before submitting."
NOT_DECIDABLE = "Only submitted or approved entries can be decided on."
ALREADY_SUBMITTED = "This entry has already been submitted."
TOO_LATE = "This competition has finished; it is too late."


def refused(service, **kwargs) -> ValidationError:
    """Return the ValidationError with which ``service`` refuses ``kwargs``."""
    with pytest.raises(ValidationError) as caught:
        service(**kwargs)
    return caught.value


def words(count: int) -> str:
    return " ".join(["word"] * count)


def last_event(entry) -> EntryEvent:
    return EntryEvent.objects.filter(entry=entry).last()


def event_tuple(event: EntryEvent) -> tuple:
    return (event.actor, event.action, event.from_status, event.to_status, event.note)


def stored(entry) -> Entry:
    return Entry.objects.get(pk=entry.pk)


def html_part(message) -> str:
    (html,) = [
        alternative.content
        for alternative in message.alternatives
        if alternative.mimetype == "text/html"
    ]
    return html


def whole_message(message) -> str:
    return "\n".join([message.subject, message.body, html_part(message)])
