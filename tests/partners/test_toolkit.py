"""The snippets a partner copies: on its public page and on its admin page."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.admin_views import toolkit_url
from tests.factories import (
    CommunityModeratorFactory,
    CompetitionPageFactory,
    CompetitionPartnershipFactory,
    UserFactory,
)
from tests.partners.conftest import STUDYHUB_ORIGINS
from tests.support.judging_results import editor, judge
from tests.support.moderation import admin_moderator
from tests.support.staff import sign_in

pytestmark = pytest.mark.django_db


def snippets(response) -> dict[str, list[BeautifulSoup]]:
    """Return the pasted HTML of each snippet textarea, parsed, by kind."""
    page = BeautifulSoup(response.content, "html.parser")
    found = {"iframe": [], "badge": []}
    for area in page.select("textarea[data-toolkit-snippet]"):
        assert area.has_attr("readonly")
        assert page.find("label", attrs={"for": area["id"]})
        kind = "iframe" if area["id"].startswith("toolkit-iframe") else "badge"
        found[kind].append(BeautifulSoup(area.get_text(), "html.parser"))
    return found


def test_the_partner_page_gives_a_widget_and_a_badge_per_live_call(client, world):
    other = CompetitionPageFactory(parent=world.competition.get_parent(), slug="seas")
    CompetitionPartnershipFactory(page=other, partner=world.studyhub)
    draft = CompetitionPageFactory(parent=world.competition.get_parent(), slug="draft")
    CompetitionPartnershipFactory(page=draft, partner=world.studyhub)
    draft.unpublish()

    found = snippets(client.get("/partners/studyhub/"))

    sources = sorted(snippet.iframe["src"] for snippet in found["iframe"])
    assert sources == [
        "http://testserver/embed/rivers/?partner=studyhub",
        "http://testserver/embed/seas/?partner=studyhub",
    ]
    assert len(found["badge"]) == 2


def test_the_badge_snippet_links_to_the_call_with_the_partners_credit(client, world):
    badge = next(
        snippet
        for snippet in snippets(client.get("/partners/studyhub/"))["badge"]
        if "rivers" in snippet.a["href"]
    )

    assert badge.a["href"] == "http://testserver/competitions/rivers/?via=studyhub"
    assert badge.img["src"] == "http://testserver/badges/studyhub/rivers.svg"
    assert "StudyHub" in badge.img["alt"] and "Rivers of home" in badge.img["alt"]
    picture = client.get(badge.img["src"])
    assert picture.status_code == 200
    assert picture["Content-Type"].startswith("image/svg+xml")
    # Following the badge credits the partner.
    client.get(badge.a["href"])
    assert client.session["referral_partner_id"] == world.studyhub.pk


def test_the_iframe_snippet_loads_the_widget_framed_by_the_partners_origins(
    client, world
):
    iframe = snippets(client.get("/partners/studyhub/"))["iframe"][0].iframe

    assert iframe["title"] == "Rivers of home"
    widget = client.get(iframe["src"])
    assert widget.status_code == 200
    assert "Rivers of home" in widget.content.decode()
    frame_ancestors = next(
        part.split()[1:]
        for part in widget["Content-Security-Policy"].split(";")
        if part.split()[0] == "frame-ancestors"
    )
    assert frame_ancestors == STUDYHUB_ORIGINS


def test_snippets_are_shown_as_escaped_code(client, competition_index, world):
    CompetitionPageFactory(
        parent=competition_index, slug="quotes", title='Say "hi" <now>'
    )
    CompetitionPartnershipFactory(
        page=competition_index.get_children().get(slug="quotes").specific,
        partner=world.studyhub,
    )

    response = client.get("/partners/studyhub/")
    body = response.content.decode()

    assert "<iframe" not in body and "<now>" not in body  # inside textareas, escaped
    titles = [snippet.iframe["title"] for snippet in snippets(response)["iframe"]]
    assert 'Say "hi" <now>' in titles


def test_the_partner_page_costs_the_same_queries_with_1_or_6_calls(client, world):
    def queries_with(count: int) -> int:
        while world.studyhub.partnerships.count() < count:
            page = CompetitionPageFactory(parent=world.competition.get_parent())
            CompetitionPartnershipFactory(page=page, partner=world.studyhub)
        client.get("/partners/studyhub/")
        with CaptureQueriesContext(connection) as captured:
            client.get("/partners/studyhub/")
        return len(captured)

    assert queries_with(1) == queries_with(6)


def test_an_editor_finds_the_toolkit_from_the_partner_listing(client, world):
    sign_in(client, UserFactory(editor=True))

    listing = client.get("/admin/snippets/communities/partnercommunity/")
    toolkit = client.get(toolkit_url(world.studyhub))

    assert toolkit_url(world.studyhub) in listing.content.decode()
    assert toolkit.status_code == 200
    found = snippets(toolkit)
    assert found["iframe"][0].iframe["src"].endswith("/embed/rivers/?partner=studyhub")
    assert found["badge"][0].a["href"].endswith("/competitions/rivers/?via=studyhub")
    assert "https://forum.studyhub.example" in toolkit.content.decode()


def test_the_toolkit_of_an_unknown_partner_is_not_found(client, world):
    sign_in(client, editor())

    assert client.get("/admin/partners/toolkit/999999/").status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "member", "moderator", "judge"])
def test_only_editors_open_the_admin_toolkit(client, world, role):
    if role == "member":
        sign_in(client, UserFactory())
    elif role == "moderator":
        moderator = admin_moderator()
        CommunityModeratorFactory(community=world.studyhub, user=moderator)
        sign_in(client, moderator)
    elif role == "judge":
        sign_in(client, judge())

    response = client.get(toolkit_url(world.studyhub))

    assert response.status_code in (302, 403)
    assert "toolkit-iframe" not in response.content.decode()
    if response.status_code == 302:
        assert "/admin/partners/toolkit/" not in response.url.split("?")[0]
