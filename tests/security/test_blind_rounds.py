"""In a blind round, nothing a judge is shown or sent identifies the entrant.

The fixture entrant gives themselves away wherever they can (a handle, a private
email, a partner community that referred them, files uploaded under their name
and address, a phone's GPS and model in the film). Every page of a blind round
— the rounds list, the round, each scoring page, each conflict page, the
pairwise page — is searched for all of it, and so is every file those pages
load: the image, the film and its poster, with their response headers.
"""

import html
import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.support.entries import has_gps
from tests.support.films import REVEALING_BYTES
from tests.support.judging_workspace import (
    ENTRANT_HANDLE,
    ENTRANT_IDENTIFIERS,
    assign,
    build_world,
    pairwise_round,
    seat,
)
from tests.support.staff import sign_in

ROUNDS = "/admin/judging/"
LOADED = {"img": "src", "video": "src", "source": "src", "iframe": "src"}


@pytest.fixture
def world(competition_index):
    return build_world(competition_index)


@pytest.fixture
def pairs(world):
    judging_round = pairwise_round(world.competition)
    seat(judging_round, world.judge_a)
    assign(judging_round, world.judge_a, *world.entries)
    return judging_round


def page_urls(world, pairs) -> list[str]:
    urls = [
        ROUNDS,
        reverse("judging:round", kwargs={"round_id": world.blind_round.pk}),
        reverse("judging:round", kwargs={"round_id": pairs.pk}),
        reverse("judging:compare", kwargs={"round_id": pairs.pk}),
    ]
    for assignment in world.assignments_a:
        urls.append(reverse("judging:score", kwargs={"assignment_id": assignment.pk}))
        urls.append(
            reverse("judging:conflict", kwargs={"assignment_id": assignment.pk})
        )
    return urls


def identifiers_in(text: str) -> list[str]:
    """Return which of the entrant's identifiers ``text`` contains."""
    text = html.unescape(text).lower()
    return [found for found in ENTRANT_IDENTIFIERS if found.lower() in text]


def loaded_by(content: bytes) -> list[str]:
    """Return every address the page makes the browser load or offers to open."""
    page = BeautifulSoup(content, "html.parser")
    found = [tag[attr] for tag, attr in _tags(page) if tag.get(attr)]
    found += [tag["poster"] for tag in page.find_all("video") if tag.get("poster")]
    found += [tag["href"] for tag in page.find_all("a") if tag.get("href")]
    return found


def _tags(page):
    for name, attr in LOADED.items():
        for tag in page.find_all(name):
            yield tag, attr


def entry_files(urls: list[str]) -> set[str]:
    return {url for url in urls if re.match(r"^/entries/[^/]+/media/", url)}


def fetch(client, url) -> tuple[bytes, dict]:
    response = client.get(url)
    assert response.status_code == 200, url
    data = (
        b"".join(response.streaming_content)
        if response.streaming
        else (response.content)
    )
    return data, dict(response.headers)


def test_the_identifier_check_finds_an_entrant_who_is_shown(client, world):
    """A control: with the round not blind, the check does find the handle."""
    world.blind_round.blind = False
    world.blind_round.save()
    sign_in(client, world.judge_a)
    url = reverse("judging:score", kwargs={"assignment_id": world.assignments_a[0].pk})

    assert identifiers_in(client.get(url).content.decode()) == [ENTRANT_HANDLE]


def test_no_blind_page_names_the_entrant(client, world, pairs):
    sign_in(client, world.judge_a)

    for url in page_urls(world, pairs):
        response = client.get(url)
        assert response.status_code == 200, url
        assert identifiers_in(response.content.decode()) == [], url


def test_the_pages_show_the_entries_they_are_about(client, world, pairs):
    """A control for the test above: the pages are not simply empty."""
    sign_in(client, world.judge_a)

    round_page = client.get(page_urls(world, pairs)[1]).content.decode()
    compare_page = client.get(page_urls(world, pairs)[3]).content.decode()

    for entry in world.entries:
        assert entry.title in round_page
    assert compare_page.count('class="judging-pair__side"') == 2


def test_every_file_the_pages_load_is_free_of_the_entrant(client, world, pairs):
    """The image, the film and its poster: in the address, the headers, the bytes."""
    sign_in(client, world.judge_a)
    urls: set[str] = set()
    for page in page_urls(world, pairs):
        loaded = loaded_by(client.get(page).content)
        for url in loaded:
            assert identifiers_in(url) == [], url
        urls |= entry_files(loaded)

    expected = {
        world.image_entry.media_url("image"),
        world.film_entry.media_url("film"),
        world.film_entry.media_url("poster"),
    }
    assert urls == expected
    for url in urls:
        data, headers = fetch(client, url)
        assert headers.get("Content-Disposition", "inline") == "inline", url
        assert identifiers_in(" ".join(headers.values())) == [], url
        lowered = data.lower()
        for found in ENTRANT_IDENTIFIERS:
            assert found.lower().encode() not in lowered, (url, found)
        for revealing in REVEALING_BYTES:
            assert revealing not in data, (url, revealing)
        if headers["Content-Type"].startswith("image/"):
            assert not has_gps(data), url


def test_the_conflict_note_is_not_shown_back_to_other_judges(client, world):
    """A declared note can name the entrant; it goes to the organisers only."""
    sign_in(client, world.judge_a)
    story = world.assignments_a[1]
    client.post(
        reverse("judging:conflict", kwargs={"assignment_id": story.pk}),
        {"note": f"I know {ENTRANT_HANDLE} from school."},
    )
    client.logout()
    sign_in(client, world.judge_c)

    taken = world.blind_round.assignments.get(judge=world.judge_c)
    page = client.get(reverse("judging:score", kwargs={"assignment_id": taken.pk}))

    assert page.status_code == 200
    assert identifiers_in(page.content.decode()) == []


def test_a_linked_film_in_a_blind_round_says_its_player_may_name_the_entrant(
    client, world
):
    """A YouTube or Vimeo player can show the uploading channel: the judge is told."""
    from submissions.models import Entry

    Entry.objects.filter(pk=world.film_entry.pk).update(
        film_url="https://vimeo.com/76979871"
    )
    assignment = next(a for a in world.assignments_a if a.entry == world.film_entry)
    address = reverse("judging:score", kwargs={"assignment_id": assignment.pk})
    sign_in(client, world.judge_a)
    note = "whose player can show the account that uploaded it"

    blind = client.get(address).content.decode()
    world.blind_round.blind = False
    world.blind_round.save()
    named = client.get(address).content.decode()

    assert note in blind and "https://vimeo.com/76979871" in blind
    assert note not in named and "https://vimeo.com/76979871" in named
