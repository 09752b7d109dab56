"""axe-core over every public page of a small world, in one browser page.

The world has a competition open for voting with an approved image, story and
idea, one whose results are out with a winner, one open for entries, a partner,
and the privacy notice and terms of entry. One page visits every public address
(with filters, a filter error and a 404 among them) so the run stays quick, and
the test fails on any serious or critical finding, any console error (a CSP
violation is one), a broken image, or any request that leaves the live server
(Google's api.js, which the sign-up page asks for, is answered by a stub).
"""

from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from competitions.models import CompetitionCategory, CompetitionPage
from home.models import InformationPage, SiteSettings
from submissions.models import Entry
from tests.factories import (
    CompetitionPageFactory,
    CompetitionPartnershipFactory,
    EntryFactory,
    PartnerCommunityFactory,
)
from tests.showcase.builders import award, image_entry
from tests.support.recaptcha import GOOGLE_API_URL, stub_google_in_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SERIOUS = {"serious", "critical"}


@dataclass
class World:
    voting: CompetitionPage
    results: CompetitionPage
    image: Entry
    story: Entry
    idea: Entry
    winner: Entry
    partner_slug: str


def information_pages(home) -> None:
    """Publish the privacy notice and terms of entry and choose them in settings."""
    privacy = InformationPage(
        title="Privacy notice", slug="privacy", body="<p>What we keep, and why.</p>"
    )
    terms = InformationPage(
        title="Terms of entry", slug="terms", body="<p>The rules of every call.</p>"
    )
    for page in (privacy, terms):
        home.add_child(instance=page)
    site_settings = SiteSettings.load()
    site_settings.privacy_notice, site_settings.terms_of_entry = privacy, terms
    site_settings.save()


@pytest.fixture
def world(site_tree) -> World:
    partner = PartnerCommunityFactory(name="Harbour Forum", slug="harbour-forum")
    voting = CompetitionPageFactory(
        parent=site_tree.competitions,
        title="Picture the harbour",
        slug="picture-the-harbour",
        entry_kinds=["image", "story", "idea"],
        voting=True,
    )
    CompetitionCategory.objects.create(page=voting, name="Under 18")
    CompetitionPartnershipFactory(page=voting, partner=partner)
    results = CompetitionPageFactory(
        parent=site_tree.competitions,
        title="Kindness of strangers",
        slug="kindness-of-strangers",
        results=True,
    )
    CompetitionPartnershipFactory(page=results, partner=partner)
    open_call = CompetitionPageFactory(
        parent=site_tree.competitions, title="River stories", slug="river-stories"
    )
    EntryFactory(competition=open_call, approved=True, title="Upstream")
    winner = EntryFactory(competition=results, approved=True, title="The lost glove")
    award(winner, title="Best story")
    information_pages(site_tree.home)
    return World(
        voting=voting,
        results=results,
        image=image_entry(voting, title="Harbour at dawn", referral_partner=partner),
        story=EntryFactory(
            competition=voting, kind="story", approved=True, title="Tide tables"
        ),
        idea=EntryFactory(
            competition=voting, kind="idea", approved=True, title="A ferry at night"
        ),
        winner=winner,
        partner_slug=partner.slug,
    )


def public_pages(world: World) -> dict[str, int]:
    """Return every public address of the world with the status it answers."""
    voting, results = world.voting.url, world.results.url
    return {
        "/": 200,
        "/competitions/": 200,
        "/competitions/river-stories/": 200,  # open: days left, entries strip
        voting: 200,
        results: 200,
        f"{voting}gallery/": 200,
        f"{voting}gallery/?kind=image": 200,
        f"{results}results/": 200,
        "/showcase/": 200,
        "/showcase/?kind=image": 200,
        f"/showcase/?competition={world.voting.slug}&kind=story&sort=random": 200,
        "/showcase/?winners=on": 200,
        "/showcase/?q=harbour": 200,
        "/showcase/?kind=nothing-nobody-sells": 400,  # the filter error state
        "/showcase/?kind=film": 200,  # no entries match
        world.image.get_absolute_url(): 200,
        world.story.get_absolute_url(): 200,
        world.idea.get_absolute_url(): 200,
        world.winner.get_absolute_url(): 200,
        f"/partners/{world.partner_slug}/": 200,
        "/accounts/login/": 200,
        "/accounts/signup/": 200,
        "/privacy/": 200,
        "/terms/": 200,
        "/no-such-page/": 404,
    }


def broken_images(page: Page) -> list[str]:
    """Return the images that finished loading without a picture."""
    return page.evaluate(
        "[...document.images].filter(i => i.complete && !i.naturalWidth)"
        ".map(i => i.src)"
    )


def serious_violations(page: Page) -> tuple[list[dict], str]:
    results = Axe().run(page)
    assert results.response["testEngine"]["name"] == "axe-core"
    found = [v for v in results.response["violations"] if v["impact"] in SERIOUS]
    return found, results.generate_report() if found else ""


def test_every_public_page_passes_axe_without_console_errors(
    page: Page, live_server, world, console_errors
):
    """No public page has a serious or critical axe finding or a console error."""
    stub_google_in_browser(page)
    elsewhere: list[str] = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((live_server.url, GOOGLE_API_URL))
            else elsewhere.append(request.url)
        ),
    )
    expected_failures: set[str] = set()
    reports: dict[str, str] = {}

    for path, status in public_pages(world).items():
        response = page.goto(path, wait_until="networkidle")
        assert response is not None
        assert response.status == status, path
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        assert broken_images(page) == [], path
        if status == 400:
            expect(page.get_by_role("alert")).to_contain_text("not understood")
        if status != 200:
            expected_failures.add(f"{live_server.url}{path}")
        found, report = serious_violations(page)
        if found:
            reports[path] = report

    assert reports == {}, "\n\n".join(f"{p}\n{r}" for p, r in reports.items())
    unexpected = [
        error
        for error in console_errors
        if not any(
            "Failed to load resource" in error and f"'url': '{url}'" in error
            for url in expected_failures
        )
    ]
    assert unexpected == []
    assert elsewhere == [], "The browser left the live server."
