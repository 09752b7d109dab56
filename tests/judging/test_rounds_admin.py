"""Editors set up judging rounds in the admin: the form and its refusals.

Every refusal re-renders the form with a 400, a message saying what to change
and what the editor typed; nothing is saved.
"""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from judging.enums import RoundIntake, RoundMethod
from judging.models import Criterion, JudgeAssignment, JudgingRound
from tests.factories import CompetitionPageFactory
from tests.support.judging import build_world, judge, make_round, score
from tests.support.staff import sign_in

ADD = "/admin/judging-rounds/new/"
FORMAT = "%Y-%m-%d %H:%M"


@pytest.fixture
def world(competition_index):
    return build_world(competition_index)


@pytest.fixture
def editor_client(client, world):
    sign_in(client, world.editor)
    return client


def text(response) -> str:
    return html.unescape(response.content.decode())


def local(moment) -> str:
    return timezone.localtime(moment).strftime(FORMAT)


def criterion(name="Originality", weight=2, maximum=10, **extra):
    return {"name": name, "guidance": "", "weight": weight, "maximum": maximum, **extra}


def seat(person, chair=False, **extra):
    return {
        "judge": person.pk,
        "is_chair": "on" if chair else "",
        "community": "",
        **extra,
    }


def round_form(world, *, criteria=None, panel=None, **overrides) -> dict:
    """POST data for the add form: a sound rubric round unless overridden."""
    competition = world.competition
    data = {
        "competition": competition.pk,
        "name": "Second look",
        "position": 2,
        "intake": RoundIntake.ALL_APPROVED,
        "top_votes": "",
        "method": RoundMethod.RUBRIC,
        "opens_at": local(competition.entries_close_at + timedelta(hours=1)),
        "closes_at": local(competition.judging_closes_at - timedelta(hours=1)),
        "judges_per_entry": 2,
        "blind": "on",
        "community_conflicts": "",
        "share_comments": "",
        "criteria": inline_formset(
            [criterion(), criterion("Clarity", 3)] if criteria is None else criteria
        ),
        "panel": inline_formset(
            [seat(world.judges[0], chair=True), seat(world.judges[1])]
            if panel is None
            else panel
        ),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_an_editor_adds_a_round_with_criteria_and_panel(editor_client, world):
    response = editor_client.post(ADD, round_form(world))
    assert response.status_code == 302
    created = JudgingRound.objects.get(name="Second look")
    assert [c.name for c in created.criteria.all()] == ["Originality", "Clarity"]
    assert [(s.judge, s.is_chair) for s in created.panel.all()] == [
        (world.judges[0], True),
        (world.judges[1], False),
    ]


def test_the_add_form_starts_with_the_competition_it_came_from(editor_client, world):
    response = editor_client.get(ADD + f"?competition={world.competition.pk}")
    assert response.status_code == 200
    assert response.context["form"].initial["competition"] == world.competition.pk


@pytest.mark.parametrize("competition", ["²", "x", "9" * 30])
def test_a_malformed_competition_starts_the_add_form_empty(editor_client, competition):
    response = editor_client.get(ADD, {"competition": competition})
    assert response.status_code == 200


def test_the_listing_filters_by_competition(editor_client, world, competition_index):
    other = CompetitionPageFactory(parent=competition_index, judging=True)
    make_round(other, world.judges, name="Elsewhere round")
    index = reverse("judginground:index")
    response = editor_client.get(index, {"competition": world.competition.pk})
    assert response.status_code == 200
    assert "First round" in text(response)
    assert "Elsewhere round" not in text(response)
    assert "Elsewhere round" in text(editor_client.get(index))


def assert_refused(response, field, message):
    """A 400 with the message on ``field`` (None: the form as a whole)."""
    assert response.status_code == 400
    form = response.context["form"]
    errors = form.errors.get(field or "__all__", [])
    assert any(message in error for error in errors), form.errors
    assert message in text(response)
    assert 'value="Second look"' in text(response)  # what was typed is kept
    assert not JudgingRound.objects.filter(name="Second look").exists()


def test_a_panel_needs_exactly_one_chair(editor_client, world):
    none = round_form(world, panel=[seat(world.judges[0]), seat(world.judges[1])])
    assert_refused(editor_client.post(ADD, none), None, "exactly one chair")
    two = round_form(
        world,
        panel=[seat(world.judges[0], chair=True), seat(world.judges[1], chair=True)],
    )
    assert_refused(
        editor_client.post(ADD, two), None, "exactly one chair for the panel (now 2)"
    )


def test_an_empty_panel_may_come_later(editor_client, world):
    response = editor_client.post(ADD, round_form(world, panel=[]))
    assert response.status_code == 302


def test_judges_per_entry_cannot_exceed_the_panel(editor_client, world):
    response = editor_client.post(ADD, round_form(world, judges_per_entry=3))
    assert_refused(response, "judges_per_entry", "The panel has 2 judges")


def test_a_judge_sits_once(editor_client, world):
    response = editor_client.post(
        ADD,
        round_form(
            world,
            panel=[seat(world.judges[0], chair=True), seat(world.judges[0])],
        ),
    )
    assert response.status_code == 400
    assert "is on the panel twice" in text(response)


def test_a_member_cannot_be_put_on_a_panel(editor_client, world):
    response = editor_client.post(
        ADD, round_form(world, panel=[seat(world.member, chair=True)])
    )
    assert response.status_code == 400
    assert not JudgingRound.objects.filter(name="Second look").exists()


def test_a_rubric_round_needs_a_criterion(editor_client, world):
    response = editor_client.post(ADD, round_form(world, criteria=[]))
    assert_refused(response, None, "needs at least one criterion")


def test_a_pairwise_round_has_no_criteria(editor_client, world):
    response = editor_client.post(ADD, round_form(world, method=RoundMethod.PAIRWISE))
    assert_refused(response, None, "has no criteria")
    ok = editor_client.post(
        ADD, round_form(world, method=RoundMethod.PAIRWISE, criteria=[])
    )
    assert ok.status_code == 302


def test_top_votes_is_given_exactly_for_a_top_votes_round(editor_client, world):
    missing = round_form(world, intake=RoundIntake.TOP_VOTES)
    assert_refused(editor_client.post(ADD, missing), "top_votes", "Say how many")
    stray = round_form(world, top_votes=10)
    assert_refused(editor_client.post(ADD, stray), "top_votes", "Leave this empty")


def test_only_a_later_round_takes_the_shortlist(editor_client, world):
    first = round_form(world, intake=RoundIntake.SHORTLIST, position=0)
    assert_refused(editor_client.post(ADD, first), "intake", "Only a later round")
    later = round_form(world, intake=RoundIntake.SHORTLIST, position=2)
    assert editor_client.post(ADD, later).status_code == 302


def test_a_round_opens_after_entries_close(editor_client, world):
    early = local(world.competition.entries_close_at - timedelta(hours=1))
    response = editor_client.post(ADD, round_form(world, opens_at=early))
    assert_refused(response, "opens_at", "The round can open once entries close")


def test_a_round_closes_by_the_end_of_judging(editor_client, world):
    late = local(world.competition.judging_closes_at + timedelta(hours=1))
    response = editor_client.post(ADD, round_form(world, closes_at=late))
    assert_refused(response, "closes_at", "must close by the end of judging")


def test_a_round_closes_after_it_opens(editor_client, world):
    opens = world.competition.entries_close_at + timedelta(days=2)
    response = editor_client.post(
        ADD,
        round_form(
            world, opens_at=local(opens), closes_at=local(opens - timedelta(hours=1))
        ),
    )
    assert_refused(response, "closes_at", "must close after it opens")


def test_a_competition_without_judging_dates_takes_no_round(
    editor_client, world, competition_index
):
    closed = CompetitionPageFactory(parent=competition_index, closed=True)
    response = editor_client.post(
        ADD,
        round_form(
            world,
            competition=closed.pk,
            opens_at=local(closed.entries_close_at + timedelta(days=1)),
            closes_at=local(closed.entries_close_at + timedelta(days=2)),
        ),
    )
    assert_refused(response, "closes_at", "no date for judging to close")


def test_a_taken_position_is_refused_not_a_server_error(editor_client, world):
    response = editor_client.post(ADD, round_form(world, position=1))
    assert response.status_code == 400
    assert not JudgingRound.objects.filter(name="Second look").exists()


# Editing, and the criteria lock.


def edit_url(judging_round) -> str:
    return reverse("judginground:edit", args=[judging_round.pk])


def edit_form(world, judging_round, *, criteria=None, **overrides) -> dict:
    """POST data for the edit form of ``judging_round`` as stored."""
    stored = list(judging_round.criteria.order_by("sort_order", "pk"))
    rows = criteria or [
        criterion(c.name, c.weight, c.maximum, id=c.pk, ORDER=n)
        for n, c in enumerate(stored)
    ]
    seats = [
        seat(s.judge, chair=s.is_chair, id=s.pk, ORDER=n)
        for n, s in enumerate(judging_round.panel.order_by("sort_order", "pk"))
    ]
    data = {
        "name": "Second look",
        "position": judging_round.position,
        "intake": judging_round.intake,
        "top_votes": "",
        "method": judging_round.method,
        "opens_at": local(judging_round.opens_at),
        "closes_at": local(judging_round.closes_at),
        "judges_per_entry": judging_round.judges_per_entry,
        "blind": "on",
        "community_conflicts": "",
        "share_comments": "",
        "criteria": inline_formset(rows, initial=len(stored)),
        "panel": inline_formset(seats, initial=len(seats)),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_an_editor_edits_a_round(editor_client, world):
    response = editor_client.post(edit_url(world.round), edit_form(world, world.round))
    assert response.status_code == 302
    world.round.refresh_from_db()
    assert world.round.name == "Second look"
    assert world.round.competition == world.competition


@pytest.fixture
def scored(world):
    """The round with one submitted sheet: its criteria are locked."""
    assignment = JudgeAssignment.objects.create(
        round=world.round, judge=world.judges[0], entry=world.entries[0]
    )
    score(assignment, 6, 7)
    return world


def test_the_edit_page_says_why_criteria_are_locked(editor_client, scored):
    response = editor_client.get(edit_url(scored.round))
    assert response.status_code == 200
    assert "its criteria are locked" in text(response)
    assert "Locked: judges have already scored." in text(response)


def stored_criteria(judging_round):
    return list(
        Criterion.objects.filter(round=judging_round)
        .order_by("pk")
        .values_list("name", "weight", "maximum")
    )


def test_a_locked_weight_or_maximum_does_not_change(editor_client, scored):
    before = stored_criteria(scored.round)
    first, second = scored.round.criteria.order_by("sort_order", "pk")
    rows = [
        criterion(first.name, 9, 50, id=first.pk, ORDER=0),
        criterion("Clearer", second.weight, second.maximum, id=second.pk, ORDER=1),
    ]
    response = editor_client.post(
        edit_url(scored.round), edit_form(scored, scored.round, criteria=rows)
    )
    # The locked fields are read-only: the posted 9 and 50 are ignored, the
    # reworded name is saved.
    assert response.status_code == 302
    assert stored_criteria(scored.round) == [
        before[0],
        ("Clearer", before[1][1], before[1][2]),
    ]


def test_a_locked_criterion_cannot_be_removed(editor_client, scored):
    before = stored_criteria(scored.round)
    first, second = scored.round.criteria.order_by("sort_order", "pk")
    rows = [
        criterion(first.name, first.weight, first.maximum, id=first.pk, ORDER=0),
        criterion(second.name, 3, 10, id=second.pk, ORDER=1, DELETE="1"),
    ]
    response = editor_client.post(
        edit_url(scored.round), edit_form(scored, scored.round, criteria=rows)
    )
    assert response.status_code == 400
    assert "its criteria are locked" in text(response)
    assert stored_criteria(scored.round) == before
    assert scored.round.criteria.count() == 2


def test_no_criterion_is_added_once_locked(editor_client, scored):
    before = stored_criteria(scored.round)
    rows = [
        criterion(c.name, c.weight, c.maximum, id=c.pk, ORDER=n)
        for n, c in enumerate(scored.round.criteria.order_by("sort_order", "pk"))
    ] + [criterion("Brand new", 1, 5, ORDER=2)]
    response = editor_client.post(
        edit_url(scored.round), edit_form(scored, scored.round, criteria=rows)
    )
    assert response.status_code == 400
    assert "No new criteria once judges have scored." in text(response)
    assert stored_criteria(scored.round) == before


def test_the_competition_of_a_round_stays_put(editor_client, world, competition_index):
    other = CompetitionPageFactory(parent=competition_index, judging=True)
    response = editor_client.post(
        edit_url(world.round), edit_form(world, world.round, competition=other.pk)
    )
    assert response.status_code == 302
    world.round.refresh_from_db()
    assert world.round.competition == world.competition


def test_competition_admin_links_to_its_rounds(editor_client, world):
    response = editor_client.get(f"/admin/pages/{world.competition.pk}/edit/")
    listing = reverse("judginground:index") + f"?competition={world.competition.pk}"
    assert html.escape(listing) in response.content.decode() or listing in text(
        response
    )
    assert "Judging" in text(response)
    explorer = editor_client.get(f"/admin/pages/{world.competition.get_parent().pk}/")
    assert listing in text(explorer)


def test_no_judging_link_for_those_who_cannot_set_up(client, world):
    sign_in(client, world.moderator)
    listing = reverse("judginground:index") + f"?competition={world.competition.pk}"
    response = client.get(f"/admin/pages/{world.competition.get_parent().pk}/")
    assert listing not in text(response)


def test_outsider_judges_are_not_offered(editor_client, world):
    response = editor_client.get(ADD)
    choices = response.context["form"].formsets["panel"].empty_form.fields["judge"]
    offered = set(choices.queryset)
    assert set(world.judges) <= offered
    assert world.member not in offered
    assert judge("new_judge") in set(choices.queryset.all())


def test_a_scored_round_cannot_be_deleted(editor_client, scored):
    delete = reverse("judginground:delete", args=[scored.round.pk])
    page = editor_client.get(delete)
    assert page.status_code == 200
    assert "cannot be deleted" in text(page)
    response = editor_client.post(delete)
    assert response.status_code == 400
    assert "cannot be deleted" in text(response)
    assert JudgingRound.objects.filter(pk=scored.round.pk).exists()


def test_an_http_delete_cannot_skip_the_refusal_to_delete_a_scored_round(
    editor_client, scored
):
    """DELETE is not a way round the confirmation page: 405, the scores kept."""
    response = editor_client.delete(
        reverse("judginground:delete", args=[scored.round.pk])
    )

    assert response.status_code == 405
    assert JudgingRound.objects.filter(pk=scored.round.pk).exists()
    assert JudgeAssignment.objects.filter(round=scored.round).exists()


def test_an_unscored_round_can_be_deleted(editor_client, world):
    response = editor_client.post(reverse("judginground:delete", args=[world.round.pk]))
    assert response.status_code == 302
    assert not JudgingRound.objects.filter(pk=world.round.pk).exists()


@pytest.mark.parametrize("tampered", ["abc", "1.5", "../../etc/passwd", "a\x00b"])
def test_a_criterion_row_with_a_tampered_id_is_refused_not_a_server_error(
    editor_client, world, tampered
):
    """A posted criterion whose id is not an id comes back with a message, 400."""
    data = edit_form(world, world.round)
    data["criteria-0-id"] = tampered

    response = editor_client.post(edit_url(world.round), data)

    assert response.status_code == 400
    assert "does not match what is stored. Reload the page" in text(response)
    world.round.refresh_from_db()
    assert world.round.name != "Second look"


def test_a_panel_row_without_its_id_does_not_take_another_rows_place(
    editor_client, world
):
    """A stored row's id left out of the POST is refused with a message, 400."""
    data = edit_form(world, world.round)
    del data["panel-0-id"]

    response = editor_client.post(edit_url(world.round), data)

    assert response.status_code == 400
    assert "does not match what is stored. Reload the page" in text(response)


@pytest.mark.parametrize("tampered", ["abc", "../../etc/passwd", "1.5"])
def test_a_competition_that_is_not_an_id_is_refused_not_a_server_error(
    editor_client, world, tampered
):
    """The page chooser redraws the refused form with nothing chosen: a 400."""
    response = editor_client.post(ADD, round_form(world, competition=tampered))

    assert_refused(response, "competition", "Select a valid choice")
    assert not JudgingRound.objects.filter(name="Second look").exists()
