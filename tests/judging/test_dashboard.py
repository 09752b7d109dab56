"""The admin's home page shows a judge their rounds and nothing about pages."""

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from judging.models import ScoreSheet
from tests.support.judging_workspace import build_world
from tests.support.moderation import editor
from tests.support.staff import sign_in

HOME = "/admin/"


@pytest.fixture
def world(competition_index):
    return build_world(competition_index)


def page_text(response) -> str:
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return " ".join((soup.select_one("main") or soup).get_text(" ").split())


def test_a_judge_sees_their_rounds_with_progress_and_no_page_counts(client, world):
    ScoreSheet.objects.create(
        assignment=world.assignments_a[0], submitted_at=timezone.now()
    )
    sign_in(client, world.judge_a)

    text = page_text(client.get(HOME))

    assert "Your judging" in text
    assert f"{world.competition.title}: {world.blind_round.name}" in text
    assert "1 of 3 scored" in text
    for stock in ("Pages", "Images", "Documents", "Your pages and snippets"):
        assert stock not in text


def test_each_judge_sees_only_their_own_progress(client, world):
    sign_in(client, world.judge_b)

    text = page_text(client.get(HOME))

    assert "0 of 1 scored" in text
    assert "of 3 scored" not in text


def test_an_editor_who_does_not_judge_has_no_judging_panel(client, world):
    sign_in(client, editor())

    assert "Your judging" not in page_text(client.get(HOME))
