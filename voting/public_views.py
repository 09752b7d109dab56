"""``POST /entries/<public_id>/vote/``: cast a vote, or take it back.

Without JavaScript the form posts here and the member is sent back to the entry
with a message (or shown the refusal with a 4xx). Such a browser cannot get a
reCAPTCHA token; its form says so (``unchecked``, inside ``<noscript>``), and
the vote is taken but set aside until an editor reinstates it. The page's
script asks for JSON (``Accept: application/json``) and updates the vote
section in place.

Order of checks: signed in, a public entry (else 404), the rate limits, the
human check, then the service's rules. The rate limits live in the shared cache;
when it cannot be reached the vote is refused with a 503 before anything is
written, so nothing is half-done.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.captcha import captcha_csp
from core.clientip import client_ip
from core.ratelimit import RateLimitUnavailable, rate_limit_hit
from submissions.models import Entry

from .forms import WITHDRAW, VoteForm
from .sections import vote_context
from .selectors import shown_count
from .services import vote_cast, vote_withdraw

UNCHECKED = gettext_lazy(
    "Thank you: your vote is in. Your browser didn't run this page's scripts, so "
    "it couldn't take our automatic human check: it will count once our team "
    "has checked it."
)
BUSY = gettext_lazy("Voting is busy; please try again shortly.")
TOO_MANY = gettext_lazy(
    "You have sent a lot of votes in a short time. Please wait a minute and try again."
)


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _within_limits(request: HttpRequest) -> bool:
    """Count the attempt per member and per IP; raise if the cache is down."""
    period = getattr(settings, "VOTING_RATE_PERIOD", 60)
    member_ok = rate_limit_hit(
        scope="vote-member",
        key=request.user.pk,
        limit=getattr(settings, "VOTING_RATE_PER_MEMBER", 20),
        period=period,
    )
    ip_ok = rate_limit_hit(
        scope="vote-ip",
        key=client_ip(request),
        limit=getattr(settings, "VOTING_RATE_PER_IP", 60),
        period=period,
    )
    return member_ok and ip_ok


def _refuse(
    request: HttpRequest, entry: Entry, message, status: int, retry: bool = False
) -> HttpResponse:
    """Say why the vote was refused; ``retry``: offer the vote section again.

    A human check fails without a token when the button was pressed before the
    page's scripts had run (a slow phone): the page then carries the vote form,
    so trying again is one press, not a trip back to the entry.
    """
    if _wants_json(request):
        return JsonResponse({"ok": False, "message": str(message)}, status=status)
    context = {"entry": entry, "page": entry.competition, "message": message}
    if retry:
        now = timezone.now()
        count = shown_count(entry=entry, now=now)
        context.update(vote_context(request, entry, now=now, count=count), retry=True)
    return TemplateResponse(request, "voting/refused.html", context, status=status)


@require_POST
@captcha_csp
def entry_vote(request: HttpRequest, public_id: str) -> HttpResponse:
    entry = get_object_or_404(
        Entry.objects.public().with_public_flag().select_related("competition"),
        public_id=public_id,
    )
    if not request.user.is_authenticated:
        if _wants_json(request):
            return JsonResponse(
                {"ok": False, "message": _("Please sign in to vote.")}, status=401
            )
        return redirect_to_login(entry.get_absolute_url())
    try:
        within = _within_limits(request)
    except RateLimitUnavailable:  # refuse before writing anything
        return _refuse(request, entry, BUSY, status=503)
    if not within:
        return _refuse(request, entry, TOO_MANY, status=429)
    form = VoteForm(request.POST)
    if not form.is_valid():
        message = " ".join(str(m) for errors in form.errors.values() for m in errors)
        return _refuse(request, entry, message, status=400, retry=True)
    now = timezone.now()
    withdraw = form.chosen_action() == WITHDRAW
    try:
        if withdraw:
            vote = vote_withdraw(entry=entry, voter=request.user, now=now)
        else:
            vote = vote_cast(
                entry=entry,
                voter=request.user,
                ip=client_ip(request),
                now=now,
                human_checked=form.human_checked,
            )
    except ValidationError as error:
        return _refuse(request, entry, " ".join(error.messages), status=400)
    if withdraw:
        done = _("Your vote is withdrawn.")
    elif vote.is_valid:
        done = _("Thank you: your vote is in.")
    else:
        done = UNCHECKED
    if _wants_json(request):
        count = shown_count(entry=entry, now=now)
        context = vote_context(request, entry, now=now, count=count, vote=vote)
        return JsonResponse(
            {
                "ok": True,
                "message": done,
                "voted": not withdraw,
                "count": context["count"],
                "html": render_to_string(
                    "voting/includes/entry_vote.html", context, request=request
                ),
            }
        )
    messages.success(request, done)
    return redirect(entry.get_absolute_url())
