"""The competition page shows how entries are judged: criteria and the panel."""

import html

import pytest
from django.test import RequestFactory

from judging.enums import RoundMethod
from judging.models import Criterion, RoundJudge
from judging.wagtail_hooks import competition_judging_section
from tests.factories import CompetitionPageFactory, EntryFactory
from tests.support.judging import judge, make_round


def page_text(client, competition) -> str:
    response = client.get(competition.url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_criteria_with_weights_and_the_panel_by_public_name(client, world):
    """Weights 2 and 3 show as 40% and 60%; judges by handle, chair marked."""
    Criterion.objects.filter(round=world.round, name="Criterion 1").update(
        name="Originality", guidance="Something we have not seen before."
    )
    body = page_text(client, world.competition)
    assert "How entries are judged" in body
    assert "Originality" in body and "40%" in body
    assert "Criterion 2" in body and "60%" in body
    assert "Something we have not seen before." in body
    assert "judge_0 (chair)" in body
    assert "judge_1" in body and "judge_2" in body
    for person in world.judges:
        assert person.email not in body


def test_a_blind_round_names_no_entrant(client, world):
    """Judges' names are public; nothing about entries or entrants is shown."""
    entry = world.entries[0]
    body = page_text(client, world.competition)
    section = body[body.index("How entries are judged") :]
    assert entry.author.handle not in section
    assert entry.title not in section


def test_pairwise_rounds_show_their_panel_and_no_weights(client, world):
    pairwise = make_round(
        world.competition,
        [judge("pair_judge")],
        name="Quick pairs",
        position=2,
        criteria=0,
        method=RoundMethod.PAIRWISE,
        k=1,
    )
    assert pairwise.criteria.count() == 0
    body = page_text(client, world.competition)
    assert "Quick pairs" in body
    assert "pair_judge (chair)" in body


def test_nothing_without_rounds(client, competition_index):
    competition = CompetitionPageFactory(parent=competition_index, judging=True)
    assert "How entries are judged" not in page_text(client, competition)


def test_nothing_for_a_competition_that_is_not_live(world, rf):
    world.competition.live = False
    assert competition_judging_section(rf.get("/"), world.competition) is None


def test_an_inactive_judge_is_not_listed(client, world):
    world.judges[2].is_active = False
    world.judges[2].save()
    assert "judge_2" not in page_text(client, world.competition)


@pytest.mark.parametrize("size", [2, 12])
def test_the_section_costs_two_queries_at_any_size(
    world, size, django_assert_num_queries
):
    """Criteria and panel come in two queries, however many there are."""
    for number in range(size):
        Criterion.objects.create(round=world.round, name=f"Extra {number}", weight=1)
        RoundJudge.objects.create(round=world.round, judge=judge(f"extra_{number}"))
        EntryFactory(competition=world.competition, approved=True)
    request = RequestFactory().get(world.competition.url)
    with django_assert_num_queries(2):
        section = competition_judging_section(request, world.competition)
    (shown,) = section.context["rounds"]
    assert len(shown.criteria) == 2 + size
    assert len(shown.judges) == 3 + size
