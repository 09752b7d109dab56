"""Every change to an entry goes through a service that checks, audits and emails."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from competitions.enums import EntryKind, Licence, ModerationMode
from competitions.models import CompetitionCategory
from submissions.enums import AgeBand, EntryAction, EntryStatus
from submissions.models import Entry, EntryEvent
from submissions.services import (
    entry_decide,
    entry_save,
    entry_start,
    entry_submit,
    entry_withdraw,
)
from tests.factories import CompetitionPageFactory, EntryFactory
from tests.support.entries import FILM_URL, STORY, checked_image

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


# entry_start --------------------------------------------------------------------


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


# entry_save ---------------------------------------------------------------------


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
    assert entry.word_count == 8  # "&" counts, as in a word processor


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
        "You have already entered 1 time(s); this competition takes 1 entry(ies) "
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

    assert "You have already entered 2 time(s)" in error.messages[0]
    assert "takes 2 entry(ies)" in error.messages[0]


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


# entry_withdraw -----------------------------------------------------------------


@pytest.mark.parametrize(
    "status", ["draft", "submitted", "approved", "changes_requested", "rejected"]
)
def test_the_author_may_withdraw_until_the_results(competition, author, status):
    """Withdrawing works from any state and is recorded."""
    entry = EntryFactory(competition=competition, author=author, **{status: True})

    entry_withdraw(entry=entry, actor=author)

    entry = stored(entry)
    assert entry.status == EntryStatus.WITHDRAWN
    assert entry.withdrawn_at is not None
    assert event_tuple(last_event(entry)) == (
        author,
        "withdrawn",
        status,
        "withdrawn",
        "",
    )


def test_withdrawing_is_still_possible_while_judging(competition_index, author):
    """Until the results are published an entry may leave."""
    competition = CompetitionPageFactory(parent=competition_index, judging=True)
    entry = EntryFactory(competition=competition, author=author, approved=True)

    entry_withdraw(entry=entry, actor=author)

    assert stored(entry).status == EntryStatus.WITHDRAWN


def test_withdrawing_after_the_results_is_refused(competition_index, author):
    """After the results an entry stays."""
    competition = CompetitionPageFactory(parent=competition_index, results=True)
    entry = EntryFactory(competition=competition, author=author, approved=True)

    with pytest.raises(PermissionDenied):
        entry_withdraw(entry=entry, actor=author)

    assert stored(entry).status == EntryStatus.APPROVED


@pytest.mark.parametrize("actor", ["other_member", "moderator"])
def test_only_the_author_may_withdraw(request, competition, author, actor):
    """Nobody withdraws someone else's entry."""
    entry = EntryFactory(competition=competition, author=author, submitted=True)

    with pytest.raises(PermissionDenied):
        entry_withdraw(entry=entry, actor=request.getfixturevalue(actor))

    assert stored(entry).status == EntryStatus.SUBMITTED


def test_withdrawing_twice_is_refused(competition, author):
    """A withdrawn entry cannot be withdrawn again."""
    entry = EntryFactory(competition=competition, author=author, withdrawn=True)

    with pytest.raises(PermissionDenied):
        entry_withdraw(entry=entry, actor=author)

    assert not EntryEvent.objects.filter(entry=entry).exists()


# Decisions ----------------------------------------------------------------------
# Who may decide is moderation's rule (tests/moderation/test_services.py); here
# the state change itself, which moderation calls once it has checked.

DECISIONS = [
    pytest.param("approved", "Lovely light.", id="approve"),
    pytest.param("rejected", "Off topic.", id="reject"),
    pytest.param(
        "changes_requested", "Please remove the surname.", id="request_changes"
    ),
]


@pytest.mark.parametrize(("status", "note"), DECISIONS)
def test_a_moderator_decides_on_a_submitted_entry(
    competition, author, moderator, status, note
):
    """The decision sets the status, the feedback and the time, and is audited."""
    entry = EntryFactory(competition=competition, author=author, submitted=True)

    entry_decide(entry=entry, actor=moderator, to_status=status, feedback=note)

    entry = stored(entry)
    assert (entry.status, entry.feedback) == (status, note)
    assert entry.decided_at is not None
    assert event_tuple(last_event(entry)) == (
        moderator,
        EntryAction(status).value,
        "submitted",
        status,
        note,
    )


@pytest.mark.parametrize("outcome", ["draft", "submitted", "withdrawn", "nonsense"])
def test_only_a_moderation_outcome_can_be_decided(
    competition, author, moderator, outcome
):
    """Deciding cannot submit, withdraw or invent a state."""
    entry = EntryFactory(competition=competition, author=author, submitted=True)

    with pytest.raises(ValueError, match="Not a moderation outcome"):
        entry_decide(entry=entry, actor=moderator, to_status=outcome, feedback="x")

    assert stored(entry).status == EntryStatus.SUBMITTED
    assert not EntryEvent.objects.filter(entry=entry).exists()


@pytest.mark.parametrize(("status", "note"), DECISIONS)
@pytest.mark.parametrize(
    "state", ["draft", "withdrawn", "rejected", "changes_requested"]
)
def test_only_submitted_or_approved_entries_can_be_decided_on(
    competition, author, moderator, status, note, state
):
    """A draft (or a withdrawn, rejected or returned entry) is not for deciding."""
    entry = EntryFactory(competition=competition, author=author, **{state: True})

    error = refused(
        entry_decide, entry=entry, actor=moderator, to_status=status, feedback=note
    )

    assert error.messages == [NOT_DECIDABLE]
    assert stored(entry).status == state


@pytest.mark.parametrize(
    ("status", "feedback"),
    [("rejected", "  "), ("changes_requested", "")],
)
def test_rejecting_or_returning_needs_a_reason(
    competition, author, moderator, status, feedback
):
    """The author is always told why."""
    entry = EntryFactory(competition=competition, author=author, submitted=True)

    error = refused(
        entry_decide, entry=entry, actor=moderator, to_status=status, feedback=feedback
    )

    assert list(error.message_dict) == ["feedback"]
    assert stored(entry).status == EntryStatus.SUBMITTED


def test_a_returned_entry_can_be_changed_and_resubmitted(
    competition, author, moderator
):
    """Asking for changes hands the entry back to its author to edit and resubmit."""
    entry = EntryFactory(competition=competition, author=author, submitted=True)
    entry_decide(
        entry=entry,
        actor=moderator,
        to_status="changes_requested",
        feedback="Shorter, please.",
    )

    entry_save(entry=entry, actor=author, changes={"story": words(10)})
    entry_submit(entry=entry, actor=author)

    entry = stored(entry)
    assert (entry.status, entry.word_count) == (EntryStatus.SUBMITTED, 10)
    assert [e.action for e in entry.events.all()] == [
        "changes_requested",
        "edited",
        "submitted",
    ]


# Emails -------------------------------------------------------------------------


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
