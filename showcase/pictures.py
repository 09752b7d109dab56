"""What a card's <picture> shows of an image, kept until the image's renditions change.

A card shows an image's ready-made renditions (WebP, and AVIF where made). Read
from the database, 24 cards cost two queries and some 170 model objects, about a
third of a gallery made afresh, on every gallery rebuilt after any approval. What
the picture needs (each rendition's address and width, the card's size) hardly
ever changes, so it is kept per image in the shared cache: saving or deleting a
rendition or the image, or making its renditions (``core.images.renditions_made``),
drops it (now and again when the transaction commits), and a picture still missing
a rendition is asked again after ``INCOMPLETE_SECONDS`` in any case.
Nothing is kept from inside a transaction, which may yet be rolled back, or while
the cache cannot be reached (then the database answers, as before).
"""

import hashlib
import logging
from dataclasses import dataclass
from functools import cache as once

from django.core.cache import cache
from django.db import connection, transaction
from wagtail.images import get_image_model

from core.images import existing_rendition, renditions_made, with_renditions

logger = logging.getLogger(__name__)

CARD_RENDITIONS = ("card", "card_large")
CARD_AVIF_RENDITIONS = ("card_avif", "card_large_avif")
KEY = "card-picture:v1:{where}:{image_id}"
KEEP_SECONDS = 24 * 60 * 60
# A rendition the worker has still to make shows up within this.
INCOMPLETE_SECONDS = 60


@once
def _where() -> str:
    """Where images are served from now: a move (another bucket or domain) is
    a new set of keys, never a kept address that no longer answers."""
    storage = get_image_model()._meta.get_field("file").storage
    return hashlib.sha256(storage.url("").encode()).hexdigest()[:12]


def key_for(image_id: int) -> str:
    return KEY.format(where=_where(), image_id=image_id)


@dataclass(frozen=True)
class CardPicture:
    """The renditions a card's <picture> offers: (address, width) of each made."""

    src: str
    width: int
    height: int
    webp: tuple[tuple[str, int], ...]
    avif: tuple[tuple[str, int], ...]

    @property
    def complete(self) -> bool:
        made = len(self.webp) + len(self.avif)
        return made == len(CARD_RENDITIONS) + len(CARD_AVIF_RENDITIONS)


def picture_of(image) -> CardPicture | None:
    """Return what a card shows of ``image`` (renditions prefetched), or None.

    None while its card-size WebP is not made yet; a missing rendition is queued
    for the worker (``existing_rendition``), never made here.
    """
    webp = [existing_rendition(image, name) for name in CARD_RENDITIONS]
    avif = [existing_rendition(image, name) for name in CARD_AVIF_RENDITIONS]
    card = webp[0]
    if card is None:
        return None
    return CardPicture(
        src=card.url,
        width=card.width,
        height=card.height,
        webp=tuple((r.url, r.width) for r in webp if r is not None),
        avif=tuple((r.url, r.width) for r in avif if r is not None),
    )


def card_pictures(image_ids) -> dict[int, CardPicture | None]:
    """Return the card picture of each image id: kept ones, the rest in one query."""
    keys = {key_for(pk): pk for pk in set(image_ids) if pk is not None}
    if not keys:
        return {}
    try:
        found = cache.get_many(list(keys))
    except Exception:
        logger.warning("Card pictures' cache unreachable", exc_info=True)
        found, keep = {}, False
    else:
        keep = not connection.in_atomic_block
    pictures = {keys[key]: picture for key, picture in found.items()}
    missing = [pk for pk in keys.values() if pk not in pictures]
    if missing:
        images = with_renditions(*CARD_RENDITIONS, *CARD_AVIF_RENDITIONS)
        made = {image.pk: picture_of(image) for image in images.filter(pk__in=missing)}
        pictures.update(made)
        if keep:
            _keep(made)
    return pictures


def _keep(made: dict[int, CardPicture | None]) -> None:
    for seconds, complete in ((KEEP_SECONDS, True), (INCOMPLETE_SECONDS, False)):
        chosen = {
            key_for(pk): picture
            for pk, picture in made.items()
            if (picture is not None and picture.complete) == complete
        }
        if chosen:
            try:
                cache.set_many(chosen, timeout=seconds)
            except Exception:
                logger.warning("Card pictures' cache unreachable", exc_info=True)


def with_card_pictures(entries) -> list:
    """Return ``entries`` as a list, each with ``card_picture`` (None: no image)."""
    entries = list(entries)
    pictures = card_pictures(entry.public_image_id for entry in entries)
    for entry in entries:
        entry.card_picture = pictures.get(entry.public_image_id)
    return entries


def forget_picture(image_id: int | None) -> None:
    """Drop an image's kept picture, now and once the transaction commits."""
    if image_id is None:
        return
    key = key_for(image_id)

    def forget() -> None:
        try:
            cache.delete(key)
        except Exception:
            logger.warning("Card pictures' cache unreachable", exc_info=True)

    forget()
    transaction.on_commit(forget)


def rendition_changed(sender, instance, **kwargs) -> None:
    forget_picture(instance.image_id)


def image_changed(sender, instance, **kwargs) -> None:
    forget_picture(instance.pk)


def renditions_were_made(sender, image, **kwargs) -> None:
    forget_picture(image.pk)


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    image_model = get_image_model()
    rendition_model = image_model.get_rendition_model()
    for signal in (post_save, post_delete):
        signal.connect(rendition_changed, sender=rendition_model, weak=False)
        signal.connect(image_changed, sender=image_model, weak=False)
    renditions_made.connect(renditions_were_made, weak=False)
