"""A judge scores from the keyboard and on a tablet, in a real browser.

The judge types the scores into the number inputs, tabs between them, saves
with Ctrl+S, walks to the next and previous entries with n and p, and in a
pairwise round picks with the arrow keys. On a tablet held upright the entry
sits above the form; on a wide screen beside it. The script is a static file,
so the admin's CSP reports nothing.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from judging.models import Comparison, CriterionScore, ScoreSheet
from tests.support.dialogs import Questions
from tests.support.judging_workspace import assign, build_world, pairwise_round, seat
from tests.support.staff import staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(site_tree):
    return build_world(site_tree.competitions)


@pytest.fixture
def judge_page(page: Page, world, live_server) -> Page:
    """The browser signed in as judge A, second factor passed."""
    client = Client()
    staff_login(client, world.judge_a)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    return page


def score_path(assignment) -> str:
    return reverse("judging:score", kwargs={"assignment_id": assignment.pk})


def test_a_judge_scores_and_moves_on_from_the_keyboard(
    judge_page: Page, world, console_errors
):
    page = judge_page
    first, second, _third = world.assignments_a
    page.goto(score_path(first))

    page.get_by_label("Originality").fill("7")
    page.keyboard.press("Tab")
    page.keyboard.type("3")
    page.keyboard.press("n")  # typed into the box, not a shortcut
    page.keyboard.press("Control+s")

    expect(page.get_by_text("are saved. Come back to them")).to_be_visible()
    sheet = ScoreSheet.objects.get(assignment=first)
    assert sheet.submitted_at is None
    assert sorted(CriterionScore.objects.values_list("value", flat=True)) == [3, 7]

    page.wait_for_load_state("load")
    page.locator("#entry-heading").click()
    page.keyboard.press("n")
    expect(page).to_have_url(re.compile(re.escape(score_path(second)) + "$"))
    page.wait_for_load_state("load")  # the shortcuts' script is deferred
    page.keyboard.press("p")
    expect(page).to_have_url(re.compile(re.escape(score_path(first)) + "$"))
    assert console_errors == []


def test_on_a_tablet_the_entry_sits_above_the_form(judge_page: Page, world):
    page = judge_page
    page.set_viewport_size({"width": 768, "height": 1024})
    page.goto(score_path(world.assignments_a[0]))

    entry = page.locator(".judging-score__entry").bounding_box()
    form = page.locator(".judging-score__form").bounding_box()
    assert entry["y"] + entry["height"] <= form["y"]
    score_box = page.get_by_label("Originality").bounding_box()
    assert score_box["height"] >= 40  # big enough for a finger

    page.set_viewport_size({"width": 1400, "height": 900})
    entry = page.locator(".judging-score__entry").bounding_box()
    form = page.locator(".judging-score__form").bounding_box()
    assert form["x"] >= entry["x"] + entry["width"]


def test_a_pairwise_choice_is_made_with_the_arrow_keys(
    judge_page: Page, world, console_errors
):
    pairs = pairwise_round(world.competition)
    seat(pairs, world.judge_a)
    assign(pairs, world.judge_a, *world.entries)
    page = judge_page
    page.goto(reverse("judging:compare", kwargs={"round_id": pairs.pk}))
    page.wait_for_load_state("load")
    left_title = page.locator("#left-heading").inner_text()

    page.keyboard.press("ArrowLeft")

    expect(page.get_by_text("you have compared 1 pair")).to_be_visible()
    # Let the page's own requests (the film's poster) finish before the test
    # reads the database: SQLite's shared in-memory database locks a table
    # while another connection uses it.
    page.wait_for_load_state("networkidle")
    comparison = Comparison.objects.get()
    assert comparison.winner == comparison.first
    assert comparison.first.title in left_title
    page.keyboard.press("=")
    expect(page.get_by_text("you have compared 2 pairs")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert Comparison.objects.filter(winner__isnull=True).count() == 1
    assert console_errors == []


def test_moving_on_with_unsaved_scores_asks_first(judge_page: Page, world):
    """A score typed but not saved is not lost to a stray n: the judge is asked,
    can stay with the score still typed, and leaves only on saying so."""
    page = judge_page
    first, second, _third = world.assignments_a
    page.goto(score_path(first))
    page.wait_for_load_state("load")
    page.get_by_label("Originality").fill("7")
    page.locator("#entry-heading").click()
    questions = Questions(page)
    questions.answer_next(accept=False)
    page.keyboard.press("n")
    expect(page.get_by_label("Originality")).to_have_value("7")
    assert page.url.endswith(score_path(first))
    assert questions.asked == [
        "Your scores for this entry are not saved. Leave it anyway?"
    ]

    questions.answer_next(accept=True)
    page.get_by_role("link", name="Next entry").click()
    expect(page).to_have_url(re.compile(re.escape(score_path(second)) + "$"))
    assert len(questions.asked) == 2
    assert not ScoreSheet.objects.filter(assignment=first).exists()
