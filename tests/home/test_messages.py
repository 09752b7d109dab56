"""Messages ("Signed in", "Your draft is saved") show on the very next page, once."""

import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from django.core import mail

from tests.factories import (
    CompetitionPageFactory,
    EntryFactory,
    PartnerCommunityFactory,
    UserFactory,
)

PASSWORD = "a-long-enough-passphrase"
SIGNED_IN = "Successfully signed in as ana_writes."


def shown_messages(response) -> list[str]:
    """Return the text of each message the page shows."""
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    return [p.get_text(strip=True) for p in page.select('[role="status"] .message')]


def sign_in(client, next_url: str = ""):
    """Sign in through the form, as a person would, and follow the redirects."""
    data = {"login": "ana@example.org", "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post("/accounts/login/", data, follow=True)


@pytest.fixture
def member(db):
    user = UserFactory(email="ana@example.org", handle="ana_writes", password=PASSWORD)
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    return user


def test_signing_in_shows_signed_in_on_the_home_page(client, home_page, member):
    """The home page, where sign-in lands, says so at once, not one page later."""
    response = sign_in(client)

    assert response.redirect_chain == [("/", 302)]
    assert shown_messages(response) == [SIGNED_IN]
    assert shown_messages(client.get("/")) == []


@pytest.mark.parametrize(
    "where", ["index", "competition", "partner", "entry", "account", "me"]
)
def test_every_kind_of_page_shows_a_waiting_message_once(
    client, competition_index, member, where
):
    """Listing, competition, partner, entry, account and /me/ pages show it once."""
    competition = CompetitionPageFactory(parent=competition_index)
    draft = EntryFactory(competition=competition, author=member)
    url = {
        "index": competition_index.url,
        "competition": competition.url,
        "partner": PartnerCommunityFactory().get_absolute_url(),
        "entry": draft.get_absolute_url(),
        "account": "/accounts/email/",
        "me": "/me/",
    }[where]

    response = sign_in(client, next_url=url)

    assert response.redirect_chain[-1][0] == url
    assert shown_messages(response) == [SIGNED_IN]


def test_confirming_an_email_says_so_without_printing_the_address(
    client, home_page, recaptcha
):
    """The home page after confirming greets by handle and shows no email address."""
    client.post(
        "/accounts/signup/",
        {
            "email": "owl@example.org",
            "handle": "night_owl",
            "password1": PASSWORD,
            "password2": PASSWORD,
            **recaptcha.data("signup"),
        },
        follow=True,
    )
    (message,) = mail.outbox
    link = urlsplit(re.search(r"https?://\S+", message.body).group(0)).path

    response = client.post(link, follow=True)

    assert response.redirect_chain == [("/", 302)]
    assert shown_messages(response) == [
        "Your email address is confirmed.",
        "Successfully signed in as night_owl.",
    ]
    assert "owl@example.org" not in response.content.decode()
