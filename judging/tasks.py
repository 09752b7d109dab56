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
    """Email a judge how much they still have to score or compare, and by when."""
    from .comparisons import pairwise_share
    from .enums import RoundMethod
    from .models import RoundJudge
    from .reminders import comparisons_made, judged_assignments, unscored_assignments

    seat = (
        RoundJudge.objects.select_related("judge", "round__competition")
        .filter(pk=seat_id)
        .first()
    )
    if seat is None or not seat.judge.email:
        return
    judging_round = seat.round
    pairwise = judging_round.method == RoundMethod.PAIRWISE
    if pairwise:
        share = pairwise_share(judged_assignments(judging_round, seat.judge).count())
        compared = comparisons_made(judging_round, seat.judge).count()
        left = max(share - compared, 0)
        path = reverse("judging:compare", kwargs={"round_id": judging_round.pk})
    else:
        share = compared = 0
        left = unscored_assignments(judging_round, seat.judge).count()
        path = reverse("judging:round", kwargs={"round_id": judging_round.pk})
    if not left:
        return
    context = {
        "handle": seat.judge.handle or "",
        "judging_round": judging_round,
        "competition": judging_round.competition,
        # Formatted here: a template's |date would turn it back to the server's zone.
        "when": date_format(
            judging_round.competition.local(judging_round.closes_at), "l j F, H:i"
        ),
        "unscored": left,
        "pairwise": pairwise,
        "share": share,
        "compared": compared,
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
