"""Each worker's own copies of public pages (core.pagecache.LocalPages)."""

import time

import pytest
from django.core.cache import cache

from core import pagecache
from core.pagecache import GENERATION_KEY, LocalPages, local_pages
from submissions.enums import EntryStatus
from submissions.services import entry_decide
from tests.factories import EntryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    settings.PUBLIC_PAGE_COUNTS_SECONDS = 30
    settings.PUBLIC_PAGE_LOCAL_SECONDS = 60
    settings.PUBLIC_PAGE_LOCAL_BYTES = 1024 * 1024


@pytest.fixture
def cache_reads(monkeypatch) -> list:
    """Record every read of the shared cache by the page cache."""
    reads = []
    real_get_many = pagecache.cache.get_many

    def recording(keys, **kwargs):
        reads.append(keys)
        return real_get_many(keys, **kwargs)

    monkeypatch.setattr(pagecache.cache, "get_many", recording)
    return reads


def gallery(entry) -> str:
    return entry.competition.url + "gallery/"


def test_a_page_served_again_asks_the_shared_cache_nothing(client, entry, cache_reads):
    first = client.get(gallery(entry))
    second = client.get(gallery(entry))
    third = client.get(gallery(entry))

    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == third["X-Cache"] == "hit"
    assert third.content == first.content
    assert len(cache_reads) == 1  # the first request's only


def test_a_page_another_worker_kept_is_copied_here(client, entry, cache_reads):
    client.get(gallery(entry))
    local_pages.forget()  # as in a second worker, which has no copy yet

    served = [client.get(gallery(entry))["X-Cache"] for _ in range(3)]

    assert served == ["hit", "hit", "hit"]
    assert len(cache_reads) == 2


def test_a_change_made_in_this_worker_shows_at_once(
    client, competition, django_capture_on_commit_callbacks
):
    waiting = EntryFactory(competition=competition, submitted=True, title="Bus stop")
    client.get(competition.url + "gallery/")
    assert client.get(competition.url + "gallery/")["X-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        entry_decide(
            entry=waiting,
            actor=UserFactory(is_superuser=True),
            to_status=EntryStatus.APPROVED,
        )
    response = client.get(competition.url + "gallery/")

    assert response["X-Cache"] == "miss"
    assert "Bus stop" in response.content.decode()


class Clock:
    """The page cache's clocks, moved by hand."""

    def __init__(self) -> None:
        self.offset = 0.0

    def monotonic(self) -> float:
        return time.monotonic() + self.offset

    def time(self) -> float:
        return time.time() + self.offset


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(pagecache, "time", clock)
    return clock


def test_a_change_made_in_another_worker_shows_once_the_window_passes(
    client, entry, settings, clock
):
    settings.PUBLIC_PAGE_LOCAL_SECONDS = 1
    client.get(gallery(entry))
    assert client.get(gallery(entry))["X-Cache"] == "hit"

    cache.incr(GENERATION_KEY)  # another worker starts a new generation
    within = client.get(gallery(entry))["X-Cache"]
    clock.offset += 1
    after = client.get(gallery(entry))["X-Cache"]

    assert within == "hit"  # at most PUBLIC_PAGE_LOCAL_SECONDS late
    assert after == "miss"


def test_a_copy_is_not_served_past_its_page_lifetime(
    client, entry, settings, clock, cache_reads
):
    settings.PUBLIC_PAGE_LOCAL_SECONDS = 1000
    client.get(gallery(entry))
    client.get(gallery(entry))
    reads_while_fresh = len(cache_reads)
    clock.offset += 301  # past PUBLIC_PAGE_CACHE_SECONDS, still in the window
    client.get(gallery(entry))

    assert reads_while_fresh == 1
    assert len(cache_reads) == 2  # the copy was too old: the shared cache decides


def test_turned_off_every_hit_asks_the_shared_cache(
    client, entry, settings, cache_reads
):
    settings.PUBLIC_PAGE_LOCAL_SECONDS = 0
    served = [client.get(gallery(entry))["X-Cache"] for _ in range(3)]

    assert served == ["miss", "hit", "hit"]
    assert len(cache_reads) == 3


def test_an_emptied_shared_cache_starts_a_generation_no_copy_belongs_to(
    client, entry, clock
):
    client.get(gallery(entry))
    before = cache.get(GENERATION_KEY)
    cache.clear()  # Redis flushed or restarted
    clock.offset += 60  # this worker's window has passed

    response = client.get(gallery(entry))

    assert response["X-Cache"] == "miss"
    assert cache.get(GENERATION_KEY) not in (None, before)


def page(generation: int, content: bytes, *, expires_in: float = 60) -> tuple:
    return (generation, time.time() + expires_in, [], {}, content)


def test_copies_of_another_generation_or_past_their_time_are_not_served(settings):
    pages = LocalPages()
    pages.learn(5)
    pages.put("old", page(4, b"old"))
    pages.put("current", page(5, b"current"))
    pages.put("expired", page(5, b"expired", expires_in=-1))

    assert pages.get("old") is None  # never kept: not this generation
    assert pages.get("current")[-1] == b"current"
    assert pages.get("expired") is None

    pages.learn(6)
    assert pages.get("current") is None


def test_the_least_recently_served_copies_go_first_within_the_budget(settings):
    settings.PUBLIC_PAGE_LOCAL_BYTES = 25
    pages = LocalPages()
    pages.learn(1)
    for key in ("a", "b"):
        pages.put(key, page(1, b"x" * 10))
    pages.get("a")  # served since: b is now the least recent
    pages.put("c", page(1, b"x" * 10))
    pages.put("huge", page(1, b"x" * 26))

    assert pages.get("b") is None
    assert pages.get("huge") is None
    assert pages.get("a") is not None
    assert pages.get("c") is not None


def test_no_copy_is_served_while_the_generation_cannot_be_read(settings):
    pages = LocalPages()
    pages.learn(1)
    pages.put("a", page(1, b"a"))
    pages.learn(None)  # the shared cache went away

    assert pages.get("a") is None
