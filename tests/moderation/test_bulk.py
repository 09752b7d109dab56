"""Bulk approve and bulk reject from the queue: choose, confirm, decide each.

Every entry goes through the decision services, so each gets its decision row,
its audit entry and its email; what cannot be decided is skipped and counted.
"""

from dataclasses import replace
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from competitions.enums import EntryKind
from moderation import bulk
from moderation.models import EntryClaim, ModerationDecision
from moderation.views import QueueView
from submissions.enums import EntryStatus
from submissions.models import Entry
from tests.factories import EntryFactory
from tests.support.moderation import build_world
from tests.support.staff import sign_in

QUEUE = "/admin/moderation/"
REJECT = {
    "reason": "off_topic",
    "message": "This is not about the high street.",
    "internal_note": "Checked twice.",
}


@pytest.fixture
def world(competition_index):
    return build_world(competition_index)


@pytest.fixture
def moderator(client, world):
    return sign_in(client, world.moderator_a)


def bulk_url(action="approve", ids=(), *, select_all=False, **filters) -> str:
    query = [("action", action), *(("id", value) for value in ids)]
    if select_all:
        query.append(("select_all", "1"))
    query += list(filters.items())
    return reverse("moderation:bulk") + "?" + urlencode(query)


def story(world, title, *, hours_ago=1, **fields) -> Entry:
    return EntryFactory(
        competition=world.competition_a,
        kind=EntryKind.STORY,
        title=title,
        submitted=True,
        submitted_at=timezone.now() - timedelta(hours=hours_ago),
        **fields,
    )


def status_of(entry) -> str:
    return Entry.objects.get(pk=entry.pk).status


def told(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def page_text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


# Choosing and confirming ------------------------------------------------------------


def test_the_queue_offers_checkboxes_and_select_all_with_the_filters(
    client, world, moderator
):
    story(world, "First snow")

    response = client.get(QUEUE, {"kind": "story", "p": "1"})

    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.select_one("form#moderation-bulk")
    assert form["action"] == reverse("moderation:bulk")
    assert form["method"] == "get"
    hidden = {(i["name"], i["value"]) for i in form.select("input[type=hidden]")}
    assert hidden == {("kind", "story")}  # the page number is not carried
    assert len(soup.select("input[name=id]")) == 1
    assert "Select the 1 entry these filters match" in page_text(response)


def test_the_confirmation_lists_what_will_be_decided_and_decides_nothing(
    client, world, moderator
):
    entries = [story(world, f"Story {n}", hours_ago=20 - n) for n in range(10)]

    response = client.get(bulk_url("approve", [e.public_id for e in entries]))

    assert response.status_code == 200
    text = page_text(response)
    assert "Approve these 10 entries?" in text
    assert "Story 0" in text and "Story 7" in text
    assert "Story 8" not in text  # the first few titles, then a count
    assert "and 2 more." in text
    assert all(status_of(entry) == EntryStatus.SUBMITTED for entry in entries)
    assert not ModerationDecision.objects.exists()


# Deciding -------------------------------------------------------------------------


def test_approving_chosen_entries_decides_each_through_the_service(
    client, world, moderator, django_capture_on_commit_callbacks
):
    one, two = story(world, "One"), story(world, "Two")
    untouched = story(world, "Not chosen")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(bulk_url("approve", [one.public_id, two.public_id]))

    assert response.status_code == 302
    assert told(response) == ["2 approved."]
    assert status_of(one) == status_of(two) == EntryStatus.APPROVED
    assert status_of(untouched) == EntryStatus.SUBMITTED
    decisions = ModerationDecision.objects.filter(entry__in=[one, two])
    assert {(d.actor, d.community, d.to_status) for d in decisions} == {
        (world.moderator_a, world.studyhub, EntryStatus.APPROVED)
    }
    assert decisions.count() == 2
    assert ModelLogEntry.objects.filter(action="moderation.approve").count() == 2
    assert len(mail.outbox) == 2


def test_rejecting_gives_every_entry_the_one_reason_and_message(
    client, world, moderator, django_capture_on_commit_callbacks
):
    one, two = story(world, "One"), story(world, "Two")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            bulk_url("reject", [one.public_id, two.public_id]), REJECT
        )

    assert told(response) == ["2 rejected."]
    for entry in (one, two):
        stored = Entry.objects.get(pk=entry.pk)
        assert stored.status == EntryStatus.REJECTED
        assert stored.feedback == REJECT["message"]
        decision = stored.moderation_decisions.get()
        assert (decision.reason, decision.internal_note) == (
            "off_topic",
            "Checked twice.",
        )
    assert sorted(message.to[0] for message in mail.outbox) == [
        one.author.email,
        two.author.email,
    ]
    assert all(REJECT["message"] in message.body for message in mail.outbox)


def test_select_all_takes_every_page_the_filters_match(
    client, world, moderator, monkeypatch
):
    """With two entries a page, "select all" still takes all five stories."""
    monkeypatch.setattr(QueueView, "paginate_by", 2)
    stories = [story(world, f"Story {n}", hours_ago=n + 1) for n in range(5)]
    image = world.entry_a  # waiting too, but not a story

    confirm = client.get(bulk_url("approve", select_all=True, kind="story"))
    assert "Approve these 5 entries?" in page_text(confirm)
    response = client.post(bulk_url("approve", select_all=True, kind="story"))

    assert told(response) == ["5 approved."]
    assert all(status_of(entry) == EntryStatus.APPROVED for entry in stories)
    assert status_of(image) == EntryStatus.SUBMITTED
    assert response["Location"] == QUEUE + "?kind=story"


def test_select_all_ignores_ticked_ids_and_follows_the_filters(
    client, world, moderator
):
    """ "Select all" is what the filters match; a ticked entry outside them stays."""
    chosen = story(world, "A story")

    response = client.post(
        bulk_url("approve", [world.entry_a.public_id], select_all=True, kind="story")
    )

    assert told(response) == ["1 approved."]
    assert status_of(chosen) == EntryStatus.APPROVED
    assert status_of(world.entry_a) == EntryStatus.SUBMITTED


def test_select_all_leaves_entries_that_arrived_after_the_confirmation(
    client, world, moderator
):
    waiting = story(world, "Waiting", hours_ago=3)
    shown_at = timezone.now() - timedelta(hours=2)
    late = story(world, "Came later", hours_ago=1)

    client.post(
        bulk_url("approve", select_all=True, kind="story"),
        {"shown_at": shown_at.isoformat()},
    )

    assert status_of(waiting) == EntryStatus.APPROVED
    assert status_of(late) == EntryStatus.SUBMITTED


def test_entries_that_cannot_be_decided_are_skipped_and_counted(
    client, world, moderator
):
    waiting = [story(world, "One"), story(world, "Two")]
    decided = EntryFactory(competition=world.competition_a, title="Done", approved=True)
    claimed = story(world, "Being read")
    EntryClaim.objects.create(
        entry=claimed,
        moderator=world.editor,
        expires_at=timezone.now() + timedelta(minutes=10),
    )
    ids = [e.public_id for e in [*waiting, decided, claimed]] + ["no-such-entry"]

    confirm = client.get(bulk_url("approve", ids))
    response = client.post(bulk_url("approve", ids))

    assert "Approve these 2 entries?" in page_text(confirm)
    assert "1 was already decided and will be left as it is." in page_text(confirm)
    assert told(response) == [
        "2 approved; 1 was already decided; 1 is being reviewed by another "
        "moderator; 1 could not be found."
    ]
    assert status_of(decided) == EntryStatus.APPROVED
    assert not decided.moderation_decisions.exists()
    assert status_of(claimed) == EntryStatus.SUBMITTED


def test_my_own_claim_does_not_stop_me(client, world, moderator):
    EntryClaim.objects.create(
        entry=world.entry_a,
        moderator=world.moderator_a,
        expires_at=timezone.now() + timedelta(minutes=10),
    )

    response = client.post(bulk_url("approve", [world.entry_a.public_id]))

    assert told(response) == ["1 approved."]


def test_an_entry_decided_in_the_meantime_is_counted_not_an_error(
    client, world, moderator, monkeypatch
):
    """Between the selection and its decision another moderator got there first."""
    one, two = story(world, "One"), story(world, "Two")
    decide = bulk.ACTIONS["approve"].decide

    def first_decided_elsewhere(*, entry, **fields):
        if entry.pk == one.pk:
            Entry.objects.filter(pk=one.pk).update(status=EntryStatus.REJECTED)
        return decide(entry=entry, **fields)

    monkeypatch.setitem(
        bulk.ACTIONS,
        "approve",
        replace(bulk.ACTIONS["approve"], decide=first_decided_elsewhere),
    )

    response = client.post(bulk_url("approve", [one.public_id, two.public_id]))

    assert told(response) == ["1 approved; 1 was already decided."]
    assert status_of(one) == EntryStatus.REJECTED
    assert status_of(two) == EntryStatus.APPROVED


def test_nothing_left_to_decide_is_a_warning(client, world, moderator):
    done = EntryFactory(competition=world.competition_a, title="Done", approved=True)

    confirm = client.get(bulk_url("approve", [done.public_id]))
    response = client.post(bulk_url("approve", [done.public_id]))

    assert "None of the chosen entries can be decided now." in page_text(confirm)
    assert told(response) == ["Nothing was approved; 1 was already decided."]


# Bad input ------------------------------------------------------------------------


def test_no_entries_chosen_is_a_400_that_says_so(client, world, moderator):
    for response in (
        client.get(bulk_url("approve")),
        client.post(bulk_url("reject"), REJECT),
    ):
        assert response.status_code == 400
        assert "Please tick at least one entry" in page_text(response)
    assert not ModerationDecision.objects.exists()


@pytest.mark.parametrize("action", ["", "delete", "request_changes", "approve "])
def test_an_unknown_action_is_a_400(client, world, moderator, action):
    response = client.post(bulk_url(action, [world.entry_a.public_id]), REJECT)

    assert response.status_code == 400
    assert "Please choose to approve or to reject the entries." in page_text(response)
    assert status_of(world.entry_a) == EntryStatus.SUBMITTED


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"message": "Off the theme, sorry."}, "Please choose a reason."),
        ({"reason": "spam"}, "Please tell the entrant why, in a sentence or two."),
        ({"reason": "not-a-reason", "message": "x"}, "Select a valid choice."),
    ],
)
def test_a_rejection_without_a_reason_or_message_is_a_400_that_keeps_the_text(
    client, world, moderator, data, error
):
    response = client.post(bulk_url("reject", [world.entry_a.public_id]), data)

    assert response.status_code == 400
    assert error in page_text(response)
    if "message" in data:
        assert data["message"] in response.content.decode()
    assert status_of(world.entry_a) == EntryStatus.SUBMITTED
    assert not ModerationDecision.objects.exists()


def test_select_all_with_a_filter_it_cannot_read_decides_nothing(
    client, world, moderator
):
    """A bad filter must not widen "select all" to the whole scope."""
    for filters in ({"waiting_hours": "abc"}, {"competition": world.competition_b.pk}):
        response = client.post(bulk_url("approve", select_all=True, **filters))
        assert response.status_code == 400
        assert "Some of the filters are not valid" in page_text(response)
    assert status_of(world.entry_a) == EntryStatus.SUBMITTED


def test_a_bad_confirmation_time_is_a_400(client, world, moderator):
    response = client.post(
        bulk_url("approve", select_all=True), {"shown_at": "yesterday"}
    )

    assert response.status_code == 400
    assert status_of(world.entry_a) == EntryStatus.SUBMITTED


def test_more_than_the_limit_is_refused_whole(client, world, moderator, monkeypatch):
    monkeypatch.setattr(bulk, "BULK_LIMIT", 2)
    stories = [story(world, f"Story {n}") for n in range(3)]

    response = client.post(bulk_url("approve", select_all=True, kind="story"))

    assert response.status_code == 400
    assert "more than 2 entries" in page_text(response)
    assert all(status_of(entry) == EntryStatus.SUBMITTED for entry in stories)


def confirm_and_submit(client, url, data=None):
    """Open the confirmation and send its form, as the moderator's browser would."""
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    form = soup.select_one("form.moderation-bulk-confirm__form")
    fields = {i["name"]: i["value"] for i in form.select("input[type=hidden]")}
    return client.post(form["action"], {**fields, **(data or {})})


def test_the_confirmation_posts_back_only_the_entries_it_showed(
    client, world, moderator
):
    done = EntryFactory(competition=world.competition_a, title="Done", approved=True)
    ids = [world.entry_a.public_id, done.public_id, "no-such-entry"]

    response = confirm_and_submit(client, bulk_url("reject", ids), REJECT)

    assert told(response) == ["1 rejected."]
    assert status_of(world.entry_a) == EntryStatus.REJECTED
    assert not done.moderation_decisions.exists()


def test_select_all_through_the_confirmation_keeps_its_filters(
    client, world, moderator
):
    first = story(world, "A story")

    response = confirm_and_submit(
        client, bulk_url("approve", select_all=True, kind="story")
    )

    assert told(response) == ["1 approved."]
    assert status_of(first) == EntryStatus.APPROVED
    assert status_of(world.entry_a) == EntryStatus.SUBMITTED
