"""Named image renditions, made by the task worker and never in a page request.

Cards come in AVIF as well as WebP (the ``_avif`` twins, the same crop and
size): browsers that read AVIF take the smaller file, the rest the WebP.
"""

from functools import cache as once

from django.core.cache import cache
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.dispatch import Signal
from wagtail.images import get_image_model
from wagtail.images.models import Filter

# The sizes the public site shows; every editor image gets all of them.
RENDITION_SPECS: dict[str, str] = {
    "card": "fill-640x360-c50|format-webp",
    "card_large": "fill-1280x720-c50|format-webp",
    "card_avif": "fill-640x360-c50|format-avif",
    "card_large_avif": "fill-1280x720-c50|format-avif",
    "hero": "fill-1440x600-c50|format-webp",
    "body": "max-1200x1200|format-webp",
    "logo": "max-240x120|format-webp",
}


def spec_for(name: str) -> str:
    """Return the filter spec for a named size, or the name if it is a spec."""
    return RENDITION_SPECS.get(name, name)


def with_renditions(*names: str) -> QuerySet:
    """Return an image queryset that prefetches the named renditions."""
    specs = [spec_for(name) for name in names]
    return get_image_model().objects.prefetch_renditions(*specs)


def prefetch_image(field: str, *names: str) -> Prefetch:
    """Return a Prefetch of the image in ``field`` with its named renditions."""
    return Prefetch(field, queryset=with_renditions(*names))


@once
def named_filter(name: str) -> Filter:
    """Return the one Filter of a named rendition (parsing a spec is not free)."""
    return Filter(spec=spec_for(name))


def existing_rendition(image, name: str):
    """Return the rendition of ``image`` if it has been made, else None.

    A missing rendition is queued for the worker (once per image a minute) rather
    than generated here.
    """
    filter_ = named_filter(name)
    rendition = image.find_existing_renditions(filter_).get(filter_)
    if rendition is None and cache.add(f"rendition-queued:{image.pk}", 1, 60):
        enqueue_renditions(image.pk)
    return rendition


def enqueue_renditions(image_id: int) -> None:
    """Queue the making of every named rendition of an image, after commit."""
    from .tasks import make_renditions

    transaction.on_commit(lambda: make_renditions.enqueue(image_id=image_id))


# Sent with ``image`` once its named renditions are made. Wagtail makes them in
# one bulk insert, which sends no post_save, so what keeps renditions' addresses
# (showcase.pictures) listens here.
renditions_made = Signal()


def make_all_renditions(image) -> None:
    """Make every named rendition of ``image`` that does not exist yet."""
    image.get_renditions(*RENDITION_SPECS.values())
    renditions_made.send(sender=type(image), image=image)
