"""Claims: opening an entry keeps it for its reviewer; others see who has it.

Two moderators of competition A (mod_a for StudyHub, mod_c for Parents
Together) work on the same entry; mod_b moderates B only; an editor may break
a claim. Time is frozen so the fifteen minutes can be walked through.
"""

import html
import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from moderation.claims import claim_entry, release_claim
from moderation.enums import CLAIM_MINUTES
from moderation.models import EntryClaim, ModerationDecision, ModeratorAssignment
from submissions.enums import EntryStatus
from submissions.models import Entry
from tests.factories import EntryFactory, ModeratorAssignmentFactory
from tests.support.moderation import admin_moderator, as_seen, build_world, fresh
from tests.support.staff import sign_in

# Summer: the site's time (Europe/London, BST) is an hour ahead of UTC, so a
# time shown without converting it would be caught.
START = datetime(2030, 7, 4, 21, 30, tzinfo=ZoneInfo("UTC"))

APPROVE = {"action": "approve", "approve-message": ""}
REJECT = {
    "action": "reject",
    "reject-reason": "personal_information",
    "reject-message": "Please take out your school's name.",
}
CHANGES = {"action": "request_changes", "request_changes-message": "Crop the faces."}


@pytest.fixture
def clock(time_machine):
    """Stand still at START; ``clock(minutes=…)`` moves on from there."""
    time_machine.move_to(START, tick=False)

    def move(*, minutes: float) -> datetime:
        moment = START + timedelta(minutes=minutes)
        time_machine.move_to(moment, tick=False)
        return moment

    return move


@pytest.fixture
def world(competition_index, clock):
    world = build_world(competition_index)
    world.moderator_c = fresh(
        ModeratorAssignmentFactory(
            competition=world.competition_a,
            community=world.parents,
            moderator=admin_moderator(handle="mod_c"),
        ).moderator
    )
    return world


@pytest.fixture
def browser_of():
    """Return a signed-in client of its own for each person."""
    clients = {}

    def client_for(user) -> Client:
        if user.pk not in clients:
            clients[user.pk] = Client()
            sign_in(clients[user.pk], user)
        return clients[user.pk]

    return client_for


def review(entry) -> str:
    return reverse("moderation:review", kwargs={"public_id": entry.public_id})


def renew(entry) -> str:
    return reverse("moderation:claim_renew", kwargs={"public_id": entry.public_id})


def break_url(entry) -> str:
    return reverse("moderation:claim_break", kwargs={"public_id": entry.public_id})


def hh_mm(moment: datetime) -> str:
    """Return ``moment`` as the admin shows it: the site's time zone, 24 hours."""
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).strftime("%H:%M")


def text(response) -> str:
    return html.unescape(response.content.decode())


def decision_forms(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [form["id"] for form in soup.select("form.moderation-review__decision")]


def the_claim(entry) -> EntryClaim:
    return EntryClaim.objects.select_related("moderator").get(entry=entry)


# Claiming -------------------------------------------------------------------------


def test_opening_an_entry_claims_it_for_fifteen_minutes(world, browser_of):
    response = browser_of(world.moderator_a).get(review(world.entry_a))

    assert response.status_code == 200
    claim = the_claim(world.entry_a)
    assert claim.moderator == world.moderator_a
    assert claim.claimed_at == START
    assert (
        claim.expires_at
        == START + timedelta(minutes=15)
        == START + timedelta(minutes=CLAIM_MINUTES)
    )
    until = hh_mm(START + timedelta(minutes=15))
    assert f"This entry is yours to review until {until}" in text(response)
    assert decision_forms(response) == [
        "decide-approve",
        "decide-reject",
        "decide-request_changes",
        "decide-escalate",
    ]


def test_a_head_request_reads_the_review_and_claims_nothing(world, browser_of):
    """A link checker or monitor sending HEAD must not keep the entry from others."""
    response = browser_of(world.moderator_a).head(review(world.entry_a))

    assert response.status_code == 200
    assert not EntryClaim.objects.exists()
    opened = browser_of(world.moderator_c).get(review(world.entry_a))
    assert decision_forms(opened)  # nobody holds it, so mod_c may decide


def test_others_see_who_has_it_and_until_when_without_the_decisions(world, browser_of):
    browser_of(world.moderator_a).get(review(world.entry_a))

    response = browser_of(world.moderator_c).get(review(world.entry_a))

    assert response.status_code == 200
    until = hh_mm(START + timedelta(minutes=15))
    assert f"Being reviewed by mod_a until {until}." in text(response)
    assert decision_forms(response) == []
    assert "Break this claim" not in text(response)
    assert the_claim(world.entry_a).moderator == world.moderator_a
    # The entry itself is still there to read.
    assert world.entry_a.image_url in text(response)


def test_others_see_a_claim_by_staff_without_a_handle_as_the_organisers(
    world, browser_of
):
    type(world.editor).objects.filter(pk=world.editor.pk).update(handle=None)
    claim_entry(entry=world.entry_a, moderator=world.editor)

    content = text(browser_of(world.moderator_c).get(review(world.entry_a)))

    assert "Being reviewed by the organisers until" in content
    assert "A member" not in content


def test_opening_it_again_renews_the_holders_own_claim(world, browser_of, clock):
    browser_of(world.moderator_a).get(review(world.entry_a))
    clock(minutes=10)

    browser_of(world.moderator_a).get(review(world.entry_a))

    claim = the_claim(world.entry_a)
    assert (claim.claimed_at, claim.expires_at) == (
        START,
        START + timedelta(minutes=25),
    )


def test_an_entry_not_waiting_for_a_decision_is_not_claimed(world, browser_of):
    done = EntryFactory(competition=world.competition_a, changes_requested=True)

    response = browser_of(world.moderator_a).get(review(done))

    assert response.status_code == 200
    assert "This entry is not waiting for a decision." in text(response)
    assert not EntryClaim.objects.exists()


# Renewing -------------------------------------------------------------------------


def test_the_page_renews_the_claim_while_it_is_open(world, browser_of, clock):
    moderator = browser_of(world.moderator_a)
    moderator.get(review(world.entry_a))
    clock(minutes=12)

    response = moderator.post(renew(world.entry_a))

    assert response.status_code == 200
    answer = json.loads(response.content)
    new_end = START + timedelta(minutes=27)
    assert answer["held"] is True
    assert datetime.fromisoformat(answer["expires_at"]) == new_end
    assert hh_mm(new_end) in answer["message"]
    assert the_claim(world.entry_a).expires_at == new_end


def test_renewing_someone_elses_claim_says_who_has_it(world, browser_of, clock):
    browser_of(world.moderator_a).get(review(world.entry_a))
    clock(minutes=5)

    response = browser_of(world.moderator_c).post(renew(world.entry_a))

    assert response.status_code == 409
    answer = json.loads(response.content)
    assert answer["held"] is False
    assert "mod_a is reviewing this entry until" in answer["message"]
    claim = the_claim(world.entry_a)
    assert (claim.moderator, claim.expires_at) == (
        world.moderator_a,
        START + timedelta(minutes=15),
    )


def test_renewing_after_a_lapse_takes_the_claim_back_if_nobody_else_has(
    world, browser_of, clock
):
    """A laptop that slept past the fifteen minutes gets the entry back."""
    moderator = browser_of(world.moderator_a)
    moderator.get(review(world.entry_a))
    clock(minutes=40)

    response = moderator.post(renew(world.entry_a))

    assert response.status_code == 200
    claim = the_claim(world.entry_a)
    assert claim.moderator == world.moderator_a
    assert claim.expires_at == START + timedelta(minutes=55)


def test_renewing_a_decided_entry_is_refused_plainly(world, browser_of):
    moderator = browser_of(world.moderator_a)
    moderator.get(review(world.entry_a))
    moderator.post(review(world.entry_a), as_seen(world.entry_a, APPROVE))
    Entry.objects.filter(pk=world.entry_a.pk).update(status=EntryStatus.REJECTED)

    response = moderator.post(renew(world.entry_a))

    assert response.status_code == 409
    assert json.loads(response.content) == {
        "held": False,
        "message": "This entry is not waiting for a decision.",
    }
    assert not EntryClaim.objects.exists()


def test_the_renew_address_takes_posts_only(world, browser_of):
    moderator = browser_of(world.moderator_a)

    assert moderator.get(renew(world.entry_a)).status_code == 405
    assert moderator.get(break_url(world.entry_a)).status_code == 405
    assert not EntryClaim.objects.exists()


# Lapsing --------------------------------------------------------------------------


def test_a_claim_lapses_after_fifteen_minutes(world, browser_of, clock):
    """At 14 minutes it is still mod_a's; at 15 it is free and mod_c takes it."""
    browser_of(world.moderator_a).get(review(world.entry_a))

    clock(minutes=14)
    still = browser_of(world.moderator_c).get(review(world.entry_a))
    assert decision_forms(still) == []
    assert the_claim(world.entry_a).moderator == world.moderator_a

    clock(minutes=15)
    taken = browser_of(world.moderator_c).get(review(world.entry_a))

    assert (
        len(decision_forms(taken)) == 4
    )  # approve, reject, ask for changes, pass to staff
    claim = the_claim(world.entry_a)
    assert claim.moderator == world.moderator_c
    assert claim.claimed_at == START + timedelta(minutes=15)
    assert claim.expires_at == START + timedelta(minutes=30)
    assert EntryClaim.objects.count() == 1


def queue_queries(client, world, count: int) -> int:
    """Claim ``count`` more entries of A and count the queue's queries."""
    for _ in range(count):
        entry = EntryFactory(competition=world.competition_a, submitted=True)
        claim_entry(entry=entry, moderator=world.moderator_a)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("moderation:queue"))
    assert response.status_code == 200
    assert text(response).count("mod_a until") == count
    return len(queries)


def test_the_claimed_by_column_costs_no_query_per_row(world, browser_of):
    viewer = browser_of(world.moderator_c)
    viewer.get(reverse("moderation:queue"))  # warm the session and content types

    small = queue_queries(viewer, world, 3)
    EntryClaim.objects.all().delete()
    Entry.objects.exclude(pk__in=[world.entry_a.pk, world.entry_b.pk]).delete()
    large = queue_queries(viewer, world, 30)

    assert small == large


def test_the_queue_shows_only_live_claims_in_its_claimed_by_column(
    world, browser_of, clock
):
    browser_of(world.moderator_a).get(review(world.entry_a))
    queue = reverse("moderation:queue")
    until = hh_mm(START + timedelta(minutes=15))

    assert f"mod_a until {until}" in text(browser_of(world.moderator_c).get(queue))
    clock(minutes=16)
    content = text(browser_of(world.moderator_c).get(queue))
    assert "Claimed by" in content
    assert "mod_a until" not in content


def test_a_claim_by_staff_without_a_handle_is_shown_as_the_organisers(
    world, browser_of
):
    """An editor needs no handle; the column called them "A member"."""
    type(world.editor).objects.filter(pk=world.editor.pk).update(handle=None)
    claim_entry(entry=world.entry_a, moderator=world.editor)

    content = text(browser_of(world.moderator_c).get(reverse("moderation:queue")))

    assert "A member until" not in content
    assert "The organisers until" in content


# Releasing ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("post", "status"),
    [
        pytest.param(APPROVE, EntryStatus.APPROVED, id="approve"),
        pytest.param(REJECT, EntryStatus.REJECTED, id="reject"),
        pytest.param(CHANGES, EntryStatus.CHANGES_REQUESTED, id="request_changes"),
    ],
)
def test_each_decision_releases_the_claim(world, browser_of, post, status):
    moderator = browser_of(world.moderator_a)
    moderator.get(review(world.entry_a))
    assert EntryClaim.objects.filter(entry=world.entry_a).exists()

    response = moderator.post(review(world.entry_a), as_seen(world.entry_a, post))

    assert response.status_code == 302
    assert Entry.objects.get(pk=world.entry_a.pk).status == status
    assert not EntryClaim.objects.filter(entry=world.entry_a).exists()


def test_a_refused_decision_keeps_the_claim(world, browser_of):
    """A rejection without a reason changes nothing, the claim included."""
    moderator = browser_of(world.moderator_a)
    moderator.get(review(world.entry_a))

    response = moderator.post(review(world.entry_a), {**REJECT, "reject-reason": ""})

    assert response.status_code == 400
    assert the_claim(world.entry_a).moderator == world.moderator_a


def test_a_message_too_long_to_send_is_refused_and_kept(world, browser_of):
    """What is emailed to the entrant has a limit; the text typed comes back."""
    moderator = browser_of(world.moderator_a)
    moderator.get(review(world.entry_a))
    essay = "Please crop it. " * 300  # 4,800 characters

    response = moderator.post(
        review(world.entry_a),
        as_seen(world.entry_a, {**REJECT, "reject-message": essay}),
    )

    assert response.status_code == 400
    assert "at most 4000 characters" in text(response)
    assert essay.strip() in text(response)
    assert Entry.objects.get(pk=world.entry_a.pk).status == EntryStatus.SUBMITTED
    assert not ModerationDecision.objects.exists()


def test_release_leaves_other_entries_claims_alone(world):
    other = EntryFactory(competition=world.competition_a, submitted=True)
    claim_entry(entry=world.entry_a, moderator=world.moderator_a)
    claim_entry(entry=other, moderator=world.moderator_a)

    release_claim(entry=world.entry_a)

    assert list(EntryClaim.objects.values_list("entry", flat=True)) == [other.pk]


def test_the_next_entry_skips_ones_someone_else_is_reviewing(world, browser_of):
    """After a decision mod_a goes on to an entry nobody is on, not mod_c's."""
    older = EntryFactory(
        competition=world.competition_a,
        submitted=True,
        submitted_at=timezone.now() - timedelta(hours=30),
        title="Claimed by mod_c",
    )
    free = EntryFactory(
        competition=world.competition_a,
        submitted=True,
        submitted_at=timezone.now() - timedelta(hours=20),
    )
    browser_of(world.moderator_c).get(review(older))
    moderator = browser_of(world.moderator_a)
    moderator.get(review(world.entry_a))

    response = moderator.post(review(world.entry_a), as_seen(world.entry_a, APPROVE))

    assert response["Location"] == review(free)


# Deciding without the claim -------------------------------------------------------


def test_a_decision_while_someone_else_holds_the_claim_is_refused(world, browser_of):
    """mod_c's rejection is not recorded; what they typed comes back with a reason."""
    browser_of(world.moderator_a).get(review(world.entry_a))

    response = browser_of(world.moderator_c).post(
        review(world.entry_a), as_seen(world.entry_a, REJECT)
    )

    assert response.status_code == 400
    content = text(response)
    until = hh_mm(START + timedelta(minutes=15))
    assert f"mod_a is reviewing this entry until {until}" in content
    assert "Please take out your school's name." in content
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("#id_reject-reason option[selected]")["value"] == (
        "personal_information"
    )
    entry = Entry.objects.get(pk=world.entry_a.pk)
    assert entry.status == EntryStatus.SUBMITTED
    assert not ModerationDecision.objects.exists()
    assert the_claim(world.entry_a).moderator == world.moderator_a


def test_a_decision_on_an_unclaimed_entry_goes_through(world, browser_of):
    """Nobody holds it (say the page was opened before claims lapsed): it is decided."""
    response = browser_of(world.moderator_c).post(
        review(world.entry_a), as_seen(world.entry_a, APPROVE)
    )

    assert response.status_code == 302
    assert Entry.objects.get(pk=world.entry_a.pk).status == EntryStatus.APPROVED
    assert not EntryClaim.objects.exists()


def test_a_decision_after_the_other_claim_lapsed_goes_through(world, browser_of, clock):
    browser_of(world.moderator_a).get(review(world.entry_a))
    clock(minutes=15)

    response = browser_of(world.moderator_c).post(
        review(world.entry_a), as_seen(world.entry_a, CHANGES)
    )

    assert response.status_code == 302
    decision = ModerationDecision.objects.get()
    assert (decision.actor, decision.community) == (world.moderator_c, world.parents)


# Deciding from a page drawn before the entry changed -------------------------------


def drawn_with(page) -> dict:
    """Return the state token the review page's decision forms post back."""
    soup = BeautifulSoup(page.content, "html.parser")
    tokens = {field["value"] for field in soup.select("form input[name=seen]")}
    assert len(tokens) == 1, tokens
    return {"seen": tokens.pop()}


ESCALATE = {"action": "escalate", "escalate-note": "Please look at the photo."}


def test_a_decision_from_a_page_drawn_before_anothers_decision_is_refused(
    world, browser_of, clock
):
    """mod_a's tab sat in the background past the claim; mod_c approved meanwhile."""
    stale = drawn_with(browser_of(world.moderator_a).get(review(world.entry_a)))
    clock(minutes=20)
    browser_of(world.moderator_c).get(review(world.entry_a))
    browser_of(world.moderator_c).post(
        review(world.entry_a), as_seen(world.entry_a, APPROVE)
    )

    response = browser_of(world.moderator_a).post(
        review(world.entry_a), {**REJECT, **stale}
    )

    assert response.status_code == 409
    content = text(response)
    assert "This entry has changed since you opened it: it is now “Approved”." in (
        content
    )
    assert "Your decision was not made." in content
    assert "Please take out your school's name." in content  # kept, not lost
    assert Entry.objects.get(pk=world.entry_a.pk).status == EntryStatus.APPROVED
    assert ModerationDecision.objects.get().actor == world.moderator_c
    # The page now shows the entry as it is: deciding again, knowingly, works.
    again = browser_of(world.moderator_a).post(
        review(world.entry_a), {**REJECT, **drawn_with(response)}
    )
    assert again.status_code == 302
    assert Entry.objects.get(pk=world.entry_a.pk).status == EntryStatus.REJECTED


def test_a_second_tab_of_the_same_moderator_cannot_undo_the_first(world, browser_of):
    """The claim is mod_a's in both tabs; the token still tells the tabs apart."""
    moderator = browser_of(world.moderator_a)
    first = drawn_with(moderator.get(review(world.entry_a)))
    second = drawn_with(moderator.get(review(world.entry_a)))
    moderator.post(review(world.entry_a), {**APPROVE, **first})

    response = moderator.post(review(world.entry_a), {**REJECT, **second})

    assert response.status_code == 409
    assert (
        "You have already decided on this entry: it is now “Approved”. "
        "Nothing more was done."
    ) in text(response)
    assert Entry.objects.get(pk=world.entry_a.pk).status == EntryStatus.APPROVED
    assert ModerationDecision.objects.count() == 1


def test_approving_twice_with_one_press_too_many_records_one_decision(
    world, browser_of
):
    """A double click sends the same form twice: the second is told, not applied."""
    moderator = browser_of(world.moderator_a)
    seen = drawn_with(moderator.get(review(world.entry_a)))

    moderator.post(review(world.entry_a), {**APPROVE, **seen})
    again = moderator.post(review(world.entry_a), {**APPROVE, **seen})

    assert again.status_code == 409
    assert "You have already decided on this entry" in text(again)
    assert ModerationDecision.objects.count() == 1


def test_an_approved_entry_decided_again_meanwhile_is_refused(world, browser_of, clock):
    """Same status, later decision: a reported entry someone already re-approved."""
    approve = {**APPROVE, "approve-message": "Back up."}
    Entry.objects.filter(pk=world.entry_a.pk).update(
        status=EntryStatus.APPROVED, decided_at=START - timedelta(days=1)
    )
    editor = browser_of(world.editor)
    stale = drawn_with(editor.get(review(world.entry_a)))
    clock(minutes=20)
    browser_of(world.moderator_a).post(
        review(world.entry_a), as_seen(world.entry_a, approve)
    )
    assert ModerationDecision.objects.get().actor == world.moderator_a

    response = editor.post(review(world.entry_a), {**REJECT, **stale})

    assert response.status_code == 409
    assert "it is now “Approved”" in text(response)
    assert Entry.objects.get(pk=world.entry_a.pk).status == EntryStatus.APPROVED


@pytest.mark.parametrize(
    "post",
    [APPROVE, REJECT, CHANGES, ESCALATE],
    ids=["approve", "reject", "request_changes", "escalate"],
)
def test_a_decision_without_the_pages_token_is_refused(world, browser_of, post):
    moderator = browser_of(world.moderator_a)
    moderator.get(review(world.entry_a))

    response = moderator.post(review(world.entry_a), post)

    assert response.status_code == 409
    assert "This entry has changed since you opened it" in text(response)
    assert Entry.objects.get(pk=world.entry_a.pk).status == EntryStatus.SUBMITTED
    assert not ModerationDecision.objects.exists()
    assert the_claim(world.entry_a).moderator == world.moderator_a


# Breaking -------------------------------------------------------------------------


def test_an_editor_breaks_a_claim_and_takes_the_entry(world, browser_of, clock):
    browser_of(world.moderator_a).get(review(world.entry_a))
    editor = browser_of(world.editor)
    clock(minutes=3)

    page = editor.get(review(world.entry_a))
    assert "Being reviewed by mod_a" in text(page)
    assert decision_forms(page) == []
    soup = BeautifulSoup(page.content, "html.parser")
    (form,) = soup.select(".moderation-review__claim form")
    assert (form["method"], form["action"]) == ("post", break_url(world.entry_a))

    response = editor.post(break_url(world.entry_a), follow=True)

    assert response.redirect_chain == [(review(world.entry_a), 302)]
    assert "You have taken this entry over from mod_a." in text(response)
    assert len(decision_forms(response)) == 3
    claim = the_claim(world.entry_a)
    assert claim.moderator == world.editor
    assert claim.claimed_at == START + timedelta(minutes=3)
    # mod_a, whose page is still open, can no longer decide.
    refused = browser_of(world.moderator_a).post(
        review(world.entry_a), as_seen(world.entry_a, APPROVE)
    )
    assert refused.status_code == 400
    assert Entry.objects.get(pk=world.entry_a.pk).status == EntryStatus.SUBMITTED


def test_a_moderator_cannot_break_anothers_claim(world, browser_of):
    browser_of(world.moderator_a).get(review(world.entry_a))

    response = browser_of(world.moderator_c).post(break_url(world.entry_a))

    assert response.status_code == 403
    assert "Only editors can break someone's claim." in text(response)
    assert the_claim(world.entry_a).moderator == world.moderator_a


def claim_breaks(entry) -> list[ModelLogEntry]:
    return list(
        ModelLogEntry.objects.filter(
            object_id=str(entry.pk), action="moderation.claim_break"
        )
    )


def test_breaking_a_claim_is_in_the_audit_log(world, browser_of, clock):
    """Who broke whose claim, when, and whether it was still live, against the entry."""
    browser_of(world.moderator_a).get(review(world.entry_a))
    clock(minutes=3)

    browser_of(world.editor).post(break_url(world.entry_a))

    (audit,) = claim_breaks(world.entry_a)
    assert audit.user == world.editor
    assert audit.timestamp == START + timedelta(minutes=3)
    assert audit.data == {
        "holder": world.moderator_a.pk,
        "claimed_at": START.isoformat(),
        "expires_at": (START + timedelta(minutes=15)).isoformat(),
        "was_live": True,
    }
    assert audit.message == "Claim broken: taken over from mod_a"
    history = browser_of(world.editor).get("/admin/reports/site-history/")
    assert "Claim broken: taken over from mod_a" in text(history)


def test_breaking_a_lapsed_claim_is_recorded_as_lapsed(world, browser_of, clock):
    browser_of(world.moderator_a).get(review(world.entry_a))
    clock(minutes=20)

    browser_of(world.editor).post(break_url(world.entry_a))

    (audit,) = claim_breaks(world.entry_a)
    assert audit.data["was_live"] is False


def test_taking_a_free_or_own_claim_records_no_break(world, browser_of):
    editor = browser_of(world.editor)

    editor.post(break_url(world.entry_a))
    editor.post(break_url(world.entry_a))

    assert the_claim(world.entry_a).moderator == world.editor
    assert claim_breaks(world.entry_a) == []


def test_a_refused_break_records_nothing(world, browser_of):
    browser_of(world.moderator_a).get(review(world.entry_a))

    browser_of(world.moderator_c).post(break_url(world.entry_a))

    assert claim_breaks(world.entry_a) == []


# Scope ----------------------------------------------------------------------------


@pytest.mark.parametrize("address", [renew, break_url], ids=["renew", "break"])
def test_another_competitions_moderator_gets_a_404(world, browser_of, address):
    """mod_b moderates B only: A's entry does not exist for them, claimed or not."""
    moderator = browser_of(world.moderator_b)

    free = moderator.post(address(world.entry_a))
    browser_of(world.moderator_a).get(review(world.entry_a))
    claimed = moderator.post(address(world.entry_a))

    for response in (free, claimed):
        assert response.status_code == 404
        assert world.entry_a.title not in text(response)
    assert the_claim(world.entry_a).moderator == world.moderator_a


@pytest.mark.parametrize("address", [renew, break_url], ids=["renew", "break"])
def test_an_unknown_entry_is_a_404(world, browser_of, address):
    class Missing:
        public_id = "no-such-entry"

    assert browser_of(world.editor).post(address(Missing)).status_code == 404


def test_an_expired_assignment_gets_no_claim(world, browser_of):
    """Once mod_a's assignment ends, opening, renewing or breaking claims nothing."""
    moderator = browser_of(world.moderator_a)
    ended = timezone.now() - timedelta(minutes=1)
    ModeratorAssignment.objects.filter(moderator=world.moderator_a).update(
        active_from=ended - timedelta(days=3), active_until=ended
    )

    responses = [
        moderator.get(review(world.entry_a)),
        moderator.post(renew(world.entry_a)),
        moderator.post(break_url(world.entry_a)),
        moderator.post(
            renew(world.entry_a), headers={"x-requested-with": "XMLHttpRequest"}
        ),
    ]

    for response in responses:
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"] == reverse("wagtailadmin_home")
        assert world.entry_a.title not in text(response)
    assert not EntryClaim.objects.exists()


def test_an_expired_assignment_elsewhere_is_a_404_here(world, browser_of):
    """mod_b, still moderating B but with A's assignment over, gets A's as a 404."""
    ended = timezone.now() - timedelta(minutes=1)
    ModeratorAssignmentFactory(
        competition=world.competition_a,
        community=world.parents,
        moderator=world.moderator_b,
        active_from=ended - timedelta(days=3),
        active_until=ended,
    )
    moderator = browser_of(world.moderator_b)

    assert moderator.get(review(world.entry_a)).status_code == 404
    assert moderator.post(renew(world.entry_a)).status_code == 404
    assert not EntryClaim.objects.exists()
