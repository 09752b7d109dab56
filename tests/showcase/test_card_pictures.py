"""Card pictures are kept per image until its renditions change (showcase.pictures).

These tests commit (``transactional_db``): inside a transaction nothing is kept.
"""

import pytest
from bs4 import BeautifulSoup
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core.images import RENDITION_SPECS, make_all_renditions
from showcase import pictures
from submissions.media import unpublish

from .builders import image_entry

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def pages_made_afresh(settings):
    """No whole-page cache: each gallery here is made, as on a cache miss."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


def gallery(client, competition):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(competition.url + "gallery/")
    assert response.status_code == 200
    image_queries = [
        query["sql"]
        for query in queries.captured_queries
        if "wagtailimages_" in query["sql"]
    ]
    return BeautifulSoup(response.content, "html.parser"), image_queries


def avif_sources(page) -> list:
    return page.select(".entry-card picture source[type='image/avif']")


def test_a_picture_is_read_once_then_kept(client, competition):
    entry = image_entry(competition, title="Red square")

    first, first_queries = gallery(client, competition)
    again, again_queries = gallery(client, competition)

    assert len(first_queries) == 2  # the images and their renditions, all at once
    assert again_queries == []
    assert str(first.select_one(".entry-card picture")) == str(
        again.select_one(".entry-card picture")
    )
    img = again.select_one(".entry-card picture img")
    card = entry.public_image.renditions.get(filter_spec=RENDITION_SPECS["card"])
    assert img["src"] == card.url
    assert (img["width"], img["height"]) == (str(card.width), str(card.height))
    assert img["alt"] == entry.image_alt_text


def test_deleted_renditions_leave_the_kept_picture_at_once(client, competition):
    entry = image_entry(competition)
    assert len(avif_sources(gallery(client, competition)[0])) == 1

    avif = [RENDITION_SPECS["card_avif"], RENDITION_SPECS["card_large_avif"]]
    entry.public_image.renditions.filter(filter_spec__in=avif).delete()

    page, queries = gallery(client, competition)
    assert avif_sources(page) == []  # never a link to a file that is gone
    assert page.select_one(".entry-card picture img")["src"].endswith(".webp")
    assert queries


def test_a_rendition_made_later_shows_on_the_next_page(client, competition):
    entry = image_entry(competition)
    avif = [RENDITION_SPECS["card_avif"], RENDITION_SPECS["card_large_avif"]]
    entry.public_image.renditions.filter(filter_spec__in=avif).delete()
    assert avif_sources(gallery(client, competition)[0]) == []

    make_all_renditions(entry.public_image)  # what the worker does

    assert len(avif_sources(gallery(client, competition)[0])) == 1


def test_a_picture_missing_renditions_is_kept_only_briefly(competition, monkeypatch):
    entry = image_entry(competition)
    entry.public_image.renditions.filter(
        filter_spec=RENDITION_SPECS["card_large_avif"]
    ).delete()
    stored = {}
    real = pictures.cache.set_many

    def set_many(values, timeout=None):
        stored.update(
            (key, timeout) for key in values if key.startswith("card-picture:")
        )
        return real(values, timeout=timeout)

    monkeypatch.setattr(pictures.cache, "set_many", set_many)
    other = image_entry(competition)

    pictures.card_pictures([entry.public_image_id, other.public_image_id])

    assert stored == {
        pictures.key_for(entry.public_image_id): pictures.INCOMPLETE_SECONDS,
        pictures.key_for(other.public_image_id): pictures.KEEP_SECONDS,
    }


def test_an_unpublished_image_is_forgotten(client, competition):
    entry = image_entry(competition)
    image_id = entry.public_image_id
    pictures.card_pictures([image_id])
    assert pictures.cache.get(pictures.key_for(image_id)) is not None

    unpublish(entry)  # hidden or withdrawn: its public copy is deleted
    entry.save()

    assert pictures.cache.get(pictures.key_for(image_id)) is None
    assert pictures.card_pictures([image_id]) == {}


def test_nothing_is_kept_from_inside_a_transaction(competition):
    entry = image_entry(competition)

    with transaction.atomic():
        found = pictures.card_pictures([entry.public_image_id])

    assert found[entry.public_image_id] is not None
    assert pictures.cache.get(pictures.key_for(entry.public_image_id)) is None


def test_a_change_inside_a_transaction_is_forgotten_again_at_commit(competition):
    entry = image_entry(competition)
    key = pictures.key_for(entry.public_image_id)
    avif = RENDITION_SPECS["card_avif"]

    with transaction.atomic():
        entry.public_image.renditions.filter(filter_spec=avif).delete()
        # Another request, outside this transaction, keeps what it still sees.
        pictures.cache.set(key, "what another request saw", 60)

    assert pictures.cache.get(key) is None


def test_the_gallery_shows_pictures_while_the_cache_is_down(
    client, competition, monkeypatch
):
    image_entry(competition)

    def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(pictures.cache, "get_many", down)
    monkeypatch.setattr(pictures.cache, "set_many", down)

    page, queries = gallery(client, competition)
    assert page.select_one(".entry-card picture img")["src"].endswith(".webp")
    assert len(queries) == 2
