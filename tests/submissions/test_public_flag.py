"""``with_public_flag()`` loads the answer of ``Entry.objects.public()`` with the entry.

The entry page's sections (share links, social tags, the vote, the report form)
each ask ``Entry.is_public_now()``; loaded with the entry it is one answer, not
a query per section. It must agree with ``public()`` for every entry, and a
write that depends on it (``fresh``) must never trust the loaded copy.
"""

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from competitions.enums import ModerationMode
from submissions.enums import EntryStatus
from submissions.models import Entry
from tests.factories import CompetitionPageFactory, EntryFactory


@pytest.fixture
def entries(competition_index, competition, author):
    after = CompetitionPageFactory(
        parent=competition_index,
        slug="after-publication",
        moderation_mode=ModerationMode.AFTER_PUBLICATION,
    )
    private = CompetitionPageFactory(parent=competition_index, slug="private")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    unpublished = CompetitionPageFactory(parent=competition_index, slug="draft-call")
    unpublished.unpublish()
    made = [
        EntryFactory(competition=place, author=author, **{trait: True})
        for place in (competition, after, private, unpublished)
        for trait in ("draft", "submitted", "approved", "rejected")
    ]
    hidden = EntryFactory(competition=competition, author=author, approved=True)
    Entry.objects.filter(pk=hidden.pk).update(hidden_at=timezone.now())
    return [*made, hidden]


def test_the_loaded_flag_agrees_with_public_for_every_entry(entries):
    public = set(Entry.objects.public().values_list("pk", flat=True))
    flags = dict(Entry.objects.with_public_flag().values_list("pk", "public_now"))

    assert {pk for pk, flag in flags.items() if flag} == public
    # Both answers occur: the comparison above can fail.
    assert public and set(flags) - public


def test_a_loaded_entry_answers_without_a_query(entries, django_assert_num_queries):
    loaded = list(
        Entry.objects.with_public_flag().filter(pk__in=[e.pk for e in entries])
    )
    public = set(Entry.objects.public().values_list("pk", flat=True))

    with django_assert_num_queries(0):
        answers = {entry.pk: entry.is_public_now() for entry in loaded}

    assert answers == {entry.pk: entry.pk in public for entry in loaded}


def test_an_entry_loaded_without_the_flag_asks_the_database(
    competition, author, django_assert_num_queries
):
    made = EntryFactory(competition=competition, author=author, approved=True)
    entry = Entry.objects.get(pk=made.pk)

    with django_assert_num_queries(2):  # the view restrictions, then the entry
        assert entry.is_public_now() is True


def test_fresh_asks_the_database_whatever_was_loaded(competition, author):
    entry = EntryFactory(competition=competition, author=author, approved=True)
    loaded = Entry.objects.with_public_flag().get(pk=entry.pk)
    Entry.objects.filter(pk=entry.pk).update(status=EntryStatus.REJECTED)

    assert loaded.is_public_now() is True  # as the page loaded it
    assert loaded.is_public_now(fresh=True) is False
