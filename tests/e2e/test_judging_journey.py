"""A judging round from first score to published winner, in a real browser.

The chair (a judge too) scores two ideas and submits each sheet, confirming
the browser's "cannot change them afterwards" question; opens the round's
ranking and finds the better-scored idea first; chooses it as the winner of
the judges' prize. When the results date has come, an editor publishes, and
the competition's public results page shows the winner.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from competitions.enums import EntryKind, Licence
from competitions.models import CompetitionPage
from judging.models import Award, JudgeAssignment, ResultsPublication
from tests.factories import CompetitionPageFactory, EntryFactory, UserFactory
from tests.support.judging_results import editor, judge, make_round, prize
from tests.support.staff import staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def panel(site_tree):
    """An idea competition in judging: two approved ideas, a chair and an editor."""
    now = timezone.now()
    competition = CompetitionPageFactory(
        parent=site_tree.competitions,
        title="Ideas for greener commutes",
        slug="greener-commutes",
        entry_kinds=[EntryKind.IDEA.value],
        licence_options=[Licence.CC_BY.value],
        entries_open_at=now - timedelta(days=30),
        entries_close_at=now - timedelta(days=10),
        judging_closes_at=now + timedelta(days=3),
        results_published_at=now + timedelta(days=4),
    )
    author = UserFactory(handle="cai-ideas")
    ideas = [
        EntryFactory(competition=competition, author=author, title=title, approved=True)
        for title in ("Timed connections", "Bike lockers")
    ]
    chair = judge(handle="judge_one", email="judge.one@example.org")
    judging_round = make_round(
        competition,
        name="Final round",
        criteria=(("Impact", 3, 10), ("Feasibility", 1, 5)),
        chair=chair,
    )
    for idea in ideas:
        JudgeAssignment.objects.create(round=judging_round, entry=idea, judge=chair)
    best_idea = prize(competition, "Best idea")
    return {
        "competition": competition,
        "round": judging_round,
        "ideas": ideas,
        "chair": chair,
        "editor": editor(handle="the_editor"),
        "prize": best_idea,
    }


def signed_in(page: Page, live_server, user) -> Page:
    """Give the browser ``user``'s session, second factor passed."""
    client = Client()
    staff_login(client, user)
    page.context.clear_cookies()
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


def score(page: Page, assignment, impact: str, feasibility: str) -> None:
    page.goto(reverse("judging:score", kwargs={"assignment_id": assignment.pk}))
    page.get_by_label("Impact").fill(impact)
    page.get_by_label("Feasibility").fill(feasibility)
    page.get_by_role("button", name="Submit scores").click()
    expect(
        page.get_by_text(f"Your scores for “{assignment.entry}” are in.")
    ).to_be_visible()


def test_the_chair_scores_ranks_and_awards_and_the_results_show_it(
    page: Page, live_server, panel, console_errors
):
    page.on("dialog", lambda dialog: dialog.accept())
    signed_in(page, live_server, panel["chair"])
    timed, lockers = (
        JudgeAssignment.objects.get(round=panel["round"], entry=idea)
        for idea in panel["ideas"]
    )

    score(page, lockers, "5", "3")
    score(page, timed, "9", "4")

    page.goto(reverse("judging_results:ranking", kwargs={"pk": panel["round"].pk}))
    rows = page.locator("table tbody tr")
    expect(rows.first).to_contain_text("Timed connections")
    expect(rows.nth(1)).to_contain_text("Bike lockers")

    winners = reverse("judging_results:winners", kwargs={"pk": panel["competition"].pk})
    page.goto(winners)
    page.get_by_label("Winner").select_option(label="Timed connections")
    page.get_by_role("button", name="Save the winners").click()
    expect(page.get_by_label("Winner")).to_have_value(str(panel["ideas"][0].pk))
    assert Award.objects.get(prize=panel["prize"]).entry == panel["ideas"][0]

    # The results date comes; the editor publishes.
    past = timezone.now() - timedelta(minutes=5)
    CompetitionPage.objects.filter(pk=panel["competition"].pk).update(
        judging_closes_at=past - timedelta(minutes=5), results_published_at=past
    )
    signed_in(page, live_server, panel["editor"])
    page.goto(
        reverse("judging_results:publish", kwargs={"pk": panel["competition"].pk})
    )
    page.get_by_role("button", name="Publish the results").click()
    expect(page.get_by_role("button", name="Publish the results")).to_have_count(0)
    assert ResultsPublication.objects.filter(competition=panel["competition"]).exists()

    page.context.clear_cookies()
    competition = CompetitionPage.objects.get(pk=panel["competition"].pk)
    page.goto(competition.url + competition.reverse_subpage("results"))
    results = page.locator("main")
    expect(results).to_contain_text("Best idea")
    expect(results).to_contain_text("Timed connections")
    expect(results).not_to_contain_text("Bike lockers")
    assert console_errors == []
