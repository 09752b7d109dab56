import logging
from datetime import datetime

from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string

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
    message = EmailMultiAlternatives(
        subject=render_to_string(f"{base}_subject.txt", context).strip(),
        body=render_to_string(f"{base}.txt", context),
        to=[moderator.email],
    )
    message.attach_alternative(render_to_string(f"{base}.html", context), "text/html")
    message.send()


@task()
def send_moderation_digests() -> int:
    """Email each moderator due a digest (schedule it hourly)."""
    from .digest import digests_send

    sent = digests_send()
    if sent:
        logger.info("Sent the moderation digest to %d moderator(s).", sent)
    return sent
