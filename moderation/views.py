"""The moderation area of the admin: the queue and the review screen.

Every view starts from the viewer's own scope (``selectors.moderation_scope``):
an entry outside it is a 404, whatever its id, and the queue lists nothing
else. Decisions go through ``services``, which check the right again.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
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

from . import services
from .columns import FlagsColumn, SelectColumn
from .enums import QUEUE_STATUSES
from .filters import QueueFilterSet
from .forms import DECISION_FORMS
from .permissions import may_use_moderation_area
from .selectors import (
    entry_decisions,
    entry_for_review,
    flags_prefetch,
    next_in_queue,
    queue_entries,
)

QUEUE_URL = "moderation:queue"
DECIDE = {
    "approve": services.decision_approve,
    "reject": services.decision_reject,
    "request_changes": services.decision_request_changes,
}
DONE = {
    "approve": gettext_lazy("“%(entry)s” is approved."),
    "reject": gettext_lazy("“%(entry)s” is rejected; the entrant is told why."),
    "request_changes": gettext_lazy("“%(entry)s” is back with its entrant."),
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
    """Return how long the entry has waited since it was submitted, in hours."""
    if entry.submitted_at is None:
        return ""
    hours = int((timezone.now() - entry.submitted_at).total_seconds() // 3600)
    return _("%(hours)d h") % {"hours": hours}


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
        FlagsColumn("flags", label=gettext_lazy("Flags")),
    ]

    def get_base_queryset(self):
        entries = queue_entries(self.request.user)
        if not self.request.GET.get("status"):
            entries = entries.filter(status__in=QUEUE_STATUSES)
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
        return context


class ReviewView(ModerationAreaMixin, WagtailAdminTemplateMixin, View):
    """Show an entry as the public would see it, its history, and the decisions."""

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
        return self.render(self.forms())

    def post(self, request: HttpRequest, public_id: str) -> HttpResponse:
        action = request.POST.get("action", "")
        if action not in DECIDE:
            messages.error(
                request, _("Please choose approve, reject or ask for changes.")
            )
            return self.render(self.forms(), status=400)
        form = DECISION_FORMS[action](request.POST, prefix=action)
        if form.is_valid():
            try:
                DECIDE[action](
                    entry=self.entry, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                _add_errors(request, form, error)
            else:
                messages.success(request, DONE[action] % {"entry": self.entry})
                return self.next_entry()
        return self.render(self.forms(bound=(action, form)), status=400)

    def next_entry(self) -> HttpResponse:
        """Go on to the longest-waiting entry, or back to the queue if none is left."""
        following = next_in_queue(self.request.user, after=self.entry)
        return redirect(review_url(following) if following else reverse(QUEUE_URL))

    def forms(self, bound=None) -> dict:
        forms = {name: form(prefix=name) for name, form in DECISION_FORMS.items()}
        if bound is not None:
            forms[bound[0]] = bound[1]
        return forms

    def render(self, forms: dict, status: int = 200) -> HttpResponse:
        context = self.get_context_data(
            entry=self.entry,
            decisions=entry_decisions(entry=self.entry),
            forms=forms,
            can_view_media=True,
            decidable=self.entry.status in DECIDABLE_STATUSES,
        )
        return TemplateResponse(
            self.request, self.template_name, context, status=status
        )


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
