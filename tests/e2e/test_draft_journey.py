"""A member's refused submits in a real browser: one draft, every gap named, and a
draft they no longer want deleted."""

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import Page, expect

from competitions.enums import EntryKind, Licence
from submissions.models import Entry
from tests.factories import CompetitionPageFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-enough-passphrase"


@pytest.fixture
def member(transactional_db):
    user = UserFactory(email="wren@example.org", handle="wren", password=PASSWORD)
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    return user


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
    page.get_by_label("Email").fill("wren@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


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
