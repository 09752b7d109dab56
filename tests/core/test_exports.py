"""Exports escape exactly the cells a spreadsheet would run, in every export."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import PageLogEntry

from competitions.models import CompetitionCategory
from core.exports import escape_formula, runs_as_formula
from tests.factories import (
    CompetitionPageFactory,
    EntryFactory,
    PartnerCommunityFactory,
    UserFactory,
)
from tests.support.staff import sign_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example","click")',
        "=1+1",
        "@SUM(1,2)",
        "+SUM(1,2)",
        "-1+2",
        "-2+3+cmd|' /C calc'!A0",
        "+44 20 7946 0958",
        "-A1*2",
        "- a bullet point",
        "\t=1+1",
        "\r=1+1",
        "\n=1+1",
        "\tplain after a tab",
        "  =1+1",
        " @cmd",
    ],
)
def test_text_a_spreadsheet_would_run_is_escaped(text):
    """Formula starters are prefixed with an apostrophe."""
    assert runs_as_formula(text)
    assert escape_formula(text) == "'" + text


@pytest.mark.parametrize(
    "text",
    [
        "-Xy3_kP9aQ2mZ7w-",  # a public id that begins with "-"
        "-0aB",
        "+plus_one",
        "-",
        "-5",
        "+3.5",
        "-1,500",
        "-.5",
        "2e-3",
        "-2E+10",
        "50%",
        "A quiet river",
        "'=already escaped",
        "",
        "ana_writes",
        "mid=dle",
    ],
)
def test_numbers_ids_and_plain_text_stay_exactly_as_they_are(text):
    """A number or a single word after a sign cannot run; it is left alone."""
    assert not runs_as_formula(text)
    assert escape_formula(text) == text


@pytest.mark.parametrize("value", [None, 5, -5, 2.5, True])
def test_non_text_values_are_untouched(value):
    assert escape_formula(value) is value


def test_escaping_twice_changes_nothing():
    once = escape_formula("=1+1")

    assert escape_formula(once) == once


# The admin's exports --------------------------------------------------------------


def rows_of(response, export: str) -> list[dict]:
    content = b"".join(response.streaming_content)
    if export == "csv":
        return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))
    sheet = load_workbook(io.BytesIO(content)).active
    headings, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(headings, row, strict=True)) for row in rows]


@pytest.fixture
def editor_client(client, db):
    sign_in(client, UserFactory(editor=True))
    return client


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_a_public_id_starting_with_a_dash_is_exported_exactly(
    editor_client, competition_index, export
):
    """The review's finding: "-…" ids came out as "'-…", which is not the id."""
    competition = CompetitionPageFactory(parent=competition_index)
    EntryFactory(competition=competition, public_id="-Xy3_kP9aQ2mZ7w-", title="Dash")

    url = reverse("wagtailsnippets_submissions_entry:list")
    response = editor_client.get(f"{url}?export={export}")

    (row,) = rows_of(response, export)
    assert row["Public id"] == "-Xy3_kP9aQ2mZ7w-"


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_related_object_cells_are_escaped(editor_client, competition_index, export):
    """Competition, category and referring partner cells are escaped like titles."""
    competition = CompetitionPageFactory(parent=competition_index, title="=1+2")
    category = CompetitionCategory.objects.create(page=competition, name="@SUM(1)")
    partner = PartnerCommunityFactory(name="+HYPERLINK(1)")
    EntryFactory(competition=competition, category=category, referral_partner=partner)

    url = reverse("wagtailsnippets_submissions_entry:list")
    (row,) = rows_of(editor_client.get(f"{url}?export={export}"), export)

    assert (row["Competition"], row["Category"], row["Referred by"]) == (
        "'=1+2",
        "'@SUM(1)",
        "'+HYPERLINK(1)",
    )


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_wagtails_own_reports_escape_formulas_too(
    editor_client, competition_index, export
):
    """Site history names objects by title: a formula title is escaped there too."""
    page = CompetitionPageFactory(
        parent=competition_index, title='=HYPERLINK("http://evil.example","x")'
    )
    PageLogEntry.objects.log_action(page, "wagtail.edit")

    url = reverse("wagtailadmin_reports:site_history")
    rows = rows_of(editor_client.get(f"{url}?export={export}"), export)

    names = {row["Name"] for row in rows}
    assert "'" + page.title in names
    assert page.title not in names
