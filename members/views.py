from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from core.methods import is_read, require_safe_or_post
from core.ratelimit import RateLimitUnavailable, rate_limit_hit
from core.sections import render_sections

from .data_rights import export_for_token, has_admin_access, member_erase
from .data_rights import private_storage as export_storage
from .forms import AccountDeleteForm
from .tasks import build_data_export

# Extension point: the apps above members add their parts of the member area
# (entries, votes …) as core.sections.PageSection, called with (request, user).
MEMBER_AREA_HOOK = "member_area_sections"

EXPORTS_PER_DAY = 3
DELETE_TRIES_PER_HOUR = 5
BUSY = _("Please try again in a few minutes.")


@login_required
def me(request: HttpRequest) -> HttpResponse:
    """The member area: what each app has to show the member about themselves."""
    sections = render_sections(MEMBER_AREA_HOOK, request, request.user)
    return TemplateResponse(request, "members/me.html", {"sections": sections})


@login_required
@require_safe_or_post
def data_export(request: HttpRequest) -> HttpResponse:
    """Explain the download of one's data; on POST, have the worker build it."""
    if is_read(request):
        return _render_export(request)
    try:
        within = rate_limit_hit(
            scope="data-export",
            key=request.user.pk,
            limit=EXPORTS_PER_DAY,
            period=24 * 3600,
        )
    except RateLimitUnavailable:
        return _render_export(request, refusal=BUSY, status=503)
    if not within:
        refusal = _(
            "You have asked for your data %(count)d times today. Please use the "
            "link we emailed, or ask again tomorrow."
        ) % {"count": EXPORTS_PER_DAY}
        return _render_export(request, refusal=refusal, status=429)
    user_id = request.user.pk
    transaction.on_commit(lambda: build_data_export.enqueue(user_id=user_id))
    messages.success(
        request,
        _(
            "We are putting your data together and will email you a link to it "
            "shortly. The link works for 24 hours."
        ),
    )
    return redirect("members:me")


def _render_export(
    request: HttpRequest, *, refusal: str = "", status: int = 200
) -> HttpResponse:
    context = {"refusal": refusal}
    return TemplateResponse(request, "members/data_export.html", context, status=status)


@login_required
def data_export_download(request: HttpRequest, token: str) -> FileResponse:
    """Send the export a fresh link names to its owner; anyone else gets a 404."""
    export = export_for_token(token, user=request.user)
    storage = export_storage()
    if export is None or not storage.exists(export.file_name):
        raise Http404
    return FileResponse(
        storage.open(export.file_name, "rb"),
        as_attachment=True,
        filename="opencall-data.zip",
        content_type="application/zip",
    )


@login_required
@require_safe_or_post
def account_delete(request: HttpRequest) -> HttpResponse:
    """Explain what closing the account does; on POST, check the password and do it."""
    user = request.user
    if has_admin_access(user):
        return _render_delete(request, form=None, status=403)
    if is_read(request):
        return _render_delete(request, form=AccountDeleteForm(user=user))
    form = AccountDeleteForm(request.POST, user=user)
    try:
        within = rate_limit_hit(
            scope="account-delete",
            key=user.pk,
            limit=DELETE_TRIES_PER_HOUR,
            period=3600,
        )
    except RateLimitUnavailable:
        return _render_delete(request, form=form, refusal=BUSY, status=503)
    if not within:
        refusal = _("Too many tries. Please wait an hour and try again.")
        return _render_delete(request, form=form, refusal=refusal, status=429)
    if not form.is_valid():
        return _render_delete(request, form=form, status=400)
    try:
        member_erase(user=user)
    except PermissionDenied as refusal:
        return _render_delete(request, form=form, refusal=str(refusal), status=403)
    logout(request)
    messages.success(
        request,
        _("Your account is closed and your personal data has been deleted. Goodbye."),
    )
    return redirect("/")


def _render_delete(
    request: HttpRequest,
    *,
    form: AccountDeleteForm | None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form,
        "refusal": refusal,
        "staff": has_admin_access(request.user),
    }
    return TemplateResponse(
        request, "members/account_delete.html", context, status=status
    )
