"""The results page with its people's choice and integrity report, in a browser:
strict CSP, no serious accessibility violation, nothing wider than a phone."""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Page, expect

from competitions.enums import PrizeKind
from competitions.models import Prize
from judging.models import ResultsPublication
from tests.factories import CompetitionPageFactory, EntryFactory
from tests.voting.conftest import verified_member
from voting.integrity import integrity_check
from voting.services import vote_cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 667}


@pytest.fixture
def results_path(site_tree) -> str:
    """A competition whose vote closed, with a burst set aside and results out."""
    now = timezone.now()
    competition = CompetitionPageFactory(
        parent=site_tree.competitions,
        title="Harbour lights",
        slug="harbour-lights",
        results=True,
        voting_opens_at=now - timedelta(days=35),
        voting_closes_at=now - timedelta(days=25),
    )
    Prize.objects.create(
        page=competition, title="People's choice", kind=PrizeKind.PEOPLES_CHOICE
    )
    liked, stuffed = (
        EntryFactory(competition=competition, title=title, approved=True)
        for title in ("Lamp at dusk", "Quay at night")
    )
    moment = now - timedelta(days=30)
    for index in range(2):
        voter = verified_member()
        voter.date_joined = now - timedelta(days=100 + 10 * index)
        voter.save()
        vote_cast(entry=liked, voter=voter, ip=f"192.0.2.{index}", now=moment)
    for index in range(3):
        voter = verified_member()
        voter.date_joined = now - timedelta(days=200 + 10 * index)
        voter.save()
        when = moment + timedelta(minutes=index)
        vote_cast(entry=stuffed, voter=voter, ip="203.0.113.4", now=when)
    integrity_check(competition=competition, now=now - timedelta(days=24))
    ResultsPublication.objects.create(competition=competition)
    return competition.url + competition.reverse_subpage("results")


def test_the_results_page_shows_the_peoples_choice_accessibly(
    page: Page, live_server, results_path, console_errors
):
    page.goto(results_path, wait_until="networkidle")

    choice = page.get_by_role("region", name="The public vote")
    expect(choice.get_by_role("link", name="Lamp at dusk")).to_be_visible()
    expect(choice).to_contain_text("2 valid votes")
    expect(choice.locator('[data-report="ip_burst"]')).to_have_text("3")
    results = Axe().run(page)
    serious = [
        violation
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    assert serious == [], results.generate_report()
    assert console_errors == []


def test_the_results_page_fits_a_phone(new_context, live_server, results_path):
    phone = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    phone.goto(results_path)

    widths = phone.evaluate(
        "({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert widths["inner"] == PHONE["width"]
    assert widths["scroll"] <= widths["inner"], widths
