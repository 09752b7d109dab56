"""A refused entry form shows the story back sanitised, never as live HTML.

The story editor loads the textarea's value into a contenteditable as HTML, so
a refused save (an under-13 age band, say) that echoed the raw story gave the
page ``<img onerror>`` and ``<svg onload>`` elements, stopped only by the CSP.
"""

import pytest
from bs4 import BeautifulSoup

from competitions.enums import EntryKind, Licence
from members.services import member_email_mark_verified
from submissions.enums import AgeBand
from tests.factories import CompetitionPageFactory, EntryFactory, UserFactory
from tests.submissions.test_views import enter_url, entry_data

PAYLOADS = ["<img src=x onerror=alert(1)>", "<svg onload=alert(1)>"]


@pytest.fixture
def member_client(client, db):
    member = UserFactory(handle="ana_writes")
    member_email_mark_verified(user=member)
    client.force_login(member)
    client.member = member
    return client


@pytest.fixture
def competition(competition_index):
    return CompetitionPageFactory(
        parent=competition_index,
        entry_kinds=[EntryKind.STORY.value],
        licence_options=[Licence.CC_BY.value],
        story_word_limit=50,
    )


def story_shown_back(response) -> str:
    page = BeautifulSoup(response.content, "html.parser")
    return page.find("textarea", attrs={"name": "story"}).get_text()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_refused_new_entry_shows_the_story_sanitised(
    member_client, competition, payload
):
    story = f"<p>The harbour at night.</p>{payload}"
    data = entry_data("story", story=story, age_band=AgeBand.UNDER_13.value)

    response = member_client.post(enter_url(competition), data)

    assert response.status_code == 400
    shown = story_shown_back(response)
    assert shown.strip() == "<p>The harbour at night.</p>"
    assert "onerror" not in shown and "onload" not in shown


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_refused_edit_shows_the_story_sanitised(member_client, competition, payload):
    entry = EntryFactory(competition=competition, author=member_client.member)
    data = entry_data("story", story=payload, age_band=AgeBand.UNDER_13.value)

    response = member_client.post(entry.get_edit_url(), data)

    assert response.status_code == 400
    assert "<img" not in story_shown_back(response)
    assert "<svg" not in story_shown_back(response)


def test_plain_text_is_shown_back_as_typed(member_client, competition):
    """Without JavaScript a story is plain text; it comes back unchanged."""
    story = "Fish & chips, 3 < 4.\n\nSecond paragraph."
    data = entry_data("story", story=story, age_band=AgeBand.UNDER_13.value)

    response = member_client.post(enter_url(competition), data)

    assert story_shown_back(response).strip() == story


def test_the_word_count_is_shown_beside_the_story_without_javascript(
    member_client, competition
):
    """A plain count with the limit, worked out on the server."""
    entry = EntryFactory(
        competition=competition,
        author=member_client.member,
        story="<p>One two three four.</p><p>Five.</p>",
    )

    response = member_client.get(entry.get_edit_url())

    page = BeautifulSoup(response.content, "html.parser")
    count = page.find(id="id_story_count")
    assert " ".join(count.get_text().split()) == "5 of 50 words"


def test_a_story_over_the_limit_says_by_how_much(member_client, competition):
    story = " ".join(["word"] * 53)
    data = entry_data("story", story=story, age_band=AgeBand.UNDER_13.value)

    response = member_client.post(enter_url(competition), data)

    page = BeautifulSoup(response.content, "html.parser")
    count = page.find(id="id_story_count")
    assert " ".join(count.get_text().split()) == "53 of 50 words: 3 over the limit"
    assert "word-count--over" in count["class"]
