"""What a visitor sees in a real browser: pages, links, CSP and accessibility."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils.dateformat import format as format_date
from playwright.sync_api import Page, expect

from competitions.models import CompetitionPage
from tests.factories import (
    CompetitionPageFactory,
    CompetitionPartnershipFactory,
    PartnerCommunityFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OPEN_CALL_URL = "/competitions/river-stories/"
PARTNER_URL = "/partners/river-forum/"
PHONE = {"width": 375, "height": 667}


@pytest.fixture
def open_call(site_tree) -> CompetitionPage:
    """A competition open for entries, run with one partner community."""
    competition = CompetitionPageFactory(
        parent=site_tree.competitions,
        title="River stories",
        slug="river-stories",
        summary="Write about the river that runs through your town.",
    )
    partner = PartnerCommunityFactory(name="River Forum", slug="river-forum")
    CompetitionPartnershipFactory(page=competition, partner=partner)
    return competition


@pytest.fixture
def calls_in_every_phase(open_call, site_tree) -> dict[str, CompetitionPage]:
    """One competition per phase that /competitions/ groups by."""
    index = site_tree.competitions
    return {
        "open": open_call,
        "voting": CompetitionPageFactory(
            parent=index, title="Best of the bay", voting=True
        ),
        "upcoming": CompetitionPageFactory(
            parent=index, title="Winter tales", upcoming=True
        ),
        "judging": CompetitionPageFactory(
            parent=index, title="Lighthouse photos", judging=True
        ),
        "results": CompetitionPageFactory(
            parent=index, title="Harbour films", results=True
        ),
    }


def shown_time(competition: CompetitionPage, moment) -> str:
    """Format a moment as the templates do, in the competition's time zone."""
    return format_date(competition.local(moment), "j F Y, H:i T")


def test_home_page_shows_open_call_and_offers_skip_link_first(
    page: Page, live_server, open_call
):
    """The home page lists the open call; the first Tab reveals the skip link."""
    page.goto("/")

    expect(page).to_have_title("Open calls from communities · OpenCall")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome to OpenCall")
    open_calls = page.get_by_role("region", name="Open calls")
    expect(open_calls.get_by_role("heading", level=2)).to_have_text("Open calls")
    card = open_calls.get_by_role("article")
    expect(card).to_have_count(1)
    expect(card.get_by_role("heading", level=3)).to_have_text("River stories")
    expect(card.get_by_role("link", name="River stories")).to_have_attribute(
        "href", OPEN_CALL_URL
    )
    expect(card).to_contain_text("Open for entries")
    expect(card).to_contain_text(shown_time(open_call, open_call.entries_close_at))

    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).not_to_be_in_viewport()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def test_visitor_follows_card_to_competition_and_on_to_partner(
    page: Page, live_server, open_call
):
    """The card leads to the call's page, which links to its partner community."""
    page.goto("/")
    page.get_by_role("region", name="Open calls").get_by_role(
        "link", name="River stories"
    ).click()

    expect(page).to_have_url(f"{live_server.url}{OPEN_CALL_URL}")
    expect(page.get_by_role("heading", level=1)).to_have_text("River stories")
    expect(page.locator(".competition__header .badge")).to_have_text("Open for entries")
    timeline = page.get_by_role("region", name="Timeline")
    expect(timeline.locator("dt")).to_have_text(["Entries open", "Entries close"])
    expect(timeline.locator("dd > time")).to_have_text(
        [
            shown_time(open_call, open_call.entries_open_at),
            shown_time(open_call, open_call.entries_close_at),
        ]
    )
    expect(timeline).to_contain_text("Times are in Europe/London.")
    what_to_enter = page.get_by_role("region", name="What you can enter")
    expect(what_to_enter.get_by_role("listitem")).to_have_text(["Story"])

    partners = page.get_by_role("region", name="Partner communities")
    partners.get_by_role("link", name="River Forum", exact=True).click()

    expect(page).to_have_url(f"{live_server.url}{PARTNER_URL}")
    expect(page.get_by_role("heading", level=1)).to_have_text("River Forum")
    expect(page.get_by_role("link", name="Visit River Forum")).to_have_attribute(
        "href", "https://river-forum.example.org"
    )


def test_competition_index_groups_calls_by_phase(
    page: Page, live_server, calls_in_every_phase
):
    """/competitions/ shows a titled group per phase, in the listing order."""
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Competitions"
    ).click()

    expect(page).to_have_url(f"{live_server.url}/competitions/")
    expect(page.get_by_role("heading", level=2)).to_have_text(
        [
            "Open for entries",
            "Public voting",
            "Upcoming",
            "Judging",
            "Results published",
        ]
    )
    for label, key in [
        ("Open for entries", "open"),
        ("Public voting", "voting"),
        ("Upcoming", "upcoming"),
        ("Judging", "judging"),
        ("Results published", "results"),
    ]:
        group = page.get_by_role("region", name=label)
        expect(group.get_by_role("heading", level=3)).to_have_text(
            [calls_in_every_phase[key].title]
        )


def test_pages_load_without_console_errors_or_csp_violations(
    page: Page, live_server, calls_in_every_phase, console_errors
):
    """Public pages run under the strict CSP without a single console error."""
    for path in ["/", OPEN_CALL_URL, "/competitions/", PARTNER_URL]:
        # Wait for the network to settle: the favicon is fetched after "load".
        response = page.goto(path, wait_until="networkidle")
        assert response is not None
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert (
            page.evaluate(
                "getComputedStyle(document.querySelector('.skip-link')).position"
            )
            == "absolute"
        ), f"site.css did not apply on {path}"

    assert console_errors == []

    # Control: an inline script without the nonce is refused and reported.
    with page.expect_console_message(lambda message: message.type == "error"):
        page.evaluate(
            "() => { const s = document.createElement('script');"
            " s.textContent = 'window.inlineRan = true'; document.head.append(s); }"
        )
    assert page.evaluate("window.inlineRan") is None
    assert any("Content Security Policy" in error for error in console_errors)


@pytest.mark.parametrize("path", ["/", OPEN_CALL_URL, "/competitions/", PARTNER_URL])
def test_pages_have_no_serious_accessibility_violations(
    page: Page, live_server, calls_in_every_phase, console_errors, path
):
    """axe-core finds nothing serious or critical on the public pages."""
    page.goto(path, wait_until="networkidle")

    results = Axe().run(page)

    assert results.response["testEngine"]["name"] == "axe-core"
    assert results.response["url"] == f"{live_server.url}{path}"
    serious = [
        violation
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    assert serious == [], results.generate_report()
    assert console_errors == [], "Running axe must not trip the CSP."


@pytest.mark.parametrize("path", ["/", OPEN_CALL_URL, "/competitions/"])
def test_phone_sized_screen_has_no_horizontal_scroll(
    new_context, live_server, calls_in_every_phase, path
):
    """On a 375 px wide phone nothing sticks out sideways."""
    phone = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    phone.goto(path)

    widths = phone.evaluate(
        "({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert widths["inner"] == PHONE["width"]
    assert widths["scroll"] <= widths["inner"], widths
    expect(phone.get_by_role("heading", level=1)).to_be_in_viewport()


def test_partner_toolkit_fits_a_phone(new_context, live_server, open_call):
    """The snippets a partner copies fill a phone's width, and their long
    links (a slug with no hyphen to break at) stay on the screen."""
    partner = open_call.partnerships.get().partner
    long_call = CompetitionPageFactory(
        parent=open_call.get_parent(),
        title="Stories of the riverbank",
        slug="storiesoftheriverbankfromeverytownandvillagealongthewater",
    )
    CompetitionPartnershipFactory(page=long_call, partner=partner)
    phone = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    phone.goto(PARTNER_URL)

    widths = phone.evaluate(
        "({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert widths["scroll"] <= widths["inner"], widths
    credit_link = phone.get_by_role("link", name=re.compile(long_call.slug)).first
    box = credit_link.bounding_box()
    assert box["x"] + box["width"] <= widths["inner"], box
    main = phone.locator("main").bounding_box()
    for snippet in phone.locator("textarea[data-toolkit-snippet]").all():
        assert snippet.bounding_box()["width"] >= 0.8 * main["width"]


def test_gallery_filters_are_big_enough_to_use_on_a_phone(
    new_context, live_server, open_call
):
    """The gallery's search box and menus take a finger, and their text is at
    least 16 px, below which phones zoom the page in on every tap."""
    phone = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    phone.goto(f"{OPEN_CALL_URL}gallery/")

    controls = phone.locator(".gallery__filters").locator("input[type=text], select")
    assert controls.count() >= 2
    for control in controls.all():
        size = control.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 16, control.evaluate("e => e.outerHTML")
        assert control.bounding_box()["height"] >= 40
