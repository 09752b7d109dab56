"""The public gallery pages cost the same number of queries at 5 and at 60 entries."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from competitions.models import CompetitionCategory
from tests.factories import EntryFactory, PartnerCommunityFactory

from .builders import award, image_entry

KINDS = ["story", "image", "film", "idea"]
# Above what the pages need today; the real check is "the same at both sizes". The
# competition page also carries the other apps' sections (judging, winners, and
# since the partners' toolkit its discussion threads: one query more).
CEILING = 20
COMPETITION_PAGE_CEILING = 31


def add_entries(competition, count: int, start: int) -> None:
    """Add ``count`` approved entries of every kind, with partners and a category."""
    partner = PartnerCommunityFactory()
    category = CompetitionCategory.objects.create(page=competition, name=f"C{start}")
    for number in range(start, start + count):
        kind = KINDS[number % len(KINDS)]
        extra = {
            "title": f"Entry {number}",
            "referral_partner": partner,
            "category": category,
        }
        if kind == "image":
            entry = image_entry(competition, **extra)
        else:
            film = {"film_poster": "entries/poster.jpg"} if kind == "film" else {}
            entry = EntryFactory(
                competition=competition, approved=True, kind=kind, **extra, **film
            )
        if number % 8 == 1:  # image entries among the winners
            award(entry, title=f"Prize {number}")


def queries_for(client, url: str) -> int:
    # A cold cache: Wagtail keeps renditions there too, and that must not hide a
    # query per card (the prefetch is what keeps the count flat).
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "address",
    [
        "/showcase/",
        "/showcase/?sort=random&seed=abc",
        "/showcase/?q=Entry",
        "/showcase/?winners=on&kind=image",
        "gallery",
        "gallery?q=Entry&sort=random",
        "competition",
    ],
)
def test_the_same_queries_at_5_and_60_entries(
    client, competition, address, django_assert_max_num_queries
):
    if address.startswith("gallery"):
        gallery = competition.url + competition.reverse_subpage("gallery")
        address = gallery + address.removeprefix("gallery")
    elif address == "competition":
        address = competition.url
    add_entries(competition, 5, start=0)

    few = queries_for(client, address)
    add_entries(competition, 55, start=5)

    assert few <= (COMPETITION_PAGE_CEILING if address == competition.url else CEILING)
    cache.clear()
    with django_assert_max_num_queries(few):
        response = client.get(address)
    assert response.status_code == 200
    assert b"entry-card" in response.content
