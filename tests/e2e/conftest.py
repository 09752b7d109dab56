"""Browser tests: Debian's chromium driven by Playwright against ``live_server``.

pytest-playwright's ``page``, ``context`` and ``new_context`` fixtures (and its
artefacts on failure) are kept. The fixtures beneath them are overridden so that
Playwright starts the system chromium, never a browser of its own, and runs only
while the tests in this package run.
"""

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from playwright.sync_api import Browser, BrowserType, Playwright, sync_playwright
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from competitions.models import CompetitionIndexPage
from home.models import HomePage
from tests.factories import CompetitionIndexPageFactory, HomePageFactory

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MISSING_CHROMIUM = "Debian's chromium is not installed (apt-get install chromium)"
REQUIRE_BROWSER_VARIABLE = "OPENCALL_REQUIRE_BROWSER"


def chromium_executable() -> str:
    """Return the path of Debian's chromium; skip without it, or fail in CI."""
    path = shutil.which("chromium")
    if path is None:
        if os.environ.get(REQUIRE_BROWSER_VARIABLE) == "1":
            pytest.fail(f"{MISSING_CHROMIUM}; {REQUIRE_BROWSER_VARIABLE}=1 is set.")
        pytest.skip(MISSING_CHROMIUM)
    return path


@pytest.fixture(scope="session", autouse=True)
def chromium_path() -> str:
    """Find chromium before the test database and live server are set up."""
    return chromium_executable()


@pytest.fixture(autouse=True)
def public_page_cache(settings) -> None:
    """Cache anonymous pages whole, as in production: browser tests commit, so
    the invalidations they cause happen, and a stale page fails a journey."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300


@pytest.fixture(scope="session")
def browser_type_launch_args(pytestconfig, chromium_path) -> dict:
    """Launch Debian's chromium headless, never a browser Playwright downloads."""
    launch_args = {
        "executable_path": chromium_path,
        "args": CHROMIUM_ARGS,
        "headless": not pytestconfig.getoption("--headed"),
    }
    if pytestconfig.getoption("--slowmo"):
        launch_args["slow_mo"] = pytestconfig.getoption("--slowmo")
    return launch_args


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    """Run Playwright only while this package's tests run.

    Playwright's sync API keeps an asyncio loop running in the main thread from
    start to stop, so Django refuses ORM calls unless DJANGO_ALLOW_ASYNC_UNSAFE is
    set. Scoping both to this package (pytest-playwright's fixture lasts for the
    whole session) keeps the loop and the variable away from the other tests and
    from the subprocesses they start, such as ``manage.py check --deploy``.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as pw:
            yield pw


@pytest.fixture(scope="package")
def browser_type(playwright: Playwright, browser_name: str) -> BrowserType:
    if browser_name != "chromium":
        pytest.skip(f"Only Debian's chromium is available, not {browser_name}.")
    return playwright.chromium


@pytest.fixture(scope="package")
def browser(browser_type: BrowserType, browser_type_launch_args) -> Iterator[Browser]:
    browser = browser_type.launch(**browser_type_launch_args)
    yield browser
    browser.close()


@pytest.fixture(scope="package")
def browser_context_args(live_server) -> dict:
    """Browse the live server as a visitor from the United Kingdom."""
    return {"base_url": live_server.url, "locale": "en-GB"}


@dataclass
class SiteTree:
    home: HomePage
    competitions: CompetitionIndexPage


@pytest.fixture
def site_tree(transactional_db) -> SiteTree:
    """Build root, home page, default site and /competitions/ from scratch.

    Transactional tests flush the database after each test, which removes the
    root page, the locale and the default site that Wagtail's migrations create,
    so each test makes them again (or reuses them, for the first test), and
    the root collection that approving an entry files its image under.
    """
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root")
    )
    home = HomePageFactory(parent=root, title="Welcome to OpenCall")
    site = Site.objects.filter(is_default_site=True).first() or Site(
        is_default_site=True
    )
    site.hostname = "localhost"
    site.port = 80
    site.site_name = "OpenCall"
    site.root_page = home
    site.save()
    index = CompetitionIndexPageFactory(parent=home)
    return SiteTree(home=home, competitions=index)


@pytest.fixture
def console_errors(page) -> list[str]:
    """Collect console errors and uncaught exceptions; CSP violations are among them."""
    errors: list[str] = []

    def on_console(message) -> None:
        if message.type == "error":
            errors.append(f"{message.text} ({message.location})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"Uncaught: {error}"))
    return errors
