"""A visitor joins in a real browser: sign up, verify by email, signed in."""

import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from playwright.sync_api import Page, expect

from members.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The fake Google verify endpoint (autouse) until it moves to tests/conftest.py.

PASSWORD = "a-long-enough-passphrase"
PHONE = {"width": 375, "height": 667}
# Stands in for Google's api.js, which the browser here cannot reach.
FAKE_RECAPTCHA_API = """
window.grecaptcha = {
  ready: function (callback) { callback(); },
  execute: function (siteKey, options) {
    return Promise.resolve("test-token:" + options.action);
  }
};
"""


def fill_signup_form(page: Page, *, email: str, handle: str) -> None:
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Handle").fill(handle)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()


def verification_path() -> str:
    """Return the path of the link in the one verification email sent."""
    assert len(mail.outbox) == 1
    url = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    return urlsplit(url).path


def test_visitor_signs_up_verifies_and_is_signed_in(
    page: Page, live_server, site_tree, settings, console_errors
):
    """Sign up, open the emailed link, confirm, and see one's handle in the header."""
    settings.RECAPTCHA_ENABLED = False  # The browser here cannot reach Google.
    page.goto("/")
    page.get_by_role("navigation", name="Your account").get_by_role(
        "link", name="Join"
    ).click()
    expect(page).to_have_url(f"{live_server.url}/accounts/signup/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Join OpenCall")

    fill_signup_form(page, email="owl@example.org", handle="night_owl")

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    expect(page.get_by_text("Please verify your email address")).to_be_visible()
    account = page.get_by_role("navigation", name="Your account")
    expect(account.get_by_role("link", name="Sign in")).to_be_visible()

    page.goto(verification_path())
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Confirm your email address"
    )
    page.get_by_role("button", name="Confirm").click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(account.get_by_role("link", name="night_owl")).to_have_attribute(
        "href", "/me/"
    )
    expect(account.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("owl@example.org")
    assert User.objects.get(handle="night_owl").emailaddress_set.get().verified
    assert console_errors == []


def test_refused_handle_is_explained_by_the_field_and_input_kept(
    page: Page, live_server, site_tree, settings
):
    """A reserved handle is refused next to the field; the email stays typed."""
    settings.RECAPTCHA_ENABLED = False
    page.goto("/accounts/signup/")

    fill_signup_form(page, email="owl@example.org", handle="admin")

    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    handle = page.get_by_label("Handle")
    expect(handle).to_have_attribute("aria-invalid", "true")
    expect(handle).to_have_accessible_description(
        re.compile("That handle is reserved. Please choose another.")
    )
    expect(page.get_by_label("Email address")).to_have_value("owl@example.org")
    assert mail.outbox == []


def test_captcha_token_is_fetched_and_checked_under_the_captcha_policy(
    page: Page, live_server, site_tree, recaptcha, console_errors
):
    """With reCAPTCHA on, Google's script loads under the CSP and sends a token."""
    page.route(
        "https://www.google.com/recaptcha/api.js*",
        lambda route: route.fulfill(
            status=200, content_type="text/javascript", body=FAKE_RECAPTCHA_API
        ),
    )

    response = page.goto("/accounts/signup/", wait_until="networkidle")
    assert (
        "https://www.google.com/recaptcha/"
        in (response.headers["content-security-policy"])
    )
    fill_signup_form(page, email="owl@example.org", handle="night_owl")

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert recaptcha.tokens == ["test-token:signup"]
    assert User.objects.filter(handle="night_owl").exists()
    assert console_errors == []


def test_low_captcha_score_is_explained_and_nobody_is_created(
    page: Page, live_server, site_tree, recaptcha
):
    """A visitor reCAPTCHA doubts is told so, keeps their input, and can retry."""
    page.route(
        "https://www.google.com/recaptcha/api.js*",
        lambda route: route.fulfill(
            status=200, content_type="text/javascript", body=FAKE_RECAPTCHA_API
        ),
    )
    recaptcha.score = 0.1
    page.goto("/accounts/signup/")

    fill_signup_form(page, email="owl@example.org", handle="night_owl")

    expect(page.get_by_role("alert")).to_contain_text(
        "We couldn't confirm that you're human."
    )
    expect(page.get_by_label("Handle")).to_have_value("night_owl")
    assert not User.objects.exists()


def test_unreachable_recaptcha_lets_the_server_explain(
    page: Page, live_server, site_tree, recaptcha
):
    """If Google's script cannot load, the form still goes and says what went wrong."""
    page.route("https://www.google.com/recaptcha/**", lambda route: route.abort())
    page.goto("/accounts/signup/")

    fill_signup_form(page, email="owl@example.org", handle="night_owl")

    expect(page.get_by_role("alert")).to_contain_text(
        "please make sure JavaScript is switched on", ignore_case=True
    )
    assert recaptcha.tokens == []
    assert not User.objects.exists()


@pytest.mark.parametrize("path", ["/accounts/signup/", "/accounts/login/"])
def test_account_pages_have_no_serious_accessibility_violations(
    page: Page, live_server, site_tree, settings, path
):
    """axe-core finds nothing serious on the sign-up and sign-in pages."""
    settings.RECAPTCHA_ENABLED = False
    page.goto(path)
    page.get_by_role("button", name=re.compile("Create account|Sign in")).click()
    expect(page.get_by_role("alert")).to_be_visible()

    results = Axe().run(page)

    serious = [
        violation
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    assert serious == [], results.generate_report()


def test_signup_form_fits_a_phone(new_context, live_server, site_tree, settings):
    """On a 375 px wide phone the form needs no sideways scrolling."""
    settings.RECAPTCHA_ENABLED = False
    phone = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    phone.goto("/accounts/signup/")

    widths = phone.evaluate(
        "({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    assert widths["scroll"] <= widths["inner"], widths
    box = phone.get_by_label("Email address").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
