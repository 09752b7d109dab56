"""The member's entry flow. Views build forms, call services and show refusals."""

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
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communities.referrals import referral_credit_for
from competitions.enums import Phase
from competitions.models import CompetitionPage
from core.captcha import captcha_csp
from core.methods import require_safe_or_post
from core.pagecache import public_page
from core.sections import render_sections

from . import permissions, services
from .forms import EntryForm, SubmitCheckForm
from .kinds import private_file_served_as
from .models import Entry
from .selectors import entries_used, entry_for_viewer, member_entries_in_progress
from .storage import serves_signed_urls

# A new-entry form carries a token; the draft its first save makes is remembered
# against it, so sending the same form again (a retry, a reload, the back
# button) works on that draft instead of starting another.
DRAFT_TOKEN_FIELD = "draft_token"  # noqa: S105 (a form field name, not a secret)
DRAFT_TOKENS_SESSION_KEY = "entry_draft_tokens"
DRAFT_TOKENS_KEPT = 20

# Extension point: higher apps add sections to an entry's page (reporting it,
# appealing a decision …) as core.sections.PageSection, called with
# (request, entry). Each section decides for itself whom it shows to.
ENTRY_PAGE_HOOK = "entry_page_sections"
# The same, for tags in the page's <head> (the showcase's Open Graph card).
ENTRY_HEAD_HOOK = "entry_head_sections"
# The same, for the page that asks the author to confirm a withdrawal: what else
# withdrawing ends that only a higher app knows (an appeal still waiting).
ENTRY_WITHDRAW_HOOK = "entry_withdraw_sections"


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
        if draft := _draft_for_token(request, competition):
            return _save(request, draft)
        return _start_and_save(request, competition, kind)
    refused = kind is None and (request.method == "POST" or bool(_asked_kind(request)))
    if refused:
        messages.error(request, _kind_refusal(request))
    form = (
        _entry_form(request, _new_entry(request, competition, kind)) if kind else None
    )
    return _render_enter(
        request, competition, kind, form, status=400 if refused else 200
    )


@require_safe_or_post
@captcha_csp
def entry_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    """Edit an entry the author may still change."""
    entry = entry_for_viewer(public_id=public_id, user=request.user)
    if not permissions.can_edit_entry(request.user, entry):
        raise Http404
    if request.method == "POST":
        return _save(request, entry)
    return _render_form(request, entry, _entry_form(request, entry))


@public_page
@captcha_csp
def entry_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """Show an entry: public once approved; to its author and staff before."""
    entry = entry_for_viewer(public_id=public_id, user=request.user)
    user = request.user
    is_author = permissions.is_author(user, entry)
    context = {
        "entry": entry,
        "page": entry.competition,
        "is_author": is_author,
        "show_author": is_author or not entry.author_hidden,
        "can_edit": permissions.can_edit_entry(user, entry),
        "can_withdraw": permissions.can_withdraw_entry(user, entry),
        "can_delete": permissions.can_delete_entry(user, entry),
        "can_submit": permissions.can_submit_entry(user, entry),
        "can_view_media": permissions.can_view_entry_media(user, entry),
        "submit_check": SubmitCheckForm(),
        "sections": render_sections(ENTRY_PAGE_HOOK, request, entry),
        "head_sections": render_sections(ENTRY_HEAD_HOOK, request, entry),
    }
    return TemplateResponse(request, "submissions/entry_detail.html", context)


@require_POST
@captcha_csp
def entry_submit(request: HttpRequest, public_id: str) -> HttpResponse:
    """Submit an entry from its preview."""
    entry = entry_for_viewer(public_id=public_id, user=request.user)
    if not permissions.is_author(request.user, entry):
        raise Http404
    if not permissions.can_submit_entry(request.user, entry):
        # Sent in already, or withdrawn (a second tab, the back button): say so
        # on the entry's page rather than offer a form that can't be used.
        messages.error(
            request,
            _("This entry is %(status)s, so there is nothing to submit.")
            % {"status": entry.get_status_display().lower()},
        )
        return redirect(entry.get_absolute_url())
    return _submit(request, entry, _entry_form(request, entry, bound=False))


@require_safe_or_post
def entry_withdraw(request: HttpRequest, public_id: str) -> HttpResponse:
    """Confirm, then withdraw an entry."""
    entry = entry_for_viewer(public_id=public_id, user=request.user)
    if not permissions.can_withdraw_entry(request.user, entry):
        raise Http404
    if request.method == "POST":
        services.entry_withdraw(entry=entry, actor=request.user)
        messages.success(request, _("Your entry is withdrawn."))
        return redirect("members:me")
    context = {
        "entry": entry,
        "sections": render_sections(ENTRY_WITHDRAW_HOOK, request, entry),
    }
    return TemplateResponse(request, "submissions/withdraw.html", context)


@require_safe_or_post
def entry_delete(request: HttpRequest, public_id: str) -> HttpResponse:
    """Confirm, then delete a draft and its files for good."""
    entry = entry_for_viewer(public_id=public_id, user=request.user)
    if not permissions.can_delete_entry(request.user, entry):
        raise Http404
    if request.method == "POST":
        services.entry_delete(entry=entry, actor=request.user)
        messages.success(request, _("Your draft is deleted."))
        return redirect("members:me")
    return TemplateResponse(request, "submissions/delete.html", {"entry": entry})


def entry_media(request: HttpRequest, public_id: str, field: str) -> HttpResponse:
    """Serve an entry's private file to those who may see the entry; 404 otherwise."""
    entry = entry_for_viewer(public_id=public_id, user=request.user)
    model_field = private_file_served_as(field)
    stored = getattr(entry, model_field) if model_field else None
    if not stored or not permissions.can_view_entry_media(request.user, entry):
        raise Http404
    if serves_signed_urls(stored.storage):
        response = HttpResponseRedirect(stored.storage.url(stored.name))
    else:
        response = FileResponse(stored.storage.open(stored.name, "rb"))
        response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, no-store"
    return response


# Building forms and pages --------------------------------------------------------


def _new_entry(request: HttpRequest, competition: CompetitionPage, kind: str) -> Entry:
    """Return an unsaved entry for the new-entry form to describe."""
    return Entry(competition=competition, kind=kind, author=request.user)


def _entry_form(request: HttpRequest, entry: Entry, *, bound: bool = True) -> EntryForm:
    """Return the entry's form, bound to what was sent if this is a POST."""
    if bound and request.method == "POST":
        return EntryForm(request.POST, request.FILES, instance=entry)
    return EntryForm(instance=entry)


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
        "draft_token": request.POST.get(DRAFT_TOKEN_FIELD) or get_random_string(24),
    }
    return TemplateResponse(request, "submissions/enter.html", context, status=status)


def _render_form(
    request: HttpRequest, entry: Entry, form: EntryForm, status: int = 200
) -> HttpResponse:
    context = {
        "entry": entry,
        "page": entry.competition,
        "form": form,
        "submit_check": SubmitCheckForm(),
    }
    return TemplateResponse(
        request, "submissions/entry_form.html", context, status=status
    )


# Saving and submitting -----------------------------------------------------------


def _start_and_save(
    request: HttpRequest, competition: CompetitionPage, kind: str
) -> HttpResponse:
    form = _entry_form(request, _new_entry(request, competition, kind))
    if not form.is_valid() and not form.checked_uploads():
        # Nothing worth keeping yet: show the typing again, store nothing.
        if _wants_submit(request):
            form.show_everything_missing()
        return _render_enter(request, competition, kind, form, status=400)
    try:
        entry = services.entry_start(
            competition=competition,
            author=request.user,
            kind=kind,
            referral_partner=referral_credit_for(request),
        )
    except ValidationError as error:
        form.show_refusal(error)
        return _render_enter(request, competition, kind, form, status=400)
    _remember_draft_token(request, entry)
    return _save_form(request, entry, form)


def _save(request: HttpRequest, entry: Entry) -> HttpResponse:
    return _save_form(request, entry, _entry_form(request, entry))


def _save_form(request: HttpRequest, entry: Entry, form: EntryForm) -> HttpResponse:
    if not form.is_valid():
        _keep_valid_uploads(request, entry, form)
        if _wants_submit(request):
            form.show_everything_missing()
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
    if _wants_submit(request):
        return _submit(request, entry, form)
    messages.success(request, _("Your draft is saved."))
    if request.POST.get("action") == "preview":
        return redirect(entry.get_absolute_url())
    return redirect(entry.get_edit_url())


def _submit(request: HttpRequest, entry: Entry, form: EntryForm) -> HttpResponse:
    """Submit after the human check; on refusal keep the draft and say why."""
    check = SubmitCheckForm(request.POST)
    try:
        if not check.is_valid():
            raise ValidationError(
                [message for errors in check.errors.values() for message in errors]
            )
        services.entry_submit(entry=entry, actor=request.user)
    except PermissionDenied as error:
        messages.error(request, str(error))
        return redirect(entry.get_absolute_url())
    except ValidationError as error:
        messages.error(
            request, _("Your draft is saved, but it could not be submitted yet.")
        )
        form.show_refusal(error)
        return _render_form(request, entry, form, status=400)
    messages.success(
        request, _("Your entry is submitted. We've emailed you a receipt.")
    )
    return redirect(entry.get_absolute_url())


def _keep_valid_uploads(request: HttpRequest, entry: Entry, form: EntryForm) -> None:
    """Keep a good upload even when another field needs fixing."""
    uploads = form.checked_uploads()
    if uploads and permissions.can_edit_entry(request.user, entry):
        try:
            services.entry_save(entry=entry, actor=request.user, changes={}, **uploads)
        except ValidationError:
            pass  # The entry as stored cannot take it; the form says why.


def _wants_submit(request: HttpRequest) -> bool:
    return request.POST.get("action") == "submit"


# Choosing the kind, and the draft a new-entry form already made ------------------


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


def _remember_draft_token(request: HttpRequest, entry: Entry) -> None:
    token = request.POST.get(DRAFT_TOKEN_FIELD, "")
    if not token:
        return
    tokens = request.session.get(DRAFT_TOKENS_SESSION_KEY, {})
    tokens[token] = entry.pk
    request.session[DRAFT_TOKENS_SESSION_KEY] = dict(
        list(tokens.items())[-DRAFT_TOKENS_KEPT:]
    )


def _draft_for_token(
    request: HttpRequest, competition: CompetitionPage
) -> Entry | None:
    """Return the draft this form's first save made, if it can still be edited."""
    token = request.POST.get(DRAFT_TOKEN_FIELD, "")
    entry_id = request.session.get(DRAFT_TOKENS_SESSION_KEY, {}).get(token)
    if entry_id is None:
        return None
    entry = (
        Entry.objects.by_author(request.user)
        .select_related("competition", "author", "category")
        .filter(pk=entry_id, competition=competition)
        .first()
    )
    if entry is None or not permissions.can_edit_entry(request.user, entry):
        return None
    return entry
