"""The demo world's published results, built by seed_demo."""

import html

from competitions.models import CompetitionPage
from home.demo import build_demo_world
from judging.models import Award, ResultsPublication, ScoreSheet


def test_the_demo_results_competition_has_winners_on_its_results_page(client, db):
    build_demo_world()
    page = CompetitionPage.objects.get(slug="kindness-of-strangers")

    response = client.get(page.url + page.reverse_subpage("results"))

    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert "The umbrella" in text and "ana_writes" in text  # best story
    assert "Held door" in text  # best image
    assert "Not decided yet." in text  # the people's choice
    assert ResultsPublication.objects.get(competition=page).published_by is not None


def test_seeding_the_demo_results_twice_duplicates_nothing(db):
    build_demo_world()
    counts = (Award.objects.count(), ScoreSheet.objects.count())

    build_demo_world()

    assert (Award.objects.count(), ScoreSheet.objects.count()) == counts
    assert counts == (2, 4)
