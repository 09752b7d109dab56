"""The public addresses of ARCHITECTURE.md stay where partners link to them."""

import pytest
from wagtail import hooks

from competitions.routes import (
    COMPETITION_ROUTES_HOOK,
    CompetitionRoute,
    registered_routes,
)
from tests.factories import (
    CompetitionPageFactory,
    CompetitionPartnershipFactory,
    EntryFactory,
    PartnerCommunityFactory,
)


@pytest.fixture
def world(competition_index):
    competition = CompetitionPageFactory(
        parent=competition_index, slug="rivers", title="Rivers"
    )
    partner = PartnerCommunityFactory(slug="studyhub", name="StudyHub")
    CompetitionPartnershipFactory(page=competition, partner=partner)
    entry = EntryFactory(competition=competition, approved=True, title="The weir")
    return competition, partner, entry


def test_every_public_address_answers_where_the_contract_says(client, world):
    """Each address answers a visitor (or sends them to sign in) at its path."""
    competition, partner, entry = world
    pages = {
        "/": "Rivers",
        "/competitions/": "Rivers",
        "/competitions/rivers/": "Rivers",
        f"/entries/{entry.public_id}/": "The weir",
        "/partners/studyhub/": "Rivers",
        "/accounts/login/": "Sign in",
        "/accounts/signup/": "",
    }
    for path, shows in pages.items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert shows in response.content.decode(), path

    for path in ("/competitions/rivers/enter/", "/me/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith("/accounts/login/"), path


def test_the_enter_route_is_registered_by_submissions(world):
    """competitions names no entry view: submissions registers enter/ below it."""
    competition, _, _ = world

    assert "enter" in [route.name for route in registered_routes()]
    assert competition.reverse_subpage("enter") == "enter/"
    assert competition.url + competition.reverse_subpage("enter") == (
        "/competitions/rivers/enter/"
    )


def test_a_route_registered_twice_is_refused():
    """Two apps claiming one name under a competition is a mistake caught early."""
    duplicate = CompetitionRoute("enter/", "enter", lambda request, page: None)

    with hooks.register_temporarily(COMPETITION_ROUTES_HOOK, lambda: [duplicate]):
        with pytest.raises(ValueError, match="registered twice"):
            registered_routes()


def test_an_unpublished_competition_has_no_enter_page(client, world):
    """The routes hang below a live page only."""
    competition, _, _ = world
    competition.unpublish()

    assert client.get("/competitions/rivers/enter/").status_code == 404
