"""The public vote in a real browser: browse, filter, open, sign in, vote, withdraw.

The live server runs in the test's process, so the autouse ``recaptcha`` fake
(django-recaptcha's call to Google) answers its checks too; the browser's own
request for Google's api.js is fulfilled with a stub, so the browser never
reaches Google. Before the test reads the database after a browser action it
waits for the result to show on the page: the request has finished by then.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect

from competitions.models import CompetitionPage
from submissions.models import Entry
from tests.factories import CompetitionPageFactory, EntryFactory, UserFactory
from tests.showcase.builders import image_entry
from tests.support.recaptcha import stub_google_in_browser
from voting.models import EntryVoteCount, ShowCounts, Vote, VotingRules

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "gull@example.org"
PASSWORD = "a-long-enough-passphrase"


@pytest.fixture
def member(transactional_db):
    """A member with a confirmed email address, as voting needs."""
    user = UserFactory(email=EMAIL, handle="gull_watcher", password=PASSWORD)
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    return user


def voting_competition(site_tree, *, title: str, slug: str, show_counts: str):
    competition = CompetitionPageFactory(
        parent=site_tree.competitions,
        title=title,
        slug=slug,
        entry_kinds=["image", "story"],
        voting=True,
    )
    VotingRules.objects.create(
        competition=competition, votes_per_member=3, show_counts=show_counts
    )
    return competition


@pytest.fixture
def harbour(site_tree) -> CompetitionPage:
    """Voting is open and counts show while it runs: two images and a story."""
    competition = voting_competition(
        site_tree,
        title="Picture the harbour",
        slug="picture-the-harbour",
        show_counts=ShowCounts.DURING,
    )
    image_entry(competition, title="Harbour at dawn")
    image_entry(competition, title="Gulls on the quay")
    EntryFactory(competition=competition, kind="story", approved=True, title="Tides")
    return competition


@pytest.fixture
def quiet_streets(site_tree) -> Entry:
    """Voting is open and counts are never shown: one image to vote for."""
    competition = voting_competition(
        site_tree,
        title="Quiet streets",
        slug="quiet-streets",
        show_counts=ShowCounts.NEVER,
    )
    return image_entry(competition, title="An empty square")


@pytest.fixture
def no_google(page: Page) -> Page:
    """The page, with Google's api.js answered by a stub."""
    stub_google_in_browser(page)
    return page


def vote_section(page: Page) -> Locator:
    return page.get_by_role("region", name="Public vote")


def serious_axe_findings(page: Page) -> str:
    """Return axe-core's report of serious or critical findings, or ""."""
    results = Axe().run(page)
    serious = [
        violation
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    return results.generate_report() if serious else ""


def sign_in_from(page: Page, link_name: str) -> None:
    """Follow ``link_name`` to the sign-in page and sign in there."""
    page.get_by_role("link", name=link_name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    back = page.url  # the sign-in page's address, until the sign-in sends us back
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(back)
    page.wait_for_load_state("load")  # the vote button's scripts are deferred


def test_a_visitor_filters_to_images_signs_in_votes_and_withdraws(
    no_google: Page, live_server, harbour, member, recaptcha, console_errors
):
    """The journey of issue 10, with counts shown while voting runs."""
    page = no_google
    page.goto(harbour.url)
    page.get_by_role("link", name="See all entries in the gallery").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gallery")
    cards = page.locator(".entry-card .card__title")
    expect(cards).to_have_count(3)

    page.get_by_label("Kind").select_option(label="Image")
    page.get_by_role("button", name="Show entries").click()

    # The filter state is in the address: the form sends every field, kind=image.
    expect(page).to_have_url(
        re.compile(re.escape(f"{harbour.url}gallery/?") + r".*\bkind=image\b")
    )
    expect(cards).to_have_count(2)
    expect(page.get_by_text("Tides")).to_have_count(0)
    page.get_by_role("link", name="Harbour at dawn").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Harbour at dawn")
    expect(page.get_by_role("img", name="A red square.")).to_be_visible()
    section = vote_section(page)
    expect(section.locator("[data-vote-count]")).to_have_text("0 votes")
    expect(section.get_by_role("status")).to_have_text(
        "Sign in to vote for this entry."
    )
    entry_url = page.url

    sign_in_from(page, "Sign in to vote")

    expect(page).to_have_url(entry_url)
    expect(section.get_by_role("status")).to_have_text(
        "You have 3 votes left in this competition."
    )
    assert serious_axe_findings(page) == ""  # the vote form and captcha notice
    page.evaluate("window.sameDocument = true")
    section.get_by_role("button", name="Vote for this entry").click()

    expect(section.get_by_role("status")).to_have_text("Thank you: your vote is in.")
    expect(section.locator("[data-vote-count]")).to_have_text("1 vote")
    expect(section.get_by_role("button", name="Withdraw my vote")).to_be_visible()
    assert page.evaluate("window.sameDocument") is True  # updated in place
    assert serious_axe_findings(page) == ""
    entry = Entry.objects.get(title="Harbour at dawn")
    assert Vote.objects.filter(entry=entry, voter=member).count() == 1
    assert EntryVoteCount.objects.get(entry=entry).valid_votes == 1
    assert recaptcha.tokens == ["test-token:vote"]

    page.reload()
    expect(section.get_by_role("status")).to_have_text("You voted for this entry.")
    expect(section.locator("[data-vote-count]")).to_have_text("1 vote")

    # From the keyboard: focus stays on the section's button as it is redrawn.
    section.get_by_role("button", name="Withdraw my vote").focus()
    page.keyboard.press("Enter")

    expect(section.get_by_role("status")).to_have_text("Your vote is withdrawn.")
    expect(section.locator("[data-vote-count]")).to_have_text("0 votes")
    expect(section.get_by_role("button", name="Vote for this entry")).to_be_focused()
    assert not Vote.objects.filter(entry=entry).exists()
    assert EntryVoteCount.objects.get(entry=entry).valid_votes == 0
    assert console_errors == []


def test_where_counts_are_hidden_the_vote_shows_no_number(
    no_google: Page, live_server, quiet_streets, member, console_errors
):
    """Where the rules never show counts, neither the page nor the update does."""
    page = no_google
    page.goto(quiet_streets.get_absolute_url())
    section = vote_section(page)
    expect(section.get_by_role("status")).to_have_text(
        "Sign in to vote for this entry."
    )
    expect(section.locator("[data-vote-count]")).to_have_count(0)
    sign_in_from(page, "Sign in to vote")

    section.get_by_role("button", name="Vote for this entry").click()

    expect(section.get_by_role("status")).to_have_text("Thank you: your vote is in.")
    expect(section.get_by_role("button", name="Withdraw my vote")).to_be_visible()
    expect(section.locator("[data-vote-count]")).to_have_count(0)
    assert Vote.objects.filter(entry=quiet_streets, voter=member).exists()
    page.reload()
    expect(section.get_by_role("status")).to_have_text("You voted for this entry.")
    expect(section.locator("[data-vote-count]")).to_have_count(0)
    expect(section).not_to_contain_text("1 vote")
    assert console_errors == []


def test_without_javascript_the_vote_posts_and_comes_back(
    new_context, live_server, harbour, member, settings
):
    """With no script (and so no reCAPTCHA token) the form posts as a page."""
    settings.RECAPTCHA_ENABLED = False  # a site without keys; no token is needed
    page = new_context(java_script_enabled=False).new_page()
    page.goto(harbour.url)
    page.get_by_role("link", name="Harbour at dawn").click()
    sign_in_from(page, "Sign in to vote")
    section = vote_section(page)

    section.get_by_role("button", name="Vote for this entry").click()

    expect(page.get_by_text("Thank you: your vote is in.")).to_be_visible()
    expect(section.get_by_role("status")).to_have_text("You voted for this entry.")
    expect(section.locator("[data-vote-count]")).to_have_text("1 vote")
    entry = Entry.objects.get(title="Harbour at dawn")
    assert Vote.objects.filter(entry=entry, voter=member).count() == 1

    section.get_by_role("button", name="Withdraw my vote").click()

    expect(page.get_by_text("Your vote is withdrawn.")).to_be_visible()
    expect(section.locator("[data-vote-count]")).to_have_text("0 votes")
    assert not Vote.objects.filter(entry=entry).exists()


def test_without_javascript_the_vote_goes_in_and_waits_for_a_check(
    new_context, live_server, harbour, member, recaptcha
):
    """With reCAPTCHA on, a browser without script votes; the vote counts once checked.

    The form's <noscript> carries ``unchecked``, so the browser needs no token;
    the vote is kept aside and the page says why, and the voter can take it back.
    """
    page = new_context(java_script_enabled=False).new_page()
    page.goto(harbour.url)
    page.get_by_role("link", name="Harbour at dawn").click()
    sign_in_from(page, "Sign in to vote")
    section = vote_section(page)
    # Playwright's text of a locator leaves out <noscript>; what is drawn keeps it.
    expect(section).to_contain_text(
        "can't take our automatic human check", use_inner_text=True
    )

    section.get_by_role("button", name="Vote for this entry").click()

    expect(
        page.get_by_text("it will count once our team has checked it")
    ).to_be_visible()
    expect(section.get_by_role("status")).to_have_text(
        "You voted for this entry. Your vote is being checked by our team."
    )
    expect(section.locator("[data-vote-count]")).to_have_text("0 votes")
    assert recaptcha.tokens == []
    (vote,) = Vote.objects.all()
    assert vote.voter == member and vote.excluded_rule == "no_human_check"

    section.get_by_role("button", name="Withdraw my vote").click()

    expect(page.get_by_text("Your vote is withdrawn.")).to_be_visible()
    assert not Vote.objects.exists()


def test_a_vote_pressed_before_the_scripts_ran_goes_in_from_the_refusal(
    no_google: Page, live_server, quiet_streets, member, recaptcha
):
    """A slow phone: the first press posts with no token; the page offers it again."""
    page = no_google
    page.goto(quiet_streets.get_absolute_url())
    sign_in_from(page, "Sign in to vote")
    held_back: set[str] = set()

    def hold_back_once(route):
        """Fail the first request for each script, as if it had not come yet."""
        name = route.request.url.rsplit("/", 1)[-1]
        if name in held_back:
            route.continue_()
        else:
            held_back.add(name)
            route.abort()

    page.route(re.compile(r"/js/(captcha|vote)\b[^/]*\.js$"), hold_back_once)
    page.reload()  # this time the vote button's scripts never arrive
    vote_section(page).get_by_role("button", name="Vote for this entry").click()

    expect(page.get_by_role("alert")).to_contain_text(
        "couldn't check that you're human"
    )
    assert len(held_back) == 2 and not Vote.objects.exists()
    page.wait_for_load_state("load")
    vote_section(page).get_by_role("button", name="Vote for this entry").click()

    expect(vote_section(page).get_by_role("status")).to_have_text(
        "Thank you: your vote is in."
    )
    assert Vote.objects.filter(entry=quiet_streets, voter=member).count() == 1
    assert recaptcha.tokens == ["test-token:vote"]
