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
carries the decision's reason and messages, and ``seen``: what the
confirmation showed, each entry's ``claims.entry_version`` by public id, signed
for this viewer, action and filters. An entry is decided only if it is still
as seen, checked under its row lock by ``claims.hold_for_decision`` as a single
decision is; one that changed meanwhile (resubmitted, or decided and back in
the queue), or that it did not show, is left and counted. "Select all" takes
only the entries the confirmation showed, so later arrivals wait too. A
missing, unreadable or foreign token (signed for someone else, another action
or other filters, or naming none of the ticked entries found) decides nothing:
the confirmation is shown again with what was typed. The token can only ever
narrow a decision: the scope is looked up afresh on every request.
"""

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from submissions.models import Entry, EntryQuerySet
from submissions.urls import PublicIdConverter

from . import services
from .claims import claimed_by_others, entry_version
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
# The POST field that says what the confirmation showed, and its signing salt.
SEEN_FIELD = "seen"
SEEN_SALT = "moderation.bulk.seen"


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


class ConfirmAgain(Exception):
    """The POST does not say what its confirmation showed: show it again."""


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
            action = self.action()
            seen = self.seen(action)
            selection = self.selection(seen)
        except ConfirmAgain:
            return self.confirm_again(action)
        except BulkRefused as refusal:
            return self.render(refusal=str(refusal), status=400)
        form = ACTIONS[action].form_class(request.POST)
        if not form.is_valid():
            return self.render(
                action=action, selection=selection, form=form, seen=seen, status=400
            )
        outcome = services.decisions_bulk(
            decide=ACTIONS[action].decide,
            entries=selection.entries,
            actor=request.user,
            seen=seen,
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

    def confirm_again(self, action: str) -> HttpResponse:
        """Show the confirmation anew, as it is now, keeping what was typed (400)."""
        try:
            selection = self.selection()
        except BulkRefused as refusal:
            return self.render(refusal=str(refusal), status=400)
        messages.error(
            self.request,
            _(
                "Nothing was decided: this form did not come from the confirmation "
                "of these entries. They are listed again below as they are now; "
                "please check them and confirm again."
            ),
        )
        form = ACTIONS[action].form_class(self.request.POST)
        return self.render(action=action, selection=selection, form=form, status=400)

    def seen(self, action: str) -> dict[str, str]:
        """Return what the confirmation showed: each entry's version by public id."""
        try:
            seen = self.signer(action).unsign_object(
                self.request.POST.get(SEEN_FIELD, "")
            )
        except signing.BadSignature as bad:
            raise ConfirmAgain from bad
        if not isinstance(seen, dict) or not all(
            isinstance(value, str) for value in seen.values()
        ):
            raise ConfirmAgain
        return seen

    def seen_token(
        self,
        action: str,
        entries: Iterable[Entry],
        seen: Mapping[str, str] | None = None,
    ) -> str:
        """Sign what the confirmation shows: ``seen``'s versions, or each one now."""
        versions = {
            entry.public_id: (seen or {}).get(entry.public_id) or entry_version(entry)
            for entry in entries
        }
        return self.signer(action).sign_object(versions, compress=True)

    def signer(self, action: str) -> signing.Signer:
        """Sign for this viewer, action and filters, so no other form's token fits."""
        select_all = "all" if self.request.GET.get("select_all") else "ids"
        filters = self.queue_url().partition("?")[2]
        salt = f"{SEEN_SALT}:{self.request.user.pk}:{action}:{select_all}:{filters}"
        return signing.Signer(salt=salt)

    def selection(self, seen: Mapping[str, str] | None = None) -> Selection:
        """Return the entries chosen, from the viewer's scope only.

        With ``seen`` (on POST), only the entries the confirmation showed.
        """
        if self.request.GET.get("select_all"):
            entries, not_found = self.matching(), 0
            if seen is not None:
                entries = entries.filter(public_id__in=list(seen))
        else:
            entries, not_found = self.chosen(seen)
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

    def chosen(self, seen: Mapping[str, str] | None) -> tuple[EntryQuerySet, int]:
        """Return the entries ticked, and how many of the ids are not found.

        With ``seen``, the confirmation must have shown some of them: a token
        for other entries is refused. A ticked entry it did not show is left
        as changed (``services.decisions_bulk``).
        """
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
        found = set(entries.values_list("public_id", flat=True))
        if not found:
            raise Http404
        if seen is not None and found.isdisjoint(seen):
            raise ConfirmAgain
        return entries, len(ids) - len(found)

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
        return listing.get_queryset().prefetch_related(None)

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

    def render(
        self, *, status: int = 200, seen: Mapping[str, str] | None = None, **context
    ) -> HttpResponse:
        """Draw the page; its form carries what it shows, or still ``seen``'s."""
        selection = context.get("selection")
        if selection is not None:
            context[SEEN_FIELD] = self.seen_token(
                context["action"], selection.entries, seen
            )
        context = self.get_context_data(
            **context,
            submit_url=self.submit_url(selection),
            queue_url=self.queue_url(),
        )
        return TemplateResponse(
            self.request, self.template_name, context, status=status
        )


def outcome_message(action: str, outcome: BulkOutcome, selection: Selection) -> str:
    """Say what was decided and what was left, e.g. "12 approved; 2 were already…"."""
    parts = [ACTIONS[action].done(outcome.decided)]
    already = selection.already_decided + outcome.already_decided
    being_reviewed = selection.being_reviewed + outcome.being_reviewed
    not_found = selection.not_found + outcome.refused
    if outcome.changed:
        parts.append(
            ngettext(
                "%(count)d changed since you looked and was left for you to "
                "review again",
                "%(count)d changed since you looked and were left for you to "
                "review again",
                outcome.changed,
            )
            % {"count": outcome.changed}
        )
    if already:
        parts.append(
            ngettext(
                "%(count)d was already decided",
                "%(count)d were already decided",
                already,
            )
            % {"count": already}
        )
    if being_reviewed:
        parts.append(
            ngettext(
                "%(count)d is being reviewed by another moderator",
                "%(count)d are being reviewed by other moderators",
                being_reviewed,
            )
            % {"count": being_reviewed}
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
