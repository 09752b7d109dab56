"""HEAD on the open data: every API operation and feed answers as its GET does.

Before ``api.endpoints.ReadRouter``, every ``@api.get`` operation answered a HEAD
with 405 (django-ninja routes only the methods an operation names), so link
checkers and uptime monitors reported the API as broken.
"""

import pytest
from django.core.cache import cache

from api.endpoints import api
from tests.showcase.builders import award
from tests.support.head import assert_head_answers_as_get

pytestmark = pytest.mark.django_db

API = "/api/v1/"
# Answers of every kind: each operation, a page, a refusal, a miss, the schema
# and docs, and each feed.
ADDRESSES = [
    API,
    f"{API}competitions/",
    f"{API}competitions/?phase=voting",
    f"{API}competitions/high-street/",
    f"{API}competitions/high-street/entries/?kind=story",
    f"{API}competitions/high-street/results/",
    f"{API}competitions/no-such-call/",
    f"{API}entries/",
    f"{API}entries/?limit=2&offset=1",
    f"{API}entries/?limit=100000",
    f"{API}entries/AAAAAAAAAAAAAAAA/",
    f"{API}no-such-thing/",
    f"{API}openapi.json",
    f"{API}docs",
    "/feeds/entries/",
    "/feeds/results/",
    "/competitions/high-street/feed/",
]


@pytest.fixture
def page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    cache.clear()


@pytest.fixture
def published(world):
    award(world.entry("Market day"), title="Best photograph")
    return world


@pytest.mark.parametrize("url", ADDRESSES)
def test_head_answers_with_the_status_and_headers_of_get(client, published, url):
    """Same status, type and length as GET; the body is left off."""
    _head, get = assert_head_answers_as_get(client, url)

    assert len(get.content) > 0


@pytest.mark.parametrize(
    "url", [f"{API}entries/{{public_id}}/", f"{API}competitions/high-street/entries/"]
)
def test_head_on_an_entry_answers_as_its_get(client, world, url):
    """An operation with a path parameter reads it for HEAD too."""
    url = url.format(public_id=world.entry("Market day").public_id)

    head, get = client.head(url), client.get(url)

    assert (head.status_code, get.status_code) == (200, 200)
    assert int(head["Content-Length"]) == len(get.content)


@pytest.mark.parametrize("url", [API, f"{API}entries/", "/feeds/entries/"])
def test_head_is_served_from_the_page_cache_with_gets_headers(
    client, world, page_cache_on, url
):
    """After a GET keeps the answer, a HEAD is a hit with the same headers."""
    get = client.get(url)
    head = client.head(url)

    assert (get["X-Cache"], head["X-Cache"]) == ("miss", "hit")
    assert head["Content-Type"] == get["Content-Type"]
    assert int(head["Content-Length"]) == len(get.content)


def test_a_head_first_keeps_nothing_and_the_get_after_it_is_whole(
    client, world, page_cache_on
):
    """A HEAD that misses stores no page: the next GET renders the full answer."""
    head = client.head(f"{API}entries/")
    first = client.get(f"{API}entries/")
    second = client.get(f"{API}entries/")

    assert (head["X-Cache"], first["X-Cache"], second["X-Cache"]) == (
        "miss",
        "miss",
        "hit",
    )
    assert second.content == first.content
    assert second.json()["count"] == 4


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_only_head_is_added_to_the_reading_operations(client, world, method):
    """Writing methods are still refused, and the refusal names GET and HEAD."""
    response = getattr(client, method)(f"{API}entries/")

    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}


def test_the_schema_documents_each_read_once_as_get(client, world):
    """HEAD is GET without the body: the schema lists GET alone, ids stay unique."""
    paths = api.get_openapi_schema()["paths"]
    ids = [
        operation["operationId"]
        for path in paths.values()
        for operation in path.values()
    ]

    assert {method for path in paths.values() for method in path} == {"get"}
    assert len(ids) == len(set(ids)) == 7
    assert "HEAD" in api.get_openapi_schema()["info"]["description"]
