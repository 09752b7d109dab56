from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from wagtail.embeds.models import Embed

from submissions.status import StatusWording, status_wording

register = template.Library()


@register.simple_tag
def entry_status_wording(entry) -> StatusWording:
    """Return how the entry's status is put to its author (see status.py)."""
    return status_wording(entry)


@register.simple_tag
def film_embed(entry):
    """Show a film's stored embed, or a plain link; never fetch in a request."""
    embed = Embed.objects.filter(url=entry.film_url).only("html").first()
    if embed is not None and embed.html:
        return mark_safe(f'<div class="film-embed">{embed.html}</div>')  # noqa: S308 (oEmbed HTML from YouTube/Vimeo, stored by the worker)
    return format_html(
        '<p class="film-link"><a href="{}" rel="nofollow ugc noopener">{}</a></p>',
        entry.film_url,
        gettext("Watch the film"),
    )
