"""The demo world's published results, built by seed_demo."""

import html

from django.utils import timezone

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


def test_the_demo_results_come_from_a_finished_round_of_submitted_scores(db):
    build_demo_world()
    (finished,) = JudgingRound.objects.filter(competition__slug="kindness-of-strangers")

    assert finished.closes_at < timezone.now()
    assert finished.criteria.exists()
    sheets = ScoreSheet.objects.filter(assignment__round=finished)
    assert sheets.exists()
    assert not sheets.filter(submitted_at__isnull=True).exists()


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
    assert judging_round.criteria.count() >= 2
    assert {a.judge.email for a in assignments} == {
        "judge.one@example.org",
        "judge.two@example.org",
    }

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


def test_the_demo_judges_cannot_find_who_made_the_ideas_they_judge_blind(client, db):
    """greener-commutes' round is blind and open: its gallery names no entrant."""
    build_demo_world()
    page = CompetitionPage.objects.get(slug="greener-commutes")
    judging_round = JudgingRound.objects.get(competition=page)
    idea = judging_round.assignments.select_related("entry__author").first().entry

    gallery = client.get(page.url + "gallery/").content.decode()
    entry_page = client.get(idea.get_absolute_url()).content.decode()

    assert judging_round.blind
    assert idea.title in html.unescape(gallery)
    assert idea.author.handle not in gallery
    assert idea.author.handle not in entry_page
