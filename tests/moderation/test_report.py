"""The moderation report: its numbers on a known data set, its pages and exports."""

import csv
import io
from dataclasses import dataclass
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from moderation.enums import DecisionKind
from moderation.models import Appeal, ModerationDecision
from moderation.report import Grouping, report_decisions, report_rows
from submissions.enums import EntryAction, EntryStatus
from submissions.models import EntryEvent
from tests.factories import (
    CompetitionPageFactory,
    EntryFactory,
    PartnerCommunityFactory,
    UserFactory,
)
from tests.support.moderation import admin_moderator, editor
from tests.support.staff import sign_in

NOW = timezone.now().replace(microsecond=0)
EVIL_TITLE = '=HYPERLINK("https://evil.example.org","Click me")'


def hours_ago(hours: float):
    return NOW - timedelta(hours=hours)


@dataclass
class ReportWorld:
    alpha: object
    beta: object
    studyhub: object
    parents: object
    mod_sh: object
    mod_sh2: object
    mod_pt: object
    editor: object


def entry(competition, *, submitted: float):
    return EntryFactory(
        competition=competition, submitted=True, submitted_at=hours_ago(submitted)
    )


def decide(entry, actor, community, to_status, *, at: float, kind=None):
    return ModerationDecision.objects.create(
        entry=entry,
        actor=actor,
        community=community,
        from_status=EntryStatus.SUBMITTED,
        to_status=to_status,
        kind=kind or DecisionKind.DECISION,
        created_at=hours_ago(at),
    )


def submission_event(entry, *, at: float) -> None:
    event = EntryEvent.objects.create(
        entry=entry,
        actor=entry.author,
        action=EntryAction.SUBMITTED,
        from_status=EntryStatus.DRAFT,
        to_status=EntryStatus.SUBMITTED,
    )
    EntryEvent.objects.filter(pk=event.pk).update(created_at=hours_ago(at))


def appeal(rejection, outcome) -> Appeal:
    return Appeal.objects.create(
        entry=rejection.entry,
        rejection=rejection,
        statement="Please look again.",
        outcome=outcome,
    )


@pytest.fixture
def world(competition_index) -> ReportWorld:
    """The known data set; the expected numbers are worked out in each test."""
    alpha = CompetitionPageFactory(parent=competition_index, title="Alpha")
    beta = CompetitionPageFactory(parent=competition_index, title="Beta")
    studyhub = PartnerCommunityFactory(name="StudyHub")
    parents = PartnerCommunityFactory(name="Parents Together")
    mod_sh, mod_sh2, mod_pt = (
        admin_moderator(handle=handle) for handle in ("mod_sh", "mod_sh2", "mod_pt")
    )
    boss = editor()
    approved, rejected = EntryStatus.APPROVED, EntryStatus.REJECTED

    # Alpha: waits of 2, 4, 1, 3 and 20 hours; one rejection upheld on appeal.
    e1 = entry(alpha, submitted=10)
    decide(e1, mod_sh, studyhub, approved, at=8)
    e2 = entry(alpha, submitted=10)
    rejection = decide(e2, mod_sh, studyhub, rejected, at=6)
    upheld = decide(
        e2, mod_pt, parents, approved, at=1, kind=DecisionKind.APPEAL_UPHELD
    )
    appeal(rejection, upheld)
    # Sent back, then submitted again: each decision counts from its submission.
    e3 = entry(alpha, submitted=5)
    submission_event(e3, at=10)
    submission_event(e3, at=5)
    decide(e3, mod_pt, parents, EntryStatus.CHANGES_REQUESTED, at=9)
    decide(e3, mod_pt, parents, approved, at=2)
    e7 = entry(alpha, submitted=30)
    decide(e7, mod_sh2, studyhub, approved, at=10)

    # Beta: an editor's decision (10 h), an escalation (not a first-line
    # decision), and a rejection (6 h) whose appeal was dismissed.
    e4 = entry(beta, submitted=20)
    decide(e4, boss, None, approved, at=10)
    e5 = entry(beta, submitted=20)
    decide(
        e5, mod_sh, studyhub, EntryStatus.SUBMITTED, at=19, kind=DecisionKind.ESCALATION
    )
    e6 = entry(beta, submitted=20)
    rejection = decide(e6, mod_sh, studyhub, rejected, at=14)
    dismissed = decide(
        e6, mod_pt, parents, rejected, at=3, kind=DecisionKind.APPEAL_DISMISSED
    )
    appeal(rejection, dismissed)
    return ReportWorld(alpha, beta, studyhub, parents, mod_sh, mod_sh2, mod_pt, boss)


def numbers(rows) -> dict[str, tuple]:
    return {
        row.name: (
            row.decisions,
            row.approved,
            row.rejected,
            row.changes_requested,
            row.escalated,
            row.median_hours,
            row.appeals_upheld,
        )
        for row in rows
    }


# The numbers ----------------------------------------------------------------------


def test_the_report_by_competition(world):
    rows = report_rows(report_decisions(), by=Grouping.COMPETITIONS)

    assert [row.name for row in rows] == ["Alpha", "Beta"]
    # (decisions, approved, rejected, changes, escalated, median h, appeals upheld)
    assert numbers(rows) == {
        # median of 1, 2, 3, 4, 20; the upheld appeal's approval counts as one
        "Alpha": (6, 4, 1, 1, 0, 3.0, 1),
        # median of 6 and 10: the escalation is not a decision on the entry
        "Beta": (4, 1, 2, 0, 1, 8.0, 0),
    }


def test_the_report_by_moderator_leaves_out_editors(world):
    rows = report_rows(report_decisions(), by=Grouping.MODERATORS)

    assert [(row.name, row.community) for row in rows] == [
        ("mod_pt", "Parents Together"),
        ("mod_sh", "StudyHub"),
        ("mod_sh2", "StudyHub"),
    ]
    assert numbers(rows) == {
        "mod_pt": (4, 2, 1, 1, 0, 2.0, 0),  # median of 1 and 3
        "mod_sh": (4, 1, 2, 0, 1, 4.0, 1),  # median of 2, 4, 6; e2 was upheld
        "mod_sh2": (1, 1, 0, 0, 0, 20.0, 0),
    }


def test_the_report_by_partner_community(world):
    rows = report_rows(report_decisions(), by=Grouping.COMMUNITIES)

    assert numbers(rows) == {
        "Parents Together": (4, 2, 1, 1, 0, 2.0, 0),
        "StudyHub": (5, 2, 2, 0, 1, 5.0, 1),  # median of 2, 4, 6, 20
    }


def test_one_partners_report_counts_only_its_moderators(world):
    decisions = report_decisions(community=world.studyhub)

    by_moderator = report_rows(decisions, by=Grouping.MODERATORS)
    by_competition = report_rows(decisions, by=Grouping.COMPETITIONS)

    assert list(numbers(by_moderator)) == ["mod_sh", "mod_sh2"]
    assert numbers(by_competition) == {
        "Alpha": (3, 2, 1, 0, 0, 4.0, 1),  # median of 2, 4, 20
        "Beta": (2, 0, 1, 0, 1, 6.0, 0),
    }


def test_an_appeal_still_waiting_is_not_upheld(world):
    e8 = entry(world.alpha, submitted=4)
    rejection = decide(e8, world.mod_sh, world.studyhub, EntryStatus.REJECTED, at=2)
    appeal(rejection, None)

    rows = report_rows(report_decisions(), by=Grouping.MODERATORS)

    assert numbers(rows)["mod_sh"][-1] == 1


def test_no_decisions_make_an_empty_report(db):
    for by in Grouping:
        assert report_rows(report_decisions(), by=by) == []


# The pages ------------------------------------------------------------------------


def report_url(by: str = "competitions") -> str:
    return reverse("moderation:report", kwargs={"by": by})


def partner_url(community, by: str = "moderators") -> str:
    return reverse(
        "moderation:partner_report", kwargs={"community_id": community.pk, "by": by}
    )


def table(response) -> list[list[str]]:
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in soup.select("table.listing tbody tr")
    ]


def test_an_editor_reads_the_report_by_competition(client, world):
    sign_in(client, world.editor)

    rows = table(client.get(report_url()))

    assert rows == [
        ["Alpha", "6", "4", "1", "1", "0", "3.0", "1"],
        ["Beta", "4", "1", "2", "0", "1", "8.0", "0"],
    ]


def test_the_report_by_moderator_shows_their_community(client, world):
    sign_in(client, world.editor)

    rows = table(client.get(report_url("moderators")))

    assert rows[1][:2] == ["mod_sh", "StudyHub"]


def test_the_report_filters_by_competition_and_date(client, world):
    sign_in(client, world.editor)
    old = entry(world.beta, submitted=24 * 40)
    decide(old, world.mod_sh, world.studyhub, EntryStatus.APPROVED, at=24 * 30)
    since = (NOW - timedelta(days=7)).date().isoformat()

    by_competition = table(client.get(report_url(), {"competition": world.alpha.pk}))
    recent = table(client.get(report_url(), {"created_at_from": since}))
    everything = table(client.get(report_url()))

    assert [row[0] for row in by_competition] == ["Alpha"]
    assert recent[1][1] == "4"
    assert everything[1][1] == "5"


def test_the_other_tables_keep_the_filters(client, world):
    sign_in(client, world.editor)

    response = client.get(report_url(), {"competition": world.alpha.pk, "p": "1"})

    soup = BeautifulSoup(response.content, "html.parser")
    links = {link["href"] for link in soup.select("header a")}
    assert f"{report_url('moderators')}?competition={world.alpha.pk}" in links


def test_an_unknown_grouping_is_a_404(client, world):
    sign_in(client, world.editor)

    assert client.get(report_url("judges")).status_code == 404
    assert client.get(partner_url(world.studyhub, "communities")).status_code == 404


def test_an_unknown_partner_is_a_404(client, world):
    sign_in(client, world.editor)

    response = client.get(
        reverse(
            "moderation:partner_report",
            kwargs={"community_id": 999_999, "by": "moderators"},
        )
    )

    assert response.status_code == 404


def test_a_partners_report_lists_only_its_moderators(client, world):
    sign_in(client, world.editor)

    response = client.get(partner_url(world.studyhub))

    assert [row[0] for row in table(response)] == ["mod_sh", "mod_sh2"]
    assert "Moderation by StudyHub" in response.content.decode()
    assert "mod_pt" not in response.content.decode()


def test_the_partner_listing_links_to_each_partners_report(client, world):
    sign_in(client, UserFactory(editor=True))

    response = client.get(reverse("wagtailsnippets_communities_partnercommunity:list"))

    assert partner_url(world.studyhub) in response.content.decode()


def test_the_reports_menu_links_to_the_report_for_editors_only(client, world):
    sign_in(client, world.editor)
    assert report_url() in client.get(reverse("wagtailadmin_home")).content.decode()

    client.logout()
    sign_in(client, world.mod_sh)
    assert report_url() not in client.get(reverse("wagtailadmin_home")).content.decode()


def report_queries(client, world, count: int) -> int:
    for number in range(count):
        competition = CompetitionPageFactory(
            parent=world.alpha.get_parent(), title=f"Extra {number}"
        )
        moderator = admin_moderator(handle=f"extra_{count}_{number}")
        community = PartnerCommunityFactory()
        rejection = decide(
            entry(competition, submitted=5),
            moderator,
            community,
            EntryStatus.REJECTED,
            at=1,
        )
        appeal(rejection, None)
    for by in Grouping:
        client.get(report_url(by.value))  # warm the caches
    counts = []
    for by in Grouping:
        with CaptureQueriesContext(connection) as queries:
            rows = table(client.get(report_url(by.value)))
        assert len(rows) >= count
        counts.append(len(queries))
    return counts


def test_the_report_costs_the_same_queries_for_3_or_30_groups(client, world):
    sign_in(client, world.editor)

    small = report_queries(client, world, 3)
    large = report_queries(client, world, 27)

    assert small == large


# The exports ----------------------------------------------------------------------


@pytest.fixture
def evil(world):
    """A competition whose title is a spreadsheet formula."""
    competition = CompetitionPageFactory(
        parent=world.alpha.get_parent(), title=EVIL_TITLE
    )
    decide(
        entry(competition, submitted=3),
        world.mod_sh,
        world.studyhub,
        EntryStatus.APPROVED,
        at=1,
    )
    return competition


def test_the_csv_export_escapes_formulas(client, world, evil):
    sign_in(client, world.editor)

    response = client.get(report_url(), {"export": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "moderation-report-competitions.csv" in response["Content-Disposition"]
    content = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][:2] == ["Competition", "Decisions"]
    assert ["Alpha", "6", "4", "1", "1", "0", "3.0", "1"] in rows
    names = [row[0] for row in rows]
    assert "'" + EVIL_TITLE in names
    assert EVIL_TITLE not in names


def test_the_xlsx_export_escapes_formulas_and_keeps_numbers(client, world, evil):
    sign_in(client, world.editor)

    response = client.get(report_url(), {"export": "xlsx"})

    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "Competition"
    assert ["Alpha", 6, 4, 1, 1, 0, 3.0, 1] in rows
    cells = {cell.value: cell for cell in sheet["A"]}
    assert "'" + EVIL_TITLE in cells
    assert cells["'" + EVIL_TITLE].data_type == "s"
    assert EVIL_TITLE not in cells


def test_a_partners_export_is_named_after_it(client, world):
    sign_in(client, world.editor)

    response = client.get(partner_url(world.studyhub), {"export": "csv"})

    content = b"".join(response.streaming_content).decode()
    assert (
        f"moderation-report-{world.studyhub.slug}-moderators.csv"
        in (response["Content-Disposition"])
    )
    assert [row[0] for row in csv.reader(io.StringIO(content))][1:] == [
        "mod_sh",
        "mod_sh2",
    ]
