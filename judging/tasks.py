from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format


@task()
def send_judging_reminders() -> int:
    """Remind the judges whose rounds close soon (schedule it hourly)."""
    from .reminders import reminders_send

    return reminders_send()


@task()
def send_judge_reminder(*, seat_id: int) -> None:
    """Email a judge how many entries they still have to score, and by when."""
    from .models import RoundJudge
    from .reminders import unscored_assignments

    seat = (
        RoundJudge.objects.select_related("judge", "round__competition")
        .filter(pk=seat_id)
        .first()
    )
    if seat is None or not seat.judge.email:
        return
    judging_round = seat.round
    unscored = unscored_assignments(judging_round, seat.judge).count()
    if not unscored:
        return
    path = reverse("judging:round", kwargs={"round_id": judging_round.pk})
    context = {
        "handle": seat.judge.handle or "",
        "judging_round": judging_round,
        "competition": judging_round.competition,
        # Formatted here: a template's |date would turn it back to the server's zone.
        "when": date_format(
            judging_round.competition.local(judging_round.closes_at), "l j F, H:i"
        ),
        "unscored": unscored,
        "round_url": settings.WAGTAILADMIN_BASE_URL + path,
    }
    base = "judging/email/reminder"
    message = EmailMultiAlternatives(
        subject=render_to_string(f"{base}_subject.txt", context).strip(),
        body=render_to_string(f"{base}.txt", context),
        to=[seat.judge.email],
    )
    message.attach_alternative(render_to_string(f"{base}.html", context), "text/html")
    message.send()
