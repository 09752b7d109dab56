"""The demo world's published results, built by seed_demo."""

import html

from competitions.models import CompetitionPage
from home.demo import build_demo_world
from judging.models import Award, JudgingRound, ResultsPublication, ScoreSheet


def test_the_demo_results_competition_has_winners_on_its_results_page(client, db):
    build_demo_world()
    page = CompetitionPage.objects.get(slug="kindness-of-strangers")

    response = client.get(page.url + page.reverse_subpage("results"))

    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert "The umbrella" in text and "ana_writes" in text  # best story
    assert "Held door" in text  # best image
    assert "Chosen by the public vote:" in text  # the people's choice
    assert "Not decided yet." not in text
    assert ResultsPublication.objects.get(competition=page).published_by is not None


def results_counts() -> tuple[int, int]:
    sheets = ScoreSheet.objects.filter(
        assignment__round__competition__slug="kindness-of-strangers"
    )
    return Award.objects.count(), sheets.count()


def test_seeding_the_demo_results_twice_duplicates_nothing(db):
    build_demo_world()
    counts = results_counts()

    build_demo_world()

    assert results_counts() == counts
    assert counts == (2, 4)


def test_the_demo_judging_round_has_work_for_both_judges(db):
    """greener-commutes: every approved idea with both judges, one sheet done."""
    build_demo_world()
    judging_round = JudgingRound.objects.get(competition__slug="greener-commutes")
    assignments = judging_round.assignments.select_related("judge", "entry")

    approved = judging_round.competition.entries.filter(status="approved").count()
    assert approved >= 3
    assert assignments.count() == 2 * approved
    sheets = ScoreSheet.objects.filter(assignment__round=judging_round)
    assert [sheet.submitted_at is not None for sheet in sheets.order_by("pk")] == [
        True,
        False,
    ]
    assert {sheet.assignment.judge.email for sheet in sheets} == {
        "judge.one@example.org"
    }

    build_demo_world()

    assert judging_round.assignments.count() == 2 * approved
    assert ScoreSheet.objects.filter(assignment__round=judging_round).count() == 2
