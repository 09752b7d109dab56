"""A partner pastes the widget snippet into its own page: listed origins only.

Each partner site is a static page served by a tiny HTTP server on another
loopback port, so it is a different origin from the live server's.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from communities.models import PartnerCommunity
from tests.factories import (
    CompetitionPageFactory,
    CompetitionPartnershipFactory,
    PartnerCommunityFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Rivers of home"


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:  # noqa: A002 (the base's name)
        pass


@contextmanager
def partner_site(folder: Path, snippet: str) -> Iterator[str]:
    """Serve a forum page holding ``snippet`` on 127.0.0.1; yield its origin."""
    (folder / "index.html").write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<link rel='icon' href='data:,'>"
        f"<title>Forum</title></head><body><h1>Our forum</h1>{snippet}</body></html>"
    )
    handler = partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def partner(site_tree) -> PartnerCommunity:
    competition = CompetitionPageFactory(
        parent=site_tree.competitions, slug="rivers", title=TITLE
    )
    partner = PartnerCommunityFactory(
        slug="studyhub", name="StudyHub", embed_origins=""
    )
    CompetitionPartnershipFactory(page=competition, partner=partner)
    return partner


def iframe_snippet(page: Page, partner: PartnerCommunity) -> str:
    """Copy the widget snippet from the partner's page, as a partner would."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(partner.get_absolute_url())
    area = page.locator("textarea[id^=toolkit-iframe]").first
    snippet = area.input_value()
    copy = page.locator("textarea[id^=toolkit-iframe] + button").first
    copy.click()
    expect(copy).to_have_text("Copied")
    assert (
        snippet.startswith("<iframe ") and "/embed/rivers/?partner=studyhub" in snippet
    )
    return snippet


def allow_origin(partner: PartnerCommunity, origin: str) -> None:
    # The admin accepts https origins only; a loopback test server speaks http.
    PartnerCommunity.objects.filter(pk=partner.pk).update(embed_origins=origin)


def test_the_widget_shows_on_a_listed_origin(
    page: Page, partner, tmp_path, console_errors
):
    snippet = iframe_snippet(page, partner)
    with partner_site(tmp_path, snippet) as origin:
        allow_origin(partner, origin)
        page.goto(origin + "/")

        frame = page.frame_locator("iframe")
        expect(frame.locator("h1")).to_have_text(TITLE)
        enter = frame.get_by_role("link", name="Enter")
        expect(enter).to_have_attribute(
            "href", "/competitions/rivers/enter/?via=studyhub"
        )
        expect(enter).to_have_attribute("target", "_top")
    assert console_errors == []


def test_the_widget_is_refused_on_an_unlisted_origin(
    page: Page, partner, tmp_path, console_errors, live_server
):
    snippet = iframe_snippet(page, partner)
    listed, unlisted = tmp_path / "listed", tmp_path / "unlisted"
    listed.mkdir()
    unlisted.mkdir()
    with partner_site(listed, snippet) as listed_origin:
        allow_origin(partner, listed_origin)
        with partner_site(unlisted, snippet) as other_origin:
            assert other_origin != listed_origin
            page.goto(other_origin + "/")
            page.wait_for_load_state("load")

            expect(page.locator("h1")).to_have_text("Our forum")
            frame = page.frame_locator("iframe")
            # Chromium shows its own "blocked" page in the frame instead.
            expect(frame.locator("body")).not_to_contain_text(TITLE)
            [inner] = [f for f in page.frames if f != page.main_frame]
            assert not inner.url.startswith(live_server.url)
            assert TITLE not in _text(inner)
    refusals = [error for error in console_errors if "frame-ancestors" in error]
    assert refusals and listed_origin in refusals[0], console_errors


def _text(frame) -> str:
    try:
        return frame.content()
    except Exception:  # noqa: BLE001 (a refused frame may not be readable at all)
        return ""
