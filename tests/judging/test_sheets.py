"""Score sheets: drafts with blanks, one final submission, refusals that say why."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from judging.enums import RoundMethod
from judging.models import CriterionScore, ScoreSheet
from judging.sheets import LOG_SAVE, LOG_SUBMIT, score_field, sheet_save
from submissions.enums import EntryStatus
from tests.support.judging_workspace import build_world
from tests.support.staff import sign_in


@pytest.fixture
def world(competition_index):
    return build_world(competition_index)


@pytest.fixture
def assignment(world):
    return world.assignments_a[0]


@pytest.fixture
def criteria(assignment):
    return list(assignment.round.criteria.order_by("sort_order"))


def stored(assignment) -> dict[str, int]:
    return {
        score.criterion.name: score.value
        for score in CriterionScore.objects.filter(sheet__assignment=assignment)
    }


def set_round(judging_round, *, opens_in: float, closes_in: float) -> None:
    now = timezone.now()
    judging_round.opens_at = now + timedelta(days=opens_in)
    judging_round.closes_at = now + timedelta(days=closes_in)
    judging_round.save()


def error_fields(raised) -> set[str]:
    return set(raised.value.message_dict)


# The service ----------------------------------------------------------------------


def test_a_draft_may_leave_scores_blank(world, assignment, criteria):
    originality, _craft = criteria

    sheet = sheet_save(
        assignment=assignment,
        judge=world.judge_a,
        scores={originality.pk: 8},
        comment="  Lovely light.  ",
    )

    assert sheet.submitted_at is None
    assert sheet.comment == "Lovely light."
    assert stored(assignment) == {"Originality": 8}


def test_saving_again_changes_clears_and_adds_scores(world, assignment, criteria):
    originality, craft = criteria
    sheet_save(assignment=assignment, judge=world.judge_a, scores={originality.pk: 8})

    sheet_save(
        assignment=assignment,
        judge=world.judge_a,
        scores={originality.pk: None, craft.pk: 2},
    )
    sheet_save(
        assignment=assignment,
        judge=world.judge_a,
        scores={originality.pk: 6, craft.pk: 4},
    )

    assert stored(assignment) == {"Originality": 6, "Craft": 4}
    assert ScoreSheet.objects.filter(assignment=assignment).count() == 1


def test_submitting_needs_every_criterion_and_keeps_the_draft(
    world, assignment, criteria
):
    originality, craft = criteria
    sheet_save(assignment=assignment, judge=world.judge_a, scores={originality.pk: 8})

    with pytest.raises(ValidationError) as raised:
        sheet_save(
            assignment=assignment,
            judge=world.judge_a,
            scores={originality.pk: 9},
            submit=True,
        )

    assert error_fields(raised) == {score_field(craft)}
    assert "Please give a score for Craft before you submit." in str(raised.value)
    sheet = ScoreSheet.objects.get(assignment=assignment)
    assert sheet.submitted_at is None
    assert stored(assignment) == {"Originality": 8}


@pytest.mark.parametrize(
    "originality, craft, bad",
    [
        pytest.param(11, 3, "Originality", id="above-the-maximum"),
        pytest.param(5, 6, "Craft", id="above-a-smaller-maximum"),
        pytest.param(-1, 3, "Originality", id="below-zero"),
        pytest.param(True, 3, "Originality", id="a-boolean"),
        pytest.param("5", 3, "Originality", id="text"),
        pytest.param(4.5, 3, "Originality", id="not-whole"),
    ],
)
def test_a_score_outside_its_range_is_refused(
    world, assignment, criteria, originality, craft, bad
):
    first, second = criteria

    with pytest.raises(ValidationError) as raised:
        sheet_save(
            assignment=assignment,
            judge=world.judge_a,
            scores={first.pk: originality, second.pk: craft},
        )

    (field,) = error_fields(raised)
    assert field == score_field(first if bad == "Originality" else second)
    assert f"Please give {bad} a whole number from 0 to" in str(raised.value)
    assert not ScoreSheet.objects.exists()


def test_the_ends_of_the_range_are_accepted(world, assignment, criteria):
    first, second = criteria

    sheet_save(
        assignment=assignment,
        judge=world.judge_a,
        scores={first.pk: 0, second.pk: 5},
        submit=True,
    )

    assert stored(assignment) == {"Originality": 0, "Craft": 5}


def test_a_score_for_a_criterion_the_round_has_not_got_is_refused(
    world, assignment, criteria
):
    other_round_criterion = world.blind_round.criteria.first().pk + 1000

    with pytest.raises(ValidationError):
        sheet_save(
            assignment=assignment,
            judge=world.judge_a,
            scores={other_round_criterion: 3},
        )

    assert not ScoreSheet.objects.exists()


def test_a_submitted_sheet_is_final(world, assignment, criteria):
    first, second = criteria
    full = {first.pk: 7, second.pk: 3}
    sheet = sheet_save(
        assignment=assignment, judge=world.judge_a, scores=full, submit=True
    )
    assert sheet.submitted_at is not None

    for submit in (False, True):
        with pytest.raises(ValidationError, match="they are final"):
            sheet_save(
                assignment=assignment,
                judge=world.judge_a,
                scores={first.pk: 1, second.pk: 1},
                comment="Changed my mind.",
                submit=submit,
            )

    assert stored(assignment) == {"Originality": 7, "Craft": 3}
    assert ScoreSheet.objects.get().comment == ""


@pytest.mark.parametrize(
    "opens_in, closes_in, message",
    [
        pytest.param(1, 3, "This round opens on", id="not-yet-open"),
        pytest.param(-5, -1, "This round closed on", id="closed"),
    ],
)
def test_nothing_is_saved_outside_the_rounds_hours(
    world, assignment, criteria, opens_in, closes_in, message
):
    set_round(world.blind_round, opens_in=opens_in, closes_in=closes_in)

    with pytest.raises(ValidationError, match=message):
        sheet_save(
            assignment=assignment,
            judge=world.judge_a,
            scores={criteria[0].pk: 5},
        )

    assert not ScoreSheet.objects.exists()


def test_a_draft_cannot_be_finished_after_the_round_closes(world, assignment, criteria):
    first, second = criteria
    sheet_save(assignment=assignment, judge=world.judge_a, scores={first.pk: 5})
    set_round(world.blind_round, opens_in=-5, closes_in=-1)

    with pytest.raises(ValidationError):
        sheet_save(
            assignment=assignment,
            judge=world.judge_a,
            scores={first.pk: 5, second.pk: 5},
            submit=True,
        )

    assert ScoreSheet.objects.get().submitted_at is None


def test_another_judges_assignment_is_refused(world, assignment, criteria):
    with pytest.raises(PermissionDenied):
        sheet_save(
            assignment=assignment,
            judge=world.judge_b,
            scores={criteria[0].pk: 5},
        )

    assert not ScoreSheet.objects.exists()


def test_a_judge_taken_off_the_panel_can_no_longer_score(world, assignment, criteria):
    world.blind_round.panel.filter(judge=world.judge_a).delete()

    with pytest.raises(PermissionDenied):
        sheet_save(
            assignment=assignment,
            judge=world.judge_a,
            scores={criteria[0].pk: 5},
        )


def test_an_entry_withdrawn_since_cannot_be_scored(world, assignment, criteria):
    assignment.entry.status = EntryStatus.WITHDRAWN
    assignment.entry.save()

    with pytest.raises(PermissionDenied):
        sheet_save(
            assignment=assignment,
            judge=world.judge_a,
            scores={criteria[0].pk: 5},
        )


def test_a_pairwise_round_takes_no_scores(world, assignment, criteria):
    world.blind_round.method = RoundMethod.PAIRWISE
    world.blind_round.save()

    with pytest.raises(ValidationError, match="compares entries in pairs"):
        sheet_save(
            assignment=assignment,
            judge=world.judge_a,
            scores={criteria[0].pk: 5},
        )


def test_a_round_without_criteria_takes_no_scores(world, assignment):
    world.blind_round.criteria.all().delete()

    with pytest.raises(ValidationError, match="no criteria yet"):
        sheet_save(assignment=assignment, judge=world.judge_a, scores={}, submit=True)

    assert not ScoreSheet.objects.exists()


def test_a_comment_too_long_is_refused(world, assignment):
    with pytest.raises(ValidationError) as raised:
        sheet_save(
            assignment=assignment, judge=world.judge_a, scores={}, comment="x" * 4001
        )

    assert error_fields(raised) == {"comment"}


def test_each_save_and_the_submission_are_audited(world, assignment, criteria):
    first, second = criteria
    sheet_save(assignment=assignment, judge=world.judge_a, scores={first.pk: 4})
    sheet = sheet_save(
        assignment=assignment,
        judge=world.judge_a,
        scores={first.pk: 7, second.pk: 3},
        submit=True,
    )

    logs = list(ModelLogEntry.objects.for_instance(sheet).order_by("timestamp", "pk"))

    assert [log.action for log in logs] == [LOG_SAVE, LOG_SUBMIT]
    assert all(log.user_id == world.judge_a.pk for log in logs)
    assert logs[0].data["scores"] == {str(first.pk): 4, str(second.pk): None}
    assert logs[1].data["scores"] == {str(first.pk): 7, str(second.pk): 3}
    assert logs[1].data["submitted"] is True


# The scoring page's form -----------------------------------------------------------


def score_page(assignment) -> str:
    return reverse("judging:score", kwargs={"assignment_id": assignment.pk})


def post(client, assignment, criteria, values, *, action="save", comment=""):
    data = {"action": action, "comment": comment}
    data.update({score_field(c): v for c, v in zip(criteria, values, strict=True)})
    return client.post(score_page(assignment), data)


def form_values(response) -> list[str]:
    page = BeautifulSoup(response.content, "html.parser")
    return [i.get("value", "") for i in page.select("#score-form input[type=number]")]


def page_text(response) -> str:
    page = BeautifulSoup(response.content, "html.parser")
    return " ".join(page.get_text(" ").split())


def test_saving_a_draft_comes_back_to_the_same_page(
    client, world, assignment, criteria
):
    sign_in(client, world.judge_a)

    response = post(client, assignment, criteria, ["8", ""], comment="Good.")

    assert response.status_code == 302
    assert response["Location"] == score_page(assignment)
    page = client.get(response["Location"])
    assert "are saved. Come back to them" in page_text(page)
    assert form_values(page) == ["8", ""]
    assert stored(assignment) == {"Originality": 8}


def test_submitting_goes_on_to_the_next_entry_to_score(
    client, world, assignment, criteria
):
    sign_in(client, world.judge_a)

    response = post(client, assignment, criteria, ["8", "4"], action="submit")

    assert response.status_code == 302
    assert response["Location"] == score_page(world.assignments_a[1])
    assert ScoreSheet.objects.get(assignment=assignment).submitted_at is not None


def test_after_the_last_entry_the_judge_goes_back_to_the_round(client, world):
    sign_in(client, world.judge_b)
    (assignment,) = world.assignments_b
    criteria = list(assignment.round.criteria.order_by("sort_order"))

    response = post(client, assignment, criteria, ["8", "4"], action="submit")

    assert response["Location"] == reverse(
        "judging:round", kwargs={"round_id": world.blind_round.pk}
    )
    assert "You have scored every entry here." in page_text(
        client.get(response["Location"])
    )


@pytest.mark.parametrize(
    "values, action, message",
    [
        pytest.param(["11", "4"], "save", "Originality a whole number from 0 to 10"),
        pytest.param(["8", "-2"], "save", "Craft a whole number from 0 to 5"),
        pytest.param(["eight", "4"], "save", "Originality a whole number from 0 to 10"),
        pytest.param(["7.5", "4"], "submit", "Originality a whole number from 0 to 10"),
        pytest.param(["8", ""], "submit", "Please give a score for Craft"),
    ],
)
def test_a_refused_form_comes_back_with_what_was_typed(
    client, world, assignment, criteria, values, action, message
):
    sign_in(client, world.judge_a)

    response = post(
        client, assignment, criteria, values, action=action, comment="Keep me."
    )

    assert response.status_code == 400
    assert message in page_text(response)
    assert form_values(response) == values
    page = BeautifulSoup(response.content, "html.parser")
    assert "Keep me." in page.select_one("textarea[name=comment]").get_text()
    assert page.select("[aria-invalid=true]")
    assert not ScoreSheet.objects.filter(submitted_at__isnull=False).exists()


def test_an_unknown_action_is_refused_and_nothing_is_saved(
    client, world, assignment, criteria
):
    sign_in(client, world.judge_a)

    response = post(client, assignment, criteria, ["8", "4"], action="publish")

    assert response.status_code == 400
    assert "Please choose to save or to submit." in page_text(response)
    assert form_values(response) == ["8", "4"]
    assert not ScoreSheet.objects.exists()


def test_a_closed_round_refuses_a_post_and_keeps_the_scores_typed(
    client, world, assignment, criteria
):
    set_round(world.blind_round, opens_in=-5, closes_in=-1)
    sign_in(client, world.judge_a)

    response = post(client, assignment, criteria, ["8", "4"], action="submit")

    assert response.status_code == 400
    assert "This round closed on" in page_text(response)
    assert not ScoreSheet.objects.exists()


def test_a_submitted_sheet_refuses_a_post(client, world, assignment, criteria):
    sign_in(client, world.judge_a)
    post(client, assignment, criteria, ["8", "4"], action="submit")

    response = post(client, assignment, criteria, ["1", "1"], action="save")

    assert response.status_code == 400
    assert "they are final" in page_text(response)
    assert stored(assignment) == {"Originality": 8, "Craft": 4}
