"""Reports: members flag a published entry once; enough of them hide it until a
moderator decides, and that decision settles them."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from moderation import public_views
from moderation.enums import RejectionReason, ReportReason
from moderation.models import EntryReport
from moderation.reports import report_entry
from moderation.selectors import entry_reports
from moderation.services import decision_approve, decision_reject
from submissions.enums import EntryAction, EntryStatus
from submissions.models import Entry
from tests.factories import EntryFactory, UserFactory
from tests.support.moderation import build_world
from tests.support.staff import sign_in

QUEUE = "/admin/moderation/"


@pytest.fixture
def world(competition_index):
    return build_world(competition_index)


@pytest.fixture
def published(world):
    """An approved, public image entry in competition A by the world's author."""
    return EntryFactory(
        competition=world.competition_a,
        author=world.author,
        kind="image",
        title="Market day",
        approved=True,
    )


def report_url(entry) -> str:
    return reverse(
        "moderation_public:entry_report", kwargs={"public_id": entry.public_id}
    )


def stored(entry) -> Entry:
    return Entry.objects.get(pk=entry.pk)


def report(client, entry, reason=ReportReason.SPAM, note="Selling phones."):
    return client.post(report_url(entry), {"reason": reason, "note": note})


def reports_by(members, entry) -> None:
    for member in members:
        report_entry(entry=entry, reporter=member, reason=ReportReason.HARMFUL)


def queue_titles(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select("table.listing td.title a")]


# Reporting ----------------------------------------------------------------------


def test_a_member_reports_a_published_entry_once(client, published):
    """The report is recorded with its reason and note; the member goes back."""
    member = UserFactory(handle="kind_reader")
    sign_in(client, member)

    response = report(client, published)

    assert response.status_code == 302
    assert response["Location"] == published.get_absolute_url()
    (row,) = EntryReport.objects.filter(entry=published)
    assert (row.reporter, row.reason, row.note, row.resolved_by) == (
        member,
        ReportReason.SPAM,
        "Selling phones.",
        None,
    )
    page = client.get(published.get_absolute_url()).content.decode()
    assert "You reported this entry" in page


def test_the_report_form_is_shown_on_get_and_on_the_entry_page(client, published):
    sign_in(client, UserFactory())

    form_page = client.get(report_url(published))
    entry_page = client.get(published.get_absolute_url())

    assert form_page.status_code == 200
    for response in (form_page, entry_page):
        soup = BeautifulSoup(response.content, "html.parser")
        (form,) = soup.select("form.report-form")
        assert form["action"] == report_url(published)
        assert form.select('select[name="reason"] option[value="spam"]')


def test_reporting_twice_is_refused_and_keeps_one_row(client, published):
    sign_in(client, UserFactory())
    report(client, published)

    again = report(client, published, reason=ReportReason.HARMFUL)

    assert again.status_code == 400
    assert "You reported this entry" in again.content.decode()
    assert EntryReport.objects.filter(entry=published).count() == 1
    with pytest.raises(ValidationError, match="already reported"):
        report_entry(
            entry=published,
            reporter=EntryReport.objects.get().reporter,
            reason=ReportReason.SPAM,
        )


def test_the_author_cannot_report_their_own_entry(client, world, published):
    sign_in(client, world.author)

    response = report(client, published)

    assert response.status_code == 403
    assert "You cannot report your own entry." in response.content.decode()
    assert not EntryReport.objects.exists()
    page = client.get(published.get_absolute_url()).content.decode()
    assert "Report this entry" not in page


def test_an_anonymous_visitor_is_sent_to_sign_in(client, published):
    for response in (client.get(report_url(published)), report(client, published)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert not EntryReport.objects.exists()
    page = client.get(published.get_absolute_url()).content.decode()
    assert "Report this entry" not in page


@pytest.mark.parametrize("state", ["submitted", "rejected", "draft", "withdrawn"])
def test_an_entry_that_is_not_public_is_a_404(client, world, state):
    entry = EntryFactory(competition=world.competition_a, **{state: True})
    sign_in(client, UserFactory())

    assert client.get(report_url(entry)).status_code == 404
    assert report(client, entry).status_code == 404
    assert not EntryReport.objects.exists()


def test_a_bad_reason_is_a_400_that_keeps_the_note(client, published):
    sign_in(client, UserFactory())

    response = report(client, published, reason="because", note="Keep me.")

    assert response.status_code == 400
    assert "Keep me." in response.content.decode()
    assert not EntryReport.objects.exists()


def test_reports_are_rate_limited_per_member(client, world, monkeypatch):
    """Past the hourly limit a member's reports are refused with a 429."""
    monkeypatch.setattr(public_views, "REPORTS_PER_HOUR", 2)
    entries = EntryFactory.create_batch(
        4, competition=world.competition_a, approved=True
    )
    member = UserFactory()
    sign_in(client, member)

    codes = [report(client, entry).status_code for entry in entries[:3]]

    assert codes == [302, 302, 429]
    assert EntryReport.objects.filter(reporter=member).count() == 2
    sign_in(client, UserFactory())  # another member is not held back
    assert report(client, entries[3]).status_code == 302


# Hiding after N distinct reports ---------------------------------------------------


@pytest.mark.parametrize("limit", [2, 3])
def test_an_entry_is_hidden_after_n_distinct_reports_and_not_before(
    world, published, limit
):
    world.competition_a.hide_after_reports = limit
    world.competition_a.save_revision().publish()
    members = UserFactory.create_batch(limit)

    reports_by(members[:-1], published)
    assert stored(published).hidden_at is None
    assert Entry.objects.public().filter(pk=published.pk).exists()

    reports_by(members[-1:], published)
    assert stored(published).hidden_at is not None
    assert not Entry.objects.public().filter(pk=published.pk).exists()
    assert published.events.filter(action=EntryAction.HIDDEN).count() == 1


def test_a_hidden_entry_is_gone_for_the_public_but_not_for_its_author(
    client, world, published
):
    reporters = UserFactory.create_batch(3, handle=None)
    for number, member in enumerate(reporters):
        member.handle = f"reporter_{number}"
        member.save()
    assert client.get(published.image_url).status_code == 200
    reports_by(reporters, published)

    assert client.get(published.get_absolute_url()).status_code == 404
    assert client.get(published.image_url).status_code == 404
    assert not Entry.objects.with_public_media().filter(pk=published.pk).exists()
    sign_in(client, UserFactory())
    assert client.get(published.get_absolute_url()).status_code == 404
    sign_in(client, world.author)
    page = client.get(published.get_absolute_url())
    assert page.status_code == 200
    content = page.content.decode()
    for member in reporters:
        assert member.handle not in content


def test_the_last_report_sends_the_reporter_to_the_competition(
    client, world, published
):
    """Once their report hid the entry, its page is a 404 for them too."""
    reports_by(UserFactory.create_batch(2), published)
    sign_in(client, UserFactory())

    response = report(client, published)

    assert response["Location"] == world.competition_a.url


# The moderators' side -------------------------------------------------------------


def test_a_reported_approved_entry_waits_in_the_queue(client, world, published):
    EntryFactory(competition=world.competition_a, title="Quiet one", approved=True)
    reports_by(UserFactory.create_batch(1), published)
    sign_in(client, world.moderator_a)

    titles = queue_titles(client.get(QUEUE))
    reported = queue_titles(client.get(QUEUE, {"reported": "true"}))
    unreported = queue_titles(client.get(QUEUE, {"reported": "false"}))

    assert "Market day" in titles and "Quiet one" not in titles
    assert reported == ["Market day"]
    assert "Market day" not in unreported and world.entry_a.title in unreported
    assert "Reported" in client.get(QUEUE).content.decode()


def row_cells(response, title) -> list[str]:
    """Return the text of each cell in the queue's row for ``title``."""
    soup = BeautifulSoup(response.content, "html.parser")
    for row in soup.select("table.listing tbody tr"):
        if row.select_one("td.title a").get_text(strip=True) == title:
            return [cell.get_text(" ", strip=True) for cell in row.select("td")]
    raise AssertionError(f"no row for {title}")


def test_a_reported_entry_has_waited_since_its_first_open_report(
    client, world, published
):
    """Not since it was submitted weeks ago: the report is what waits."""
    now = timezone.now()
    Entry.objects.filter(pk=published.pk).update(
        submitted_at=now - timedelta(days=30), decided_at=now - timedelta(days=29)
    )
    first, later = UserFactory.create_batch(2)
    reports_by([first, later], published)
    EntryReport.objects.filter(reporter=first).update(
        created_at=now - timedelta(hours=3, minutes=10)
    )
    EntryReport.objects.filter(reporter=later).update(
        created_at=now - timedelta(hours=1)
    )
    Entry.objects.filter(pk=world.entry_a.pk).update(
        submitted_at=now - timedelta(hours=5, minutes=5)
    )
    sign_in(client, world.moderator_a)

    response = client.get(QUEUE)

    assert "3 h" in row_cells(response, "Market day")
    assert "720 h" not in row_cells(response, "Market day")
    assert "5 h" in row_cells(response, world.entry_a.title)
    # The filter reads the same wait.
    assert set(queue_titles(client.get(QUEUE, {"waiting_hours": "2"}))) == {
        world.entry_a.title,
        "Market day",
    }
    assert queue_titles(client.get(QUEUE, {"waiting_hours": "4"})) == [
        world.entry_a.title
    ]


def test_approval_unhides_the_entry_and_settles_its_reports(client, world, published):
    reports_by(UserFactory.create_batch(3), published)
    sign_in(client, world.moderator_a)
    assert "Market day" in queue_titles(client.get(QUEUE))

    decision = decision_approve(entry=stored(published), actor=world.moderator_a)

    entry = stored(published)
    assert entry.hidden_at is None
    assert Entry.objects.public().filter(pk=entry.pk).exists()
    assert set(EntryReport.objects.values_list("resolved_by", flat=True)) == {
        decision.pk
    }
    assert "Market day" not in queue_titles(client.get(QUEUE))


def test_rejection_takes_a_reported_entry_down_and_settles_its_reports(
    world, published
):
    reports_by(UserFactory.create_batch(1), published)

    decision = decision_reject(
        entry=stored(published),
        actor=world.moderator_a,
        reason=RejectionReason.HARMFUL,
        message="It could upset people.",
    )

    assert stored(published).status == EntryStatus.REJECTED
    assert not Entry.objects.public().filter(pk=published.pk).exists()
    assert EntryReport.objects.get().resolved_by == decision


def test_settled_reports_no_longer_count_towards_hiding(world, published):
    """After a decision the count starts again from the new reports."""
    reports_by(UserFactory.create_batch(2), published)
    decision_approve(entry=stored(published), actor=world.moderator_a)

    reports_by(UserFactory.create_batch(2), published)

    assert stored(published).hidden_at is None


def test_the_review_include_lists_reports_for_moderators(world, published):
    member = UserFactory(handle="kind_reader")
    report_entry(
        entry=published,
        reporter=member,
        reason=ReportReason.COPYRIGHT,
        note="It is my photo.",
    )

    html = render_to_string(
        "moderation/includes/review_reports.html",
        {"entry": published, "reports": entry_reports(entry=published)},
    )

    assert "It copies someone else&#x27;s work" in html
    assert "It is my photo." in html
    assert "kind_reader" in html
