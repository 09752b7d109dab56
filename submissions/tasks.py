import logging

from django.conf import settings
from django.tasks import task
from wagtail.embeds.embeds import get_embed
from wagtail.embeds.exceptions import EmbedException

from core.mail import send_templated_email

logger = logging.getLogger(__name__)

EMAIL_TEMPLATES = ("received", "approved", "rejected", "changes_requested")


@task()
def send_entry_email(*, entry_id: int, template: str) -> None:
    """Email an entry's author about it: received, or a moderator's decision."""
    from .models import Entry

    if template not in EMAIL_TEMPLATES:
        raise ValueError(f"Unknown entry email: {template}")
    entry = (
        Entry.objects.select_related("competition", "author")
        .filter(pk=entry_id)
        .first()
    )
    if entry is None:
        return
    context = {
        "entry": entry,
        "competition": entry.competition,
        "handle": entry.author.public_name,
        "entry_url": settings.WAGTAILADMIN_BASE_URL + entry.get_absolute_url(),
    }
    base = f"submissions/email/{template}"
    send_templated_email(template=base, context=context, to=[entry.author.email])


@task()
def fetch_film_embed(*, entry_id: int) -> None:
    """Fetch and store the oEmbed of an entry's film; the page never fetches it."""
    from .models import Entry

    entry = Entry.objects.filter(pk=entry_id).only("film_url").first()
    if entry is None or not entry.film_url:
        return
    try:
        get_embed(entry.film_url)
    except EmbedException:
        logger.info("No embed for entry %s; its page shows a plain link.", entry_id)


@task()
def sweep_private_media() -> int:
    """Delete private uploads no entry refers to any more (schedule it hourly)."""
    from .media import private_media_sweep

    removed = private_media_sweep()
    if removed:
        logger.info("Removed %d private files no entry refers to.", len(removed))
    return len(removed)
