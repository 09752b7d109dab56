"""Reports, appeals and escalation reach only what the viewer may act on.

The attacks: the moderator of competition A goes for B's appeal in the list, on
its decision screen and by a POSTed outcome, and escalates B's entry; a moderator
whose assignment ended tries the appeal routed to them; a member and a visitor
try the admin's appeals; members report entries that are not public and appeal
entries that are not theirs. Every refusal of an object is a 404 that gives
nothing of it away.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from moderation.appeals import appeal_submit
from moderation.enums import RejectionReason
from moderation.models import (
    Appeal,
    EntryReport,
    Escalation,
    ModerationDecision,
    ModeratorAssignment,
)
from moderation.services import decision_reject
from submissions.enums import EntryStatus
from submissions.models import Entry
from tests.factories import EntryFactory, ModeratorAssignmentFactory, UserFactory
from tests.support.moderation import SECRET_TITLE, admin_moderator, build_world
from tests.support.staff import sign_in

APPEALS = "/admin/moderation/appeals/"
APPEALS_RESULTS = "/admin/moderation/appeals/results/"
UPHOLD = {"outcome": "uphold", "message": "Approved on appeal."}
ESCALATE = {"action": "escalate", "escalate-note": "Please look."}


@pytest.fixture
def world(competition_index):
    """B's entry is rejected by B's moderator and appealed; a StudyHub moderator on
    B is the one it is routed to. A's moderator (StudyHub too) has no say on B."""
    world = build_world(competition_index)
    world.b_reviewer = admin_moderator(handle="mod_b_studyhub")
    ModeratorAssignmentFactory(
        competition=world.competition_b,
        community=world.studyhub,
        moderator=world.b_reviewer,
    )
    decision_reject(
        entry=world.entry_b,
        actor=world.moderator_b,
        reason=RejectionReason.OTHER,
        message="Not this time.",
    )
    world.appeal_b = appeal_submit(
        entry=Entry.objects.get(pk=world.entry_b.pk),
        author=world.author,
        statement="Please look again.",
    )
    return world


def decide(appeal) -> str:
    return reverse("moderation:appeal", kwargs={"pk": appeal.pk})


def review(entry) -> str:
    return reverse("moderation:review", kwargs={"public_id": entry.public_id})


def assert_not_found(response) -> None:
    assert response.status_code == 404
    assert SECRET_TITLE not in response.content.decode()
    assert "Please look again." not in response.content.decode()


def assert_appeal_untouched(world) -> None:
    assert Appeal.objects.get(pk=world.appeal_b.pk).outcome is None
    assert Entry.objects.get(pk=world.entry_b.pk).status == EntryStatus.REJECTED
    assert not ModerationDecision.objects.filter(kind__startswith="appeal").exists()


def test_the_routed_moderator_can_reach_the_appeal(client, world):
    """The control: the same requests work for the person the appeal is routed to."""
    sign_in(client, world.b_reviewer)

    assert SECRET_TITLE in client.get(APPEALS).content.decode()
    assert client.get(decide(world.appeal_b)).status_code == 200


def test_a_moderator_of_a_gets_nothing_of_bs_appeal(client, world):
    sign_in(client, world.moderator_a)

    for url in (APPEALS, APPEALS_RESULTS):
        response = client.get(url)
        assert response.status_code == 200
        assert SECRET_TITLE not in response.content.decode()
    assert_not_found(client.get(decide(world.appeal_b)))
    assert_not_found(client.post(decide(world.appeal_b), UPHOLD))
    assert_appeal_untouched(world)


def test_guessing_an_appeal_by_id_finds_nothing(client, world):
    sign_in(client, world.moderator_a)

    assert client.get(f"{APPEALS}{world.appeal_b.pk + 1}/").status_code == 404
    assert client.get(f"{APPEALS}x{world.appeal_b.pk}/").status_code == 404


def test_a_moderator_of_a_cannot_escalate_bs_entry(client, world):
    entry = EntryFactory(
        competition=world.competition_b, title=SECRET_TITLE + " 2", submitted=True
    )
    sign_in(client, world.moderator_a)

    response = client.post(review(entry), ESCALATE)

    assert response.status_code == 404
    assert not Escalation.objects.exists()


def test_an_expired_assignment_gets_no_appeal_and_no_escalation(client, world):
    ended = timezone.now() - timedelta(minutes=1)
    ModeratorAssignment.objects.filter(moderator=world.b_reviewer).update(
        active_from=ended - timedelta(days=3), active_until=ended
    )
    entry = EntryFactory(competition=world.competition_b, submitted=True)
    sign_in(client, world.b_reviewer)

    for response in (
        client.get(APPEALS),
        client.get(decide(world.appeal_b)),
        client.post(decide(world.appeal_b), UPHOLD),
        client.post(review(entry), ESCALATE),
    ):
        assert response.status_code in (302, 403, 404)
        assert SECRET_TITLE not in response.content.decode()
    assert_appeal_untouched(world)
    assert not Escalation.objects.exists()


@pytest.mark.parametrize("who", ["member", "author", "anonymous"])
def test_members_and_visitors_get_no_admin_appeals(client, world, who):
    if who != "anonymous":
        sign_in(client, world.author if who == "author" else UserFactory())

    for response in (
        client.get(APPEALS),
        client.get(decide(world.appeal_b)),
        client.post(decide(world.appeal_b), UPHOLD),
        client.post(review(world.entry_a), ESCALATE),
    ):
        if who == "anonymous":
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("account_login"))
        else:
            assert response.status_code == 403
        assert SECRET_TITLE not in response.content.decode()
    assert_appeal_untouched(world)
    assert not Escalation.objects.exists()


def test_nobody_but_the_author_appeals_or_sees_the_appeal_form(client, world):
    entry = EntryFactory(competition=world.competition_a, title="Mine", submitted=True)
    decision_reject(
        entry=entry,
        actor=world.moderator_a,
        reason=RejectionReason.SPAM,
        message="Spam.",
    )
    url = reverse(
        "moderation_public:entry_appeal", kwargs={"public_id": entry.public_id}
    )
    for who in (UserFactory(), world.moderator_a, world.b_reviewer):
        sign_in(client, who)
        assert client.get(url).status_code == 404
        assert client.post(url, {"statement": "Let me in."}).status_code == 404
        assert (
            "appeal-form" not in client.get(entry.get_absolute_url()).content.decode()
        )
    assert not Appeal.objects.filter(entry=entry).exists()


def test_an_unpublished_entry_cannot_be_reported_even_by_its_moderator(client, world):
    """Reporting is for public entries: B's rejected entry and A's submitted one are
    404s, however the member could otherwise see them."""
    url = "moderation_public:entry_report"
    for who, entry in (
        (world.moderator_a, world.entry_a),
        (world.moderator_a, world.entry_b),
        (UserFactory(), world.entry_b),
    ):
        sign_in(client, who)
        target = reverse(url, kwargs={"public_id": entry.public_id})
        response = client.post(target, {"reason": "spam"})
        assert response.status_code == 404
        assert SECRET_TITLE not in response.content.decode()
    assert not EntryReport.objects.exists()


def test_malformed_ids_on_the_public_endpoints_are_404s(client, world):
    sign_in(client, world.author)

    for path in ("/entries/%00abc/report/", "/entries/short/appeal/"):
        assert client.post(path, {"reason": "spam"}).status_code == 404
