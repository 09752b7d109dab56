"""Sign-up, email verification, sign-in and password reset through /accounts/."""

import io
import re
from urllib.error import URLError
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from django.core import mail

from core.captcha import CAPTCHA_FIELD_NAME, CHECK_FAILED, NO_TOKEN, NOT_HUMAN
from members.account_forms import SignupForm
from members.models import User
from members.services import member_email_mark_verified
from tests.factories import UserFactory

SIGNUP_URL = "/accounts/signup/"
LOGIN_URL = "/accounts/login/"
VERIFY_SENT_URL = "/accounts/confirm-email/"
PASSWORD = "a-long-enough-passphrase"
GOOGLE_SCRIPTS = "https://www.google.com/recaptcha/"


def signup_data(recaptcha, **overrides) -> dict[str, str]:
    """Return a complete sign-up form, with a passing captcha token."""
    data = {
        "email": "owl@example.org",
        "handle": "night_owl",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **recaptcha.data("signup"),
    }
    data.update(overrides)
    return data


def link_in(message) -> str:
    """Return the path of the first link to this site in an email."""
    url = re.search(r"https?://\S+", message.body).group(0)
    return urlsplit(url).path


def csp(response) -> dict[str, list[str]]:
    """Parse the Content-Security-Policy header into {directive: [sources]}."""
    policy = {}
    for directive in response.headers["Content-Security-Policy"].split(";"):
        name, *sources = directive.split()
        policy[name] = sources
    return policy


def page_text(response) -> str:
    """Return the visible text of a page, whitespace collapsed."""
    text = BeautifulSoup(response.content, "html.parser").get_text(" ")
    return " ".join(text.split())


def signed_in_user_id(client) -> int | None:
    user_id = client.session.get("_auth_user_id")
    return int(user_id) if user_id else None


def test_signup_page_asks_for_email_handle_and_password_twice(client, db):
    """The form has labelled fields for email, handle, both passwords and the token."""
    response = client.get(SIGNUP_URL)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    for name in ("email", "handle", "password1", "password2"):
        field = soup.find("input", attrs={"name": name})
        assert field is not None, name
        assert soup.find("label", attrs={"for": field["id"]}), name
    token = soup.find("input", attrs={"name": CAPTCHA_FIELD_NAME})
    assert token["type"] == "hidden"
    assert token["data-captcha-action"] == "signup"


def test_signup_creates_a_member_with_an_unverified_email_and_sends_one_email(
    client, db, recaptcha
):
    """Signing up saves the handle, leaves the email unverified and mails a link."""
    response = client.post(SIGNUP_URL, signup_data(recaptcha))

    assert response.status_code == 302
    assert response["Location"] == VERIFY_SENT_URL
    user = User.objects.get(email="owl@example.org")
    assert user.handle == "night_owl"
    assert user.check_password(PASSWORD)
    assert not user.is_staff
    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified) == ("owl@example.org", False)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["owl@example.org"]
    assert link_in(mail.outbox[0]).startswith("/accounts/confirm-email/")
    assert recaptcha.tokens == ["test-token:signup"]
    assert signed_in_user_id(client) is None
    assert "Please verify your email address" in page_text(client.get(VERIFY_SENT_URL))


def test_following_the_link_verifies_the_email_and_signs_in(client, db, recaptcha):
    """Confirming from the emailed link verifies the address and signs the member in."""
    client.post(SIGNUP_URL, signup_data(recaptcha))
    link = link_in(mail.outbox[0])

    page = client.get(link)
    assert page.status_code == 200
    assert "night_owl" in page_text(page)
    response = client.post(link)

    assert response.status_code == 302
    assert response["Location"] == "/"
    user = User.objects.get(email="owl@example.org")
    assert EmailAddress.objects.get(user=user).verified
    assert signed_in_user_id(client) == user.pk


def test_sign_in_before_verifying_is_refused_with_the_verify_message(
    client, db, recaptcha
):
    """A member who has not verified is sent to "verify your email", not signed in."""
    client.post(SIGNUP_URL, signup_data(recaptcha))
    client.logout()

    response = client.post(
        LOGIN_URL, {"login": "owl@example.org", "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == VERIFY_SENT_URL
    assert "Please verify your email address" in page_text(response)
    assert signed_in_user_id(client) is None


def test_verified_member_signs_in_by_email_and_sees_their_handle(client, home_page):
    """After verifying, a member signs in with any case of their email."""
    user = UserFactory(email="ana@example.org", handle="ana_writes", password=PASSWORD)
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )

    response = client.post(
        LOGIN_URL, {"login": "ANA@example.org", "password": PASSWORD}, follow=True
    )

    assert signed_in_user_id(client) == user.pk
    header = BeautifulSoup(response.content, "html.parser").find("header")
    assert header.find("a", href="/me/").get_text(strip=True) == "ana_writes"
    assert "ana@example.org" not in response.content.decode()


def test_wrong_password_is_refused_and_keeps_the_email(client, db):
    """A wrong password gets a message; the email typed stays in the form."""
    user = UserFactory(email="ana@example.org", password=PASSWORD)
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )

    response = client.post(
        LOGIN_URL, {"login": "ana@example.org", "password": "not-the-password"}
    )

    assert response.status_code == 200
    assert "not correct" in page_text(response)
    assert 'value="ana@example.org"' in response.content.decode()
    assert signed_in_user_id(client) is None


@pytest.mark.parametrize(
    ("handle", "message"),
    [
        pytest.param("Taken_Handle", "That handle is already taken.", id="taken"),
        pytest.param("ab", "A handle has between 3 and 30 characters.", id="short"),
        pytest.param("a" * 31, "A handle has between 3 and 30 characters.", id="long"),
        pytest.param(
            "night owl",
            "Use only letters, digits, underscores (_) and hyphens (-).",
            id="characters",
        ),
        pytest.param(
            "Admin", "That handle is reserved. Please choose another.", id="reserved"
        ),
        pytest.param(
            "owl@example.org", "A handle must not be an email address.", id="email"
        ),
    ],
)
def test_refused_handle_gets_a_message_and_keeps_what_was_typed(
    client, db, recaptcha, handle, message
):
    """Each bad handle is refused in plain English; the email typed is kept."""
    UserFactory(handle="taken_handle")

    response = client.post(SIGNUP_URL, signup_data(recaptcha, handle=handle))

    assert response.status_code == 200
    assert message in page_text(response)
    assert 'value="owl@example.org"' in response.content.decode()
    assert not User.objects.filter(email="owl@example.org").exists()
    assert mail.outbox == []


def test_handle_error_is_linked_to_its_field(client, db, recaptcha):
    """The handle's error sits by the field and is named by aria-describedby."""
    response = client.post(SIGNUP_URL, signup_data(recaptcha, handle="ab"))

    soup = BeautifulSoup(response.content, "html.parser")
    field = soup.find("input", attrs={"name": "handle"})
    assert field["aria-invalid"] == "true"
    described_by = field["aria-describedby"].split()
    error = soup.find(id=f"{field['id']}_error")
    assert error["id"] in described_by
    assert "between 3 and 30 characters" in error.get_text()
    summary = soup.find(class_="error-summary")
    assert summary["role"] == "alert"
    assert summary.find("a", href=f"#{field['id']}")
    assert response.context["form"].data["handle"] == "ab"
    assert field["value"] == "ab"


def test_handle_taken_by_a_simultaneous_signup_is_a_form_error(
    client, db, recaptcha, monkeypatch
):
    """If the database refuses the handle after the form passed, the form says so."""
    UserFactory(handle="night_owl")
    monkeypatch.setattr(SignupForm, "clean_handle", lambda form: "Night_Owl")

    response = client.post(SIGNUP_URL, signup_data(recaptcha))

    assert response.status_code == 200
    assert "That handle is already taken." in page_text(response)
    assert not User.objects.filter(email="owl@example.org").exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("google_says", "message"),
    [
        pytest.param({"score": 0.1}, NOT_HUMAN, id="low-score"),
        pytest.param({"valid": False}, NOT_HUMAN, id="invalid-token"),
        pytest.param(
            {"error": URLError("Name or service not known")}, CHECK_FAILED, id="url"
        ),
        # socket.timeout is TimeoutError since Python 3.10.
        pytest.param({"error": TimeoutError("timed out")}, CHECK_FAILED, id="timeout"),
    ],
)
def test_failed_captcha_is_a_friendly_error_and_creates_nobody(
    client, db, recaptcha, google_says, message
):
    """A low score, a bad token or an unreachable Google refuses sign-up politely."""
    for name, value in google_says.items():
        setattr(recaptcha, name, value)

    response = client.post(SIGNUP_URL, signup_data(recaptcha))

    assert response.status_code == 200
    assert str(message) in page_text(response)
    assert 'value="owl@example.org"' in response.content.decode()
    assert recaptcha.tokens == ["test-token:signup"]
    assert not User.objects.filter(email="owl@example.org").exists()
    assert mail.outbox == []


def test_token_made_for_another_action_is_refused(client, db, recaptcha):
    """A token reCAPTCHA issued for voting does not sign anyone up."""
    data = signup_data(recaptcha, **{CAPTCHA_FIELD_NAME: recaptcha.token("vote")})

    response = client.post(SIGNUP_URL, data)

    assert response.status_code == 200
    assert str(NOT_HUMAN) in page_text(response)
    assert not User.objects.filter(email="owl@example.org").exists()


def test_signup_without_a_token_asks_for_javascript(client, db, recaptcha):
    """With no token (reCAPTCHA never ran) the form explains; Google is not asked."""
    data = signup_data(recaptcha)
    del data[CAPTCHA_FIELD_NAME]

    response = client.post(SIGNUP_URL, data)

    assert response.status_code == 200
    assert str(NO_TOKEN) in page_text(response)
    assert recaptcha.tokens == []
    assert not User.objects.filter(email="owl@example.org").exists()


def test_signup_works_without_captcha_when_it_is_switched_off(
    client, db, settings, recaptcha
):
    """Without keys (development) the form has no captcha and needs no token."""
    settings.RECAPTCHA_ENABLED = False
    data = signup_data(recaptcha)
    del data[CAPTCHA_FIELD_NAME]

    page = client.get(SIGNUP_URL)
    response = client.post(SIGNUP_URL, data)

    assert CAPTCHA_FIELD_NAME not in page.context["form"].fields
    assert b"recaptcha" not in page.content.lower()
    assert response.status_code == 302
    assert User.objects.filter(email="owl@example.org").exists()
    assert recaptcha.tokens == []


def test_signup_page_allows_googles_recaptcha_and_keeps_the_rest_strict(client, db):
    """Only pages with the captcha let Google's script and frame in."""
    policy = csp(client.get(SIGNUP_URL))

    assert GOOGLE_SCRIPTS in policy["script-src"]
    assert "https://www.gstatic.com/recaptcha/" in policy["script-src"]
    assert GOOGLE_SCRIPTS in policy["frame-src"]
    assert "https://recaptcha.google.com/recaptcha/" in policy["frame-src"]
    assert "'self'" in policy["script-src"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]


@pytest.mark.parametrize("path", [LOGIN_URL, "/accounts/password/reset/", "/"])
def test_pages_without_the_captcha_keep_the_strict_policy(client, home_page, path):
    """Sign-in, password reset and the home page allow no Google origin."""
    response = client.get(path)

    assert response.status_code == 200
    policy = csp(response)
    assert not [s for s in policy["script-src"] if "google" in s or "gstatic" in s]
    assert not [s for s in policy["frame-src"] if "google" in s]


def test_signup_page_is_strict_when_the_captcha_is_off(client, db, settings):
    """With the captcha off the sign-up page needs no Google origin either."""
    settings.RECAPTCHA_ENABLED = False

    policy = csp(client.get(SIGNUP_URL))

    assert GOOGLE_SCRIPTS not in policy["script-src"]


def test_signup_page_has_no_inline_script(client, db):
    """The captcha widget loads script files only, so the strict CSP holds."""
    soup = BeautifulSoup(client.get(SIGNUP_URL).content, "html.parser")
    scripts = soup.find_all("script")

    assert scripts
    assert all(script.get("src") for script in scripts)
    assert [script["src"] for script in scripts] == ["/static/js/captcha.js"]


def test_password_reset_sends_a_link_that_sets_a_new_password(client, db):
    """A member who forgot their password gets a link and can choose a new one."""
    user = UserFactory(email="ana@example.org", password=PASSWORD)
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )

    response = client.post("/accounts/password/reset/", {"email": "ana@example.org"})

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ana@example.org"]
    assert mail.outbox[0].subject == "OpenCall: Reset your password"
    form_page = client.get(link_in(mail.outbox[0]), follow=True)
    new_password = "another-long-passphrase"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"password1": new_password, "password2": new_password},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_logout_needs_a_post(client, db):
    """Opening /accounts/logout/ asks first; only the form's POST signs out."""
    user = UserFactory()
    client.force_login(user)

    page = client.get("/accounts/logout/")
    assert page.status_code == 200
    assert signed_in_user_id(client) == user.pk

    client.post("/accounts/logout/")
    assert signed_in_user_id(client) is None


def test_header_offers_sign_in_and_join_to_visitors(client, home_page):
    """Visitors see links to sign in and to join in the header."""
    header = BeautifulSoup(client.get("/").content, "html.parser").find("header")
    account = header.find("nav", attrs={"aria-label": "Your account"})

    assert account.find("a", string="Sign in")["href"] == LOGIN_URL
    assert account.find("a", string="Join")["href"] == SIGNUP_URL


def test_header_shows_a_signed_in_member_their_handle_never_their_email(
    client, home_page
):
    """A signed-in member sees their handle linking to /me/ and a sign-out button."""
    client.force_login(UserFactory(email="hidden.person@example.org", handle="cai"))

    response = client.get("/")

    header = BeautifulSoup(response.content, "html.parser").find("header")
    assert header.find("a", href="/me/").get_text(strip=True) == "cai"
    sign_out = header.find("form", action="/accounts/logout/")
    assert sign_out["method"] == "post"
    assert sign_out.find("button").get_text(strip=True) == "Sign out"
    assert "hidden.person" not in response.content.decode()


def test_account_made_outside_signup_signs_in_once_marked_verified(client, db):
    """member_email_mark_verified lets seeded or admin-made accounts sign in."""
    user = UserFactory(email="ben@example.org", password=PASSWORD)
    credentials = {"login": "ben@example.org", "password": PASSWORD}
    client.post(LOGIN_URL, credentials)
    assert signed_in_user_id(client) is None

    member_email_mark_verified(user=user)
    member_email_mark_verified(user=user)
    client.post(LOGIN_URL, credentials)

    address = EmailAddress.objects.get(user=user)
    assert (address.email, address.verified, address.primary) == (
        "ben@example.org",
        True,
        True,
    )
    assert signed_in_user_id(client) == user.pk


def test_the_verification_email_on_the_console_is_readable(
    client, db, recaptcha, settings
):
    """In `make run` the printed email keeps its link whole and its quotes intact."""
    stream = io.StringIO()
    settings.MAILERS = {
        "default": {
            "BACKEND": "core.mail.ConsoleEmailBackend",
            "OPTIONS": {"stream": stream},
        }
    }

    client.post(SIGNUP_URL, signup_data(recaptcha))

    printed = stream.getvalue()
    link = re.search(r"https?://\S+", printed).group(0)
    assert urlsplit(link).path.startswith("/accounts/confirm-email/")
    assert "night_owl" in client.get(urlsplit(link).path).content.decode()
    assert "with the handle “night_owl”." in printed
    assert "Content-Transfer-Encoding: 8bit" in printed
    assert "=E2=80" not in printed
    assert "=\n" not in printed


def test_signup_reports_every_problem_at_once(client, db, recaptcha):
    """A bad email, a reserved handle, a weak password and a mismatch: all named."""
    data = signup_data(
        recaptcha,
        email="not-an-email",
        handle="admin_",
        password1="short",
        password2="different",
    )

    response = client.post(SIGNUP_URL, data)

    errors = response.context["form"].errors
    assert sorted(errors) == ["email", "handle", "password1", "password2"]
    text = page_text(response)
    assert "Enter a valid email address." in text
    assert "That handle is reserved. Please choose another." in text
    assert "This password is too short." in text
    assert "You must type the same password each time." in text
    summary = BeautifulSoup(response.content, "html.parser").find(
        class_="error-summary"
    )
    assert len(summary.find_all("li")) == 4
