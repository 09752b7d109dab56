"""The appeals of the moderation area: the viewer's list and the decision screen.

Both start from ``selectors.appeals_routed_to``: an appeal routed to someone
else is a 404, whatever its id. Outcomes go through ``appeals``, which checks
the routing again and refuses a second outcome.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.base import (
    BaseListingView,
    WagtailAdminTemplateMixin,
)

from .appeals import appeal_dismiss, appeal_uphold
from .forms import AppealDecisionForm
from .models import Appeal
from .selectors import (
    appeal_for_decision,
    appeal_is_closed,
    appeals_waiting,
    entry_decisions,
)
from .views import ModerationAreaMixin

APPEALS_URL = "moderation:appeals"
OUTCOMES = {"uphold": appeal_uphold, "dismiss": appeal_dismiss}
DONE = {
    "uphold": gettext_lazy("The appeal is upheld: “%(entry)s” is approved."),
    "dismiss": gettext_lazy("The appeal is dismissed: “%(entry)s” stays rejected."),
}


def appeal_url(appeal: Appeal) -> str:
    return reverse("moderation:appeal", kwargs={"pk": appeal.pk})


class AppealListView(ModerationAreaMixin, BaseListingView):
    """The undecided appeals routed to the viewer, oldest first."""

    page_title = gettext_lazy("Appeals")
    header_icon = "help"
    index_url_name = APPEALS_URL
    index_results_url_name = "moderation:appeals_results"
    paginate_by = 50
    verbose_name_plural = gettext_lazy("appeals")
    columns = [
        TitleColumn(
            "entry", label=gettext_lazy("Entry"), accessor="entry", get_url=appeal_url
        ),
        Column(
            "competition",
            label=gettext_lazy("Competition"),
            accessor="entry.competition.title",
        ),
        Column(
            "reason",
            label=gettext_lazy("Rejected for"),
            accessor="rejection.get_reason_display",
        ),
        DateColumn("created_at", label=gettext_lazy("Appealed")),
    ]

    def get_base_queryset(self):
        return appeals_waiting(self.request.user)

    def get_breadcrumbs_items(self):
        return [{"url": "", "label": self.page_title}]


class AppealDecideView(ModerationAreaMixin, WagtailAdminTemplateMixin, View):
    """Show an appeal beside its entry and rejection, and take its final outcome."""

    template_name = "moderation/appeal_decide.html"
    header_icon = "help"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.pk = kwargs["pk"]

    @cached_property
    def appeal(self) -> Appeal:
        return appeal_for_decision(user=self.request.user, pk=self.pk)

    def get_page_title(self):
        return _("Appeal: %(entry)s") % {"entry": self.appeal.entry}

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse(APPEALS_URL), "label": _("Appeals")},
            {"url": "", "label": str(self.appeal.entry)},
        ]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render(AppealDecisionForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = AppealDecisionForm(request.POST)
        if self.appeal.outcome_id is not None:
            messages.error(request, _("This appeal is decided; the outcome is final."))
            return self.render(form, status=400)
        if form.is_valid():
            outcome = form.cleaned_data["outcome"]
            try:
                OUTCOMES[outcome](
                    appeal=self.appeal,
                    actor=request.user,
                    message=form.cleaned_data["message"],
                )
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                for field, errors in _by_field(error, form):
                    form.add_error(field, errors)
            else:
                messages.success(request, DONE[outcome] % {"entry": self.appeal.entry})
                return redirect(APPEALS_URL)
        return self.render(form, status=400)

    def render(self, form, status: int = 200) -> HttpResponse:
        entry = self.appeal.entry
        context = self.get_context_data(
            appeal=self.appeal,
            entry=entry,
            decisions=entry_decisions(entry=entry),
            closed=appeal_is_closed(self.appeal, entry),
            form=form,
            can_view_media=True,
        )
        return TemplateResponse(
            self.request, self.template_name, context, status=status
        )


def _by_field(error: ValidationError, form):
    """Yield a service refusal's (field or None, messages) for ``form.add_error``."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            yield (field if field in form.fields else None), errors
    else:
        yield None, error.messages
