import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from core import pagecache
from tests.factories import CompetitionIndexPageFactory, HomePageFactory
from tests.support.recaptcha import FakeRecaptcha


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    """Write media under a temporary folder and start each test with a cold cache."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    private = settings.STORAGES["private"]
    if private["BACKEND"].endswith("FileSystemStorage"):
        options = {**private.get("OPTIONS", {}), "location": tmp_path / "private"}
        settings.STORAGES = {
            **settings.STORAGES,
            "private": {**private, "OPTIONS": options},
        }
    cache.clear()
    pagecache.local_pages.forget()
    yield
    cache.clear()
    pagecache.local_pages.forget()


def ensure_wagtail_rows() -> Page:
    """Return the root page, making again what Wagtail's migrations make.

    A transactional test (the browser tests) empties the database when it ends;
    a test that runs after it on the same worker finds no locale, root page,
    root collection or default site, so they are made again here.
    """
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(
            django_settings.LANGUAGE_CODE
        )
    )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root")
    )


@pytest.fixture(autouse=True)
def _wagtail_rows(request):
    """Give every test in a transaction the rows Wagtail's migrations make.

    Which worker runs which test is up to pytest-xdist, so any test may come
    after a browser test that emptied the database.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    uses_db = marker is not None or "db" in request.fixturenames
    commits = {"transactional_db", "live_server"} & set(request.fixturenames)
    if uses_db and not transactional and not commits:
        request.getfixturevalue("db")
        ensure_wagtail_rows()


@pytest.fixture
def home_page(db):
    """A HomePage that is the root of the default site, as seed_demo makes it."""
    home = HomePageFactory(parent=ensure_wagtail_rows())
    site = Site.objects.filter(is_default_site=True).first() or Site(
        is_default_site=True, hostname="localhost", port=80
    )
    site.root_page = home
    site.save()
    return home


@pytest.fixture
def competition_index(home_page):
    """The /competitions/ page."""
    return CompetitionIndexPageFactory(parent=home_page)


@pytest.fixture(autouse=True)
def recaptcha(monkeypatch) -> FakeRecaptcha:
    """Answer reCAPTCHA checks without the network: a human, unless told otherwise."""
    fake = FakeRecaptcha()
    monkeypatch.setattr("django_recaptcha.fields.client.submit", fake.submit)
    return fake


@pytest.fixture
def stored_timeouts(monkeypatch) -> list[int]:
    """Record the lifetime of each page the public page cache stores."""
    timeouts = []
    real_set = pagecache.cache.set

    def recording_set(key, value, timeout=None, **kwargs):
        if key.startswith(pagecache.KEY_PREFIX):
            timeouts.append(timeout)
        return real_set(key, value, timeout=timeout, **kwargs)

    monkeypatch.setattr(pagecache.cache, "set", recording_set)
    return timeouts


@pytest.fixture
def redis_down(settings):
    """The production cache backend pointed at a port where no Redis listens."""
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
