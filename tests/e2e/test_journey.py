"""The entrant's journey in a real browser: messages at once, the guardian's box,
refused submits that keep one draft and name every gap, and deleting a draft."""

import re

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import Page, expect

from competitions.enums import EntryKind, Licence
from submissions.models import Entry
from tests.factories import CompetitionPageFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-enough-passphrase"
GUARDIAN = "a parent or guardian agrees"


@pytest.fixture
def member(transactional_db):
    """A member with a confirmed email address."""
    user = UserFactory(email="owl@example.org", handle="night_owl", password=PASSWORD)
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    return user


@pytest.fixture
def images(site_tree, settings):
    """An open competition for images, with rules to link to."""
    settings.RECAPTCHA_ENABLED = False  # The browser here cannot reach Google.
    return CompetitionPageFactory(
        parent=site_tree.competitions,
        title="Picture your high street",
        slug="picture-your-high-street",
        entry_kinds=[EntryKind.IMAGE.value],
        licence_options=[Licence.CC_BY.value],
        rules="<p>Your own photographs only.</p>",
    )


@pytest.fixture
def stories(site_tree, settings):
    settings.RECAPTCHA_ENABLED = False  # The browser here cannot reach Google.
    return CompetitionPageFactory(
        parent=site_tree.competitions,
        title="Your first year",
        slug="first-year",
        entry_kinds=[EntryKind.STORY.value],
        licence_options=[Licence.CC_BY.value],
    )


def sign_in(page: Page) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("owl@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_signed_in_shows_on_the_first_page_after_signing_in(
    page: Page, live_server, site_tree, member, console_errors
):
    """The home page says "Signed in" at once, and the next page no longer does."""
    sign_in(page)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("status")).to_have_text(
        "Successfully signed in as night_owl."
    )
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Competitions"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_have_count(0)
    assert console_errors == []


def test_the_guardian_box_appears_only_for_13_to_17(
    page: Page, live_server, images, member, console_errors
):
    """With JavaScript the agreement is asked for when 13 to 17 is chosen."""
    sign_in(page)
    page.goto(f"{images.url}enter/")
    guardian = page.get_by_label(GUARDIAN)

    expect(guardian).to_be_hidden()
    page.get_by_label("13 to 17").check()
    expect(guardian).to_be_visible()
    guardian.check()
    page.get_by_label("18 or over").check()
    expect(guardian).to_be_hidden()
    page.get_by_label("13 to 17").check()
    expect(guardian).to_be_checked()
    assert console_errors == []


def test_without_javascript_the_guardian_box_is_always_there(
    new_context, live_server, images, member
):
    """The script only hides the box; without it the member can still tick it."""
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page)
    page.goto(f"{images.url}enter/")

    expect(page.get_by_label(GUARDIAN)).to_be_visible()
    page.get_by_label("18 or over").check()
    expect(page.get_by_label(GUARDIAN)).to_be_visible()


def test_the_rules_open_beside_the_form(page: Page, live_server, images, member):
    """The link by "I accept the rules" opens the rules in a new tab."""
    sign_in(page)
    page.goto(f"{images.url}enter/")
    page.get_by_label("Title").fill("Bunting on Bridge Street")

    with page.context.expect_page() as opened:
        page.get_by_role("link", name=re.compile("Read the rules")).click()
    rules = opened.value

    expect(rules).to_have_url(f"{live_server.url}{images.url}#rules")
    expect(rules.get_by_role("heading", name="Rules")).to_be_in_viewport()
    expect(page.get_by_label("Title")).to_have_value("Bunting on Bridge Street")


def test_an_empty_submit_names_every_gap_and_retries_make_one_draft(
    page: Page, live_server, stories, member, console_errors
):
    """Submit on an empty form lists every missing field; after a title, the same
    form tried again and again (and reloaded) keeps working on one draft."""
    sign_in(page)
    page.goto(f"{stories.url}enter/")

    page.get_by_role("button", name="Submit entry").click()
    summary = page.locator(".error-summary")
    for label in ("Title", "Story", "Licence", "Age"):
        expect(summary).to_contain_text(label)
    assert not Entry.objects.exists()

    page.get_by_label("Title").fill("The first morning")
    for _ in range(3):
        page.get_by_role("button", name="Submit entry").click()
        expect(page.locator(".error-summary")).to_be_visible()
    page.reload()  # the browser asks to send the form again; Playwright does so
    expect(page.locator(".error-summary")).to_be_visible()

    (draft,) = Entry.objects.all()
    assert draft.title == "The first morning"
    assert draft.status == "draft"
    # A refused form is answered 400 on purpose; the browser logs each one.
    assert [error for error in console_errors if "status of 400" not in error] == []


def test_a_member_deletes_a_draft_they_no_longer_want(
    page: Page, live_server, stories, member, console_errors
):
    """From the draft's page: Delete draft, confirm, and it is gone from /me/."""
    sign_in(page)
    page.goto(f"{stories.url}enter/")
    page.get_by_label("Title").fill("Not this one")
    page.get_by_role("button", name="Save and preview").click()

    page.get_by_role("link", name="Delete draft").click()
    page.get_by_role("button", name="Yes, delete my draft").click()

    expect(page.get_by_role("status")).to_contain_text("Your draft is deleted.")
    expect(page.get_by_text("Not this one")).to_have_count(0)
    assert not Entry.objects.exists()
    assert console_errors == []
