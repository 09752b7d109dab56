"""One guarded way in: the attacks on /admin/login/ a review made; the second factor.

Before: /admin/login/ was Django's LoginView with ModelBackend first. It had no
throttle (thirty wrong passwords for a judge, then the right one, signed in), let
a member locked out by allauth sign in anyway, and let an unverified account in.
Staff reached the admin with a password alone.
"""

from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from members.services import member_email_mark_verified
from tests.factories import UserFactory
from tests.support.staff import staff_login, totp_code, totp_secret

PASSWORD = "judges-long-passphrase"
ADMIN_LOGIN = "/admin/login/"
SIGN_IN = "/accounts/login/"
ADMIN_PAGES = ["/admin/", "/admin/pages/", "/admin/users/", "/admin/snippets/"]
THROTTLED = "Too many failed login attempts"


def signed_in_user_id(client) -> int | None:
    user_id = client.session.get("_auth_user_id")
    return int(user_id) if user_id else None


def path_of(url: str) -> str:
    return urlsplit(url).path


@pytest.fixture
def judge(db):
    """A judge: may open the admin, email verified, no authenticator yet."""
    group, _created = Group.objects.get_or_create(name="Judges")
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    user = UserFactory(email="judge.one@example.org", password=PASSWORD)
    user.groups.add(group)
    member_email_mark_verified(user=user)
    return user


@pytest.fixture
def member(db):
    user = UserFactory(email="ana@example.org", handle="ana_writes", password=PASSWORD)
    member_email_mark_verified(user=user)
    return user


def post_password(client, url: str, email: str, password: str, **extra):
    """Post a sign-in form as either page names its fields (allauth, Wagtail)."""
    data = {"login": email, "username": email, "password": password, **extra}
    return client.post(url, data)


# The admin's own login page ---------------------------------------------------


def test_thirty_wrong_passwords_then_the_right_one_at_admin_login_do_not_sign_in(
    client, judge
):
    """/admin/login/ checks no password: every attempt, right or wrong, is sent on."""
    for attempt in range(30):
        response = post_password(client, ADMIN_LOGIN, judge.email, f"guess-{attempt}")
        assert response.status_code == 302
        assert path_of(response["Location"]) == SIGN_IN

    response = post_password(client, ADMIN_LOGIN, judge.email, PASSWORD)

    assert response.status_code == 302
    assert path_of(response["Location"]) == SIGN_IN
    assert signed_in_user_id(client) is None
    assert client.get("/admin/").status_code == 302


def test_the_sign_in_the_admin_sends_people_to_is_throttled(client, judge):
    """Guessing at the page /admin/login/ leads to locks the account for a while."""
    way_in = client.get(ADMIN_LOGIN + "?next=/admin/pages/")["Location"]
    assert way_in == SIGN_IN + "?next=/admin/pages/"

    for attempt in range(30):
        post_password(client, way_in, judge.email, f"guess-{attempt}")
    response = post_password(client, way_in, judge.email, PASSWORD)

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert signed_in_user_id(client) is None


def test_a_member_locked_out_by_allauth_cannot_sign_in_at_admin_login(client, member):
    """Once allauth's throttle refuses a member, /admin/login/ is no way round it."""
    for attempt in range(5):
        post_password(client, SIGN_IN, member.email, f"guess-{attempt}")
    locked = post_password(client, SIGN_IN, member.email, PASSWORD)
    assert THROTTLED in locked.content.decode()

    post_password(client, ADMIN_LOGIN, member.email, PASSWORD)
    post_password(client, ADMIN_LOGIN, member.email, PASSWORD, next="/me/")

    assert signed_in_user_id(client) is None
    assert client.get("/me/").status_code == 302


def test_an_unverified_account_cannot_sign_in_anywhere(client, db):
    """A new account whose email is not verified gets no session by any door."""
    user = UserFactory(email="new@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=False)

    for url in (ADMIN_LOGIN, SIGN_IN, SIGN_IN + "?next=/admin/"):
        post_password(client, url, user.email, PASSWORD)
        assert signed_in_user_id(client) is None, url
    assert client.get("/me/").status_code == 302


@pytest.mark.parametrize("url", [ADMIN_LOGIN, ADMIN_LOGIN + "?next=/admin/"])
def test_admin_login_redirects_to_the_one_sign_in_page(client, db, url):
    """Opening /admin/login/ lands on allauth's sign-in, heading back to the admin."""
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == SIGN_IN + "?next=/admin/"


def test_admin_login_does_not_pass_on_a_foreign_next(client, db):
    """A next address on another site is replaced by the admin's home."""
    response = client.get(ADMIN_LOGIN + "?next=https://evil.example/admin/")

    assert response["Location"] == SIGN_IN + "?next=/admin/"


def test_the_admins_own_password_reset_leads_to_allauths(client, db):
    """Wagtail's password reset (no rate limit) is replaced by allauth's."""
    response = client.get("/admin/password_reset/")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password")
    assert client.get("/admin/password_reset/done/").status_code == 404


def test_the_admin_sends_anonymous_visitors_to_the_one_sign_in_page(client, db):
    """The admin's own redirect for sign-in goes straight to allauth."""
    response = client.get("/admin/pages/")

    assert response.status_code == 302
    assert response["Location"] == SIGN_IN + "?next=/admin/pages/"


# Members ----------------------------------------------------------------------


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_a_signed_in_member_never_reaches_the_admin(client, member, path):
    """A member who signed in properly is refused every admin page with a 403."""
    post_password(client, SIGN_IN, member.email, PASSWORD)
    assert signed_in_user_id(client) == member.pk

    response = client.get(path)

    assert response.status_code == 403
    assert "You are signed in with a member's account" in response.content.decode()
    assert "wagtail" not in response.content.decode().lower()


def test_a_member_signing_in_with_next_admin_gets_the_refusal_not_a_loop(
    client, member
):
    """Sign-in heading for /admin/ ends on one refusal page, not a redirect loop."""
    response = post_password(
        client, SIGN_IN + "?next=/admin/", member.email, PASSWORD, next="/admin/"
    )
    assert response["Location"] == "/admin/"

    assert client.get("/admin/").status_code == 403


def test_staff_flag_alone_does_not_open_the_admin(client, db):
    """is_staff without the admin permission is a member as far as the admin goes."""
    staff_login(client, UserFactory(is_staff=True))

    assert client.get("/admin/").status_code == 403


# Staff and the second factor ----------------------------------------------------


def test_staff_without_an_authenticator_are_sent_to_set_one_up(client, judge):
    """A judge who signed in with a password alone must add an authenticator first."""
    post_password(client, SIGN_IN, judge.email, PASSWORD)
    assert signed_in_user_id(client) == judge.pk

    for path in ADMIN_PAGES:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == (
            reverse("mfa_activate_totp") + "?next=" + path.replace("/", "%2F")
        )


def test_staff_with_totp_sign_in_with_a_code_and_reach_the_admin(client, judge):
    """Password, then a code from the authenticator app: the admin opens."""
    secret = totp_secret(judge)

    response = post_password(
        client, SIGN_IN + "?next=/admin/", judge.email, PASSWORD, next="/admin/"
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert signed_in_user_id(client) is None

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})

    assert response["Location"] == "/admin/"
    assert signed_in_user_id(client) == judge.pk
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_does_not_open_the_admin(client, judge):
    """With a wrong code the judge stays signed out."""
    secret = totp_secret(judge)
    post_password(client, SIGN_IN, judge.email, PASSWORD)
    wrong = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("mfa_authenticate"), {"code": wrong})

    assert response.status_code == 200
    assert signed_in_user_id(client) is None
    assert client.get("/admin/").status_code == 302


def test_a_session_that_skipped_the_code_is_asked_for_it(client, judge):
    """Staff with an authenticator but no code in this session confirm one first."""
    secret = totp_secret(judge)
    client.force_login(judge)

    response = client.get("/admin/")
    assert response["Location"] == reverse("mfa_reauthenticate") + "?next=%2Fadmin%2F"
    confirmed = client.post(response["Location"], {"code": totp_code(secret)})

    assert confirmed["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_staff_set_up_an_authenticator_and_then_open_the_admin(client, judge):
    """The first visit: password, password again to add the app, a code, the admin."""
    post_password(client, SIGN_IN, judge.email, PASSWORD)
    setup = client.get("/admin/", follow=True)
    assert path_of(setup.redirect_chain[-1][0]) == reverse("account_reauthenticate")
    reauthenticate = setup.redirect_chain[-1][0]
    setup = client.post(reauthenticate, {"password": PASSWORD}, follow=True)
    assert path_of(setup.redirect_chain[-1][0]) == reverse("mfa_activate_totp")
    secret = setup.context["form"].secret

    activated = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert activated.status_code == 302
    assert Authenticator.objects.filter(user=judge).count() == 2  # TOTP + recovery
    confirm = client.get("/admin/")["Location"]
    assert path_of(confirm) == reverse("mfa_reauthenticate")
    client.post(confirm, {"code": totp_code(secret, steps_ahead=1)})
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_also_passes_the_second_factor(client, judge):
    """Staff who lost their phone sign in with one of their recovery codes."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    totp_secret(judge)
    codes = RecoveryCodes.activate(judge).get_unused_codes()
    post_password(client, SIGN_IN, judge.email, PASSWORD)

    client.post(reverse("mfa_authenticate"), {"code": codes[0]})

    assert signed_in_user_id(client) == judge.pk
    assert client.get("/admin/").status_code == 200


def test_without_the_requirement_staff_open_the_admin_with_a_password(
    client, judge, settings
):
    """Development (the demo) turns the staff second factor off: a password will do."""
    settings.OPENCALL_STAFF_MFA_REQUIRED = False
    post_password(client, SIGN_IN, judge.email, PASSWORD)

    assert client.get("/admin/").status_code == 200
