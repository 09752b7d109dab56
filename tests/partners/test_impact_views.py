"""Impact reports in the admin: who may open which, in each format, at what cost."""

import csv
import io
import sys

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import ImageFile

from partners import impact_views
from tests.factories import UserFactory
from tests.support.impact import FORMULA_TITLE, add_entries, build_impact_world
from tests.support.judging_results import judge
from tests.support.moderation import editor
from tests.support.staff import sign_in

FORMATS = ["report", "print", "pdf", "csv"]


@pytest.fixture
def world(competition_index):
    return build_impact_world(competition_index)


def url(name, world, partner=None):
    partner = partner or world.parents
    return reverse(f"partner_impact:{name}", args=[world.competition.pk, partner.slug])


def as_role(client, world, role):
    """Sign ``client`` in as ``role``; Parents Together's report is the one at stake."""
    people = {
        "anonymous": lambda: None,
        "member": lambda: UserFactory(referred_by=world.parents),
        "judge": judge,
        "other_partners_moderator": lambda: world.mod_studyhub,
        "own_partners_moderator": lambda: world.mod_parents,
        "editor": editor,
    }
    user = people[role]()
    if user is not None:
        sign_in(client, user)
    return user


# Scope -------------------------------------------------------------------------


@pytest.mark.parametrize("name", FORMATS)
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("member", 403),
        ("judge", 404),
        ("other_partners_moderator", 404),
        ("own_partners_moderator", 200),
        ("editor", 200),
    ],
)
def test_who_may_open_a_partners_report(client, world, name, role, status):
    as_role(client, world, role)

    response = client.get(url(name, world))

    assert response.status_code == status
    if role == "anonymous":
        assert "login" in response["Location"]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("member", 403),
        ("judge", 404),
        ("other_partners_moderator", 404),
        ("own_partners_moderator", 404),
        ("editor", 200),
    ],
)
def test_only_editors_see_a_competitions_overview(client, world, role, status):
    as_role(client, world, role)

    response = client.get(
        reverse("partner_impact:competition", args=[world.competition.pk])
    )

    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("member", 403),
        # The admin turns a refusal into a message on its dashboard.
        ("judge", 302),
        ("own_partners_moderator", 200),
        ("editor", 200),
    ],
)
def test_who_may_open_the_list_of_reports(client, world, role, status):
    as_role(client, world, role)

    response = client.get(reverse("partner_impact:index"))

    assert response.status_code == status
    if role == "judge":
        assert response["Location"] == reverse("wagtailadmin_home")


def test_a_partners_moderator_lists_only_their_own_partners_reports(client, world):
    sign_in(client, world.mod_parents)

    page = client.get(reverse("partner_impact:index")).content.decode()

    assert url("report", world) in page
    assert url("report", world, world.studyhub) not in page
    assert "Elsewhere" not in page


def test_an_editor_lists_every_report_and_each_competitions_overview(client, world):
    sign_in(client, editor())

    page = client.get(reverse("partner_impact:index")).content.decode()

    assert url("report", world) in page
    assert url("report", world, world.studyhub) in page
    assert reverse("partner_impact:competition", args=[world.competition.pk]) in page
    assert "Elsewhere" in page


def test_a_moderator_cannot_reach_a_competition_their_partner_is_not_part_of(
    client, world
):
    sign_in(client, world.mod_parents)
    elsewhere = reverse(
        "partner_impact:report", args=[world.other_competition.pk, "parents"]
    )

    assert client.get(elsewhere).status_code == 404


def test_an_unknown_partner_or_competition_is_a_404_even_for_editors(client, world):
    sign_in(client, editor())

    unknown_partner = reverse(
        "partner_impact:report", args=[world.competition.pk, "nobody"]
    )
    unknown_competition = reverse("partner_impact:report", args=[999999, "parents"])
    assert client.get(unknown_partner).status_code == 404
    assert client.get(unknown_competition).status_code == 404


def test_the_menu_shows_impact_reports_to_a_partners_moderator_not_to_a_judge(
    client, world
):
    sign_in(client, world.mod_parents)
    moderator_home = client.get(reverse("wagtailadmin_home")).content.decode()
    client.logout()
    sign_in(client, judge())
    judge_home = client.get(reverse("wagtailadmin_home")).content.decode()

    index = reverse("partner_impact:index")
    assert index in moderator_home
    assert index not in judge_home


# The admin pages ---------------------------------------------------------------


def test_the_report_shows_every_number_and_its_charts_with_tables(client, world):
    sign_in(client, world.mod_parents)

    page = client.get(url("report", world)).content.decode()

    assert 'data-measure="entries">3<' in page
    assert 'data-measure="entries_approved">2<' in page
    assert 'data-measure="votes_excluded">2<' in page
    assert page.count('role="img"') == 2  # per day and by kind
    assert page.count("as a table</caption>") == 2
    assert "Shortlisted and winning entries are counted once" in page


def test_the_overview_charts_entries_per_day_by_partner_and_by_kind(client, world):
    sign_in(client, editor())

    page = client.get(
        reverse("partner_impact:competition", args=[world.competition.pk])
    ).content.decode()

    assert page.count('role="img"') == 3
    for title in ("Entries sent in per day", "Entries by partner", "Entries by kind"):
        assert f"{title}, as a table" in page
    assert 'data-partner="studyhub"' in page and 'data-partner="parents"' in page
    # Parents Together, then StudyHub.
    votes = '<td data-measure="votes_cast">2</td><td data-measure="votes_cast">1</td>'
    assert votes in page


def test_the_printable_page_has_no_inline_script_or_style(client, world):
    sign_in(client, world.mod_parents)

    page = client.get(url("print", world)).content.decode()

    assert "<script" not in page
    assert "<style" not in page and "style=" not in page
    assert "partners/impact-print.css" in page
    assert "Parents Together" in page


def test_the_printable_page_names_its_own_icon(client, world):
    """Without one the browser asks for /favicon.ico, and its 404 is an error
    in the console of every partner who opens the page."""
    sign_in(client, world.mod_parents)

    page = BeautifulSoup(client.get(url("print", world)).content, "html.parser")

    assert page.select_one('head link[rel="icon"]')["href"] == "data:,"


# Downloads ----------------------------------------------------------------------


def test_the_pdf_is_a_pdf_named_after_the_competition_and_partner(client, world):
    sign_in(client, world.mod_parents)

    response = client.get(url("pdf", world))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    name = f"impact-{world.competition.slug}-parents.pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'


def test_making_a_pdf_leaves_pillow_refusing_truncated_images(monkeypatch):
    """WeasyPrint's import relaxes Pillow for the process; the PDF code undoes it."""
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", False)
    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    for name in [m for m in sys.modules if m.startswith("weasyprint.")]:
        monkeypatch.delitem(sys.modules, name)

    impact_views.render_pdf("<p>Impact</p>")

    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_without_the_pdf_library_the_pdf_is_a_plain_503_pointing_to_the_page(
    client, world, monkeypatch
):
    import weasyprint

    def no_pango(*args, **kwargs):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(weasyprint, "HTML", no_pango)
    sign_in(client, world.mod_parents)

    response = client.get(url("pdf", world))

    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/plain")
    assert url("print", world) in response.content.decode()


def test_the_pdf_fetches_only_local_static_files(monkeypatch):
    import urllib.request

    opened = []
    monkeypatch.setattr(
        urllib.request.OpenerDirector,
        "open",
        lambda self, *args, **kwargs: opened.append(args) or None,
    )
    html = (
        '<link rel="stylesheet" href="/static/partners/impact-print.css">'
        '<link rel="stylesheet" href="https://fonts.example.com/font.css">'
        '<img src="https://tracker.example.com/pixel.png" alt="">'
        '<img src="file:///etc/passwd" alt=""><p>Report</p>'
    )

    pdf = impact_views.render_pdf(html)

    assert pdf.startswith(b"%PDF")
    assert opened == []


def test_only_static_files_under_static_url_are_served_to_the_pdf():
    base = impact_views.PDF_BASE_URL
    css = impact_views.local_static_file(f"{base}static/partners/impact-print.css")

    assert css is not None and css.endswith("impact-print.css")
    for refused in (
        "https://example.com/static/partners/impact.css",
        f"{base}media/secret.jpg",
        f"{base}static/../opencall/settings/base.py",
        "file:///etc/passwd",
    ):
        assert impact_views.local_static_file(refused) is None


def test_the_csv_has_every_number_and_escapes_formulas(client, world):
    world.publish_results()
    sign_in(client, world.mod_parents)

    response = client.get(url("csv", world))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    name = f"impact-{world.competition.slug}-parents.csv"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    numbers = {row[0]: row[1] for row in rows if len(row) == 2}
    assert numbers["Entries sent in"] == "3"
    assert numbers["Entries approved"] == "2"
    assert numbers["Valid votes cast by the partner's members"] == "2"
    assert numbers["Winning entries"] == "1"
    titles = [row[0] for row in rows if len(row) == 6]
    assert "'" + FORMULA_TITLE in titles
    assert FORMULA_TITLE not in titles
    assert not any(cell.startswith("=") for row in rows for cell in row)


def test_the_csv_lists_no_entry_that_is_not_public(client, world):
    sign_in(client, world.mod_parents)

    body = client.get(url("csv", world)).content.decode()

    returned = world.entries["pat_returned"].title
    assert returned and returned not in body


def test_while_a_blind_round_is_open_the_csv_names_no_author(client, world):
    from judging.models import JudgingRound

    JudgingRound.objects.filter(competition=world.competition).update(blind=True)
    sign_in(client, world.mod_parents)

    body = client.get(url("csv", world)).content.decode()

    rows = [row for row in csv.reader(io.StringIO(body)) if len(row) == 6]
    listed = rows[1:]  # after the header row
    assert [row[2] for row in listed] == ["Not named while judged blind"] * 2
    assert "pat" not in {cell for row in rows for cell in row}


# Query budgets ------------------------------------------------------------------


def queries_for(client, address) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["report", "print", "csv"])
def test_a_report_costs_the_same_queries_at_5_and_60_entries(client, world, name):
    world.publish_results()
    sign_in(client, editor())
    address = url(name, world, world.studyhub)

    add_entries(world, 5)
    queries_for(client, address)  # warm the session and the menu
    small = queries_for(client, address)
    add_entries(world, 55)
    large = queries_for(client, address)

    assert small == large
    assert client.get(address).content.decode().count("Extra ") == 60


def test_the_overview_costs_the_same_queries_at_5_and_60_entries(client, world):
    world.publish_results()
    sign_in(client, editor())
    address = reverse("partner_impact:competition", args=[world.competition.pk])

    add_entries(world, 5)
    queries_for(client, address)
    small = queries_for(client, address)
    add_entries(world, 55)
    large = queries_for(client, address)

    assert small == large


def test_a_competitions_admin_page_links_editors_to_its_impact_overview(client, world):
    sign_in(client, editor())

    page = client.get(
        reverse("wagtailadmin_pages:edit", args=[world.competition.pk])
    ).content.decode()

    assert reverse("partner_impact:competition", args=[world.competition.pk]) in page


def test_an_editor_opens_the_list_even_before_there_is_any_partner(
    client, competition_index
):
    sign_in(client, editor())

    response = client.get(reverse("partner_impact:index"))

    assert response.status_code == 200
    assert "There are no impact reports for you yet." in response.content.decode()
