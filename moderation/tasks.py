from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string


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
    message = EmailMultiAlternatives(
        subject=render_to_string(f"{base}_subject.txt", context).strip(),
        body=render_to_string(f"{base}.txt", context),
        to=[entry.author.email],
    )
    message.attach_alternative(render_to_string(f"{base}.html", context), "text/html")
    message.send()
