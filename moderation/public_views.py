"""The public side of moderation: members report entries, entrants appeal.

Both pages are for signed-in members only. Reporting needs a public entry (any
other is a 404) and someone other than its author; appealing needs the entry's
author (anyone else gets a 404). The services decide the rest and their
refusals come back as a message and a 4xx, with what was typed kept.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.methods import is_read, require_safe_or_post
from core.ratelimit import RateLimitUnavailable, rate_limit_hit
from submissions.models import Entry
from submissions.permissions import is_author
from submissions.selectors import entry_for_viewer

from .appeals import appeal_submit
from .forms import AppealForm, ReportForm
from .reports import OWN_ENTRY, report_entry
from .selectors import (
    appealable_rejection,
    entry_is_public,
    member_report,
    public_entry,
)

# Reports one member may send in an hour: plenty for honest use, a brake on abuse.
REPORTS_PER_HOUR = 10
TOO_MANY_REPORTS = gettext_lazy(
    "You have sent a lot of reports in a short time. Please wait a while and try again."
)

REPORTS_BUSY = gettext_lazy(
    "Reports cannot be taken just now. Please try again shortly; what you wrote "
    "is still below."
)

APPEAL_SENT = gettext_lazy(
    "Your appeal is sent. A moderator who did not make the first decision will "
    "look again."
)


@require_safe_or_post
def entry_report(request: HttpRequest, public_id: str) -> HttpResponse:
    """Show the report form for a public entry, or record the member's report."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    entry = public_entry(public_id=public_id)
    context = {"entry": entry, "page": entry.competition}
    if is_author(request.user, entry):
        return _render_report(request, context, status=403, refusal=OWN_ENTRY)
    if (report := member_report(entry=entry, user=request.user)) is not None:
        context["report"] = report
        return _render_report(
            request, context, status=400 if request.method == "POST" else 200
        )
    if is_read(request):
        return _render_report(request, context, form=ReportForm())
    form = ReportForm(request.POST)
    try:
        within = rate_limit_hit(
            scope="report", key=request.user.pk, limit=REPORTS_PER_HOUR, period=3600
        )
    except RateLimitUnavailable:
        return _render_report(
            request, context, form=form, status=503, refusal=REPORTS_BUSY
        )
    if not within:
        return _render_report(
            request, context, form=form, status=429, refusal=TOO_MANY_REPORTS
        )
    if form.is_valid():
        try:
            report_entry(entry=entry, reporter=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request, _("Thank you. A moderator will look at this entry.")
            )
            return redirect(_after_report(entry))
    return _render_report(request, context, form=form, status=400)


def _after_report(entry: Entry) -> str:
    """Go back to the entry, or to its competition once the report hid it."""
    if entry_is_public(entry=entry):
        return entry.get_absolute_url()
    return entry.competition.url


def _render_report(
    request: HttpRequest,
    context: dict,
    *,
    form: ReportForm | None = None,
    status: int = 200,
    refusal: str = "",
) -> HttpResponse:
    context = {**context, "form": form, "refusal": refusal}
    return TemplateResponse(request, "moderation/report.html", context, status=status)


@require_safe_or_post
def entry_appeal(request: HttpRequest, public_id: str) -> HttpResponse:
    """Show the appeal form to a rejected entry's author, or record their appeal."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    entry = entry_for_viewer(public_id=public_id, user=request.user)
    if not is_author(request.user, entry):
        raise Http404
    if is_read(request):
        if appealable_rejection(entry=entry) is None:
            return redirect(entry.get_absolute_url())
        return _render_appeal(request, entry, AppealForm())
    form = AppealForm(request.POST)
    if form.is_valid():
        try:
            appeal_submit(entry=entry, author=request.user, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                APPEAL_SENT,
            )
            return redirect(entry.get_absolute_url())
    return _render_appeal(request, entry, form, status=400)


def _render_appeal(
    request: HttpRequest, entry: Entry, form: AppealForm, status: int = 200
) -> HttpResponse:
    context = {"entry": entry, "page": entry.competition, "form": form}
    return TemplateResponse(request, "moderation/appeal.html", context, status=status)


def _form_errors(form: ReportForm | AppealForm, error: ValidationError) -> None:
    """Put a service's refusal on the form: by field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
