"""The public pages on the narrowest phones: nothing scrolls sideways, and the
links everyone taps are big enough to hit (WCAG 2.2's 24 px at least)."""

import pytest
from playwright.sync_api import Page

from tests.factories import CompetitionPageFactory
from tests.showcase.builders import image_entry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROWEST = {"width": 320, "height": 640}


def page_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def link_heights(page: Page, selector: str) -> list[float]:
    return page.eval_on_selector_all(
        selector, "links => links.map(a => a.getBoundingClientRect().height)"
    )


def test_an_entry_page_fits_the_narrowest_phone(page: Page, live_server, site_tree):
    competition = CompetitionPageFactory(
        parent=site_tree.competitions, title="Picture the harbour", voting=True
    )
    entry = image_entry(competition, title="Harbour at dawn")
    page.set_viewport_size(NARROWEST)

    page.goto(entry.get_absolute_url())

    share = page.get_by_label("Or copy its link:")
    assert share.bounding_box()["width"] <= NARROWEST["width"]
    assert page_width(page) <= NARROWEST["width"]
    assert share.bounding_box()["height"] >= 44


def test_the_header_links_are_finger_sized(page: Page, live_server, site_tree):
    page.set_viewport_size(NARROWEST)

    page.goto("/")

    heights = link_heights(page, ".site-header a")
    assert len(heights) >= 4  # brand, competitions, showcase, sign in, join
    assert min(heights) >= 44
    assert page_width(page) <= NARROWEST["width"]
