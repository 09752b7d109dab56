"""Ids and slugs that cannot be valid are a 404 before any query, never a 500.

PostgreSQL refuses a NUL byte in a string literal; before this guard,
``/entries/%00/`` reached the query and answered 500. Run this module with
``DATABASE_URL=postgres://…`` too.
"""

from urllib.parse import quote

import pytest

from tests.factories import (
    CompetitionPageFactory,
    EntryFactory,
    PartnerCommunityFactory,
)

pytestmark = pytest.mark.django_db

BAD_VALUES = {
    "nul": "\x00",
    "nul-inside": "abc\x00def",
    "nul-in-a-valid-length-id": "AAAAAAA\x00AAAAAAAA",
    "control": "abc\x1bdef",
    "delete-character": "abc\x7f",
    "c1-control": "abc\x85",
    "over-long": "a" * 300,
    "very-long": "b" * 5000,
    "non-ascii": "é" * 16,
    "emoji": "\U0001f4a5",
    "right-to-left-override": "abc\u202edef",
    "broken-utf8": "%FF%FE",
}
ID_ROUTES = [
    "/entries/{}/",
    "/entries/{}/edit/",
    "/entries/{}/submit/",
    "/entries/{}/withdraw/",
    "/entries/{}/media/image/",
    "/entries/{}/media/film/",
]
SLUG_ROUTES = [
    "/partners/{}/",
    "/competitions/{}/",
    "/competitions/{}/enter/",
    "/competitions/open-call/{}/",
    "/competitions/{}/open-call/",
    "/{}/",
]
# allauth's own routes take any string: an unknown key there is allauth's page
# ("This link is invalid"), but control characters never reach its lookups.
THIRD_PARTY_ROUTES = [
    "/accounts/confirm-email/{}/",
    "/accounts/password/reset/key/{}/",
]
CONTROL_VALUES = {
    name: value
    for name, value in BAD_VALUES.items()
    if name
    in {
        "nul",
        "nul-inside",
        "nul-in-a-valid-length-id",
        "control",
        "delete-character",
        "c1-control",
    }
}


def encoded(value: str) -> str:
    """Percent-encode ``value`` for a path, keeping deliberately broken escapes."""
    return value if value.startswith("%") else quote(value, safe="")


@pytest.fixture
def world(competition_index):
    """An open competition, a partner and a submitted entry, so real ids exist."""
    competition = CompetitionPageFactory(parent=competition_index, slug="open-call")
    PartnerCommunityFactory(slug="studyhub")
    return EntryFactory(competition=competition, submitted=True)


@pytest.fixture
def visitor(client, world):
    return client


@pytest.fixture
def author(client, world):
    client.force_login(world.author)
    return client


@pytest.mark.parametrize("route", ID_ROUTES + SLUG_ROUTES)
@pytest.mark.parametrize("value", BAD_VALUES.values(), ids=BAD_VALUES.keys())
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_impossible_id_or_slug_is_not_found(visitor, route, value, method):
    """NUL, control characters, over-long and non-ASCII values: 404, no 500."""
    response = getattr(visitor, method)(route.format(encoded(value)))

    assert response.status_code == 404


@pytest.mark.parametrize("route", ID_ROUTES)
@pytest.mark.parametrize("value", BAD_VALUES.values(), ids=BAD_VALUES.keys())
def test_an_impossible_entry_id_is_not_found_for_a_member_either(author, route, value):
    """A signed-in member (whose requests reach further) gets the same 404."""
    assert author.get(route.format(encoded(value))).status_code == 404


@pytest.mark.parametrize("route", THIRD_PARTY_ROUTES)
@pytest.mark.parametrize("value", BAD_VALUES.values(), ids=BAD_VALUES.keys())
def test_an_impossible_key_on_allauths_routes_is_never_an_error(visitor, route, value):
    """allauth's key routes answer its own page or a 404, never a 500."""
    response = visitor.get(route.format(encoded(value)))

    assert response.status_code < 500
    if value in CONTROL_VALUES.values():
        assert response.status_code == 404


@pytest.mark.parametrize("value", BAD_VALUES.values(), ids=BAD_VALUES.keys())
def test_an_impossible_media_field_is_not_found(visitor, world, value):
    """The media route's field name is checked the same way."""
    response = visitor.get(f"/entries/{world.public_id}/media/{encoded(value)}/")

    assert response.status_code == 404


@pytest.mark.parametrize("value", ["\x00", "abc\x00", "\x1b[31m"])
def test_a_nul_in_the_query_string_is_not_an_error(visitor, value):
    """A referral or search parameter with a NUL byte is refused, not queried."""
    for path in ["/", "/competitions/", "/partners/studyhub/"]:
        response = visitor.get(path, {"via": value, "q": value})

        assert response.status_code in {200, 400, 404}


def test_valid_ids_and_slugs_still_work(client, world):
    """The guard lets real addresses through."""
    client.force_login(world.author)

    assert client.get(world.get_absolute_url()).status_code == 200
    assert client.get("/partners/studyhub/").status_code == 200
    assert client.get("/competitions/open-call/").status_code == 200
    assert client.get("/competitions/open-call/enter/").status_code in {200, 302, 403}


@pytest.mark.parametrize("value", ["\x00" * 32, "abc\x00" * 8, "é" * 32])
def test_a_session_cookie_with_a_nul_byte_is_ignored(client, world, value):
    """A forged session cookie is treated as no session, not queried into a 500."""
    client.cookies["sessionid"] = value

    assert client.get("/").status_code == 200
    assert client.get(world.get_absolute_url()).status_code == 404


# The moderation area of the admin ---------------------------------------------------

MODERATION_ID_ROUTES = [
    "/admin/moderation/entries/{}/",
    "/admin/moderation/entries/{}/claim/renew/",
    "/admin/moderation/entries/{}/claim/break/",
]


@pytest.fixture
def moderation_staff(world):
    """An editor and the moderator of the entry's competition."""
    from tests.factories import ModeratorAssignmentFactory
    from tests.support.moderation import admin_moderator, editor

    moderator = admin_moderator(handle="mod_here")
    ModeratorAssignmentFactory(competition=world.competition, moderator=moderator)
    return {"editor": editor(), "moderator": moderator}


@pytest.mark.parametrize("role", ["editor", "moderator"])
@pytest.mark.parametrize("value", BAD_VALUES.values(), ids=BAD_VALUES.keys())
def test_an_impossible_entry_id_in_the_moderation_area_is_not_found(
    client, moderation_staff, role, value
):
    """The review screen, its decisions and its claims: 404, no 500."""
    from tests.support.staff import sign_in

    sign_in(client, moderation_staff[role])

    for route in MODERATION_ID_ROUTES:
        url = route.format(encoded(value))
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, {"action": "approve"}).status_code == 404, url


@pytest.mark.parametrize("value", CONTROL_VALUES.values(), ids=CONTROL_VALUES.keys())
def test_an_impossible_id_in_a_bulk_decision_is_never_looked_up(
    client, world, moderation_staff, value
):
    """Alone it is not found (404); beside a real id it is counted, not queried."""
    from moderation.models import ModerationDecision
    from tests.support.staff import sign_in

    sign_in(client, moderation_staff["moderator"])
    bulk = "/admin/moderation/bulk/"

    alone = client.get(bulk, {"action": "approve", "id": value})
    confirmation = client.get(bulk, {"action": "approve", "id": world.public_id})
    beside = client.post(
        f"{bulk}?action=approve&id={world.public_id}&id={quote(value, safe='')}",
        {"seen": confirmation.context["seen"]},
        follow=True,
    )

    assert alone.status_code == 404
    assert beside.status_code == 200
    assert "1 approved; 1 could not be found." in beside.content.decode()
    assert ModerationDecision.objects.get().entry == world


@pytest.mark.parametrize("value", CONTROL_VALUES.values(), ids=CONTROL_VALUES.keys())
def test_an_impossible_token_of_what_was_seen_is_a_400_that_decides_nothing(
    client, world, moderation_staff, value
):
    """The bulk form's ``seen`` field, garbled: the confirmation again, no 500."""
    from moderation.models import ModerationDecision
    from tests.support.staff import sign_in

    sign_in(client, moderation_staff["moderator"])

    response = client.post(
        f"/admin/moderation/bulk/?action=reject&id={world.public_id}",
        {"seen": value, "reason": "spam", "message": "Kept as typed."},
    )

    assert response.status_code == 400
    assert "Kept as typed." in response.content.decode()
    assert not ModerationDecision.objects.exists()


# Numbers no row can have ------------------------------------------------------------

# Past 64 bits: SQLite raised OverflowError where PostgreSQL finds no row.
IMPOSSIBLE_NUMBERS = {
    "twenty-digits": "99999999999999999999",
    "just-past-64-bits": str(2**63),
    "zero": "0",
}


def id_routes() -> list[str]:
    """Every address with an ``<id:...>`` argument, filled with a placeholder."""
    import re

    from core.ids import IdConverter
    from tests.support.urls import site_routes

    addresses = []
    for route in site_routes():
        converters = getattr(route.pattern.pattern, "converters", {})
        if any(isinstance(c, IdConverter) for c in converters.values()):
            address = re.sub(r"<id:\w+>", "{}", route.text)
            addresses.append("/" + re.sub(r"<\w+:\w+>", "csv", address))
    return addresses


@pytest.mark.parametrize("value", IMPOSSIBLE_NUMBERS.values(), ids=IMPOSSIBLE_NUMBERS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_id_no_row_can_have_is_not_found_in_the_admin(
    client, world, moderation_staff, value, method
):
    """Every ``<id:...>`` route: a 404 before any query, never a 500."""
    from tests.support.staff import sign_in

    sign_in(client, moderation_staff["editor"])
    routes = id_routes()

    assert len(routes) >= 20
    for route in routes:
        url = route.format(*[value] * route.count("{}"))
        assert getattr(client, method)(url).status_code == 404, url


LISTINGS = [
    "/admin/moderation/",
    "/admin/moderation/results/",
    "/admin/moderation/report/competitions/",
    "/admin/snippets/submissions/entry/",
    "/admin/snippets/submissions/entry/results/",
    "/admin/judging-rounds/",
]


@pytest.mark.parametrize("value", IMPOSSIBLE_NUMBERS.values(), ids=IMPOSSIBLE_NUMBERS)
def test_a_filter_naming_a_competition_no_row_can_have_is_refused(
    client, world, moderation_staff, value
):
    """``?competition=`` with a number past 64 bits: the listing, not a 500."""
    from tests.support.staff import sign_in

    sign_in(client, moderation_staff["editor"])

    for listing in LISTINGS:
        response = client.get(listing, {"competition": value})
        assert response.status_code in {200, 302, 400}, listing
