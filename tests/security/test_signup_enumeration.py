"""Sign-up must not tell whether an email address already has an account.

Before: signing up with a member's address took 0.04–0.12 s (allauth only emailed
the owner), a new address 0.73–0.94 s (the password was hashed and an account
made), and the page was the same. Both paths now do the same costly work.
"""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail

from members.models import User
from tests.factories import UserFactory
from tests.members.test_signup import SIGNUP_URL, VERIFY_SENT_URL, signup_data


@pytest.fixture
def hashes(monkeypatch) -> list[str]:
    """Record every password the configured hasher hashes."""
    hashed = []
    encode = MD5PasswordHasher.encode

    def counting_encode(self, password, salt):
        hashed.append(password)
        return encode(self, password, salt)

    monkeypatch.setattr(MD5PasswordHasher, "encode", counting_encode)
    return hashed


def sign_up(client, recaptcha, email: str, handle: str):
    return client.post(SIGNUP_URL, signup_data(recaptcha, email=email, handle=handle))


def test_a_taken_address_costs_the_same_hashing_as_a_new_one(
    client, db, recaptcha, hashes
):
    """The password is hashed once whether or not the address has an account."""
    UserFactory(email="member@example.org")
    hashes.clear()

    new = sign_up(client, recaptcha, "someone.new@example.org", "new_owl")
    hashed_for_new = len(hashes)
    client.logout()
    taken = sign_up(client, recaptcha, "member@example.org", "other_owl")

    assert hashed_for_new == 1
    assert len(hashes) - hashed_for_new == hashed_for_new
    assert (new.status_code, new["Location"]) == (taken.status_code, taken["Location"])
    assert taken["Location"] == VERIFY_SENT_URL
    assert not User.objects.filter(handle="other_owl").exists()


def test_a_taken_address_and_a_new_one_each_get_one_email(client, db, recaptcha):
    """Both paths send one email to the address typed, so both wait on the mailer."""
    UserFactory(email="member@example.org")

    sign_up(client, recaptcha, "someone.new@example.org", "new_owl")
    client.logout()
    sign_up(client, recaptcha, "member@example.org", "other_owl")

    assert [message.to for message in mail.outbox] == [
        ["someone.new@example.org"],
        ["member@example.org"],
    ]
