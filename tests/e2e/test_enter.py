"""A new member enters an image competition in a real browser and sees it on /me/."""

import re
from io import BytesIO
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from PIL import Image
from playwright.sync_api import Page, expect

from competitions.enums import EntryKind, Licence
from submissions.enums import EntryStatus
from submissions.models import Entry
from tests.factories import CompetitionPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-enough-passphrase"
ALT_TEXT = "A row of shops with bunting across the street."


def png_bytes() -> bytes:
    """Return a small PNG, as a phone camera's export might be."""
    output = BytesIO()
    Image.new("RGB", (320, 240), (30, 120, 200)).save(output, "PNG")
    return output.getvalue()


def serious_violations(page: Page) -> tuple[list[dict], str]:
    results = Axe().run(page)
    serious = [
        violation
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    return serious, results.generate_report()


def sign_up_and_verify(page: Page, *, email: str, handle: str) -> None:
    """Join through the sign-up form and confirm with the emailed link."""
    page.goto("/accounts/signup/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Handle").fill(handle)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    (message,) = mail.outbox
    link = re.search(r"https?://\S+", message.body).group(0)
    page.goto(urlsplit(link).path)
    page.get_by_role("button", name="Confirm").click()
    account = page.get_by_role("navigation", name="Your account")
    expect(account.get_by_role("link", name=handle)).to_be_visible()


def test_member_signs_up_enters_an_image_and_sees_it_submitted(
    page: Page, live_server, site_tree, settings, console_errors
):
    """Sign up, verify, enter an image competition from its page, and see it on /me/."""
    settings.RECAPTCHA_ENABLED = False  # The browser here cannot reach Google.
    competition = CompetitionPageFactory(
        parent=site_tree.competitions,
        title="Picture your high street",
        slug="picture-your-high-street",
        entry_kinds=[EntryKind.IMAGE.value],
        licence_options=[Licence.CC_BY.value, Licence.SHOWCASE_ONLY.value],
    )
    sign_up_and_verify(page, email="owl@example.org", handle="night_owl")

    page.goto(competition.url)
    page.get_by_role("link", name="Enter this competition").click()
    expect(page).to_have_url(f"{live_server.url}{competition.url}enter/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter “Picture your high street”"
    )
    serious, report = serious_violations(page)
    assert serious == [], report

    page.get_by_label("Title").fill("Bunting on Bridge Street")
    page.get_by_label("Licence").select_option(Licence.CC_BY.value)
    page.get_by_label("18 or over").check()
    page.get_by_label("I accept the rules").check()
    page.get_by_label(re.compile("Description for people who cannot see")).fill(
        ALT_TEXT
    )
    page.get_by_label("Your image").set_input_files(
        files=[{"name": "IMG_2041.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    page.get_by_role("button", name="Submit entry").click()

    expect(page.get_by_role("status")).to_contain_text("Your entry is submitted.")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bunting on Bridge Street"
    )
    entry = Entry.objects.get()
    assert (entry.status, entry.author.handle) == (EntryStatus.SUBMITTED, "night_owl")
    assert (entry.image_width, entry.image_height) == (320, 240)
    expect(page.get_by_role("img", name=ALT_TEXT)).to_be_visible()
    shown = page.get_by_role("img", name=ALT_TEXT).element_handle()
    # Visible is not loaded: wait for the bytes, then check they decoded.
    page.wait_for_function("img => img.complete", arg=shown)
    assert shown.evaluate("img => img.naturalWidth") > 0
    assert mail.outbox[-1].subject == ("We have your entry to Picture your high street")

    page.get_by_role("navigation", name="Your account").get_by_role(
        "link", name="night_owl"
    ).click()
    expect(page).to_have_url(f"{live_server.url}/me/")
    row = page.get_by_role("row").filter(has_text="Bunting on Bridge Street")
    expect(row).to_contain_text("Picture your high street")
    expect(row.get_by_role("cell").nth(2)).to_have_text("Submitted")
    expect(row).to_contain_text("Waiting for a moderator.")
    serious, report = serious_violations(page)
    assert serious == [], report
    assert console_errors == []


def test_the_competition_page_offers_no_enter_button_once_closed(
    page: Page, live_server, site_tree
):
    """After the close there is nothing to click: the page says entries are closed."""
    competition = CompetitionPageFactory(
        parent=site_tree.competitions, closed=True, title="Old call"
    )

    page.goto(competition.url)

    expect(page.get_by_role("heading", level=1)).to_have_text("Old call")
    expect(page.get_by_role("link", name="Enter this competition")).to_have_count(0)
