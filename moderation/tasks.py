import logging
from datetime import datetime

from django.conf import settings
from django.tasks import task

from core.mail import send_templated_email


@task()
def send_appeal_email(*, appeal_id: int) -> None:
    """Email an entrant that their appeal was dismissed, with the moderator's words.

    An upheld appeal approves the entry, and submissions emails that approval.
    """
    from .models import Appeal

    appeal = (
        Appeal.objects.select_related("entry__competition", "entry__author", "outcome")
        .filter(pk=appeal_id, outcome__isnull=False)
        .first()
    )
    if appeal is None:
        return
    entry = appeal.entry
    context = {
        "entry": entry,
        "competition": entry.competition,
        "handle": entry.author.public_name,
        "message": appeal.outcome.message,
        "entry_url": settings.WAGTAILADMIN_BASE_URL + entry.get_absolute_url(),
    }
    base = "moderation/email/appeal_dismissed"
    send_templated_email(template=base, context=context, to=[entry.author.email])


logger = logging.getLogger(__name__)


@task()
def send_moderator_digest(*, moderator_id: int, at: str) -> None:
    """Email one moderator the entries waiting too long in their competitions."""
    from members.models import User

    from .digest import absolute_queue_url, digest_after, digest_lines

    moderator = User.objects.filter(pk=moderator_id, is_active=True).first()
    if moderator is None:
        return
    lines = digest_lines(moderator, datetime.fromisoformat(at))
    if not lines:
        return
    context = {
        "handle": moderator.get_short_name(),
        "lines": lines,
        "total": sum(line.waiting for line in lines),
        "hours": int(digest_after().total_seconds() // 3600),
        "queue_url": absolute_queue_url(),
    }
    base = "moderation/email/digest"
    send_templated_email(template=base, context=context, to=[moderator.email])


@task()
def send_moderation_digests() -> int:
    """Email each moderator due a digest (schedule it hourly)."""
    from .digest import digests_send

    sent = digests_send()
    if sent:
        logger.info("Sent the moderation digest to %d moderator(s).", sent)
    return sent
