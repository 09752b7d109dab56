"""A judge reaches their own assignments and nothing else.

The attacks: judge B goes for judge A's assignments (the scoring page, a score
POSTed straight at it, the conflict form), for a round B does not sit on, for
an entry and its private files that were never assigned to B; so do a judge
taken off the panel, a switched-off account, a moderator, a member and an
anonymous visitor. Every object refusal is a 404 that gives nothing away.
"""

import pytest
from django.urls import reverse

from judging.models import Conflict, JudgeAssignment, ScoreSheet
from judging.permissions import judge_entry_rule
from submissions.enums import EntryStatus
from submissions.models import Entry
from submissions.permissions import staff_entries
from tests.factories import UserFactory
from tests.support.judging_workspace import (
    build_world,
    judge,
    judging_round,
    pairwise_round,
    seat,
)
from tests.support.moderation import admin_moderator
from tests.support.staff import sign_in

ROUNDS = "/admin/judging/"


@pytest.fixture
def world(competition_index):
    return build_world(competition_index)


@pytest.fixture
def private_world(world):
    """The same world with its competition unpublished: nothing in it is public."""
    world.competition.unpublish()
    return world


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def score(assignment) -> str:
    return reverse("judging:score", kwargs={"assignment_id": assignment.pk})


def conflict(assignment) -> str:
    return reverse("judging:conflict", kwargs={"assignment_id": assignment.pk})


def round_url(judging_round) -> str:
    return reverse("judging:round", kwargs={"round_id": judging_round.pk})


def compare(judging_round) -> str:
    return reverse("judging:compare", kwargs={"round_id": judging_round.pk})


def assert_not_found(response, entry=None) -> None:
    assert response.status_code == 404
    if entry is not None:
        assert entry.title not in body(response)
        assert entry.public_id not in body(response)


def assert_turned_away(response) -> None:
    """Sent back to the admin's home page (or refused), with nothing shown."""
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] == reverse("wagtailadmin_home")


def score_data(assignment) -> dict:
    data = {"action": "submit", "comment": "Mine now."}
    data.update({f"score_{c.pk}": "1" for c in assignment.round.criteria.all()})
    return data


# Judge B against judge A's assignments ------------------------------------------


def test_another_judges_scoring_page_is_a_404(client, world):
    """B holds the image too, but A's assignment of it is A's alone."""
    a_image, a_story, _a_film = world.assignments_a
    sign_in(client, world.judge_b)

    assert_not_found(client.get(score(a_story)), world.story_entry)
    assert_not_found(client.get(score(a_image)))
    assert client.get(score(world.assignments_b[0])).status_code == 200


def test_scores_posted_at_another_judges_assignment_change_nothing(client, world):
    target = world.assignments_a[1]
    sign_in(client, world.judge_b)

    assert_not_found(client.post(score(target), score_data(target)), target.entry)
    assert not ScoreSheet.objects.exists()


def test_a_conflict_posted_at_another_judges_assignment_changes_nothing(client, world):
    target = world.assignments_a[1]
    sign_in(client, world.judge_b)

    assert_not_found(client.get(conflict(target)), target.entry)
    assert_not_found(client.post(conflict(target), {"note": "x"}), target.entry)
    assert JudgeAssignment.objects.filter(pk=target.pk).exists()
    assert not Conflict.objects.exists()


def test_a_round_the_judge_does_not_sit_on_is_a_404(client, world):
    final = judging_round(world.competition, position=2, name="The secret final")
    pairs = pairwise_round(world.competition, position=3)
    seat(final, world.judge_b)
    seat(pairs, world.judge_b)
    sign_in(client, world.judge_a)

    for url in (round_url(final), round_url(pairs), compare(pairs)):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "The secret final" not in body(response)
    assert client.post(compare(pairs), {"choice": "left"}).status_code == 404


def test_guessing_ids_finds_nothing(client, world):
    sign_in(client, world.judge_b)
    highest = JudgeAssignment.objects.order_by("-pk").first().pk

    for url in (
        f"{ROUNDS}assignments/{highest + 1}/",
        f"{ROUNDS}assignments/0/",
        f"{ROUNDS}assignments/abc/",
        f"{ROUNDS}assignments/{world.story_entry.public_id}/",
        f"{ROUNDS}rounds/999999/",
    ):
        assert client.get(url).status_code == 404, url


def test_an_entry_never_assigned_to_the_judge_stays_private(client, private_world):
    """In a competition that is not public, B sees the image assigned to B only."""
    world = private_world
    sign_in(client, world.judge_b)

    for entry in (world.story_entry, world.film_entry):
        assert_not_found(client.get(entry.get_absolute_url()), entry)
    assert_not_found(client.get(world.story_entry.media_url("image")))
    assert_not_found(client.get(world.film_entry.media_url("film")))
    assert_not_found(client.get(world.film_entry.media_url("poster")))
    image = client.get(world.image_entry.media_url("image"))
    assert image.status_code == 200
    assert image["Cache-Control"] == "private, no-store"


def test_a_judge_sees_the_private_files_of_the_entries_they_score(
    client, private_world
):
    world = private_world
    sign_in(client, world.judge_a)

    for url in (
        world.image_entry.media_url("image"),
        world.film_entry.media_url("film"),
        world.film_entry.media_url("poster"),
    ):
        assert client.get(url).status_code == 200, url


def test_the_grant_covers_exactly_the_judges_approved_assignments(world):
    """The rule registered with entry_access, read as a list of entries."""
    world.film_entry.status = EntryStatus.WITHDRAWN
    world.film_entry.save()

    granted_a = set(Entry.objects.filter(judge_entry_rule(world.judge_a)))
    granted_b = set(staff_entries(world.judge_b))

    assert granted_a == {world.image_entry, world.story_entry}
    assert granted_b == {world.image_entry}


def test_the_admins_entry_list_is_closed_to_judges(client, world):
    """It shows authors; a judge has no right to it, assigned entries or not."""
    sign_in(client, world.judge_a)

    listing = client.get(reverse("wagtailsnippets_submissions_entry:list"))
    inspect = client.get(
        reverse(
            "wagtailsnippets_submissions_entry:inspect", args=[world.image_entry.pk]
        )
    )

    for response in (listing, inspect):
        assert response.status_code in (302, 403)
        assert world.author.handle not in body(response)


def test_the_site_history_shows_a_judge_nothing_of_other_judges_scores(client, world):
    sign_in(client, world.judge_a)
    target = world.assignments_a[1]
    client.post(score(target), score_data(target))
    client.logout()
    sign_in(client, world.judge_b)

    response = client.get("/admin/reports/site-history/")

    assert target.entry.title not in body(response)
    assert "judge_alpha" not in body(response)


# People with no seat, or no longer one --------------------------------------------


def test_a_judge_taken_off_the_panel_loses_the_round_and_its_entries(
    client, private_world
):
    world = private_world
    world.blind_round.panel.filter(judge=world.judge_a).delete()
    sign_in(client, world.judge_a)

    assert_turned_away(client.get(ROUNDS))
    assert client.get(score(world.assignments_a[1])).status_code in (302, 404)
    assert_not_found(client.get(world.story_entry.get_absolute_url()))
    assert_not_found(client.get(world.image_entry.media_url("image")))


def test_a_switched_off_judge_gets_nothing(world):
    world.judge_a.is_active = False
    world.judge_a.save()

    assert judge_entry_rule(world.judge_a) is None
    assert not staff_entries(world.judge_a).exists()


@pytest.mark.parametrize("who", ["moderator", "staff_without_seat"])
def test_staff_with_no_seat_are_refused_the_judging_area(client, world, who):
    if who == "moderator":
        user = admin_moderator(handle="mod_x", email="mod_x@example.org")
    else:
        user = judge("judge_retired")
    sign_in(client, user)

    assert_turned_away(client.get(ROUNDS))
    for url in (
        score(world.assignments_a[0]),
        conflict(world.assignments_a[0]),
        round_url(world.blind_round),
        compare(world.blind_round),
    ):
        response = client.get(url)
        assert_turned_away(response)
        assert world.image_entry.title not in body(response)


def test_a_member_and_an_anonymous_visitor_get_nothing(client, world):
    urls = [
        ROUNDS,
        score(world.assignments_a[0]),
        conflict(world.assignments_a[0]),
        round_url(world.blind_round),
        compare(world.blind_round),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login"))

    member = UserFactory(handle="curious_member")
    sign_in(client, member)
    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert world.image_entry.title not in body(response)
    assert client.post(
        score(world.assignments_a[0]), score_data(world.assignments_a[0])
    ).status_code in (302, 403)
    assert not ScoreSheet.objects.exists()


def test_the_entrant_cannot_reach_the_judges_pages_of_their_own_entry(client, world):
    sign_in(client, world.author)

    response = client.get(score(world.assignments_a[0]))

    assert response.status_code in (302, 403)
    assert "Originality" not in body(response)
