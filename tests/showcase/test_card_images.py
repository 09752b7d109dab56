"""Card images: AVIF for browsers that read it, WebP for the rest, none made live."""

from io import BytesIO

from bs4 import BeautifulSoup
from django.core.cache import cache
from PIL import Image

from core.images import RENDITION_SPECS
from submissions.media import publish
from tests.factories import EntryFactory

from .builders import image_entry

SHOWCASE = "/showcase/"


def card(response):
    return BeautifulSoup(response.content, "html.parser").select_one(".entry-card")


def sources_of(srcset: str) -> list[str]:
    return [part.strip().split(" ")[0] for part in srcset.split(",")]


def test_a_card_offers_avif_first_then_webp(client, competition):
    entry = image_entry(competition, title="Red square")

    shown = card(client.get(SHOWCASE))

    urls = {r.url for r in entry.public_image.renditions.all()}
    picture = shown.select_one("picture")
    avif = picture.select_one("source")
    assert avif["type"] == "image/avif"
    assert avif["sizes"]
    assert set(sources_of(avif["srcset"])) <= urls
    assert all(url.endswith(".avif") for url in sources_of(avif["srcset"]))
    assert len(sources_of(avif["srcset"])) == 2
    img = picture.select_one("img")  # the WebP every browser falls back to
    assert img["src"].endswith(".webp")
    assert all(url.endswith(".webp") for url in sources_of(img["srcset"]))
    assert img["alt"] == entry.image_alt_text
    assert str(picture).index("<source") < str(picture).index("<img")


def test_approval_makes_real_avif_renditions(
    competition, django_capture_on_commit_callbacks
):
    entry = EntryFactory(competition=competition, kind="image", approved=True)
    with django_capture_on_commit_callbacks(execute=True):
        publish(entry)
        entry.save()

    made = {r.filter_spec: r for r in entry.public_image.renditions.all()}

    for name in ("card_avif", "card_large_avif"):
        rendition = made[RENDITION_SPECS[name]]
        with rendition.file.open("rb") as stored:
            assert Image.open(BytesIO(stored.read())).format == "AVIF"
    assert (
        made[RENDITION_SPECS["card_avif"]].width == made[RENDITION_SPECS["card"]].width
    )


def test_a_card_waiting_for_its_avif_shows_webp_and_makes_nothing(client, competition):
    entry = image_entry(competition, title="Half ready")
    avif_specs = [RENDITION_SPECS["card_avif"], RENDITION_SPECS["card_large_avif"]]
    entry.public_image.renditions.filter(filter_spec__in=avif_specs).delete()
    cache.clear()

    shown = card(client.get(SHOWCASE))

    assert shown.select("picture source") == []
    assert shown.select_one("picture img")["src"].endswith(".webp")
    assert not entry.public_image.renditions.filter(filter_spec__in=avif_specs).exists()


def test_the_picture_at_the_top_of_an_entry_loads_first_the_cards_wait(
    client, competition
):
    """The entry's own image is what the page is for: never lazy, fetched first."""
    entry = image_entry(competition, title="Red square")

    page = BeautifulSoup(client.get(entry.get_absolute_url()).content, "html.parser")
    gallery = card(client.get(SHOWCASE))

    (main,) = page.select(f'main img[alt="{entry.image_alt_text}"]')
    assert main["fetchpriority"] == "high"
    assert not main.has_attr("loading")
    assert gallery.select_one("img")["loading"] == "lazy"
