"""The words on a competition page and its entry page read naturally."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import CompetitionPageFactory


def text(response) -> str:
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    return " ".join(page.get_text(" ").split())


@pytest.mark.parametrize(
    ("limit", "says"),
    [
        (1, "One entry per member."),
        (2, "Up to 2 entries per member."),
        (3, "Up to 3 entries per member."),
    ],
)
def test_the_entry_limit_is_said_in_words_that_fit_the_number(
    client, competition_index, limit, says
):
    """Not "Up to 1 entry per member": one is one, and more are plural."""
    competition = CompetitionPageFactory(
        parent=competition_index, entry_limit_per_member=limit
    )

    page = text(client.get(competition.url))

    assert says in page
    assert "Up to 1 entry" not in page


def test_an_open_call_invites_entries(client, competition_index):
    """While entries are open the page asks for them, beside the button."""
    competition = CompetitionPageFactory(parent=competition_index)

    page = text(client.get(competition.url))

    assert "We want to hear from you. Enter this competition" in page


@pytest.mark.parametrize(
    "phase", ["upcoming", "voting", "judging", "results", "closed"]
)
def test_a_call_that_is_not_open_does_not_ask_for_entries(
    client, competition_index, phase
):
    """A closed (or not yet open) call does not say "We want to hear from you"."""
    competition = CompetitionPageFactory(parent=competition_index, **{phase: True})

    page = text(client.get(competition.url))

    assert "We want to hear from you" not in page
    assert "Enter this competition" not in page


def test_the_enter_button_links_to_the_entry_page(client, competition_index):
    """The button is the competition's own entry route, not a pasted-on path."""
    competition = CompetitionPageFactory(parent=competition_index, slug="rivers")
    page = BeautifulSoup(client.get(competition.url).content, "html.parser")

    (button,) = page.select(".competition__enter a")

    assert button["href"] == "/competitions/rivers/enter/"
