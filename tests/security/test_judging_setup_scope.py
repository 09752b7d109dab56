"""Only editors set up judging: everyone else is turned away from every view.

The attacks: a moderator, a judge (on the round's own panel), a member and an
anonymous visitor go for the rounds listing, the add and edit forms, deletion,
the assign action, the assignments page, the move form and both exports, by
GET and by POST. None gets a page, a file or a change.
"""

import pytest
from django.urls import reverse

from judging.models import JudgeAssignment, JudgingRound
from judging.setup import assign_round
from tests.support.judging import build_world
from tests.support.staff import sign_in


@pytest.fixture
def world(competition_index):
    world = build_world(competition_index)
    assign_round(round=world.round, actor=world.editor)
    return world


def views(world):
    """(method, url, data) for every judging set-up view."""
    pk = world.round.pk
    assignment = JudgeAssignment.objects.filter(round=world.round).first()
    move = {"assignment": assignment.pk, "to_judge": world.judges[2].pk}
    return [
        ("get", reverse("judginground:index"), None),
        ("get", reverse("judginground:add"), None),
        ("post", reverse("judginground:add"), {"name": "Sneaky"}),
        ("get", reverse("judginground:edit", args=[pk]), None),
        ("post", reverse("judginground:edit", args=[pk]), {"name": "Sneaky"}),
        ("get", reverse("judginground:delete", args=[pk]), None),
        ("post", reverse("judginground:delete", args=[pk]), {}),
        ("get", reverse("judginground:assign", args=[pk]), None),
        ("post", reverse("judginground:assign", args=[pk]), {}),
        ("get", reverse("judginground:assignments", args=[pk]), None),
        ("post", reverse("judginground:move", args=[pk]), move),
        (
            "get",
            reverse("judginground:export", args=[pk, "scores-by-judge", "csv"]),
            None,
        ),
        (
            "get",
            reverse("judginground:export", args=[pk, "scores-by-entry", "xlsx"]),
            None,
        ),
    ]


def snapshot(world):
    return (
        list(JudgingRound.objects.values_list("pk", "name")),
        sorted(JudgeAssignment.objects.values_list("pk", "judge_id", "entry_id")),
    )


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize("who", ["moderator", "judge", "chair"])
def test_staff_who_are_not_editors_are_refused_everything(client, world, who):
    person = {
        "moderator": world.moderator,
        "judge": world.judges[1],
        "chair": world.judges[0],
    }[who]
    sign_in(client, person)
    before = snapshot(world)
    for method, url, data in views(world):
        response = getattr(client, method)(url, data or {})
        assert response.status_code in (302, 403), (method, url)
        if response.status_code == 302:
            assert response["Location"] == reverse("wagtailadmin_home"), url
        assert world.entries[0].title.encode() not in body(response), url
    assert snapshot(world) == before


def test_a_member_is_forbidden_the_admin(client, world):
    sign_in(client, world.member)
    before = snapshot(world)
    for method, url, data in views(world):
        response = getattr(client, method)(url, data or {})
        assert response.status_code == 403, (method, url)
        assert world.entries[0].title.encode() not in body(response)
    assert snapshot(world) == before


def test_an_anonymous_visitor_is_sent_to_sign_in(client, world):
    before = snapshot(world)
    for method, url, data in views(world):
        response = getattr(client, method)(url, data or {})
        assert response.status_code == 302, (method, url)
        assert "login" in response["Location"], url
        assert world.entries[0].title.encode() not in body(response)
    assert snapshot(world) == before


def test_the_editor_reaches_every_view(client, world):
    """The same list, for the one role it is for (so the refusals above mean it)."""
    sign_in(client, world.editor)
    for method, url, _data in views(world):
        if method == "post":
            continue
        response = client.get(url)
        assert response.status_code == 200, url


def test_a_judge_cannot_see_the_rounds_menu(client, world):
    sign_in(client, world.judges[0])
    response = client.get(reverse("wagtailadmin_home"))
    assert reverse("judginground:index") not in response.content.decode()
