"""The moderation area: the queue, the review screen, and the editors' lists."""

import html
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from competitions.enums import EntryKind
from moderation.models import ModerationDecision, ModeratorAssignment
from moderation.services import decision_reject
from submissions.enums import AgeBand, EntryStatus
from submissions.models import Entry
from tests.factories import CommunityModeratorFactory, EntryFactory, UserFactory
from tests.support.moderation import as_seen, build_world
from tests.support.staff import sign_in

QUEUE = "/admin/moderation/"


@pytest.fixture
def world(competition_index):
    return build_world(competition_index)


def review(entry) -> str:
    return reverse("moderation:review", kwargs={"public_id": entry.public_id})


def queue_titles(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        cell.get_text(strip=True)
        for cell in soup.select("table.listing tbody tr td.title a")
    ]


def submitted(world, title, *, hours_ago: float, kind=EntryKind.IMAGE, **extra):
    return EntryFactory(
        competition=world.competition_a,
        kind=kind,
        title=title,
        submitted=True,
        submitted_at=timezone.now() - timedelta(hours=hours_ago),
        **extra,
    )


# The queue ------------------------------------------------------------------------


def test_the_queue_lists_waiting_entries_oldest_first(client, world):
    """Submitted entries only, the longest-waiting at the top."""
    submitted(world, "Newest", hours_ago=1)
    submitted(world, "Oldest", hours_ago=50)
    EntryFactory(competition=world.competition_a, title="Done", approved=True)
    sign_in(client, world.moderator_a)

    titles = queue_titles(client.get(QUEUE))

    assert titles == ["Oldest", "Newest", world.entry_a.title]  # A's: just now


def test_the_queue_filters_by_kind_status_and_waiting_time(client, world):
    submitted(world, "A story", hours_ago=2, kind=EntryKind.STORY)
    submitted(world, "Long wait", hours_ago=30)
    EntryFactory(competition=world.competition_a, title="Done", approved=True)
    sign_in(client, world.moderator_a)

    assert queue_titles(client.get(QUEUE, {"kind": "story"})) == ["A story"]
    assert queue_titles(client.get(QUEUE, {"status": "approved"})) == ["Done"]
    assert queue_titles(client.get(QUEUE, {"waiting_hours": "24"})) == ["Long wait"]
    competition = {"competition": world.competition_a.pk, "kind": "image"}
    assert "Long wait" in queue_titles(client.get(QUEUE, competition))


@pytest.mark.parametrize("hours", ["abc", "-1", "99999999999999", "1e400"])
def test_nonsense_in_the_waiting_filter_is_a_message_not_an_error(client, world, hours):
    """A bad number is refused by the filter form; the queue still shows."""
    sign_in(client, world.moderator_a)

    response = client.get(QUEUE, {"waiting_hours": hours})

    assert response.status_code == 200
    assert world.entry_a.title in html.unescape(response.content.decode())


def test_editors_see_every_competitions_queue(client, world):
    sign_in(client, world.editor)

    titles = queue_titles(client.get(QUEUE))

    assert {world.entry_a.title, world.entry_b.title} <= set(titles)


def queue_queries(client, world, count: int) -> int:
    for number in range(count):
        submitted(world, f"Entry {count}-{number}", hours_ago=number + 1)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUEUE)
    assert response.status_code == 200
    assert len(queue_titles(response)) == count + 1  # with the world's own entry
    return len(queries)


def test_the_queue_costs_the_same_queries_for_3_or_30_entries(client, world):
    """Its query count does not grow with its length."""
    sign_in(client, world.moderator_a)
    client.get(QUEUE)  # warm the session and the content types

    small = queue_queries(client, world, 2)
    Entry.objects.filter(competition=world.competition_a).exclude(
        pk=world.entry_a.pk
    ).delete()
    large = queue_queries(client, world, 29)

    assert small == large


# The review screen ----------------------------------------------------------------


def test_the_review_shows_the_entry_as_the_public_would_see_it(client, world):
    """The image through the private media view, the handle and age, no email."""
    sign_in(client, world.moderator_a)

    response = client.get(review(world.entry_a))

    content = html.unescape(response.content.decode())
    soup = BeautifulSoup(response.content, "html.parser")
    assert [img["src"] for img in soup.select(".entry-image img")] == [
        world.entry_a.image_url
    ]
    assert "ana_writes" in content
    assert "18 or over" in content
    assert "ana.private@example.org" not in content
    assert world.author.email not in content


def test_the_review_shows_a_storys_text_and_an_ideas_fields(client, world):
    story = submitted(
        world,
        "The kettle",
        hours_ago=3,
        kind=EntryKind.STORY,
        story="<p>A second-year lent me a kettle.</p>",
        age_band=AgeBand.AGE_13_TO_17,
    )
    world.competition_a.entry_kinds = [*world.competition_a.entry_kinds, "idea"]
    world.competition_a.save()
    idea = submitted(world, "Night bus", hours_ago=3, kind=EntryKind.IDEA)
    sign_in(client, world.moderator_a)

    story_page = html.unescape(client.get(review(story)).content.decode())
    idea_page = html.unescape(client.get(review(idea)).content.decode())

    assert "A second-year lent me a kettle." in story_page
    assert "13 to 17" in story_page
    for text in ("Buses stop at ten.", "Run a night bus.", "Shift workers."):
        assert text in idea_page


def test_the_review_lists_earlier_decisions(client, world):
    decision_reject(
        entry=world.entry_a,
        actor=world.moderator_a,
        reason="off_topic",
        message="Not a high street.",
        internal_note="Looks like a car park.",
    )
    sign_in(client, world.moderator_b)  # no right to A: a 404
    assert client.get(review(world.entry_a)).status_code == 404
    sign_in(client, world.moderator_a)

    content = html.unescape(client.get(review(world.entry_a)).content.decode())

    assert "Earlier decisions" in content
    assert "It is not on the competition's theme" in content
    assert "Not a high street." in content
    assert "Looks like a car park." in content
    assert "StudyHub" in content
    assert "This entry is not waiting for a decision." in content


def test_a_decision_goes_on_to_the_longest_waiting_entry(client, world):
    """A volunteer clearing the queue lands on the next entry, not the list."""
    older = submitted(world, "Waited longest", hours_ago=40)
    submitted(world, "Waited less", hours_ago=2)
    sign_in(client, world.moderator_a)

    response = client.post(
        review(world.entry_a),
        as_seen(world.entry_a, {"action": "approve", "approve-message": ""}),
    )

    assert response.status_code == 302
    assert response["Location"] == review(older)


def test_the_last_decision_returns_to_the_queue(client, world):
    sign_in(client, world.moderator_a)

    response = client.post(
        review(world.entry_a),
        as_seen(world.entry_a, {"action": "approve", "approve-message": "Lovely."}),
    )

    assert response.status_code == 302
    assert response["Location"] == QUEUE
    entry = Entry.objects.get(pk=world.entry_a.pk)
    assert (entry.status, entry.feedback) == (EntryStatus.APPROVED, "Lovely.")
    decision = ModerationDecision.objects.get(entry=entry)
    assert (decision.actor, decision.community) == (world.moderator_a, world.studyhub)
    assert "is approved" in client.get(QUEUE).content.decode()


def test_a_rejection_without_a_reason_keeps_what_was_typed(client, world):
    """The form comes back with a 400, the message kept and the reason asked for."""
    sign_in(client, world.moderator_a)

    response = client.post(
        review(world.entry_a),
        {"action": "reject", "reject-reason": "", "reject-message": "Blurry faces."},
    )

    assert response.status_code == 400
    content = html.unescape(response.content.decode())
    assert "Please choose a reason." in content
    assert "Blurry faces." in content
    assert Entry.objects.get(pk=world.entry_a.pk).status == EntryStatus.SUBMITTED
    assert not ModerationDecision.objects.exists()


@pytest.mark.parametrize("action", ["", "delete", "publish"])
def test_an_unknown_action_is_a_400(client, world, action):
    sign_in(client, world.moderator_a)

    response = client.post(review(world.entry_a), {"action": action})

    assert response.status_code == 400
    assert Entry.objects.get(pk=world.entry_a.pk).status == EntryStatus.SUBMITTED


def test_deciding_an_entry_already_decided_says_so(client, world):
    """Looked at again after a decision, the entry says it takes no other."""
    sign_in(client, world.moderator_a)
    client.post(
        review(world.entry_a),
        as_seen(
            world.entry_a,
            {"action": "request_changes", "request_changes-message": "Crop it."},
        ),
    )

    response = client.post(
        review(world.entry_a),
        as_seen(
            world.entry_a,
            {"action": "reject", "reject-reason": "spam", "reject-message": "Spam."},
        ),
    )

    assert response.status_code == 400
    assert "Only submitted or approved entries" in response.content.decode()
    assert ModerationDecision.objects.count() == 1


# The editors' lists ---------------------------------------------------------------


def test_an_editor_cannot_assign_someone_off_the_roster(client, world):
    """On another community's roster only: the form names the problem; no row."""
    outsider = UserFactory(handle="not_on_roster", is_staff=True)
    CommunityModeratorFactory(user=outsider, community=world.parents)
    sign_in(client, UserFactory(editor=True))
    data = {
        "competition": world.competition_a.pk,
        "moderator": outsider.pk,
        "community": world.studyhub.pk,
        "active_from": "2026-01-01 09:00",
    }

    response = client.post(reverse("moderatorassignment:add"), data)

    assert response.status_code == 200
    assert "not on StudyHub" in html.unescape(response.content.decode())
    assert not ModeratorAssignment.objects.filter(moderator=outsider).exists()

    CommunityModeratorFactory(user=outsider, community=world.studyhub)
    response = client.post(reverse("moderatorassignment:add"), data)
    assert response.status_code == 302
    assert ModeratorAssignment.objects.filter(moderator=outsider).exists()


def test_the_assignment_form_offers_only_people_on_a_roster(client, world):
    """Not every member and judge: the roster's people, whichever community."""
    UserFactory(handle="just_a_member")
    former = UserFactory(handle="left_the_roster", is_staff=True)
    CommunityModeratorFactory(user=former, community=world.studyhub, active=False)
    sign_in(client, UserFactory(editor=True, handle="the_editor_here"))

    page = BeautifulSoup(
        client.get(reverse("moderatorassignment:add")).content, "html.parser"
    )

    offered = [o.get_text() for o in page.select("select[name=moderator] option")]
    assert offered[1:] == ["mod_a", "mod_b"]
    forged = client.post(
        reverse("moderatorassignment:add"),
        {
            "competition": world.competition_a.pk,
            "moderator": former.pk,
            "community": world.studyhub.pk,
            "active_from": "2026-01-01 09:00",
        },
    )
    assert forged.status_code == 200
    assert not ModeratorAssignment.objects.filter(moderator=former).exists()


def test_a_competitions_admin_page_links_to_its_moderators(client, world):
    sign_in(client, UserFactory(editor=True))

    response = client.get(
        reverse("wagtailadmin_pages:edit", args=[world.competition_a.pk])
    )

    expected = (
        f"{reverse('moderatorassignment:index')}?competition={world.competition_a.pk}"
    )
    assert expected in html.unescape(response.content.decode())
    listing = client.get(expected)
    assert "mod_a" in listing.content.decode()
    assert "mod_b" not in listing.content.decode()


def test_decisions_cannot_be_edited_or_deleted_even_by_a_superuser(client, world):
    decision = decision_reject(
        entry=world.entry_a, actor=world.moderator_a, reason="spam", message="Spam."
    )
    sign_in(client, UserFactory(editor=True))

    assert client.get(reverse("moderationdecision:index")).status_code == 200
    assert (
        client.get(
            reverse("moderationdecision:inspect", args=[decision.pk])
        ).status_code
        == 200
    )
    for name in ("edit", "delete"):
        url = reverse(f"moderationdecision:{name}", args=[decision.pk])
        for response in (client.get(url), client.post(url, {"message": "Forged."})):
            assert response.status_code in (302, 403)
            if response.status_code == 302:
                assert response["Location"] == reverse("wagtailadmin_home")
    assert client.get(reverse("moderationdecision:add")).status_code in (302, 403)
    assert ModerationDecision.objects.get(pk=decision.pk).message == "Spam."


def test_a_partners_admin_listing_links_to_the_moderators_it_lends(client, world):
    sign_in(client, UserFactory(editor=True))

    response = client.get(reverse("wagtailsnippets_communities_partnercommunity:list"))

    expected = f"{reverse('moderatorassignment:index')}?community={world.parents.pk}"
    assert expected in html.unescape(response.content.decode())
    listing = client.get(expected).content.decode()
    assert "mod_b" in listing
    assert "mod_a" not in listing
