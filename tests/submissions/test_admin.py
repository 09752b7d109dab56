"""Editors list, filter, inspect and export entries in the admin, and change none."""

import csv
import html
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from competitions.enums import EntryKind
from competitions.models import CompetitionCategory
from submissions.models import Entry
from tests.factories import (
    CompetitionPageFactory,
    EntryFactory,
    PartnerCommunityFactory,
    UserFactory,
)
from tests.support.staff import staff_login

FORMULAS = [
    '=HYPERLINK("http://evil.example","click")',
    "+SUM(1,2)",
    "@cmd",
    "-1+2",
]


def url(action: str, *args) -> str:
    return reverse(f"wagtailsnippets_submissions_entry:{action}", args=args)


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def csv_rows(response) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(body)))


def exported_rows(response, export: str) -> list[dict]:
    """Return the rows of a CSV or XLSX export as dicts keyed by heading."""
    if export == "csv":
        return csv_rows(response)
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    headings, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(headings, row, strict=True)) for row in rows]


@pytest.fixture
def editor_client(client, db):
    """A client signed in as an editor (a superuser)."""
    staff_login(client, UserFactory(editor=True))
    return client


@pytest.fixture
def two_competitions(competition_index):
    """A stories competition and an images competition, with mixed entries."""
    stories = CompetitionPageFactory(parent=competition_index, title="Stories")
    images = CompetitionPageFactory(
        parent=competition_index, title="Images", entry_kinds=[EntryKind.IMAGE.value]
    )
    EntryFactory(competition=stories, title="Story draft")
    EntryFactory(competition=stories, title="Story approved", approved=True)
    EntryFactory(competition=images, title="Image submitted", submitted=True)
    return stories, images


def listed_titles(response) -> set[str]:
    text = page_text(response)
    candidates = {"Story draft", "Story approved", "Image submitted"}
    return {title for title in candidates if title in text}


def test_the_entries_listing_loads_for_an_editor(editor_client, two_competitions):
    """The listing shows every entry with its competition."""
    response = editor_client.get(url("list"))

    assert response.status_code == 200
    assert listed_titles(response) == {
        "Story draft",
        "Story approved",
        "Image submitted",
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=image", {"Image submitted"}),
        ("kind=story", {"Story draft", "Story approved"}),
        ("status=approved", {"Story approved"}),
        ("status=draft", {"Story draft"}),
        ("status=withdrawn", set()),
    ],
)
def test_the_listing_filters_by_kind_and_status(
    editor_client, two_competitions, query, expected
):
    """Kind and status filters narrow the list."""
    response = editor_client.get(f"{url('list')}?{query}")

    assert response.status_code == 200
    assert listed_titles(response) == expected


def test_the_listing_filters_by_competition(editor_client, two_competitions):
    """Choosing a competition shows its entries only."""
    stories, images = two_competitions

    by_stories = editor_client.get(f"{url('list')}?competition={stories.pk}")
    by_images = editor_client.get(f"{url('list')}?competition={images.pk}")

    assert listed_titles(by_stories) == {"Story draft", "Story approved"}
    assert listed_titles(by_images) == {"Image submitted"}


def test_an_editor_can_inspect_an_entry(editor_client, competition):
    """The inspect view opens for an editor and shows the entry's title."""
    entry = EntryFactory(competition=competition, title="Night river")

    response = editor_client.get(url("inspect", entry.pk))

    assert response.status_code == 200
    assert "Night river" in page_text(response)


# Exports ------------------------------------------------------------------------


@pytest.fixture
def formula_entries(competition):
    """Entries whose titles a spreadsheet would run as formulas."""
    for title in FORMULAS:
        EntryFactory(competition=competition, title=title, submitted=True)
    EntryFactory(competition=competition, title="A quiet river", submitted=True)


def test_the_csv_export_escapes_formulas(editor_client, formula_entries):
    """Every formula-like title is prefixed with an apostrophe; plain text is not."""
    response = editor_client.get(f"{url('list')}?export=csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    titles = {row["Title"] for row in csv_rows(response)}
    assert titles == {"'" + formula for formula in FORMULAS} | {"A quiet river"}


def test_the_csv_export_has_handles_not_emails(editor_client, competition):
    """The export names authors by handle; no email address is in it."""
    author = UserFactory(handle="ana_writes", email="ana.private@example.org")
    EntryFactory(competition=competition, author=author, submitted=True)

    response = editor_client.get(f"{url('list')}?export=csv")

    body = b"".join(response.streaming_content).decode()
    assert "ana_writes" in body
    assert "ana.private@example.org" not in body


def test_the_xlsx_export_stores_formulas_as_text(editor_client, formula_entries):
    """In the XLSX every title cell is a string, never a formula."""
    response = editor_client.get(f"{url('list')}?export=xlsx")

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows())
    column = [cell.value for cell in rows[0]].index("Title")
    cells = [row[column] for row in rows[1:]]
    assert {cell.data_type for cell in cells} == {"s"}
    assert {cell.value for cell in cells} == {"'" + f for f in FORMULAS} | {
        "A quiet river"
    }


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_the_export_names_category_and_partner_or_leaves_them_blank(
    editor_client, competition, export
):
    """Optional category and referral partner never break the export."""
    category = CompetitionCategory.objects.create(page=competition, name="=1+1")
    partner = PartnerCommunityFactory(name="StudyHub")
    EntryFactory(
        competition=competition,
        title="With both",
        category=category,
        referral_partner=partner,
    )
    EntryFactory(competition=competition, title="With neither")

    response = editor_client.get(f"{url('list')}?export={export}")

    assert response.status_code == 200
    rows = {row["Title"]: row for row in exported_rows(response, export)}
    with_both, with_neither = rows["With both"], rows["With neither"]
    assert (with_both["Category"], with_both["Referred by"]) == ("'=1+1", "StudyHub")
    assert not with_neither["Category"] and not with_neither["Referred by"]


def test_the_export_keeps_the_filters(editor_client, two_competitions):
    """Exporting a filtered list exports only what is listed."""
    response = editor_client.get(f"{url('list')}?status=approved&export=csv")

    assert [row["Title"] for row in csv_rows(response)] == ["Story approved"]


# Nothing changes through the admin ----------------------------------------------


def assert_refused(response) -> None:
    """Refused: a 403, or a redirect back to the dashboard; never the form."""
    if response.status_code == 302:
        assert response["Location"] == reverse("wagtailadmin_home")
    else:
        assert response.status_code == 403
        assert 'name="title"' not in page_text(response)


def test_editors_cannot_add_entries_in_the_admin(editor_client, competition):
    """The add view is refused and a POST creates nothing."""
    assert_refused(editor_client.get(url("add")))
    assert_refused(editor_client.post(url("add"), {"title": "Forged"}))

    assert not Entry.objects.filter(title="Forged").exists()


def test_editors_cannot_edit_entries_in_the_admin(editor_client, competition):
    """The edit view is refused and a POST changes nothing."""
    entry = EntryFactory(competition=competition, title="Original", submitted=True)

    assert_refused(editor_client.get(url("edit", entry.pk)))
    assert_refused(
        editor_client.post(
            url("edit", entry.pk), {"title": "Forged", "status": "approved"}
        )
    )

    entry.refresh_from_db()
    assert (entry.title, entry.status) == ("Original", "submitted")


def test_editors_cannot_delete_entries_in_the_admin(editor_client, competition):
    """The delete view is refused and a POST deletes nothing."""
    entry = EntryFactory(competition=competition, submitted=True)

    assert_refused(editor_client.get(url("delete", entry.pk)))
    assert_refused(editor_client.post(url("delete", entry.pk)))

    assert Entry.objects.filter(pk=entry.pk).exists()


def test_the_listing_offers_no_add_button(editor_client, competition):
    """The listing does not link to an add view that would refuse the editor."""
    response = editor_client.get(url("list"))

    assert url("add") not in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(lambda entry: url("list"), id="list"),
        pytest.param(lambda entry: url("list") + "?export=csv", id="export"),
        pytest.param(lambda entry: url("inspect", entry.pk), id="inspect"),
    ],
)
def test_a_member_without_admin_access_is_refused(client, competition, path):
    """A signed-in member gets no listing, export or entry from the admin."""
    member = UserFactory()
    entry = EntryFactory(competition=competition, title="Secret draft title")
    client.force_login(member)

    response = client.get(path(entry))

    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    body = b"".join(response.streaming_content) if response.streaming else b""
    assert b"Secret draft title" not in body + response.content
