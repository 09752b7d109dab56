"""Nothing private and nothing unapproved in any answer of the API or the feeds.

The raw bodies are searched, not the parsed data: an email or a title that
slipped into any field, link or error message would be found.
"""

import pytest

from tests.api.conftest import SECRET_EMAIL
from tests.showcase.builders import award

pytestmark = pytest.mark.django_db


def every_address(world) -> list[str]:
    """Every answer the open data gives about the world, lists and objects."""
    competition_urls = [
        f"/api/v1/competitions/{slug}/{tail}"
        for slug in ("high-street", "after-mode")
        for tail in ("", "entries/", "entries/?limit=100", "results/")
    ]
    entry_urls = [
        f"/api/v1/entries/{entry.public_id}/"
        for entry in world.approved + world.unapproved
    ]
    return [
        "/api/v1/",
        "/api/v1/openapi.json",
        "/api/v1/competitions/",
        "/api/v1/entries/",
        "/api/v1/entries/?limit=100",
        *(f"/api/v1/entries/?kind={kind}" for kind in ("story", "image", "idea")),
        *competition_urls,
        *entry_urls,
        "/feeds/entries/",
        "/feeds/results/",
        "/competitions/high-street/feed/",
        "/competitions/after-mode/feed/",
    ]


def secrets_of(world) -> list[str]:
    """What must never appear: the email, unapproved entries, private files."""
    private = [
        value
        for entry in world.approved + world.unapproved
        for value in (entry.image.name, entry.film_file.name)
        if value
    ]
    unapproved = [
        value
        for entry in world.unapproved
        for value in (entry.title, entry.public_id, entry.media_url("image"))
    ]
    return [SECRET_EMAIL, "email", "age_band", "feedback", *private, *unapproved]


@pytest.fixture
def published(world):
    """The results are out, with an award to a hidden entry that must not show."""
    award(world.entry("Shop fronts"), title="Best shop front")
    hidden = next(e for e in world.unapproved if e.title == "Zq hidden title")
    award(hidden, title="Best hidden entry")
    return world


def test_no_answer_holds_an_email_an_unapproved_entry_or_a_private_file(
    client, published
):
    secrets = secrets_of(published)
    leaks = []
    for url in every_address(published):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        body = response.content.decode()
        leaks += [(url, secret) for secret in secrets if secret in body]

    assert leaks == []


def test_every_unapproved_entry_is_a_404(client, world):
    for entry in world.unapproved:
        response = client.get(f"/api/v1/entries/{entry.public_id}/")
        assert response.status_code == 404, entry.title


def test_the_lists_hold_exactly_the_approved_entries(client, world):
    listed = client.get("/api/v1/entries/?limit=100").json()

    assert {e["id"] for e in listed["items"]} == {e.public_id for e in world.approved}
    assert listed["count"] == len(world.approved)


def test_the_search_for_secrets_would_find_them(client, world):
    """The check above can fail: an author's handle and a title are found."""
    body = client.get("/api/v1/entries/?limit=100").content.decode()

    assert world.author.handle in body
    assert world.approved[0].title in body
