"""A HEAD request answers wherever a GET does: same status, same headers, no body.

Link checkers, uptime monitors, crawlers and scanners ask with HEAD; a 405 on a
page anyone can read looks like a broken link. Before this sweep the open-data
API (django-ninja routes only the methods an operation names) and every form
page behind ``require_http_methods(["GET", "POST"])`` answered HEAD with 405.

The sweep walks the URL resolver (``tests.support.urls``), fills each route's
arguments with real ids, adds the page tree and the routes below each
competition, and asks every address with HEAD and then GET, as a visitor and as
a signed-in member (and the admin's own addresses as an editor). Every route of
the site is either swept or named in ``NOT_SWEPT`` with the reason, so a new
route cannot slip past.
"""

import itertools

import pytest
from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.models import Page

from competitions.routes import registered_routes
from members.data_rights import export_token, private_storage
from members.models import DataExport
from submissions.kinds import PRIVATE_FILES
from tests.factories import (
    CompetitionPageFactory,
    CompetitionPartnershipFactory,
    EntryFactory,
    PartnerCommunityFactory,
    UserFactory,
)
from tests.showcase.builders import award, image_entry
from tests.support.head import compared_headers
from tests.support.staff import sign_in
from tests.support.urls import Route, site_routes

pytestmark = pytest.mark.django_db

# Routes the sweep does not ask, and why.
NOT_SWEPT = {
    "wagtail_serve": "Wagtail's pages are swept through the page tree instead.",
    "api:": "The API's catch-all 404 is swept at /api/v1/no-such-thing/.",
}
# Staff-only routes that need ids are the admin sweep's (test_admin_urls.py).
ADMIN_PREFIX = "admin/"
# Admin addresses not asked as an editor: Wagtail's deliberate 500, and its
# sign-out, which drops the session cookie whatever the method (a 405 included).
EDITOR_NOT_SWEPT = {"/admin/failwhale/", "/admin/logout/"}
# Wagtail's own admin views that list only "get" in ``http_method_names``, so
# refuse HEAD: not ours to change, staff-only and never linked from outside.
# Named with what they answer, so a change in Wagtail shows here.
WAGTAIL_REFUSES_HEAD = {"/admin/block-preview/": "HEAD 405, GET 404"}
MISSING = "999999"


@pytest.fixture
def world(competition_index):
    """An open call and a finished one, a partner, and a member's every entry."""
    partner = PartnerCommunityFactory(slug="studyhub", name="StudyHub")
    open_call = CompetitionPageFactory(
        parent=competition_index, slug="rivers", entry_kinds=["story", "image"]
    )
    finished = CompetitionPageFactory(
        parent=competition_index, slug="kindness", results=True
    )
    for competition in (open_call, finished):
        CompetitionPartnershipFactory(page=competition, partner=partner)
    member = UserFactory(email="ana@example.org", handle="ana_writes")
    EmailAddress.objects.create(
        user=member, email=member.email, verified=True, primary=True
    )
    neighbour = UserFactory(email="ben@example.org", handle="benshoots")
    winner = EntryFactory(competition=finished, author=neighbour, approved=True)
    award(winner)
    entries = [
        image_entry(open_call, author=member, title="Shop fronts"),
        EntryFactory(competition=open_call, author=member, draft=True),
        EntryFactory(competition=open_call, author=member, submitted=True),
        EntryFactory(competition=open_call, author=member, rejected=True),
        EntryFactory(competition=open_call, author=neighbour, approved=True),
        winner,
    ]
    export = DataExport.objects.create(
        user=member,
        file_name=private_storage().save("exports/ana.zip", ContentFile(b"PK")),
    )
    return {
        "partner": partner,
        "competitions": [open_call, finished],
        "member": member,
        "entries": entries,
        "token": export_token(export),
    }


def arguments(world) -> dict[str, list[str]]:
    """Return the values to try for each argument a route takes, by its name."""
    competitions = [competition.slug for competition in world["competitions"]]
    return {
        "public_id": [entry.public_id for entry in world["entries"]],
        "slug": competitions,
        "competition": competitions,
        "partner": [world["partner"].slug],
        "field": list(PRIVATE_FILES),
        "token": [world["token"]],
        "key": ["not-a-real-key"],
        "uidb36": ["1"],
        "restriction_id": [MISSING],
        "page_view_restriction_id": [MISSING],
        "page_id": [str(world["competitions"][0].pk)],
    }


# Where one route names an argument as another kind of thing.
ROUTE_ARGUMENTS = {"communities:partner_detail": {"slug": ["studyhub", "nobody"]}}
# Routes with unnamed groups: the arguments to reverse them with.
POSITIONAL_ARGUMENTS = {"wagtaildocs_serve": [(MISSING, "missing.pdf")]}


def route_urls(route: Route, values: dict[str, list[str]]) -> list[str]:
    """Return the addresses of ``route`` for every combination of real arguments."""
    if route.positional:
        return [
            reverse(route.name, args=args)
            for args in POSITIONAL_ARGUMENTS.get(route.name, [])
        ]
    if not route.keywords:
        return ["/" + route.text]
    if route.text.startswith(ADMIN_PREFIX) or not route.name:
        return []
    chosen = {**values, **ROUTE_ARGUMENTS.get(route.name, {})}
    combinations = itertools.product(*(chosen[name] for name in route.keywords))
    return [
        reverse(route.name, kwargs=dict(zip(route.keywords, combination, strict=True)))
        for combination in combinations
    ]


def page_urls(world) -> list[str]:
    """Every live page, the routes below each competition, and a few misses."""
    pages = [page.url for page in Page.objects.live().specific() if page.url]
    below = [
        competition.url + route.pattern
        for competition in world["competitions"]
        for route in registered_routes()
    ]
    return pages + below + ["/no-such-page/", "/api/v1/no-such-thing/"]


# Addresses whose query makes the answer different: filters, refusals, pages.
QUERIES = [
    "/showcase/?q=shop",
    "/showcase/?kind=nonsense",
    "/api/v1/entries/?limit=1&offset=1",
    "/api/v1/entries/?limit=100000",
    "/api/v1/competitions/?phase=nonsense",
    "/api/v1/competitions/rivers/entries/?category=12",
    "/embed/rivers/?partner=studyhub",
    "/competitions/rivers/enter/?kind=image",
]


def swept_urls(world) -> list[str]:
    """Return every address the sweep asks, each once."""
    values = arguments(world)
    urls = [url for route in swept_routes() for url in route_urls(route, values)]
    return list(dict.fromkeys(urls + page_urls(world) + QUERIES))


def swept_routes() -> list[Route]:
    return [route for route in site_routes() if route.name not in NOT_SWEPT]


def compared(response) -> tuple:
    """Return what a HEAD answer must share with the GET answer."""
    return response.status_code, compared_headers(response)


def differences(client, urls: list[str]) -> dict[str, str]:
    """Ask each address with HEAD, then GET; say how the answers differ, if they do."""
    found = {}
    for url in urls:
        head_status, head = compared(client.head(url))
        get_status, get = compared(client.get(url))
        if head_status != get_status:
            found[url] = f"HEAD {head_status}, GET {get_status}"
        elif changed := sorted(
            name for name in head.keys() | get.keys() if head.get(name) != get.get(name)
        ):
            found[url] = "; ".join(
                f"{name}: HEAD {head.get(name)!r}, GET {get.get(name)!r}"
                for name in changed
            )
    return found


def test_every_route_is_swept_or_said_why_not(world):
    """A new route is asked by the sweep unless it is named here with a reason."""
    values = arguments(world)
    unswept = [
        route.text
        for route in swept_routes()
        if not route_urls(route, values)
        and not (route.text.startswith(ADMIN_PREFIX) and route.keywords)
    ]

    assert unswept == []


def test_the_sweep_reaches_every_kind_of_address(world):
    """The API, the feeds, the widgets, the media, the forms and the pages."""
    urls = swept_urls(world)
    entry = world["entries"][0]

    for expected in [
        "/api/v1/competitions/rivers/entries/",
        f"/api/v1/entries/{entry.public_id}/",
        "/feeds/entries/",
        "/competitions/kindness/feed/",
        "/competitions/kindness/results/",
        "/competitions/rivers/gallery/",
        "/embed/rivers/",
        "/badges/studyhub/rivers.svg",
        f"/entries/{entry.public_id}/media/image/",
        f"/entries/{entry.public_id}/edit/",
        f"/entries/{entry.public_id}/vote/",
        "/me/data/",
        "/partners/studyhub/",
        "/accounts/login/",
        "/admin/",
    ]:
        assert expected in urls
    assert len(urls) > 150


def test_head_answers_like_get_everywhere_for_a_visitor(client, world):
    """Every address answers HEAD with GET's status and headers, never a 405."""
    assert differences(client, swept_urls(world)) == {}


def test_head_answers_like_get_everywhere_for_a_member(client, world):
    """Signed in, the member's own pages and forms answer HEAD too."""
    client.force_login(world["member"])

    assert differences(client, swept_urls(world)) == {}
    assert client.session["_auth_user_id"] == str(world["member"].pk)


def test_head_answers_like_get_in_the_admin_for_an_editor(client, world):
    """The admin's own addresses answer HEAD as GET for the staff who use them."""
    editor = sign_in(client, UserFactory(editor=True))
    urls = [
        url
        for url in swept_urls(world)
        if url.startswith("/" + ADMIN_PREFIX) and url not in EDITOR_NOT_SWEPT
    ]

    assert differences(client, urls) == WAGTAIL_REFUSES_HEAD
    assert client.session["_auth_user_id"] == str(editor.pk)
