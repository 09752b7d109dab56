from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
)
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from communities.referrals import referral_partner_for
from competitions.enums import Phase
from competitions.models import CompetitionPage
from core.captcha import captcha_csp

from . import permissions, services
from .forms import EntryForm, SubmitCheckForm
from .models import Entry
from .selectors import entries_used, entry_for_viewer, member_entries_in_progress
from .storage import serves_signed_urls

MEDIA_FIELDS = {"image": "image", "film": "film_file", "poster": "film_poster"}


@captcha_csp
def enter(request: HttpRequest, competition: CompetitionPage) -> HttpResponse:
    """Start an entry, or pick up one in progress, at /competitions/<slug>/enter/."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.has_verified_email(request.user):
        return TemplateResponse(
            request, "submissions/verify_first.html", {"page": competition}, status=403
        )
    kind = _chosen_kind(request, competition)
    if request.method == "POST" and kind:
        return _start_and_save(request, competition, kind)
    refused = kind is None and (request.method == "POST" or bool(_asked_kind(request)))
    if refused:
        messages.error(request, _kind_refusal(request))
    form = EntryForm(competition=competition, kind=kind) if kind else None
    return _render_enter(
        request, competition, kind, form, status=400 if refused else 200
    )


def _render_enter(
    request: HttpRequest,
    competition: CompetitionPage,
    kind: str | None,
    form: EntryForm | None,
    status: int = 200,
) -> HttpResponse:
    entries = list(
        member_entries_in_progress(user=request.user, competition=competition)
    )
    context = {
        "page": competition,
        "kind": kind,
        "entries": entries,
        "at_limit": entries_used(entries) >= competition.entry_limit_per_member,
        "is_open": competition.phase == Phase.OPEN,
        "form": form,
        "submit_check": SubmitCheckForm(),
    }
    return TemplateResponse(request, "submissions/enter.html", context, status=status)


@require_http_methods(["GET", "POST"])
@captcha_csp
def entry_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    """Edit an entry the author may still change."""
    entry = entry_for_viewer(public_id=public_id, user=request.user)
    if not permissions.can_edit_entry(request.user, entry):
        raise Http404
    if request.method == "POST":
        return _save(request, entry)
    form = EntryForm(instance=entry, competition=entry.competition, kind=entry.kind)
    return _render_form(request, entry, form)


@captcha_csp
def entry_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """Show an entry: public once approved; to its author and staff before."""
    entry = entry_for_viewer(public_id=public_id, user=request.user)
    user = request.user
    context = {
        "entry": entry,
        "page": entry.competition,
        "is_author": permissions.is_author(user, entry),
        "can_edit": permissions.can_edit_entry(user, entry),
        "can_withdraw": permissions.can_withdraw_entry(user, entry),
        "can_submit": permissions.can_submit_entry(user, entry),
        "can_view_media": permissions.can_view_entry_media(user, entry),
        "submit_check": SubmitCheckForm(),
    }
    return TemplateResponse(request, "submissions/entry_detail.html", context)


@require_http_methods(["POST"])
@captcha_csp
def entry_submit(request: HttpRequest, public_id: str) -> HttpResponse:
    """Submit an entry from its preview."""
    entry = entry_for_viewer(public_id=public_id, user=request.user)
    if not permissions.is_author(request.user, entry):
        raise Http404
    check = SubmitCheckForm(request.POST)
    if not check.is_valid():
        form = EntryForm(instance=entry, competition=entry.competition, kind=entry.kind)
        return _render_refused_submit(request, entry, form, _check_error(check))
    try:
        services.entry_submit(entry=entry, actor=request.user)
    except PermissionDenied as error:
        messages.error(request, str(error))
        return redirect(entry.get_absolute_url())
    except ValidationError as error:
        form = EntryForm(instance=entry, competition=entry.competition, kind=entry.kind)
        return _render_refused_submit(request, entry, form, error)
    messages.success(
        request, _("Your entry is submitted. We've emailed you a receipt.")
    )
    return redirect(entry.get_absolute_url())


@require_http_methods(["GET", "POST"])
def entry_withdraw(request: HttpRequest, public_id: str) -> HttpResponse:
    """Confirm, then withdraw an entry."""
    entry = entry_for_viewer(public_id=public_id, user=request.user)
    if not permissions.can_withdraw_entry(request.user, entry):
        raise Http404
    if request.method == "POST":
        services.entry_withdraw(entry=entry, actor=request.user)
        messages.success(request, _("Your entry is withdrawn."))
        return redirect("members:me")
    return TemplateResponse(request, "submissions/withdraw.html", {"entry": entry})


def entry_media(request: HttpRequest, public_id: str, field: str) -> HttpResponse:
    """Serve an entry's private file to those who may see the entry; 404 otherwise."""
    entry = entry_for_viewer(public_id=public_id, user=request.user)
    stored = getattr(entry, MEDIA_FIELDS.get(field, ""), None)
    if not stored or not permissions.can_view_entry_media(request.user, entry):
        raise Http404
    if serves_signed_urls(stored.storage):
        response = HttpResponseRedirect(stored.storage.url(stored.name))
    else:
        response = FileResponse(stored.storage.open(stored.name, "rb"))
        response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, no-store"
    return response


def _asked_kind(request: HttpRequest) -> str:
    return request.POST.get("kind") or request.GET.get("kind") or ""


def _chosen_kind(request: HttpRequest, competition: CompetitionPage) -> str | None:
    """Return the kind asked for if the competition takes it, or its only kind."""
    if kind := _asked_kind(request):
        return kind if competition.accepts(kind) else None
    if len(competition.entry_kinds) == 1:
        return competition.entry_kinds[0]
    return None


def _kind_refusal(request: HttpRequest) -> str:
    if _asked_kind(request):
        return _("This competition does not take entries of that kind.")
    return _("Please choose what you would like to enter.")


def _start_and_save(request, competition: CompetitionPage, kind: str) -> HttpResponse:
    form = EntryForm(request.POST, request.FILES, competition=competition, kind=kind)
    if not form.is_valid() and not form.checked_uploads():
        # Nothing worth keeping yet: show the typing again, store nothing.
        return _render_enter(request, competition, kind, form, status=400)
    try:
        entry = services.entry_start(
            competition=competition,
            author=request.user,
            kind=kind,
            referral_partner=referral_partner_for(request) or request.user.referred_by,
        )
    except ValidationError as error:
        form.show_refusal(error)
        return _render_enter(request, competition, kind, form, status=400)
    return _save_form(request, entry, form)


def _save(request: HttpRequest, entry: Entry) -> HttpResponse:
    form = EntryForm(
        request.POST,
        request.FILES,
        instance=entry,
        competition=entry.competition,
        kind=entry.kind,
    )
    return _save_form(request, entry, form)


def _save_form(request: HttpRequest, entry: Entry, form: EntryForm) -> HttpResponse:
    if not form.is_valid():
        _keep_valid_uploads(request, entry, form)
        return _render_form(request, entry, form, status=400)
    try:
        entry = services.entry_save(
            entry=entry, actor=request.user, changes=form.changes(), **form.uploads()
        )
    except ValidationError as error:
        # The refused changes are shown again; a good new file is kept as saved.
        _keep_valid_uploads(request, Entry.objects.get(pk=entry.pk), form)
        form.show_refusal(error)
        return _render_form(request, entry, form, status=400)
    return _after_save(request, entry, form)


def _after_save(request: HttpRequest, entry: Entry, form: EntryForm) -> HttpResponse:
    action = request.POST.get("action", "save")
    if action == "submit":
        check = SubmitCheckForm(request.POST)
        if not check.is_valid():
            return _render_refused_submit(request, entry, form, _check_error(check))
        try:
            services.entry_submit(entry=entry, actor=request.user)
        except ValidationError as error:
            return _render_refused_submit(request, entry, form, error)
        messages.success(
            request, _("Your entry is submitted. We've emailed you a receipt.")
        )
        return redirect(entry.get_absolute_url())
    messages.success(request, _("Your draft is saved."))
    if action == "preview":
        return redirect(entry.get_absolute_url())
    return redirect(entry.get_edit_url())


def _check_error(check: SubmitCheckForm) -> ValidationError:
    return ValidationError(
        [message for errors in check.errors.values() for message in errors]
    )


def _keep_valid_uploads(request: HttpRequest, entry: Entry, form: EntryForm) -> None:
    """Keep a good upload even when another field needs fixing."""
    uploads = form.checked_uploads()
    if uploads and permissions.can_edit_entry(request.user, entry):
        try:
            services.entry_save(entry=entry, actor=request.user, changes={}, **uploads)
        except ValidationError:
            pass  # The entry as stored cannot take it; the form says why.


def _render_refused_submit(
    request, entry: Entry, form: EntryForm, error
) -> HttpResponse:
    messages.error(
        request, _("Your draft is saved, but it could not be submitted yet.")
    )
    form.show_refusal(error)
    return _render_form(request, entry, form, status=400)


def _render_form(request, entry: Entry, form: EntryForm, status: int = 200):
    context = {
        "entry": entry,
        "page": entry.competition,
        "form": form,
        "submit_check": SubmitCheckForm(),
    }
    return TemplateResponse(
        request, "submissions/entry_form.html", context, status=status
    )
