"""The home page's cards use the width of a desktop screen, whatever their number."""

import pytest
from playwright.sync_api import Page

from tests.factories import CompetitionPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}


def filled_share(page: Page, section_id: str) -> float:
    """Return the share of the section's width its cards' first row covers."""
    return page.evaluate(
        """(id) => {
            const section = document.getElementById(id).closest("section");
            const grid = section.querySelector(".card-grid");
            const cards = [...grid.children];
            const top = cards[0].getBoundingClientRect().top;
            const row = cards.filter((c) => c.getBoundingClientRect().top === top);
            const left = Math.min(...row.map((c) => c.getBoundingClientRect().left));
            const right = Math.max(...row.map((c) => c.getBoundingClientRect().right));
            return (right - left) / grid.getBoundingClientRect().width;
        }""",
        section_id,
    )


@pytest.mark.parametrize("open_calls", [1, 2, 5])
def test_cards_fill_the_width_on_a_desktop(page: Page, site_tree, open_calls):
    for number in range(open_calls):
        CompetitionPageFactory(parent=site_tree.competitions, title=f"Call {number}")
    CompetitionPageFactory(parent=site_tree.competitions, upcoming=True)
    page.set_viewport_size(DESKTOP)

    page.goto("/")

    assert filled_share(page, "open-calls") > 0.97
    assert filled_share(page, "upcoming-calls") > 0.97
