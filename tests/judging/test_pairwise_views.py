"""Pairwise rounds: two entries side by side, three buttons, never the same pair."""

import random
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from judging.comparisons import LOG_COMPARE, pair_for_judge
from judging.models import Comparison
from tests.support.judging_workspace import assign, build_world, pairwise_round, seat
from tests.support.staff import sign_in


@pytest.fixture
def world(competition_index):
    return build_world(competition_index)


@pytest.fixture
def pairs(world):
    """A pairwise round: judge A compares all three entries, judge B two of them."""
    judging_round = pairwise_round(world.competition)
    seat(judging_round, world.judge_a)
    seat(judging_round, world.judge_b)
    judging_round.assigned_a = assign(judging_round, world.judge_a, *world.entries)
    judging_round.assigned_b = assign(
        judging_round, world.judge_b, world.image_entry, world.story_entry
    )
    return judging_round


def compare_page(judging_round) -> str:
    return reverse("judging:compare", kwargs={"round_id": judging_round.pk})


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def text_of(response) -> str:
    return " ".join(soup_of(response).get_text(" ").split())


def shown_pair(response) -> tuple[int, int]:
    form = soup_of(response).select_one("form.judging-choice")
    return int(form.select_one("[name=left]")["value"]), int(
        form.select_one("[name=right]")["value"]
    )


def by_id(judging_round) -> dict:
    return {a.pk: a for a in judging_round.assigned_a + judging_round.assigned_b}


def test_the_page_shows_two_of_the_judges_entries_side_by_side(client, world, pairs):
    sign_in(client, world.judge_a)

    response = client.get(compare_page(pairs))

    assert response.status_code == 200
    page = soup_of(response)
    left, right = shown_pair(response)
    assert left != right
    assignments = by_id(pairs)
    assert {assignments[left].judge, assignments[right].judge} == {world.judge_a}
    sides = page.select(".judging-pair__side")
    assert len(sides) == 2
    assert assignments[left].entry.title in sides[0].get_text()
    assert assignments[right].entry.title in sides[1].get_text()


def test_the_three_choices_have_their_keys(client, world, pairs):
    sign_in(client, world.judge_a)

    page = soup_of(client.get(compare_page(pairs)))

    buttons = {
        b["value"]: (" ".join(b.get_text(" ").split()), b["data-judging-key"])
        for b in page.select("form.judging-choice button")
    }
    assert buttons == {
        "left": ("Left is better ←", "ArrowLeft"),
        "right": ("Right is better →", "ArrowRight"),
        "same": ("Can't separate =", "="),
    }
    scripts = [tag.get("src", "") for tag in page.find_all("script")]
    assert any(src.endswith("judging/workspace.js") for src in scripts)


@pytest.mark.parametrize("choice", ["left", "right", "same"])
def test_a_choice_is_recorded_and_the_next_pair_shown(client, world, pairs, choice):
    sign_in(client, world.judge_a)
    left, right = shown_pair(client.get(compare_page(pairs)))

    response = client.post(
        compare_page(pairs), {"left": left, "right": right, "choice": choice}
    )

    assert response.status_code == 302
    assert response["Location"] == compare_page(pairs)
    comparison = Comparison.objects.get()
    assignments = by_id(pairs)
    assert comparison.judge == world.judge_a
    assert (comparison.first, comparison.second) == (
        assignments[left].entry,
        assignments[right].entry,
    )
    expected = {"left": assignments[left].entry, "right": assignments[right].entry}
    assert comparison.winner == expected.get(choice)
    log = ModelLogEntry.objects.for_instance(comparison).get()
    assert log.action == LOG_COMPARE


def test_every_pair_comes_once_and_then_nothing_is_left(client, world, pairs):
    """Three entries make three pairs; a fourth request says there is none left."""
    sign_in(client, world.judge_a)
    seen = set()

    for _ in range(3):
        left, right = shown_pair(client.get(compare_page(pairs)))
        assert frozenset((left, right)) not in seen
        seen.add(frozenset((left, right)))
        client.post(
            compare_page(pairs), {"left": left, "right": right, "choice": "left"}
        )

    response = client.get(compare_page(pairs))
    assert "Nothing left to compare" in response.content.decode()
    assert soup_of(response).select_one("form.judging-choice") is None
    assert Comparison.objects.filter(judge=world.judge_a).count() == 3


def test_another_judges_comparisons_do_not_use_up_this_judges_pairs(world, pairs):
    """A compared B's only pair (image and story); B is still shown it."""
    Comparison.objects.create(
        round=pairs,
        judge=world.judge_a,
        first=world.image_entry,
        second=world.story_entry,
        winner=world.image_entry,
    )

    pair = pair_for_judge(
        judge=world.judge_b, judging_round=pairs, rng=random.Random(1)
    )

    assert {pair.left.entry, pair.right.entry} == {world.image_entry, world.story_entry}
    assert {pair.left.judge, pair.right.judge} == {world.judge_b}


def test_a_pair_already_compared_is_refused(client, world, pairs):
    sign_in(client, world.judge_a)
    left, right = shown_pair(client.get(compare_page(pairs)))
    client.post(compare_page(pairs), {"left": left, "right": right, "choice": "left"})

    response = client.post(
        compare_page(pairs), {"left": right, "right": left, "choice": "left"}
    )

    assert response.status_code == 400
    assert "You have already compared these two entries." in response.content.decode()
    assert Comparison.objects.count() == 1


def test_an_entry_cannot_be_compared_with_itself(client, world, pairs):
    sign_in(client, world.judge_a)
    one = pairs.assigned_a[0].pk

    response = client.post(
        compare_page(pairs), {"left": one, "right": one, "choice": "left"}
    )

    assert response.status_code == 400
    assert not Comparison.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        pytest.param({"choice": "left"}, id="no-entries"),
        pytest.param({"left": "x", "right": "y", "choice": "left"}, id="not-ids"),
        pytest.param({"left": 1, "right": 2, "choice": "both"}, id="not-a-choice"),
    ],
)
def test_a_malformed_choice_is_refused(client, world, pairs, data):
    sign_in(client, world.judge_a)

    response = client.post(compare_page(pairs), data)

    assert response.status_code == 400
    assert "Please choose left, right or can't separate." in text_of(response)
    assert not Comparison.objects.exists()


def test_an_entry_of_another_judge_cannot_be_slipped_into_a_choice(
    client, world, pairs
):
    """B's assignment of the image, posted by A beside A's own story: a 404."""
    sign_in(client, world.judge_a)
    theirs, mine = pairs.assigned_b[0].pk, pairs.assigned_a[2].pk

    response = client.post(
        compare_page(pairs), {"left": theirs, "right": mine, "choice": "left"}
    )

    assert response.status_code == 404
    assert not Comparison.objects.exists()


def test_an_assignment_from_a_rubric_round_cannot_be_compared(client, world, pairs):
    sign_in(client, world.judge_a)
    rubric_one, rubric_two = world.assignments_a[:2]

    response = client.post(
        compare_page(pairs),
        {"left": rubric_one.pk, "right": rubric_two.pk, "choice": "left"},
    )

    assert response.status_code == 400
    assert not Comparison.objects.exists()


def test_a_closed_round_shows_no_pair_and_records_nothing(client, world, pairs):
    pairs.opens_at = timezone.now() - timedelta(days=5)
    pairs.closes_at = timezone.now() - timedelta(days=1)
    pairs.save()
    sign_in(client, world.judge_a)
    one, two = pairs.assigned_a[:2]

    page = client.get(compare_page(pairs))
    response = client.post(
        compare_page(pairs), {"left": one.pk, "right": two.pk, "choice": "left"}
    )

    assert "This round has closed" in page.content.decode()
    assert soup_of(page).select_one("form.judging-choice") is None
    assert response.status_code == 400
    assert not Comparison.objects.exists()


def test_a_round_not_open_yet_shows_no_pair(client, world, pairs):
    pairs.opens_at = timezone.now() + timedelta(days=1)
    pairs.closes_at = timezone.now() + timedelta(days=3)
    pairs.save()
    sign_in(client, world.judge_a)

    page = client.get(compare_page(pairs))

    assert "has not opened yet" in page.content.decode()
    assert soup_of(page).select_one("form.judging-choice") is None


def test_a_judge_with_one_entry_has_nothing_to_compare(client, world, pairs):
    pairs.assignments.filter(judge=world.judge_b).first().delete()
    sign_in(client, world.judge_b)

    assert "Nothing left to compare" in client.get(compare_page(pairs)).content.decode()


def test_a_rubric_round_has_no_comparison_page(client, world):
    sign_in(client, world.judge_a)

    response = client.get(compare_page(world.blind_round))

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "judging:round", kwargs={"round_id": world.blind_round.pk}
    )


def test_the_round_page_of_a_pairwise_round_links_to_the_comparisons(
    client, world, pairs
):
    sign_in(client, world.judge_a)

    page = soup_of(client.get(reverse("judging:round", kwargs={"round_id": pairs.pk})))

    assert page.find("a", href=compare_page(pairs)).get_text(strip=True) == (
        "Compare entries"
    )
    assert "0 pairs compared" in soup_of(client.get("/admin/judging/")).get_text()


def test_the_round_page_says_how_many_comparisons_are_asked_of_the_judge(
    client, world, pairs
):
    """The share the reminders check: one per entry, or every pair below three."""
    round_page = reverse("judging:round", kwargs={"round_id": pairs.pk})
    sign_in(client, world.judge_a)
    left, right = shown_pair(client.get(compare_page(pairs)))
    client.post(compare_page(pairs), {"left": left, "right": right, "choice": "left"})

    asked_of_a = text_of(client.get(round_page))
    client.logout()
    sign_in(client, world.judge_b)
    asked_of_b = text_of(client.get(round_page))

    assert "You are asked for at least 3 comparisons; you have made 1." in asked_of_a
    assert "You are asked for at least 1 comparison; you have made 0." in asked_of_b
