"""Bulk approve and bulk reject from the queue: choose, confirm, decide each.

Every entry goes through the decision services, so each gets its decision row,
its audit entry and its email; what cannot be decided is skipped and counted.
The confirmation's form carries what it showed (``seen``): an entry that changed
since is left for the moderator to look at again.
"""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from competitions.enums import EntryKind
from moderation import bulk, services
from moderation.claims import entry_version, hold_for_decision
from moderation.models import EntryClaim, ModerationDecision
from moderation.selectors import queue_entries
from moderation.views import QueueView
from submissions.enums import EntryStatus
from submissions.models import Entry
from submissions.services import entry_submit
from tests.factories import EntryFactory
from tests.support.moderation import build_world
from tests.support.staff import sign_in

QUEUE = "/admin/moderation/"
# Queries a bulk POST makes besides its decisions: the session, the viewer's
# right, the selection and its counts.
BULK_OVERHEAD = 12

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


def seen_in(response) -> dict:
    """Return the ``seen`` field of a confirmation's form, as its browser posts it."""
    soup = BeautifulSoup(response.content, "html.parser")
    field = soup.select_one("form.moderation-bulk-confirm__form input[name=seen]")
    return {"seen": field["value"]}


def seen_on(client, url) -> dict:
    """Open the confirmation at ``url`` and return what its form would post back."""
    return seen_in(client.get(url))


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
    url = bulk_url("approve", [one.public_id, two.public_id])
    seen = seen_on(client, url)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, seen)

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
    url = bulk_url("reject", [one.public_id, two.public_id])
    seen = seen_on(client, url)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**REJECT, **seen})

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
    response = client.post(
        bulk_url("approve", select_all=True, kind="story"), seen_in(confirm)
    )

    assert told(response) == ["5 approved."]
    assert all(status_of(entry) == EntryStatus.APPROVED for entry in stories)
    assert status_of(image) == EntryStatus.SUBMITTED
    assert response["Location"] == QUEUE + "?kind=story"


def test_select_all_ignores_ticked_ids_and_follows_the_filters(
    client, world, moderator
):
    """ "Select all" is what the filters match; a ticked entry outside them stays."""
    chosen = story(world, "A story")
    url = bulk_url("approve", [world.entry_a.public_id], select_all=True, kind="story")

    response = client.post(url, seen_on(client, url))

    assert told(response) == ["1 approved."]
    assert status_of(chosen) == EntryStatus.APPROVED
    assert status_of(world.entry_a) == EntryStatus.SUBMITTED


def test_select_all_leaves_entries_that_arrived_after_the_confirmation(
    client, world, moderator
):
    waiting = story(world, "Waiting", hours_ago=3)
    url = bulk_url("approve", select_all=True, kind="story")
    seen = seen_on(client, url)
    late = story(world, "Came later", hours_ago=1)

    response = client.post(url, seen)

    assert told(response) == ["1 approved."]
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
    response = client.post(bulk_url("approve", ids), seen_in(confirm))

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
    url = bulk_url("approve", [world.entry_a.public_id])

    response = client.post(url, seen_on(client, url))

    assert told(response) == ["1 approved."]


def test_an_entry_decided_in_the_meantime_is_counted_not_an_error(
    client, world, moderator, monkeypatch
):
    """Between the selection and its decision another moderator got there first."""
    one, two = story(world, "One"), story(world, "Two")
    partition = bulk.BulkDecisionView.partition

    def first_decided_elsewhere(self, entries, **kwargs):
        selection = partition(self, entries, **kwargs)
        if self.request.method == "POST":
            Entry.objects.filter(pk=one.pk).update(
                status=EntryStatus.REJECTED, decided_at=timezone.now()
            )
        return selection

    monkeypatch.setattr(bulk.BulkDecisionView, "partition", first_decided_elsewhere)

    url = bulk_url("approve", [one.public_id, two.public_id])
    response = client.post(url, seen_on(client, url))

    assert told(response) == ["1 approved; 1 was already decided."]
    assert status_of(one) == EntryStatus.REJECTED
    assert status_of(two) == EntryStatus.APPROVED


def test_nothing_left_to_decide_is_a_warning(client, world, moderator):
    """Confirmed while it waited; another moderator decided it before the POST."""
    url = bulk_url("approve", [world.entry_a.public_id])
    seen = seen_on(client, url)
    Entry.objects.filter(pk=world.entry_a.pk).update(
        status=EntryStatus.APPROVED, decided_at=timezone.now()
    )

    confirm = client.get(url)
    response = client.post(url, seen)

    assert "None of the chosen entries can be decided now." in page_text(confirm)
    assert not confirm.context["selection"].entries  # and no form to send
    assert told(response) == ["Nothing was approved; 1 was already decided."]


# Entries that changed after the confirmation was drawn ----------------------------


def resubmitted(world, entry) -> None:
    """Have an editor return ``entry`` for changes, and its author send it again."""
    services.decision_request_changes(
        entry=Entry.objects.get(pk=entry.pk),
        actor=world.editor,
        message="Please take out the street name.",
    )
    entry_submit(entry=Entry.objects.get(pk=entry.pk), actor=entry.author)


def test_an_entry_resubmitted_after_the_confirmation_is_left_and_reported(
    client, world, moderator
):
    """The author sent a new version in between: nobody has looked at it yet."""
    one, two, three = story(world, "One"), story(world, "Two"), story(world, "Three")
    url = bulk_url("approve", [e.public_id for e in (one, two, three)])
    seen = seen_on(client, url)
    resubmitted(world, two)

    response = client.post(url, seen)

    assert response.status_code == 302
    assert told(response) == [
        "2 approved; 1 changed since you looked and was left for you to review again."
    ]
    assert status_of(one) == status_of(three) == EntryStatus.APPROVED
    assert status_of(two) == EntryStatus.SUBMITTED
    assert not two.moderation_decisions.filter(actor=world.moderator_a).exists()
    assert not EntryClaim.objects.exists()  # nothing is left held either


def test_an_entry_decided_and_back_in_the_queue_is_left(client, world, moderator):
    """Approved by someone else meanwhile, then hidden by reports: it waits again."""
    one, two = story(world, "One"), story(world, "Two")
    url = bulk_url("reject", [one.public_id, two.public_id])
    seen = seen_on(client, url)
    for entry in (one, two):
        services.decision_approve(entry=entry, actor=world.editor)
    Entry.objects.filter(pk__in=[one.pk, two.pk]).update(hidden_at=timezone.now())

    response = client.post(url, {**REJECT, **seen})

    assert told(response) == [
        "Nothing was rejected; 2 changed since you looked and were left for you "
        "to review again."
    ]
    assert status_of(one) == status_of(two) == EntryStatus.APPROVED
    assert not ModerationDecision.objects.filter(actor=world.moderator_a).exists()


def test_select_all_leaves_an_entry_resubmitted_after_the_confirmation(
    client, world, moderator
):
    waiting, changed = story(world, "Waiting"), story(world, "Changed")
    url = bulk_url("approve", select_all=True, kind="story")
    seen = seen_on(client, url)
    resubmitted(world, changed)

    response = client.post(url, seen)

    assert told(response) == [
        "1 approved; 1 changed since you looked and was left for you to review again."
    ]
    assert status_of(waiting) == EntryStatus.APPROVED
    assert status_of(changed) == EntryStatus.SUBMITTED


def test_a_form_sent_again_after_an_error_still_holds_what_was_first_seen(
    client, world, moderator
):
    """A refused form is drawn again, but the token stays the first one's."""
    one, two = story(world, "One"), story(world, "Two")
    url = bulk_url("reject", [one.public_id, two.public_id])
    seen = seen_on(client, url)
    resubmitted(world, two)

    refused = client.post(url, {"reason": "spam", **seen})  # no message
    assert refused.status_code == 400
    assert "Reject these 2 entries?" in page_text(refused)
    response = client.post(url, {**REJECT, **seen_in(refused)})

    assert told(response) == [
        "1 rejected; 1 changed since you looked and was left for you to review again."
    ]
    assert status_of(two) == EntryStatus.SUBMITTED


def test_a_ticked_entry_the_confirmation_did_not_show_is_not_decided(
    client, world, moderator
):
    """An id added to the address after the confirmation is left, and counted."""
    shown = story(world, "Shown")
    seen = seen_on(client, bulk_url("approve", [shown.public_id]))

    response = client.post(
        bulk_url("approve", [shown.public_id, world.entry_a.public_id]), seen
    )

    assert told(response) == [
        "1 approved; 1 changed since you looked and was left for you to review again."
    ]
    assert status_of(shown) == EntryStatus.APPROVED
    assert status_of(world.entry_a) == EntryStatus.SUBMITTED


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
    url = bulk_url("reject", [world.entry_a.public_id])
    seen = seen_on(client, url)

    response = client.post(url, {**data, **seen})

    assert response.status_code == 400
    assert error in page_text(response)
    assert "Nothing was decided" not in page_text(response)  # the token was good
    assert seen_in(response) == seen  # and it is carried on, as it was
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


def tampered(token: str) -> str:
    """Return ``token`` with one character of its signed value changed."""
    middle = len(token) // 3
    return token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1 :]


BAD_TOKENS = {
    "missing": None,
    "empty": "",
    "garbage": "not a token",
    "nul": "abc\x00def:ghi",
    "long": "x" * 5000,
    "tampered": tampered,
    "cut short": lambda token: token[:-3],
    "nul inside": lambda token: token[:5] + "\x00" + token[5:],
    "doubled": lambda token: token + ":" + token,
}


@pytest.mark.parametrize("bad", BAD_TOKENS.values(), ids=BAD_TOKENS.keys())
def test_a_missing_or_bad_token_decides_nothing_and_keeps_the_text(
    client, world, moderator, bad
):
    """Shown again, with what was typed, and a fresh token that then works."""
    url = bulk_url("reject", [world.entry_a.public_id])
    token = seen_on(client, url)["seen"]
    data = dict(REJECT)
    if bad is not None:
        data["seen"] = bad(token) if callable(bad) else bad

    response = client.post(url, data)

    assert response.status_code == 400
    text = page_text(response)
    assert "Nothing was decided: this form did not come from the confirmation" in text
    assert "Reject this entry?" in text
    assert REJECT["message"] in response.content.decode()
    assert REJECT["internal_note"] in response.content.decode()
    assert status_of(world.entry_a) == EntryStatus.SUBMITTED
    assert not ModerationDecision.objects.exists()
    again = client.post(url, {**REJECT, **seen_in(response)})
    assert told(again) == ["1 rejected."]


def test_a_token_for_other_entries_decides_nothing(client, world, moderator):
    other = story(world, "Other")
    seen = seen_on(client, bulk_url("approve", [other.public_id]))

    response = client.post(bulk_url("approve", [world.entry_a.public_id]), seen)

    assert response.status_code == 400
    assert "Nothing was decided" in page_text(response)
    assert status_of(world.entry_a) == status_of(other) == EntryStatus.SUBMITTED


@pytest.mark.parametrize(
    ("drawn", "sent"),
    [
        ({"action": "approve"}, {"action": "reject"}),
        ({"select_all": True, "kind": "story"}, {"select_all": True}),
        ({"select_all": True}, {}),
    ],
    ids=["another action", "other filters", "select all for ticked ids"],
)
def test_a_token_drawn_for_another_form_decides_nothing(
    client, world, moderator, drawn, sent
):
    story(world, "A story")
    ids = [world.entry_a.public_id]
    seen = seen_on(client, bulk_url(ids=ids, **drawn))

    response = client.post(bulk_url(ids=ids, **sent), {**REJECT, **seen})

    assert response.status_code == 400
    assert "Nothing was decided" in page_text(response)
    assert not ModerationDecision.objects.exists()


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


# Cost -----------------------------------------------------------------------------


def single_decision_queries(world) -> int:
    """Count the queries of one decision as the review screen makes it, held first."""
    entry = queue_entries(world.moderator_a).get(pk=story(world, "Alone").pk)
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        hold_for_decision(
            entry=entry, moderator=world.moderator_a, seen=entry_version(entry)
        )
        services.decision_approve(entry=entry, actor=world.moderator_a)
    assert status_of(entry) == EntryStatus.APPROVED
    return len(queries)


def bulk_post_queries(client, world, count: int) -> int:
    entries = [story(world, f"Story {n}") for n in range(count)]
    url = bulk_url("approve", [entry.public_id for entry in entries])
    seen = seen_on(client, url)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, seen)
    assert told(response) == [f"{count} approved."]
    return len(queries)


def test_a_bulk_decision_costs_its_decisions_and_a_fixed_amount_more(
    client, world, moderator
):
    """Reading and checking what was seen adds nothing per entry."""
    bulk_post_queries(client, world, 1)  # warm the session and the content types
    each = single_decision_queries(world)

    two = bulk_post_queries(client, world, 2)
    five = bulk_post_queries(client, world, 5)

    assert five - two == 3 * each
    assert two - 2 * each <= BULK_OVERHEAD, two - 2 * each
