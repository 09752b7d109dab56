"""Bulk approve and bulk reject from the queue: choose, confirm, then decide each.

Why not Wagtail's bulk-action framework: its actions are registered per model
for the whole admin (an "approve" for entries would also appear in the entry
snippets' listing and at ``/admin/bulk/submissions/entry/…``), its "select
all" takes ``model.objects.all()`` rather than the queue's filters, and it runs
every object in one transaction. This is a small form of our own, in the same
shape (a GET confirmation, then a POST), using Wagtail's ``w-bulk`` controller
for the checkboxes.

Scope: the chosen entries are looked up in the viewer's own scope only
(``selectors.moderation_scope``); "select all" is the queue's own query
(``QueueView.get_queryset``: its scope, default statuses and filters). An id
outside the scope is "not found", exactly as an id that does not exist: it is
never decided, never shown, and if nothing chosen is found the answer is a 404.
Every entry is then decided through the decision services, one by one, which
check the actor again.

The query string carries the selection (``action``, ``id`` or ``select_all``
and the queue's filters) to the confirmation and to its POST; the POST body
carries the decision's reason and messages.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from submissions.models import Entry, EntryQuerySet
from submissions.urls import PublicIdConverter

from . import services
from .claims import claimed_by_others
from .forms import ApproveForm, RejectForm
from .models import ModerationDecision
from .selectors import awaiting_decision, queue_entries
from .services import BulkOutcome
from .views import QUEUE_URL, ModerationAreaMixin, QueueView

# Most entries one bulk decision takes: each is a full decision (files are
# published or taken down, an email is queued), all within one request.
BULK_LIMIT = 200
# How many of the chosen titles the confirmation lists.
SHOWN_TITLES = 8
# What a public id can be: anything else (a NUL byte, the wrong length) is
# never looked up, and counts as not found.
PUBLIC_ID = re.compile(PublicIdConverter.regex)
SELECTION_PARAMETERS = ("action", "id", "select_all")


@dataclass(frozen=True)
class BulkAction:
    """A decision that can be made on many entries: its service, form and words."""

    decide: Callable[..., ModerationDecision]
    form_class: type[forms.Form]
    done: Callable[[int], str]


def _approved(count: int) -> str:
    if not count:
        return _("Nothing was approved")
    return ngettext("%(count)d approved", "%(count)d approved", count) % {
        "count": count
    }


def _rejected(count: int) -> str:
    if not count:
        return _("Nothing was rejected")
    return ngettext("%(count)d rejected", "%(count)d rejected", count) % {
        "count": count
    }


ACTIONS = {
    "approve": BulkAction(services.decision_approve, ApproveForm, _approved),
    "reject": BulkAction(services.decision_reject, RejectForm, _rejected),
}


class BulkRefused(Exception):
    """The selection cannot be decided as asked; the message says why."""


@dataclass(frozen=True)
class Selection:
    """The entries a bulk decision will take, and how many it leaves, and why."""

    entries: list[Entry]
    already_decided: int = 0
    being_reviewed: int = 0
    not_found: int = 0

    @property
    def shown(self) -> list[Entry]:
        return self.entries[:SHOWN_TITLES]

    @property
    def more(self) -> int:
        return max(len(self.entries) - SHOWN_TITLES, 0)


class BulkDecisionView(ModerationAreaMixin, WagtailAdminTemplateMixin, View):
    """Confirm (GET) and then make (POST) one decision on many entries."""

    template_name = "moderation/bulk_confirm.html"
    header_icon = "tasks"
    page_title = gettext_lazy("Decide several entries")

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse(QUEUE_URL), "label": _("Moderation")},
            {"url": "", "label": self.page_title},
        ]

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            action, selection = self.action(), self.selection()
        except BulkRefused as refusal:
            return self.render(refusal=str(refusal), status=400)
        form = ACTIONS[action].form_class()
        return self.render(action=action, selection=selection, form=form)

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            action, selection = self.action(), self.selection()
        except BulkRefused as refusal:
            return self.render(refusal=str(refusal), status=400)
        form = ACTIONS[action].form_class(request.POST)
        if not form.is_valid():
            return self.render(
                action=action, selection=selection, form=form, status=400
            )
        outcome = services.decisions_bulk(
            decide=ACTIONS[action].decide,
            entries=selection.entries,
            actor=request.user,
            **form.cleaned_data,
        )
        report = outcome_message(action, outcome, selection)
        (messages.success if outcome.decided else messages.warning)(request, report)
        return redirect(self.queue_url())

    def action(self) -> str:
        action = self.request.GET.get("action", "")
        if action not in ACTIONS:
            raise BulkRefused(_("Please choose to approve or to reject the entries."))
        return action

    def selection(self) -> Selection:
        """Return the entries chosen, from the viewer's scope only."""
        if self.request.GET.get("select_all"):
            entries, not_found = self.matching(), 0
        else:
            entries, not_found = self.chosen()
        return self.partition(entries, not_found=not_found)

    def partition(self, entries: EntryQuerySet, *, not_found: int) -> Selection:
        """Split ``entries`` into those to decide and those to leave, and why."""
        user = self.request.user
        waiting = awaiting_decision(entries, user=user)
        to_decide = list(
            waiting.exclude(claimed_by_others(user))
            .select_related("competition")
            .order_by("submitted_at", "pk")[: BULK_LIMIT + 1]
        )
        if len(to_decide) > BULK_LIMIT:
            raise BulkRefused(
                _(
                    "That is more than %(limit)d entries. Please choose fewer, or "
                    "narrow the filters, and decide them in turns."
                )
                % {"limit": BULK_LIMIT}
            )
        waiting_count = waiting.count()
        return Selection(
            entries=to_decide,
            already_decided=entries.count() - waiting_count,
            being_reviewed=waiting_count - len(to_decide),
            not_found=not_found,
        )

    def chosen(self) -> tuple[EntryQuerySet, int]:
        """Return the entries ticked, and how many of the ids are not found."""
        ids = list(dict.fromkeys(self.request.GET.getlist("id")))
        if not ids:
            raise BulkRefused(
                _(
                    "Please tick at least one entry, or select all the entries "
                    "the filters match."
                )
            )
        if len(ids) > BULK_LIMIT:
            raise BulkRefused(
                _("Please choose at most %(limit)d entries at once.")
                % {"limit": BULK_LIMIT}
            )
        wanted = [value for value in ids if PUBLIC_ID.fullmatch(value)]
        entries = queue_entries(self.request.user).filter(public_id__in=wanted)
        found = entries.count()
        if not found:
            raise Http404
        return entries, len(ids) - found

    def matching(self) -> EntryQuerySet:
        """Return what the queue shows with these filters, on every page.

        The queue's own query, so "select all" can never take more than the
        queue would list; with a filter it cannot read, nothing is taken.
        """
        listing = QueueView()
        listing.setup(self.request)
        if listing.filters is not None and not listing.filters.is_valid():
            raise BulkRefused(
                _("Some of the filters are not valid. Please go back and fix them.")
            )
        entries = listing.get_queryset().prefetch_related(None)
        if self.request.method == "POST" and (cutoff := self.shown_at()):
            entries = entries.filter(submitted_at__lte=cutoff)
        return entries

    def shown_at(self) -> datetime | None:
        """Return when the confirmation was shown: later arrivals are not taken."""
        value = self.request.POST.get("shown_at", "")
        if not value:
            return None
        try:
            moment = parse_datetime(value)
        except ValueError:
            moment = None
        if moment is None or timezone.is_naive(moment):
            raise BulkRefused(_("Please go back to the queue and choose again."))
        return moment

    def submit_url(self, selection: Selection | None) -> str:
        """Return where the confirmation posts: the entries it showed, by id.

        "Select all" posts its filters again; ticked ids are cut down to the
        entries found, so no id from outside the scope is written back.
        """
        query = self.request.GET.copy()
        if selection is not None and not query.get("select_all"):
            query.setlist("id", [entry.public_id for entry in selection.entries])
        return reverse("moderation:bulk") + "?" + query.urlencode()

    def queue_url(self) -> str:
        filters = QueryDict(mutable=True)
        for name, values in self.request.GET.lists():
            if name not in SELECTION_PARAMETERS:
                filters.setlist(name, values)
        query = filters.urlencode()
        return reverse(QUEUE_URL) + (f"?{query}" if query else "")

    def render(self, *, status: int = 200, **context) -> HttpResponse:
        context = self.get_context_data(
            **context,
            submit_url=self.submit_url(context.get("selection")),
            queue_url=self.queue_url(),
            shown_at=timezone.now().isoformat(),
        )
        return TemplateResponse(
            self.request, self.template_name, context, status=status
        )


def outcome_message(action: str, outcome: BulkOutcome, selection: Selection) -> str:
    """Say what was decided and what was left, e.g. "12 approved; 2 were already…"."""
    parts = [ACTIONS[action].done(outcome.decided)]
    already = selection.already_decided + outcome.already_decided
    not_found = selection.not_found + outcome.refused
    if already:
        parts.append(
            ngettext(
                "%(count)d was already decided",
                "%(count)d were already decided",
                already,
            )
            % {"count": already}
        )
    if selection.being_reviewed:
        parts.append(
            ngettext(
                "%(count)d is being reviewed by another moderator",
                "%(count)d are being reviewed by other moderators",
                selection.being_reviewed,
            )
            % {"count": selection.being_reviewed}
        )
    if not_found:
        parts.append(
            ngettext(
                "%(count)d could not be found",
                "%(count)d could not be found",
                not_found,
            )
            % {"count": not_found}
        )
    return "; ".join(parts) + "."
