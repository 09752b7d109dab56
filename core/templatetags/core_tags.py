from django import template
from django.utils.html import format_html

from core.images import existing_rendition

register = template.Library()


@register.simple_tag
def rendition(image, size: str, alt: str | None = None, css_class: str = ""):
    """Render an <img> of a ready-made rendition, or nothing while it is made."""
    if image is None:
        return ""
    made = existing_rendition(image, size)
    if made is None:
        return ""
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}" class="{}" loading="lazy">',
        made.url,
        made.width,
        made.height,
        image.default_alt_text if alt is None else alt,
        css_class,
    )
