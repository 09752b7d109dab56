import pytest
from django.contrib.auth import authenticate as django_authenticate
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from members.auth_backends import allauth_sign_in
from members.models import User
from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"


def authenticate(**credentials):
    """Check a password as allauth's sign-in does, the only place that may."""
    with allauth_sign_in():
        return django_authenticate(**credentials)


def handle_errors(handle: str) -> list[str]:
    """Return the messages full_clean gives for ``handle`` on a fresh user."""
    user = User(email="someone@example.org", handle=handle)
    user.set_password(PASSWORD)
    try:
        user.full_clean()
    except ValidationError as error:
        return error.message_dict.get("handle", [])
    return []


def test_handle_differing_only_in_case_is_refused_by_the_database(db):
    """A second handle that differs only in case breaks the unique index."""
    UserFactory(handle="ana_writes")
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(handle="Ana_Writes")
    assert User.objects.filter(handle__iexact="ana_writes").count() == 1


def test_handle_differing_only_in_case_gets_a_friendly_message(db):
    """full_clean() explains that the handle is taken, whatever its case."""
    UserFactory(handle="ana_writes")
    impostor = User(email="impostor@example.org", handle="Ana_Writes")
    impostor.set_password(PASSWORD)
    with pytest.raises(ValidationError) as caught:
        impostor.full_clean()
    assert "That handle is already taken." in caught.value.messages


@pytest.mark.parametrize("handle", ["abc", "a" * 30, "Ana_Writes", "cai-ideas", "b3n"])
def test_handle_of_allowed_length_and_characters_is_accepted(db, handle):
    """Handles of 3 to 30 letters, digits, underscores and hyphens are valid."""
    assert handle_errors(handle) == []


@pytest.mark.parametrize("handle", ["ab", "a" * 31])
def test_handle_too_short_or_too_long_is_refused(db, handle):
    """Handles under 3 or over 30 characters are refused with the limits."""
    assert "A handle has between 3 and 30 characters." in handle_errors(handle)


@pytest.mark.parametrize(
    "handle", ["ana writes", "ana.writes", "ana!", "<script>", "ana_wrïtes", "ana\n"]
)
def test_handle_with_other_characters_is_refused(db, handle):
    """Spaces, dots, punctuation, markup and non-ASCII letters are refused."""
    assert (
        "Use only letters, digits, underscores (_) and hyphens (-)."
        in handle_errors(handle)
    )


@pytest.mark.parametrize("handle", ["admin", "Moderator", "STAFF", "opencall"])
def test_reserved_handle_is_refused_in_any_case(db, handle):
    """Members cannot pose as the site or its staff."""
    assert "That handle is reserved. Please choose another." in handle_errors(handle)


def test_email_like_handle_is_refused(db):
    """A handle that looks like an email address is refused."""
    assert "A handle must not be an email address." in handle_errors("ana@example")


def test_several_users_may_have_no_handle(db):
    """The case-insensitive unique index ignores missing handles."""
    first = User.objects.create_user("staff.one@example.org", PASSWORD)
    second = User.objects.create_user("staff.two@example.org", PASSWORD)
    UserFactory(handle=None)
    assert first.handle is None and second.handle is None
    assert User.objects.filter(handle__isnull=True).count() == 3


def test_public_name_is_the_handle(db):
    """A member with a handle is shown by that handle."""
    user = UserFactory(email="ana@example.org", handle="ana_writes")
    assert user.public_name == "ana_writes"


def test_public_name_never_reveals_the_email(db):
    """A member without a handle is shown as "A member", never by email."""
    user = UserFactory(email="hidden.person@example.org", handle=None)
    assert user.public_name == "A member"
    assert "hidden.person" not in user.public_name
    assert "example.org" not in user.public_name


def test_create_user_lowercases_the_email_domain(db):
    """create_user normalises the domain and makes an ordinary member."""
    user = User.objects.create_user("Ana@EXAMPLE.Org", PASSWORD, handle="ana_w")
    assert user.email == "Ana@example.org"
    assert user.check_password(PASSWORD)
    assert not user.is_staff and not user.is_superuser


def test_create_user_requires_an_email(db):
    """create_user refuses to make an account without an email address."""
    with pytest.raises(ValueError, match="An email address is required."):
        User.objects.create_user("", PASSWORD)


def test_create_user_validates_the_handle(db):
    """create_user refuses a reserved handle instead of saving it."""
    with pytest.raises(ValidationError):
        User.objects.create_user("sneaky@example.org", PASSWORD, handle="admin")
    assert not User.objects.filter(email="sneaky@example.org").exists()


def test_create_superuser_sets_staff_and_superuser(db):
    """create_superuser makes an account that can use the whole admin."""
    user = User.objects.create_superuser("Boss@Example.org", PASSWORD)
    assert user.is_staff and user.is_superuser
    assert user.email == "Boss@example.org"
    assert user.handle is None


def test_create_superuser_refuses_to_drop_the_flags(db):
    """A superuser cannot be created without is_staff or is_superuser."""
    with pytest.raises(ValueError, match="is_staff and is_superuser"):
        User.objects.create_superuser("boss@example.org", PASSWORD, is_staff=False)
    with pytest.raises(ValueError, match="is_staff and is_superuser"):
        User.objects.create_superuser("boss@example.org", PASSWORD, is_superuser=False)


@pytest.mark.parametrize(
    "typed", ["ana@example.org", "ANA@EXAMPLE.ORG", "Ana@Example.org"]
)
def test_sign_in_by_email_ignores_case(db, typed):
    """A member signs in with their email however they capitalise it."""
    user = UserFactory(email="ana@example.org", password=PASSWORD)
    assert authenticate(email=typed, password=PASSWORD) == user


def test_sign_in_with_the_username_keyword_is_also_by_email(db):
    """Login forms that pass ``username`` authenticate by email too."""
    user = UserFactory(email="ana@example.org", password=PASSWORD)
    assert authenticate(username="Ana@Example.org", password=PASSWORD) == user


def test_sign_in_fails_with_a_wrong_password_or_unknown_email(db):
    """Wrong passwords and unknown addresses do not authenticate."""
    UserFactory(email="ana@example.org", password=PASSWORD)
    assert authenticate(email="ana@example.org", password="wrong-password") is None
    assert authenticate(email="nobody@example.org", password=PASSWORD) is None


def test_passwords_are_not_checked_outside_allauths_sign_in(db):
    """Django's authenticate() alone (as Wagtail's login view uses) finds nobody."""
    UserFactory(email="ana@example.org", password=PASSWORD)
    assert django_authenticate(email="ana@example.org", password=PASSWORD) is None
    assert django_authenticate(username="ana@example.org", password=PASSWORD) is None
    assert authenticate(email="ana@example.org", password=PASSWORD) is not None


def test_inactive_member_cannot_sign_in(db):
    """A deactivated account does not authenticate."""
    UserFactory(email="gone@example.org", password=PASSWORD, is_active=False)
    assert authenticate(email="gone@example.org", password=PASSWORD) is None


def test_email_differing_only_in_case_cannot_open_a_second_account(db):
    """Registering a case variant of someone's email is refused by the database."""
    UserFactory(email="victim@example.org", password=PASSWORD)
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(email="Victim@example.org", password="attacker-password")


def test_case_variant_of_an_email_cannot_lock_its_owner_out(db):
    """A case variant of an email is refused before it can break sign-in."""
    victim = UserFactory(email="victim@example.org", password=PASSWORD)
    with pytest.raises(ValidationError) as caught:
        User.objects.create_user("VICTIM@example.org", "attacker-password")
    assert "An account with that email address already exists." in (
        caught.value.messages
    )
    assert authenticate(email="victim@example.org", password=PASSWORD) == victim
