"""Pages an editor keeps private: visitors are sent to the one sign-in, or asked
for the page's password in the site's own page, and Wagtail's front-end sign-in
(/_util/login/) checks no password at all."""

from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from tests.factories import CompetitionPageFactory, UserFactory

SIGN_IN = "/accounts/login/"
PASSWORD = "a-long-enough-passphrase"


@pytest.fixture
def members_only(competition_index):
    page = CompetitionPageFactory(parent=competition_index, title="Staff stories")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    return page


def test_a_page_for_signed_in_visitors_sends_the_others_to_the_one_sign_in(
    client, members_only
):
    response = client.get(members_only.url)

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == SIGN_IN
    assert location.query == f"next={members_only.url}"


def test_signed_in_through_the_one_sign_in_the_page_opens(client, members_only):
    member = UserFactory(password=PASSWORD)
    EmailAddress.objects.create(
        user=member, email=member.email, verified=True, primary=True
    )
    signed_in = client.post(
        f"{SIGN_IN}?next={members_only.url}",
        {"login": member.email, "password": PASSWORD},
    )
    assert signed_in.status_code == 302
    assert signed_in["Location"] == members_only.url

    assert client.get(members_only.url).status_code == 200


@pytest.mark.parametrize("method", ["get", "post"])
def test_wagtails_front_end_sign_in_only_sends_people_on(client, db, method):
    member = UserFactory(password=PASSWORD)
    data = {"username": member.email, "password": PASSWORD, "next": "/competitions/"}

    response = getattr(client, method)("/_util/login/", data)

    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN}?next=/competitions/"
    assert "_auth_user_id" not in client.session


def test_wagtails_front_end_sign_in_keeps_next_on_this_site(client, db):
    response = client.get("/_util/login/?next=https://evil.example/")

    assert response["Location"] == f"{SIGN_IN}?next=/"


def test_a_password_page_asks_in_the_sites_own_page_and_lets_in(
    client, competition_index
):
    page = CompetitionPageFactory(parent=competition_index, title="Jury shortlist")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-pw"
    )

    asked = client.get(page.url)

    assert asked.status_code == 200
    soup = BeautifulSoup(asked.content, "html.parser")
    assert soup.select_one("header.site-header") is not None  # the site's own page
    assert soup.h1.get_text() == "Password required"
    assert "Jury shortlist" not in soup.get_text()  # the kept page's title stays kept
    form = soup.select_one("main form")
    data = {
        field["name"]: field.get("value", "")
        for field in form.select("input[type=hidden]")
    }
    wrong = client.post(form["action"], {**data, "password": "guess"})
    assert wrong.status_code == 200
    assert "Jury shortlist" not in wrong.content.decode()

    right = client.post(form["action"], {**data, "password": "s3cret-pw"})

    assert right.status_code == 302
    assert client.get(right["Location"]).status_code == 200
