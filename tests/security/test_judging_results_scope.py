"""Rankings, winners and publishing stay with the people they belong to.

The chair of round A sees A's ranking. A judge on the same panel who does not
chair it, the chair of another competition's round, a moderator, a member and
anyone signed out see nothing: a 404 (or the sign-in page), never the scores.
"""

import pytest
from django.urls import reverse

from judging.enums import RoundIntake
from judging.models import Award, ResultsPublication, ShortlistedEntry
from tests.factories import CompetitionPageFactory, EntryFactory, UserFactory
from tests.support.judging_results import judge, make_round, prize, score
from tests.support.moderation import admin_moderator
from tests.support.staff import sign_in

SECRET_TITLE = "Scores nobody else should read"


@pytest.fixture
def world(competition_index):
    competition_a = CompetitionPageFactory(parent=competition_index, results=True)
    competition_b = CompetitionPageFactory(parent=competition_index, judging=True)
    chair_a, panellist_a, chair_b = (
        judge(handle=h) for h in ("chair_a", "panellist_a", "chair_b")
    )
    round_a = make_round(competition_a, chair=chair_a, judges=[panellist_a])
    make_round(competition_a, position=2, intake=RoundIntake.SHORTLIST, chair=chair_a)
    round_b = make_round(competition_b, chair=chair_b)
    entry = EntryFactory(competition=competition_a, title=SECRET_TITLE, approved=True)
    score(round_a, panellist_a, entry, 7, 3)
    return {
        "competition_a": competition_a,
        "round_a": round_a,
        "round_b": round_b,
        "chair_a": chair_a,
        "panellist_a": panellist_a,
        "chair_b": chair_b,
        "entry": entry,
        "prize": prize(competition_a, "Best"),
    }


def outsiders(world) -> dict:
    return {
        "a judge who does not chair": world["panellist_a"],
        "another competition's chair": world["chair_b"],
        "a moderator": admin_moderator(handle="mod"),
        "a member": UserFactory(handle="member"),
    }


def urls(world) -> dict[str, str]:
    round_a, competition = world["round_a"].pk, world["competition_a"].pk
    return {
        "ranking": reverse("judging_results:ranking", args=[round_a]),
        "export": reverse("judging_results:export", args=[round_a, "csv"]),
        "winners": reverse("judging_results:winners", args=[competition]),
        "publish": reverse("judging_results:publish", args=[competition]),
    }


def test_the_chair_of_round_a_sees_its_ranking(client, world):
    sign_in(client, world["chair_a"])

    response = client.get(urls(world)["ranking"])

    assert response.status_code == 200
    assert SECRET_TITLE in response.content.decode()


@pytest.mark.parametrize(
    "who",
    ["a judge who does not chair", "another competition's chair", "a moderator"],
)
def test_staff_without_the_chair_see_nothing(client, world, who):
    sign_in(client, outsiders(world)[who])

    for name, url in urls(world).items():
        response = client.get(url)
        assert response.status_code == 404, name
        assert SECRET_TITLE not in response.content.decode()


def test_a_member_or_anonymous_visitor_is_sent_to_sign_in(client, world):
    for user in (None, outsiders(world)["a member"]):
        if user is not None:
            sign_in(client, user)
        for url in urls(world).values():
            response = client.get(url)
            assert response.status_code in (302, 403, 404)
            assert SECRET_TITLE not in response.content.decode()


def test_the_chair_of_b_cannot_open_round_a_by_changing_the_id(client, world):
    sign_in(client, world["chair_b"])
    own = reverse("judging_results:ranking", args=[world["round_b"].pk])

    assert client.get(own).status_code == 200
    assert client.get(urls(world)["ranking"]).status_code == 404


def test_outsiders_cannot_advance_choose_or_publish_by_post(client, world):
    entry = world["entry"]
    for user in outsiders(world).values():
        client.logout()
        sign_in(client, user)
        client.post(urls(world)["ranking"], {"entries": [entry.pk]})
        client.post(
            urls(world)["winners"],
            {
                "prize": world["prize"].pk,
                f"prize-{world['prize'].pk}-place_1": entry.pk,
            },
        )
        client.post(urls(world)["publish"])

    assert not ShortlistedEntry.objects.exists()
    assert not Award.objects.exists()
    assert not ResultsPublication.objects.exists()


def test_the_results_area_lists_only_chaired_rounds(client, world):
    sign_in(client, world["chair_b"])

    text = client.get(reverse("judging_results:index")).content.decode()

    assert world["round_b"].competition.title in text
    assert world["competition_a"].title not in text
