"""The admin's home page shows editors and moderators their own work."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from moderation.enums import ReportReason
from moderation.models import EntryClaim, EntryReport
from tests.factories import CompetitionPageFactory, EntryFactory, UserFactory
from tests.support.moderation import build_world
from tests.support.staff import sign_in

HOME = "/admin/"


@pytest.fixture
def world(competition_index):
    return build_world(competition_index)


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def summary(soup: BeautifulSoup) -> str:
    return " ".join(soup.select_one(".w-summary").get_text(" ").split())


def panel(soup: BeautifulSoup, panel_id: str):
    return soup.find(id=panel_id) or soup.find(id=f"{panel_id}-section")


def panel_text(soup: BeautifulSoup, panel_id: str) -> str:
    found = panel(soup, panel_id)
    assert found is not None, panel_id
    return " ".join(found.get_text(" ").split())


def review(entry) -> str:
    return reverse("moderation:review", kwargs={"public_id": entry.public_id})


def waiting(competition, title: str, *, hours: float):
    return EntryFactory(
        competition=competition,
        title=title,
        submitted=True,
        submitted_at=timezone.now() - timedelta(hours=hours),
    )


def claim(entry, moderator, *, minutes: float) -> EntryClaim:
    return EntryClaim.objects.create(
        entry=entry,
        moderator=moderator,
        expires_at=timezone.now() + timedelta(minutes=minutes),
    )


# A moderator ----------------------------------------------------------------------


def test_a_moderator_sees_their_work_and_nothing_about_pages(client, world):
    sign_in(client, world.moderator_a)

    soup = soup_of(client.get(HOME))

    text = summary(soup)
    assert "1 entry waiting" in text
    assert "0 entries you are reviewing" in text
    for stock in ("Page", "Image", "Document"):
        assert stock not in text
    page = " ".join(soup.get_text(" ").split())
    for stock in ("Your locked pages", "Your pages and snippets", "recently edited"):
        assert stock not in page


def test_a_reported_entry_waits_on_the_dashboard_as_in_the_queue(client, world):
    """An approved entry that members reported counts as waiting, like the queue."""
    reported = EntryFactory(competition=world.competition_a, approved=True)
    EntryReport.objects.create(
        entry=reported, reporter=UserFactory(), reason=ReportReason.SPAM
    )
    EntryFactory(competition=world.competition_a, approved=True)  # nobody reported
    sign_in(client, world.moderator_a)

    text = summary(soup_of(client.get(HOME)))

    assert "2 entries waiting" in text


def test_a_moderators_queue_lists_the_longest_waiting_of_their_own(client, world):
    entries = [
        waiting(world.competition_a, f"Waited {hours} h", hours=hours)
        for hours in (3, 50, 20, 8, 12, 30)
    ]
    sign_in(client, world.moderator_a)

    soup = soup_of(client.get(HOME))

    text = panel_text(soup, "moderation-my-queue")
    assert "7 entries are waiting for a decision." in text
    queue = panel(soup, "moderation-my-queue")
    shown = [link.get_text() for link in queue.select("tbody a")]
    assert shown == [
        "Waited 50 h",
        "Waited 30 h",
        "Waited 20 h",
        "Waited 12 h",
        "Waited 8 h",
    ]
    assert queue.find("a", string="Open the queue")["href"] == reverse(
        "moderation:queue"
    )
    links = {link["href"] for link in queue.select("tbody a")}
    assert review(entries[1]) in links
    assert world.entry_b.title not in soup.get_text()  # B's entry is not theirs


def test_a_moderators_claims_are_listed_until_they_lapse(client, world):
    mine = waiting(world.competition_a, "Being read", hours=2)
    lapsed = waiting(world.competition_a, "Left an hour ago", hours=2)
    claim(mine, world.moderator_a, minutes=10)
    claim(lapsed, world.moderator_a, minutes=-60)
    claim(world.entry_a, world.moderator_b, minutes=10)  # not in B's scope
    sign_in(client, world.moderator_a)

    soup = soup_of(client.get(HOME))

    text = panel_text(soup, "moderation-my-claims")
    assert "Being read" in text
    assert "Left an hour ago" not in text
    assert "1 entry you are reviewing" in summary(soup)
    assert panel(soup, "moderation-my-claims").find("a", href=review(mine))


def test_a_moderator_has_no_editor_panels(client, world):
    sign_in(client, world.moderator_a)

    soup = soup_of(client.get(HOME))

    assert panel(soup, "moderation-waiting") is None
    assert panel(soup, "moderation-phases") is None
    assert "competitions open" not in summary(soup)


# An editor ------------------------------------------------------------------------


def test_an_editor_sees_entries_waiting_per_competition(client, world):
    waiting(world.competition_b, "Old one", hours=49)
    waiting(world.competition_b, "New one", hours=1)
    sign_in(client, world.editor)

    soup = soup_of(client.get(HOME))

    rows = [
        [cell.get_text(" ", strip=True) for cell in row("td")]
        for row in panel(soup, "moderation-waiting").select("tbody tr")
    ]
    assert [row[:2] for row in rows] == [
        ["Mountains at night", "3"],  # the longest wait first
        ["Picture your high street", "1"],
    ]
    assert rows[0][2].startswith("2\xa0days")
    queue = reverse("moderation:queue")
    link = panel(soup, "moderation-waiting").find("a", string="Mountains at night")
    assert (
        link["href"] == f"{queue}?{urlencode({'competition': world.competition_b.pk})}"
    )
    assert "4 entries waiting" in summary(soup)
    for stock in ("Page", "Image", "Document"):
        assert stock not in summary(soup)


def test_an_editor_sees_competitions_by_phase_with_the_next_date(client, world):
    parent = world.competition_a.get_parent()
    upcoming = CompetitionPageFactory(parent=parent, title="Films", upcoming=True)
    CompetitionPageFactory(parent=parent, title="High street votes", voting=True)
    CompetitionPageFactory(parent=parent, title="Long gone", closed=True)
    sign_in(client, world.editor)

    soup = soup_of(client.get(HOME))

    text = panel_text(soup, "moderation-phases")
    local = upcoming.local(upcoming.entries_open_at)
    assert f"Films Entries open: {local:%-d %B %Y, %H:%M}" in text
    assert "High street votes Voting closes:" in text
    assert "Long gone Nothing more planned" in text
    order = [text.index(label) for label in ("Open for entries", "Public voting")]
    assert order == sorted(order)
    assert text.index("Upcoming") < text.index("Closed")
    assert "2 competitions open for entries" in summary(soup)
    edit = reverse("wagtailadmin_pages:edit", args=[upcoming.pk])
    assert panel(soup, "moderation-phases").find("a", href=edit)


def test_an_editor_with_nothing_waiting_is_told_so(client, world):
    for entry in (world.entry_a, world.entry_b):
        entry.status = "approved"
        entry.save()
    sign_in(client, world.editor)

    text = panel_text(soup_of(client.get(HOME)), "moderation-waiting")

    assert "No entries are waiting." in text


# Query budgets --------------------------------------------------------------------


def home_queries(client) -> int:
    client.get(HOME)  # warm the session, content types and permissions
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    return len(queries)


def grow(world, count: int) -> None:
    """Add ``count`` waiting entries, claims and competitions."""
    parent = world.competition_a.get_parent()
    for number in range(count):
        entry = waiting(world.competition_a, f"More {count}-{number}", hours=number)
        claim(entry, world.moderator_a, minutes=5)
        CompetitionPageFactory(parent=parent, title=f"Extra {count}-{number}")
        waiting(world.competition_b, f"B {count}-{number}", hours=number)


@pytest.mark.parametrize("who", ["moderator_a", "editor"])
def test_the_dashboard_costs_the_same_queries_for_3_or_30_rows(client, world, who):
    sign_in(client, getattr(world, who))

    grow(world, 3)
    small = home_queries(client)
    grow(world, 27)
    large = home_queries(client)

    assert small == large
