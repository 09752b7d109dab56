from django import template
from django.utils.html import format_html, strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language

from core.images import existing_rendition
from showcase.cards import render_cards
from showcase.fragments import digest, kept_html, rendered
from showcase.pictures import CardPicture

register = template.Library()


CARD_SIZES = "(min-width: 60em) 20em, (min-width: 40em) 45vw, 100vw"


@register.simple_tag
def card_image(picture: CardPicture | None, alt: str = ""):
    """Render a card's <picture>: AVIF where the browser reads it, else WebP.

    The sizes share one crop, so the browser may pick any of them for the box;
    the <img> (WebP) is what every browser falls back to. ``picture`` is the
    entry's ``card_picture`` (``showcase.pictures``): only renditions already
    made, none generated here. An image whose AVIF renditions are not made yet
    shows its WebP alone.
    """
    if picture is None:
        return ""
    img = format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"'
        ' class="card__image" loading="lazy">',
        picture.src,
        srcset(picture.webp),
        CARD_SIZES,
        picture.width,
        picture.height,
        alt,
    )
    if not picture.avif:
        return format_html("<picture>{}</picture>", img)
    return format_html(
        '<picture><source type="image/avif" srcset="{}" sizes="{}">{}</picture>',
        srcset(picture.avif),
        CARD_SIZES,
        img,
    )


@register.simple_tag(takes_context=True)
def entry_cards(context, entries, show_counts=False, show_competition=False):
    """Render the cards of ``entries``, kept by what they show (showcase.cards)."""
    return render_cards(
        context.get("request"),
        entries,
        show_counts=bool(show_counts),
        show_competition=bool(show_competition),
    )


FILTERS_TEMPLATE = "showcase/includes/gallery_filters.html"


@register.simple_tag(takes_context=True)
def gallery_filters(context, form, filtered=False):
    """Render a gallery's filter form, kept by all it depends on where it may be."""
    request = context["request"]
    values = {"form": form, "filtered": filtered, "request": request}
    kept_as = form.kept_as()
    if kept_as is None:
        return rendered(FILTERS_TEMPLATE, values)
    material = digest(request.path, get_language(), bool(filtered), kept_as)
    return kept_html("gallery-filters", material, FILTERS_TEMPLATE, values)


def srcset(renditions: tuple[tuple[str, int], ...]) -> str:
    """Return a srcset of (address, width) pairs."""
    return ", ".join(f"{url} {width}w" for url, width in renditions)


@register.inclusion_tag("showcase/includes/entry_meta.html", takes_context=True)
def entry_social_meta(context, entry):
    """Open Graph and Twitter card tags for a public entry's page (else nothing)."""
    if not entry.is_public_now():
        return {"entry": None}
    text = strip_tags(entry.story) or entry.idea_proposal or entry.image_caption
    image = (
        existing_rendition(entry.public_image, "card") if entry.public_image else None
    )
    request = context.get("request")
    link = request.build_absolute_uri(entry.get_absolute_url()) if request else ""
    return {
        "entry": entry,
        "description": Truncator(text).words(30),
        "image": image,
        "link": link,
    }
