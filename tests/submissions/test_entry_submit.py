"""entry_submit checks the window, the limit and the entry before submitting."""

from datetime import UTC, datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from competitions.enums import EntryKind, Licence
from competitions.models import CompetitionCategory
from submissions.enums import AgeBand, EntryStatus
from submissions.services import (
    entry_save,
    entry_start,
    entry_submit,
)
from tests.factories import CompetitionPageFactory, EntryFactory
from tests.submissions.services_support import (
    ALREADY_SUBMITTED,
    FILL_IN,
    TOO_LATE,
    event_tuple,
    last_event,
    refused,
    stored,
    words,
)
from tests.support.entries import FILM_URL, STORY, checked_image

# entry_submit: the happy path for each kind --------------------------------------


@pytest.mark.parametrize("kind", [kind.value for kind in EntryKind])
def test_each_kind_goes_from_draft_to_submitted(
    competition, author, kind, django_capture_on_commit_callbacks
):
    """Starting, saving and submitting a complete entry of each kind works."""
    changes = {
        "title": "Rivers at night",
        "licence": Licence.CC_BY,
        "rules_accepted": True,
        "age_band": AgeBand.AGE_13_TO_17,
        "guardian_confirmed": True,
        **{
            EntryKind.STORY: {"story": "The river was loud."},
            EntryKind.IMAGE: {"image_alt_text": "A red square."},
            EntryKind.FILM: {"film_url": "https://vimeo.com/123456789"},
            EntryKind.IDEA: {
                "idea_problem": "Buses stop at ten.",
                "idea_proposal": "Run a night bus.",
                "idea_beneficiaries": "Shift workers.",
                "idea_requirements": "Two drivers.",
            },
        }[kind],
    }
    image = checked_image() if kind == EntryKind.IMAGE else None
    entry = entry_start(competition=competition, author=author, kind=kind)
    entry = entry_save(entry=entry, actor=author, changes=changes, image=image)

    with django_capture_on_commit_callbacks(execute=True):
        entry = entry_submit(entry=entry, actor=author)

    entry = stored(entry)
    assert entry.status == EntryStatus.SUBMITTED
    assert entry.submitted_at is not None
    assert [e.action for e in entry.events.all()] == ["created", "edited", "submitted"]
    assert event_tuple(last_event(entry)) == (
        author,
        "submitted",
        "draft",
        "submitted",
        "",
    )
    assert [message.to for message in mail.outbox] == [["ana.private@example.org"]]


def test_submitting_a_film_fetches_its_embed_after_commit(
    competition, author, fetched_embeds, django_capture_on_commit_callbacks
):
    """The film's oEmbed is fetched by a task once the submit is committed."""
    entry = EntryFactory(competition=competition, author=author, kind=EntryKind.FILM)

    with django_capture_on_commit_callbacks() as callbacks:
        entry_submit(entry=entry, actor=author)
        assert fetched_embeds == []
    for callback in callbacks:
        callback()

    assert fetched_embeds == [FILM_URL]


def test_submitting_twice_is_refused(
    competition, author, django_capture_on_commit_callbacks
):
    """A second submit is refused: one "submitted" event and one receipt."""
    entry = EntryFactory(competition=competition, author=author)
    with django_capture_on_commit_callbacks(execute=True):
        entry_submit(entry=entry, actor=author)

        error = refused(entry_submit, entry=entry, actor=author)

    assert error.messages == [ALREADY_SUBMITTED]
    assert entry.events.filter(action="submitted").count() == 1
    assert len(mail.outbox) == 1


# entry_submit: the window, in the competition's time zone -----------------------


def test_submit_after_the_close_keeps_the_draft_and_says_when_it_closed(
    competition_index, author, time_machine, django_capture_on_commit_callbacks
):
    """A late submit is refused, the draft is kept, and the close is shown locally."""
    time_machine.move_to(datetime(2030, 1, 10, 12, 0, tzinfo=UTC), tick=False)
    competition = CompetitionPageFactory(
        parent=competition_index,
        time_zone="America/New_York",
        entries_open_at=datetime(2030, 1, 1, 0, 0, tzinfo=UTC),
        entries_close_at=datetime(2030, 1, 15, 17, 0, tzinfo=UTC),
    )
    entry = EntryFactory(competition=competition, author=author, title="My river")
    time_machine.move_to(datetime(2030, 1, 15, 17, 0, 1, tzinfo=UTC), tick=False)

    with django_capture_on_commit_callbacks(execute=True):
        error = refused(entry_submit, entry=entry, actor=author)

    assert error.code == "closed"
    assert error.messages == [
        "Entries closed on 15 January 2030, 12:00 (America/New_York); "
        "your draft is kept."
    ]
    entry = stored(entry)
    assert entry.status == EntryStatus.DRAFT
    assert (entry.title, entry.story, entry.submitted_at) == ("My river", STORY, None)
    assert not entry.events.filter(action="submitted").exists()
    assert mail.outbox == []


def test_submit_in_the_last_second_is_accepted_and_at_the_close_refused(
    competition_index, author, time_machine
):
    """The close is exact: a second before is in time, the moment itself is late."""
    close = datetime(2030, 6, 30, 22, 59, tzinfo=UTC)  # 23:59 in London (BST)
    time_machine.move_to(datetime(2030, 6, 1, tzinfo=UTC), tick=False)
    competition = CompetitionPageFactory(
        parent=competition_index,
        entry_limit_per_member=2,
        entries_open_at=datetime(2030, 5, 1, tzinfo=UTC),
        entries_close_at=close,
    )
    in_time = EntryFactory(competition=competition, author=author)
    late = EntryFactory(competition=competition, author=author)

    time_machine.move_to(datetime(2030, 6, 30, 22, 58, 59, tzinfo=UTC), tick=False)
    entry_submit(entry=in_time, actor=author)
    time_machine.move_to(close, tick=False)
    error = refused(entry_submit, entry=late, actor=author)

    assert stored(in_time).status == EntryStatus.SUBMITTED
    assert stored(late).status == EntryStatus.DRAFT
    assert error.messages[0].startswith("Entries closed on 30 June 2030, 23:59 (Europe")


def test_submit_before_entries_open_is_refused(competition_index, author):
    """A draft in an upcoming competition cannot be submitted yet."""
    competition = CompetitionPageFactory(
        parent=competition_index,
        time_zone="Europe/London",
        entries_open_at=datetime(2040, 7, 1, 8, 0, tzinfo=UTC),
        entries_close_at=datetime(2040, 8, 1, 8, 0, tzinfo=UTC),
    )
    entry = EntryFactory(competition=competition, author=author)

    error = refused(entry_submit, entry=entry, actor=author)

    assert error.messages == ["Entries open on 1 July 2040, 09:00 (Europe/London)."]
    assert stored(entry).status == EntryStatus.DRAFT


# entry_submit: the per-member limit ---------------------------------------------


@pytest.mark.parametrize("status", ["submitted", "approved", "changes_requested"])
def test_submit_over_the_entry_limit_is_refused(competition, author, status):
    """An entry that is in (or back with the author for changes) uses up the limit."""
    EntryFactory(competition=competition, author=author, **{status: True})
    draft = EntryFactory(competition=competition, author=author)

    error = refused(entry_submit, entry=draft, actor=author)

    assert error.code == "entry_limit"
    assert error.messages == [
        "You have already entered 1 time; this competition takes 1 entry "
        "per member. Your draft is kept."
    ]
    assert stored(draft).status == EntryStatus.DRAFT


@pytest.mark.parametrize("status", ["draft", "withdrawn", "rejected"])
def test_drafts_withdrawn_and_rejected_entries_do_not_count(
    competition, author, status
):
    """Only entries still in the running count towards the limit."""
    EntryFactory(competition=competition, author=author, **{status: True})
    draft = EntryFactory(competition=competition, author=author)

    entry_submit(entry=draft, actor=author)

    assert stored(draft).status == EntryStatus.SUBMITTED


def test_the_limit_counts_this_members_entries_in_this_competition_only(
    competition_index, competition, author, other_member
):
    """Other members' entries and entries to other competitions do not count."""
    elsewhere = CompetitionPageFactory(parent=competition_index)
    EntryFactory(competition=elsewhere, author=author, submitted=True)
    EntryFactory(competition=competition, author=other_member, submitted=True)
    draft = EntryFactory(competition=competition, author=author)

    entry_submit(entry=draft, actor=author)

    assert stored(draft).status == EntryStatus.SUBMITTED


def test_a_limit_of_two_takes_two_entries_and_refuses_the_third(
    competition_index, author
):
    """The limit is the competition's number, not always one."""
    competition = CompetitionPageFactory(
        parent=competition_index, entry_limit_per_member=2
    )
    first, second, third = EntryFactory.create_batch(
        3, competition=competition, author=author
    )

    entry_submit(entry=first, actor=author)
    entry_submit(entry=second, actor=author)
    error = refused(entry_submit, entry=third, actor=author)

    assert error.messages == [
        "You have already entered 2 times; this competition takes 2 entries "
        "per member. Your draft is kept."
    ]


def test_the_limit_message_counts_each_number_in_its_own_plural(
    competition_index, author
):
    """Entered twice where one is now allowed: "2 times", but "1 entry"."""
    competition = CompetitionPageFactory(
        parent=competition_index, entry_limit_per_member=1
    )
    EntryFactory.create_batch(2, competition=competition, author=author, submitted=True)
    draft = EntryFactory(competition=competition, author=author)

    error = refused(entry_submit, entry=draft, actor=author)

    assert error.messages == [
        "You have already entered 2 times; this competition takes 1 entry "
        "per member. Your draft is kept."
    ]


# entry_submit: returned entries ---------------------------------------------------


@pytest.mark.parametrize("phase", ["voting", "judging"])
def test_a_returned_entry_may_be_resubmitted_after_the_close(
    competition_index, author, phase
):
    """Changes asked for after the close can still be made and resubmitted."""
    competition = CompetitionPageFactory(parent=competition_index, **{phase: True})
    entry = EntryFactory(competition=competition, author=author, changes_requested=True)

    entry_submit(entry=entry, actor=author)

    assert stored(entry).status == EntryStatus.SUBMITTED
    assert event_tuple(last_event(entry))[1:4] == (
        "submitted",
        "changes_requested",
        "submitted",
    )


def test_a_returned_entry_cannot_be_resubmitted_after_the_results(
    competition_index, author
):
    """Once the results are out it is too late, and the entry stays returned."""
    competition = CompetitionPageFactory(parent=competition_index, results=True)
    entry = EntryFactory(competition=competition, author=author, changes_requested=True)

    error = refused(entry_submit, entry=entry, actor=author)

    assert error.messages == [TOO_LATE]
    assert stored(entry).status == EntryStatus.CHANGES_REQUESTED


def test_a_returned_entry_is_not_held_back_by_the_limit(competition, author):
    """Resubmitting the member's one returned entry is not a second entry."""
    entry = EntryFactory(competition=competition, author=author, changes_requested=True)

    entry_submit(entry=entry, actor=author)

    assert stored(entry).status == EntryStatus.SUBMITTED


# entry_submit: what the entry must have -----------------------------------------


def test_submit_without_accepting_the_rules_is_refused(competition, author):
    """Consent to the rules is required."""
    entry = EntryFactory(competition=competition, author=author, rules_accepted=False)

    error = refused(entry_submit, entry=entry, actor=author)

    assert error.message_dict == {
        "rules_accepted": ["Please accept the rules to enter."]
    }
    assert stored(entry).status == EntryStatus.DRAFT


def test_submit_by_an_under_13_is_refused(competition, author):
    """An entry that says its author is under 13 cannot be submitted."""
    entry = EntryFactory(
        competition=competition, author=author, age_band=AgeBand.UNDER_13
    )

    error = refused(entry_submit, entry=entry, actor=author)

    assert list(error.message_dict) == ["age_band"]
    assert "you must be 13 or over" in error.message_dict["age_band"][0]
    assert stored(entry).status == EntryStatus.DRAFT


def test_13_to_17_year_olds_need_a_guardian_to_agree(competition, author):
    """A 13–17 entrant needs a parent's or guardian's confirmation, then may enter."""
    entry = EntryFactory(
        competition=competition,
        author=author,
        age_band=AgeBand.AGE_13_TO_17,
        guardian_confirmed=False,
    )

    error = refused(entry_submit, entry=entry, actor=author)
    assert error.message_dict == {
        "guardian_confirmed": [
            "Entrants aged 13 to 17 need a parent or guardian to agree."
        ]
    }

    entry_save(entry=entry, actor=author, changes={"guardian_confirmed": True})
    entry_submit(entry=entry, actor=author)
    assert stored(entry).status == EntryStatus.SUBMITTED


def test_submit_of_a_kind_the_competition_does_not_take_is_refused(
    competition_index, author
):
    """An image entry in a stories-only competition cannot be submitted."""
    competition = CompetitionPageFactory(parent=competition_index)
    entry = EntryFactory(competition=competition, author=author, kind=EntryKind.IMAGE)

    error = refused(entry_submit, entry=entry, actor=author)

    assert error.message_dict == {"kind": ["This competition does not take this kind."]}


def test_a_story_over_the_word_limit_is_refused_and_one_at_it_accepted(
    competition_index, competition, author
):
    """51 words against a limit of 50 is refused with both numbers; 50 is fine."""
    over = EntryFactory(competition=competition, author=author)
    entry_save(entry=over, actor=author, changes={"story": words(51)})

    error = refused(entry_submit, entry=over, actor=author)

    assert error.message_dict == {
        "story": ["Your story has 51 words; the limit is 50."]
    }
    entry_save(entry=over, actor=author, changes={"story": words(50)})
    entry_submit(entry=over, actor=author)
    assert stored(over).status == EntryStatus.SUBMITTED


@pytest.mark.parametrize(
    ("kind", "blank"),
    [
        (EntryKind.STORY, "story"),
        (EntryKind.IMAGE, "image"),
        (EntryKind.IMAGE, "image_alt_text"),
        (EntryKind.FILM, "film_url"),
        (EntryKind.IDEA, "idea_problem"),
        (EntryKind.IDEA, "idea_proposal"),
        (EntryKind.IDEA, "idea_beneficiaries"),
        (EntryKind.IDEA, "idea_requirements"),
        (EntryKind.STORY, "title"),
        (EntryKind.STORY, "licence"),
        (EntryKind.STORY, "age_band"),
    ],
)
def test_submit_without_required_content_names_what_is_missing(
    competition, author, kind, blank
):
    """Each kind's required content (and title, licence, age) must be filled in."""
    entry = EntryFactory(
        competition=competition, author=author, kind=kind, **{blank: ""}
    )

    error = refused(entry_submit, entry=entry, actor=author)

    assert error.message_dict == {blank: [FILL_IN]}
    assert stored(entry).status == EntryStatus.DRAFT


def test_a_competition_with_categories_needs_one_of_its_own(
    competition_index, competition, author
):
    """No category, or another competition's category, is refused."""
    CompetitionCategory.objects.create(page=competition, name="Under 18")
    elsewhere = CompetitionPageFactory(parent=competition_index)
    foreign = CompetitionCategory.objects.create(page=elsewhere, name="Open")
    without = EntryFactory(competition=competition, author=author)
    borrowed = EntryFactory(competition=competition, author=author, category=foreign)

    assert refused(entry_submit, entry=without, actor=author).message_dict == {
        "category": [FILL_IN]
    }
    assert refused(entry_submit, entry=borrowed, actor=author).message_dict == {
        "category": ["Choose one of this competition's categories."]
    }


def test_a_licence_the_competition_does_not_offer_is_refused(competition, author):
    """Only the competition's licences may be chosen."""
    entry = EntryFactory(
        competition=competition, author=author, licence=Licence.CC_BY_NC
    )

    error = refused(entry_submit, entry=entry, actor=author)

    assert error.message_dict == {"licence": ["Choose one of the licences offered."]}


@pytest.mark.parametrize("actor", ["other_member", "moderator"])
def test_only_the_author_may_submit(request, competition, author, actor):
    """Another member (or a moderator) cannot submit the author's draft."""
    entry = EntryFactory(competition=competition, author=author)

    with pytest.raises(PermissionDenied):
        entry_submit(entry=entry, actor=request.getfixturevalue(actor))

    assert stored(entry).status == EntryStatus.DRAFT
