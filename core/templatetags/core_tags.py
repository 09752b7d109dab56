from django import template
from django.utils.html import format_html

from core.images import existing_rendition

register = template.Library()

IMG = '<img src="{}" width="{}" height="{}" alt="{}" class="{}" '
LAZY_IMG = IMG + 'loading="lazy">'
FIRST_IMG = IMG + 'fetchpriority="high">'


@register.simple_tag
def rendition(
    image, size: str, alt: str | None = None, css_class: str = "", first: bool = False
):
    """Render an <img> of a ready-made rendition, or nothing while it is made.

    ``first``: the picture at the top of the page (a competition's hero), loaded
    at once and before the others; every other one waits until it is near view.
    """
    if image is None:
        return ""
    made = existing_rendition(image, size)
    if made is None:
        return ""
    return format_html(
        FIRST_IMG if first else LAZY_IMG,
        made.url,
        made.width,
        made.height,
        image.default_alt_text if alt is None else alt,
        css_class,
    )
