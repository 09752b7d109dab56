"""The privacy notice and terms of entry: editable pages linked where people decide."""

import pytest
from bs4 import BeautifulSoup

from home.models import InformationPage, SiteSettings
from members.services import member_email_mark_verified
from tests.factories import CompetitionPageFactory, UserFactory


@pytest.fixture
def information_pages(home_page):
    """Both pages, published under the home page and chosen in site settings."""
    privacy = InformationPage(
        title="Privacy notice", slug="privacy", body="<p>What we keep.</p>"
    )
    terms = InformationPage(
        title="Terms of entry", slug="terms", body="<p>The rules.</p>"
    )
    for page in (privacy, terms):
        home_page.add_child(instance=page)
    settings = SiteSettings.load()
    settings.privacy_notice, settings.terms_of_entry = privacy, terms
    settings.save()
    return privacy, terms


def links(response) -> dict[str, str]:
    page = BeautifulSoup(response.content, "html.parser")
    return {a.get_text(): a["href"] for a in page.select("a[href]")}


def test_every_page_links_both_in_its_footer(client, information_pages):
    """The footer of any page leads to the privacy notice and the terms."""
    footer = BeautifulSoup(client.get("/").content, "html.parser").select_one("footer")

    hrefs = {a.get_text(): a["href"] for a in footer.select("a")}
    assert hrefs["Privacy notice"] == "/privacy/"
    assert hrefs["Terms of entry"] == "/terms/"


def test_the_pages_show_their_text(client, information_pages):
    """Each is a plain page with its title and text."""
    response = client.get("/privacy/")

    assert response.status_code == 200
    assert "What we keep." in response.content.decode()


def test_sign_up_links_both(client, information_pages):
    """People read how their account is handled before they join."""
    found = links(client.get("/accounts/signup/"))

    assert found["Privacy notice"] == "/privacy/"
    assert found["Terms of entry"] == "/terms/"


def test_the_entry_form_links_both_beside_the_rules(
    client, information_pages, competition_index
):
    """Beside "I accept the rules", the terms and the notice open in a new tab."""
    competition = CompetitionPageFactory(parent=competition_index)
    member = UserFactory()
    member_email_mark_verified(user=member)
    client.force_login(member)

    found = links(client.get(f"{competition.url}enter/"))

    assert found["Terms of entry (opens in a new tab)"] == "/terms/"
    assert found["Privacy notice (opens in a new tab)"] == "/privacy/"


def test_nothing_is_linked_until_an_editor_chooses_the_pages(client, home_page):
    """Without choices in site settings the footer has no broken links."""
    found = links(client.get("/"))

    assert "Privacy notice" not in found
    assert "Terms of entry" not in found


def test_an_unpublished_page_is_not_linked(client, information_pages):
    """Unpublishing the notice takes its link away rather than leaving a 404."""
    privacy, _ = information_pages
    privacy.unpublish()

    found = links(client.get("/"))

    assert "Privacy notice" not in found
    assert found["Terms of entry"] == "/terms/"


def test_the_links_are_looked_up_once_a_request(
    client, information_pages, competition_index, monkeypatch
):
    """The entry form shows them twice (footer and form) for one lookup."""
    from home.templatetags import home_tags

    calls = []
    real = home_tags._links
    monkeypatch.setattr(
        home_tags, "_links", lambda request: calls.append(request) or real(request)
    )
    competition = CompetitionPageFactory(parent=competition_index)
    member = UserFactory()
    member_email_mark_verified(user=member)
    client.force_login(member)

    response = client.get(f"{competition.url}enter/")

    assert response.content.decode().count('href="/terms/"') == 2
    assert len(calls) == 1
