"""A moderator lent for one competition cannot reach another's entries.

The attacks: the moderator of competition A goes for B's entry in the queue, its
review page, a decision POSTed straight at it, and its private image; so do a
moderator whose assignment ended, one whose account was switched off, a member,
an anonymous visitor and a judge-like staff user with no assignment. Every
entry refusal is a 404 that gives nothing of the entry away.
"""

import json
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from moderation.models import ModerationDecision, ModeratorAssignment
from moderation.services import decision_approve
from submissions.enums import EntryStatus
from submissions.models import Entry
from tests.factories import EntryFactory, UserFactory
from tests.support.moderation import SECRET_TITLE, admin_moderator, build_world
from tests.support.staff import sign_in

QUEUE = "/admin/moderation/"


@pytest.fixture
def world(competition_index):
    return build_world(competition_index)


def review(entry) -> str:
    return reverse("moderation:review", kwargs={"public_id": entry.public_id})


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode()


def assert_not_found(response, entry) -> None:
    """A plain 404 that gives nothing of the entry away."""
    assert response.status_code == 404
    content = body(response)
    assert entry.title not in content
    assert entry.public_id not in content


def assert_turned_away(response, entry) -> None:
    """Sent back to the admin's home page (or refused), with nothing of the entry."""
    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        assert response["Location"] == reverse("wagtailadmin_home")
    assert entry.title not in body(response)
    assert entry.public_id not in body(response)


def assert_untouched(entry) -> None:
    stored = Entry.objects.get(pk=entry.pk)
    assert stored.status == EntryStatus.SUBMITTED
    assert not ModerationDecision.objects.filter(entry=entry).exists()
    assert not stored.events.exists()


APPROVE = {"action": "approve", "approve-message": "", "approve-internal_note": ""}
REJECT = {
    "action": "reject",
    "reject-reason": "spam",
    "reject-message": "Taken down.",
    "reject-internal_note": "",
}
CHANGES = {"action": "request_changes", "request_changes-message": "Redo it."}
POSTS = [
    pytest.param(APPROVE, id="approve"),
    pytest.param(REJECT, id="reject"),
    pytest.param(CHANGES, id="request_changes"),
]


# The moderator of competition A against competition B ------------------------------


def test_the_queue_lists_only_my_competitions_entries(client, world):
    """A's moderator sees A's entry in the queue and nothing of B."""
    sign_in(client, world.moderator_a)

    content = client.get(QUEUE).content.decode()

    assert world.entry_a.title in content
    assert SECRET_TITLE not in content
    assert world.competition_b.title not in content


def test_filtering_the_queue_by_another_competition_shows_nothing_of_it(client, world):
    """Asking for B by id in the filter is an invalid choice, not B's entries."""
    sign_in(client, world.moderator_a)

    for query in (
        {"competition": world.competition_b.pk},
        {"competition": world.competition_b.pk, "status": "approved"},
    ):
        response = client.get(QUEUE, query)
        assert response.status_code == 200
        assert SECRET_TITLE not in response.content.decode()
    results = client.get(reverse("moderation:queue_results"), {"status": "submitted"})
    assert SECRET_TITLE not in results.content.decode()


def test_another_competitions_entry_is_a_404_on_review(client, world):
    sign_in(client, world.moderator_a)

    assert_not_found(client.get(review(world.entry_b)), world.entry_b)
    assert client.get(review(world.entry_a)).status_code == 200


@pytest.mark.parametrize("data", POSTS)
def test_a_decision_posted_at_another_competitions_entry_is_a_404(client, world, data):
    """POSTing approve, reject or changes at B's entry changes nothing."""
    sign_in(client, world.moderator_a)

    assert_not_found(client.post(review(world.entry_b), data), world.entry_b)
    assert_untouched(world.entry_b)


@pytest.mark.parametrize(
    "url",
    [
        pytest.param(lambda entry: f"/admin/moderation/entries/{entry.pk}/", id="pk"),
        pytest.param(
            lambda entry: f"/admin/moderation/entries/{entry.public_id}x/", id="typo"
        ),
    ],
)
def test_guessing_an_entry_by_database_id_finds_nothing(client, world, url):
    sign_in(client, world.moderator_a)

    assert client.get(url(world.entry_a)).status_code == 404


def test_another_competitions_private_image_and_page_are_404(client, world):
    """B's unapproved image and entry page stay out of reach; A's are mine."""
    sign_in(client, world.moderator_a)

    assert_not_found(client.get(world.entry_b.image_url), world.entry_b)
    assert_not_found(client.get(world.entry_b.get_absolute_url()), world.entry_b)
    mine = client.get(world.entry_a.image_url)
    assert mine.status_code == 200
    assert mine["Cache-Control"] == "private, no-store"
    assert client.get(world.entry_a.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("state", ["draft", "withdrawn"])
def test_drafts_and_withdrawn_entries_stay_the_authors_alone(client, world, state):
    """Even in my own competition, a draft or a withdrawn entry is a 404."""
    entry = EntryFactory(
        competition=world.competition_a,
        kind="image",
        title=SECRET_TITLE,
        **{state: True},
    )
    sign_in(client, world.moderator_a)

    assert_not_found(client.get(review(entry)), entry)
    assert_not_found(client.get(entry.image_url), entry)
    assert_not_found(client.get(entry.get_absolute_url()), entry)
    assert (
        SECRET_TITLE not in client.get(QUEUE, {"status": "approved"}).content.decode()
    )


def test_the_audit_history_shows_a_moderator_nothing_of_others_decisions(client, world):
    """Wagtail's site history lists no entry to someone without entry rights."""
    decision_approve(entry=world.entry_b, actor=world.moderator_b)
    sign_in(client, world.moderator_a)

    response = client.get("/admin/reports/site-history/")

    assert SECRET_TITLE not in body(response)


# Moderators whose right has gone ---------------------------------------------------


def end_assignment(world) -> None:
    assignment = world.assignment_of(world.moderator_a)
    ended = timezone.now() - timedelta(minutes=1)
    ModeratorAssignment.objects.filter(pk=assignment.pk).update(
        active_from=ended - timedelta(days=3), active_until=ended
    )


def test_an_expired_assignment_gets_no_queue_entry_media_or_decision(client, world):
    """Once the assignment ends, A's entry is as closed to its moderator as B's."""
    end_assignment(world)
    sign_in(client, world.moderator_a)

    for response in (
        client.get(QUEUE),
        client.get(review(world.entry_a)),
        client.post(review(world.entry_a), APPROVE),
    ):
        assert_turned_away(response, world.entry_a)
    assert_not_found(client.get(world.entry_a.image_url), world.entry_a)
    assert_untouched(world.entry_a)


def test_a_deactivated_account_gets_nothing(client, world):
    """Switching the moderator's account off signs them out of everything."""
    sign_in(client, world.moderator_a)
    world.moderator_a.is_active = False
    world.moderator_a.save()

    for response in (
        client.get(QUEUE),
        client.get(review(world.entry_a)),
        client.post(review(world.entry_a), APPROVE),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert_not_found(client.get(world.entry_a.image_url), world.entry_a)
    assert_untouched(world.entry_a)


# People who were never moderators --------------------------------------------------


@pytest.mark.parametrize("who", ["member", "author", "anonymous"])
def test_members_and_visitors_get_no_admin_at_all(client, world, who):
    """A visitor is sent to sign in; a member (the author too) is refused the admin
    outright (a 403 page); nothing about the entry leaks to either."""
    if who != "anonymous":
        sign_in(client, world.author if who == "author" else UserFactory())

    for response in (
        client.get(QUEUE),
        client.get(review(world.entry_a)),
        client.post(review(world.entry_a), APPROVE),
    ):
        if who == "anonymous":
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("account_login"))
        else:
            assert response.status_code == 403
            assert world.entry_a.title not in response.content.decode()
    assert_untouched(world.entry_a)


def test_staff_with_no_assignment_get_no_moderation(client, world):
    """A judge-like staff user with admin access sees no queue and no entry."""
    judge = admin_moderator(handle="judge_one")
    sign_in(client, judge)

    for response in (
        client.get(QUEUE),
        client.get(review(world.entry_a)),
        client.post(review(world.entry_a), APPROVE),
    ):
        assert_turned_away(response, world.entry_a)
    assert_not_found(client.get(world.entry_a.image_url), world.entry_a)
    assert "Moderation" not in sidebar_labels(client.get("/admin/"))
    assert_untouched(world.entry_a)


# What else a moderator sees in the admin ------------------------------------------


def sidebar_labels(response) -> list[str]:
    """Return the labels of the admin's main menu."""
    match = re.search(
        r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    props = json.loads(match.group(1))
    (main,) = [m for m in props["modules"] if m["_type"].endswith("MainMenuModule")]
    return [item["_args"][0]["label"] for item in main["_args"][0]]


def test_a_moderators_menu_has_the_moderation_area_threads_and_help_only(client, world):
    """A partner's moderator also keeps the partner's threads and impact reports."""
    sign_in(client, world.moderator_a)

    assert sidebar_labels(client.get("/admin/")) == [
        "Moderation",
        "Discussion threads",
        "Impact reports",
        "Help",
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/pages/",
        "/admin/pages/search/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/users/",
        "/admin/snippets/",
        "/admin/snippets/submissions/entry/",
        "/admin/snippets/communities/partnercommunity/",
        "/admin/moderator_rosters/",
        "/admin/moderatorassignment/",
        "/admin/moderationdecision/",
    ],
)
def test_a_moderator_is_turned_away_from_the_rest_of_the_admin(client, world, url):
    """Pages, images, documents, users, snippets and the editors' lists: refused."""
    sign_in(client, world.moderator_a)

    response = client.get(url)

    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] == reverse("wagtailadmin_home")


# Every entry endpoint of the moderation area, one sweep ----------------------------


def claim_url(entry, what: str) -> str:
    return reverse(f"moderation:claim_{what}", kwargs={"public_id": entry.public_id})


ESCALATE = {"action": "escalate", "escalate-note": "Please look at this one."}


def entry_endpoints(entry) -> list[tuple[str, str, dict]]:
    """Every way into one entry in the admin: (method, url, data)."""
    return [
        ("get", review(entry), {}),
        ("post", review(entry), APPROVE),
        ("post", review(entry), REJECT),
        ("post", review(entry), CHANGES),
        ("post", review(entry), ESCALATE),
        ("post", claim_url(entry, "renew"), {}),
        ("post", claim_url(entry, "break"), {}),
        ("get", entry.image_url, {}),
    ]


def test_every_entry_endpoint_of_another_competition_is_a_404(client, world):
    """Review, each decision, passing to staff, claims and media: all 404 for B."""
    sign_in(client, world.moderator_a)

    for method, url, data in entry_endpoints(world.entry_b):
        response = getattr(client, method)(url, data)
        assert_not_found(response, world.entry_b)
    assert_untouched(world.entry_b)
    assert not world.entry_b.__class__.objects.filter(
        pk=world.entry_b.pk, claim__isnull=False
    ).exists()


def test_an_expired_assignment_reaches_no_entry_endpoint(client, world):
    end_assignment(world)
    sign_in(client, world.moderator_a)

    for method, url, data in entry_endpoints(world.entry_a):
        response = getattr(client, method)(url, data)
        assert_turned_away(response, world.entry_a)
    assert_untouched(world.entry_a)


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_bulk_decisions_never_reach_another_competition(client, world, action):
    """Explicit ids of B's entry, and "select all" filtered to B, decide nothing."""
    sign_in(client, world.moderator_a)
    bulk = reverse("moderation:bulk")
    decision = {"reason": "spam", "message": "Not for this call."}

    by_id = client.post(
        bulk + f"?action={action}&id={world.entry_b.public_id}", decision
    )
    everything = client.post(
        bulk + f"?action={action}&select_all=1&competition={world.competition_b.pk}",
        decision,
    )

    assert by_id.status_code == 404
    assert everything.status_code in (302, 400, 404)
    assert world.entry_b.title not in body(everything)
    assert_untouched(world.entry_b)
