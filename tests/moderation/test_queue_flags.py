"""Safeguarding flags in the queue (a column and a filter) and on the review screen."""

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string

from moderation.enums import FindingKind
from moderation.models import SafeguardingFlag
from moderation.selectors import entry_flags
from tests.factories import EntryFactory
from tests.support.moderation import build_world
from tests.support.staff import sign_in

QUEUE = "/admin/moderation/"


@pytest.fixture
def world(competition_index):
    return build_world(competition_index)


def flag(entry, kind=FindingKind.PHONE, found="07700 900123", field="title"):
    return SafeguardingFlag.objects.create(
        entry=entry, kind=kind, field=field, found=found
    )


def rows(response) -> dict[str, str]:
    """Return each queue row's title and the text of its Flags cell."""
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        row.select_one("td.title a").get_text(strip=True): " | ".join(
            item.get_text(strip=True) for item in row.select("td.moderation-flags li")
        )
        for row in soup.select("table.listing tbody tr")
    }


def test_the_queue_shows_what_was_found(client, world):
    flag(world.entry_a)
    flag(world.entry_a, FindingKind.POSTCODE, "SW1A 1AA", "image_caption")
    clean = EntryFactory(
        competition=world.competition_a, title="Nothing here", submitted=True
    )
    sign_in(client, world.moderator_a)

    shown = rows(client.get(QUEUE))

    assert shown[world.entry_a.title] == (
        "Phone number: 07700 900123 | Postcode: SW1A 1AA"
    )
    assert shown[clean.title] == ""


def test_the_flagged_filter_keeps_flagged_or_unflagged_entries(client, world):
    flag(world.entry_a)
    clean = EntryFactory(
        competition=world.competition_a, title="Nothing here", submitted=True
    )
    sign_in(client, world.moderator_a)

    assert list(rows(client.get(QUEUE, {"flagged": "true"}))) == [world.entry_a.title]
    assert list(rows(client.get(QUEUE, {"flagged": "false"}))) == [clean.title]
    assert len(rows(client.get(QUEUE, {"flagged": "maybe"}))) == 2  # ignored


def test_another_competitions_flags_are_not_shown(client, world):
    flag(world.entry_b, found="07700 900999")
    sign_in(client, world.moderator_a)

    content = client.get(QUEUE, {"flagged": "true"}).content.decode()

    assert "07700 900999" not in content
    assert world.entry_b.title not in content


def test_the_review_panel_lists_the_flags_with_plain_field_names(world):
    flag(world.entry_a, FindingKind.HANDLE, "@jane_d", "image_alt_text")

    html = render_to_string(
        "moderation/includes/review_flags.html",
        {"flags": entry_flags(entry=world.entry_a)},
    )

    text = " ".join(BeautifulSoup(html, "html.parser").get_text().split())
    assert "Social media handle: @jane_d" in text
    assert "description for people who cannot see the image" in text
    assert "decides nothing" in text


def test_the_review_panel_says_when_nothing_was_found(world):
    html = render_to_string(
        "moderation/includes/review_flags.html",
        {"flags": entry_flags(entry=world.entry_a)},
    )

    assert "Nothing was found" in html
