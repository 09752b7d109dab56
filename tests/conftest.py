import pytest
from django.core.cache import cache
from wagtail.models import Page, Site

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
    yield
    cache.clear()


@pytest.fixture
def home_page(db):
    """A HomePage that is the root of the default site, as seed_demo makes it."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    site = Site.objects.get(is_default_site=True)
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
