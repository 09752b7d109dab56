"""The moderation area of the admin: the queue and the review screen.

Every view starts from the viewer's own scope (``selectors.moderation_scope``):
an entry outside it is a 404, whatever its id, and the queue lists nothing
else. Decisions go through ``services``, which check the right again.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.base import (
    BaseListingView,
    WagtailAdminTemplateMixin,
)

from submissions.enums import DECIDABLE_STATUSES
from submissions.models import Entry
from submissions.permissions import Viewer, is_entry_editor

from . import services
from .claims import (
    CLAIM_LENGTH,
    ClaimHeld,
    EntryChanged,
    break_claim,
    claim_entry,
    claim_time,
    entry_version,
    held_message,
    hold_for_decision,
    holds,
    live_claim,
    own_message,
    with_claims,
)
from .columns import FlagsColumn, SelectColumn
from .filters import QueueFilterSet
from .forms import DECISION_FORMS
from .permissions import may_use_moderation_area
from .selectors import (
    awaiting_decision,
    entry_decisions,
    entry_flags,
    entry_for_review,
    entry_reports,
    flags_prefetch,
    next_in_queue,
    open_escalation,
    queue_entries,
)

QUEUE_URL = "moderation:queue"
DECIDE = {
    "approve": services.decision_approve,
    "reject": services.decision_reject,
    "request_changes": services.decision_request_changes,
    "escalate": services.decision_escalate,
}
DONE = {
    "approve": gettext_lazy("“%(entry)s” is approved."),
    "reject": gettext_lazy("“%(entry)s” is rejected; the entrant is told why."),
    "request_changes": gettext_lazy("“%(entry)s” is back with its entrant."),
    "escalate": gettext_lazy("“%(entry)s” is passed to staff."),
}


class ModerationAreaMixin:
    """Let in editors and moderators with an assignment in force; 403 otherwise."""

    def dispatch(self, request, *args, **kwargs):
        if not may_use_moderation_area(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def review_url(entry: Entry) -> str:
    return reverse("moderation:review", kwargs={"public_id": entry.public_id})


def waiting_for(entry: Entry) -> str:
    """Return how long the entry has waited for a decision, in hours.

    From ``waiting_since`` (``selectors.with_report_state``): its submission, or
    for an approved entry back for its reports, the first report still open.
    """
    if entry.waiting_since is None:
        return ""
    hours = int((timezone.now() - entry.waiting_since).total_seconds() // 3600)
    return _("%(hours)d h") % {"hours": hours}


def needs_attention(entry: Entry) -> str:
    """Say why an entry beyond the usual waits: passed to staff, reported, hidden."""
    notes = []
    if getattr(entry, "with_staff", False):
        notes.append(_("With staff"))
    if entry.hidden_at is not None:
        notes.append(_("Hidden after reports"))
    elif getattr(entry, "reported", False):
        notes.append(_("Reported"))
    return ", ".join(notes)


def claimed_by(entry: Entry) -> str:
    """Return who is reviewing the entry now and until when, or nothing if free.

    Reads the annotations of ``claims.with_claims``, so the queue makes no
    query per row.
    """
    if entry.claim_holder is None and entry.claim_expires_at is None:
        return ""
    return _("%(name)s until %(time)s") % {
        # Staff without a handle are the organisers' editors, never members.
        "name": entry.claim_holder or _("The organisers"),
        "time": claim_time(entry.claim_expires_at),
    }


# Room for the titles: beside ten other columns, Wagtail's break-word on the
# title cell squeezed them to a few letters a line ("Marke t day").
QUEUE_MEDIA = forms.Media(css={"all": ["moderation/queue.css"]})


class QueueView(ModerationAreaMixin, BaseListingView):
    """The entries waiting for a decision, oldest first, in the viewer's scope."""

    page_title = gettext_lazy("Moderation")
    header_icon = "tasks"
    index_url_name = QUEUE_URL
    index_results_url_name = "moderation:queue_results"
    results_template_name = "moderation/queue_results.html"
    filterset_class = QueueFilterSet
    paginate_by = 50
    verbose_name_plural = gettext_lazy("entries")
    columns = [
        SelectColumn("select", label=gettext_lazy("Select")),
        TitleColumn("title", label=gettext_lazy("Entry"), get_url=review_url),
        Column(
            "competition",
            label=gettext_lazy("Competition"),
            accessor="competition.title",
        ),
        Column("kind", label=gettext_lazy("Kind"), accessor="get_kind_display"),
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        Column("author", label=gettext_lazy("Entrant"), accessor="author.public_name"),
        Column("age_band", label=gettext_lazy("Age"), accessor="get_age_band_display"),
        DateColumn("submitted_at", label=gettext_lazy("Submitted")),
        Column("waiting", label=gettext_lazy("Waiting"), accessor=waiting_for),
        Column("attention", label=gettext_lazy("Needs"), accessor=needs_attention),
        Column("claimed", label=gettext_lazy("Claimed by"), accessor=claimed_by),
        FlagsColumn("flags", label=gettext_lazy("Flags")),
    ]

    def get_base_queryset(self):
        entries = with_claims(queue_entries(self.request.user))
        if not self.request.GET.get("status"):
            entries = awaiting_decision(entries, user=self.request.user)
        return entries

    def get_breadcrumbs_items(self):
        return [{"url": "", "label": self.page_title}]

    def get_queryset(self):
        return super().get_queryset().prefetch_related(flags_prefetch())

    def get_context_data(self, **kwargs):
        """Add the filters in force, for the bulk form's "select all" to carry."""
        context = super().get_context_data(**kwargs)
        names = self.filters.form.fields if self.filters else {}
        context["bulk_filters"] = [
            (name, value) for name in names for value in self.request.GET.getlist(name)
        ]
        if "media" in context:
            context["media"] += QUEUE_MEDIA
        return context


class ReviewView(ModerationAreaMixin, WagtailAdminTemplateMixin, View):
    """Show an entry as the public would see it, its history, and the decisions.

    Opening it claims the entry for the viewer (``claims.claim_entry``) unless
    someone else is reviewing it: then the decisions give way to a notice of
    who has it and until when, and editors may break the claim.
    """

    template_name = "moderation/review.html"
    header_icon = "tasks"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.public_id = kwargs["public_id"]

    @cached_property
    def entry(self) -> Entry:
        return entry_for_review(user=self.request.user, public_id=self.public_id)

    def get_page_title(self):
        return str(self.entry)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse(QUEUE_URL), "label": _("Moderation")},
            {"url": "", "label": str(self.entry)},
        ]

    def get(self, request: HttpRequest, public_id: str) -> HttpResponse:
        claim = None
        # Only a moderator opening the page claims it: a HEAD (a link checker,
        # a monitor) reads and changes nothing (core.methods).
        if self.entry.status in DECIDABLE_STATUSES and request.method != "HEAD":
            try:
                claim = claim_entry(entry=self.entry, moderator=request.user)
            except ValidationError:  # decided a moment ago by someone else
                self.entry.refresh_from_db(fields=["status", "decided_at"])
        return self.render(self.forms(), claim=claim)

    def post(self, request: HttpRequest, public_id: str) -> HttpResponse:
        action = request.POST.get("action", "")
        if action not in DECIDE:
            messages.error(
                request, _("Please choose approve, reject or ask for changes.")
            )
            return self.render(self.forms(), status=400)
        form = DECISION_FORMS[action](request.POST, prefix=action)
        claim, status = None, 400
        if form.is_valid():
            try:
                with transaction.atomic():
                    hold_for_decision(
                        entry=self.entry,
                        moderator=request.user,
                        seen=request.POST.get("seen", ""),
                    )
                    DECIDE[action](
                        entry=self.entry, actor=request.user, **form.cleaned_data
                    )
            except ClaimHeld as held:
                # What was typed stays on the form below the notice.
                form.add_error(None, held.messages)
                claim = held.claim
            except EntryChanged as changed:
                # Show the entry as it is now; what was typed stays on the form.
                self.entry.refresh_from_db()
                messages.error(request, " ".join(changed.messages))
                status = 409
            except ValidationError as error:
                _add_errors(request, form, error)
            else:
                messages.success(request, DONE[action] % {"entry": self.entry})
                return self.next_entry()
        return self.render(
            self.forms(bound=(action, form)),
            status=status,
            claim=claim or live_claim(entry=self.entry),
            keep_forms=True,
        )

    def next_entry(self) -> HttpResponse:
        """Go on to the longest-waiting entry, or back to the queue if none is left."""
        following = next_in_queue(self.request.user, after=self.entry)
        return redirect(review_url(following) if following else reverse(QUEUE_URL))

    def forms(self, bound=None) -> dict:
        forms = {name: form(prefix=name) for name, form in DECISION_FORMS.items()}
        if bound is not None:
            forms[bound[0]] = bound[1]
        return forms

    def render(
        self,
        forms: dict,
        status: int = 200,
        *,
        claim=None,
        keep_forms: bool = False,
    ) -> HttpResponse:
        user = self.request.user
        forms = dict(forms)
        escalate_form = forms.pop("escalate")  # review_escalate.html shows it
        decidable = self.entry.status in DECIDABLE_STATUSES
        escalation = open_escalation(entry=self.entry)
        others_claim = claim if claim is not None and not holds(claim, user) else None
        following = next_in_queue(user, after=self.entry)
        show_forms = decidable and (others_claim is None or keep_forms)
        context = self.get_context_data(
            entry=self.entry,
            decisions=entry_decisions(entry=self.entry),
            forms=forms,
            can_view_media=True,
            decidable=decidable,
            flags=entry_flags(entry=self.entry),
            reports=entry_reports(entry=self.entry),
            escalation=escalation,
            escalate_form=escalate_form,
            can_escalate=show_forms
            and escalation is None
            and not is_entry_editor(user),
            own_claim=claim if holds(claim, user) else None,
            others_claim=others_claim,
            may_break_claim=others_claim is not None and is_entry_editor(user),
            show_forms=show_forms,
            next_url=review_url(following) if following else None,
            seen=entry_version(self.entry),
            queue_url=reverse(QUEUE_URL),
            renew_seconds=int(CLAIM_LENGTH.total_seconds()) // 3,
            keys_enabled=keyboard_shortcuts_on(user),
        )
        return TemplateResponse(
            self.request, self.template_name, context, status=status
        )


class ClaimBreakView(ReviewView):
    """An editor takes an entry over from whoever is reviewing it (POST only)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, public_id: str) -> HttpResponse:
        previous = live_claim(entry=self.entry)
        try:
            break_claim(entry=self.entry, editor=request.user)
        except PermissionDenied:
            messages.error(request, _("Only editors can break someone's claim."))
            return self.render(self.forms(), status=403, claim=previous)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.render(self.forms(), status=400)
        if previous is not None and not holds(previous, request.user):
            messages.success(
                request,
                _("You have taken this entry over from %(name)s.")
                % {"name": previous.moderator.public_name},
            )
        return redirect(review_url(self.entry))


class ClaimRenewView(ModerationAreaMixin, View):
    """Keep the viewer's claim while the review page is open (POST, answers JSON).

    The review page's script calls this every few minutes while the page is
    visible. 200 with the new end time when the viewer holds the claim; 409
    with a message to show when someone else has it or it needs no claim now.
    """

    http_method_names = ["post"]

    def post(self, request: HttpRequest, public_id: str) -> HttpResponse:
        entry = entry_for_review(user=request.user, public_id=public_id)
        try:
            claim = claim_entry(entry=entry, moderator=request.user)
        except ValidationError as error:
            return JsonResponse(
                {"held": False, "message": " ".join(error.messages)}, status=409
            )
        if not holds(claim, request.user):
            return JsonResponse(
                {"held": False, "message": held_message(claim)}, status=409
            )
        return JsonResponse(
            {
                "held": True,
                "expires_at": claim.expires_at.isoformat(),
                "message": own_message(claim),
            }
        )


def keyboard_shortcuts_on(user: Viewer) -> bool:
    """Follow the admin's own setting, which turns Wagtail's shortcuts off too."""
    profile = getattr(user, "wagtail_userprofile", None)
    return profile.keyboard_shortcuts if profile is not None else True


def _add_errors(request: HttpRequest, form, error: ValidationError) -> None:
    """Show a service's refusal on the form by field, and the rest as a message."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            if field in form.fields:
                form.add_error(field, errors)
            else:
                messages.error(request, " ".join(errors))
    else:
        messages.error(request, " ".join(error.messages))
