"""The moderation report in the admin, for editors only, with its CSV/XLSX export.

``ModerationReportView`` shows one table of ``report.report_rows`` (by
competition, moderator or partner community, chosen by the URL);
``PartnerReportView`` is the same report narrowed to one partner community's
moderators. Moderators, judges and anyone else get a 403: the report names
moderators and compares communities. Exports escape spreadsheet formulas
(``core.exports``).
"""

import django_filters
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import Button

from communities.models import PartnerCommunity
from competitions.models import CompetitionPage
from core.exports import FormulaSafeExportMixin
from submissions.permissions import is_entry_editor

from .models import ModerationDecision
from .report import Grouping, ReportRow, report_decisions, report_rows

COLUMNS = [
    ("community", gettext_lazy("On behalf of")),
    ("decisions", gettext_lazy("Decisions")),
    ("approved", gettext_lazy("Approved")),
    ("rejected", gettext_lazy("Rejected")),
    ("changes_requested", gettext_lazy("Changes asked for")),
    ("escalated", gettext_lazy("Passed to staff")),
    ("median_hours", gettext_lazy("Median hours to decide")),
    ("appeals_upheld", gettext_lazy("Appeals upheld")),
]
NAME_LABELS = {
    Grouping.COMPETITIONS: gettext_lazy("Competition"),
    Grouping.MODERATORS: gettext_lazy("Moderator"),
    Grouping.COMMUNITIES: gettext_lazy("Partner community"),
}


def _competitions(request):
    return CompetitionPage.objects.order_by("title")


class ReportFilterSet(WagtailFilterSet):
    """Narrow the decisions the report counts: by competition and by date."""

    competition = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Competition"),
        field_name="entry__competition",
        queryset=_competitions,
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Decided"), widget=DateRangePickerWidget
    )

    class Meta:
        model = ModerationDecision
        fields = ["competition", "created_at"]


class ModerationReportView(FormulaSafeExportMixin, ReportView):
    """Decisions, median time to decide and appeals upheld, one row per group."""

    page_title = gettext_lazy("Moderation report")
    header_icon = "tasks"
    filterset_class = ReportFilterSet
    verbose_name_plural = gettext_lazy("decisions")
    groupings = (Grouping.COMPETITIONS, Grouping.MODERATORS, Grouping.COMMUNITIES)
    url_name = "moderation:report"

    def dispatch(self, request, *args, **kwargs):
        if not is_entry_editor(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        try:
            self.by = Grouping(kwargs.get("by", self.groupings[0]))
        except ValueError:
            raise Http404 from None
        if self.by not in self.groupings:
            raise Http404

    @property
    def community(self) -> PartnerCommunity | None:
        return None

    def url_kwargs(self, by: Grouping) -> dict:
        return {"by": by.value}

    def get_index_url(self) -> str:
        return reverse(self.url_name, kwargs=self.url_kwargs(self.by))

    def get_index_results_url(self) -> str:
        return reverse(self.url_name + "_results", kwargs=self.url_kwargs(self.by))

    def get_page_subtitle(self) -> str:
        return self.by.label

    def get_base_queryset(self):
        return report_decisions(community=self.community)

    def get_filtered_queryset(self) -> list[ReportRow]:
        return report_rows(self.filter_queryset(self.get_queryset()), by=self.by)

    @cached_property
    def columns(self) -> list[Column]:
        columns = [Column("name", label=NAME_LABELS[self.by])]
        return columns + [
            Column(field, label=label)
            for field, label in COLUMNS
            if self.shows_column(field)
        ]

    def shows_column(self, field: str) -> bool:
        return field != "community" or self.by is Grouping.MODERATORS

    @property
    def list_export(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def export_headings(self) -> dict[str, str]:
        return {column.name: column.label for column in self.columns}

    def get_filename(self) -> str:
        return f"moderation-report-{self.by.value}"

    def grouping_url(self, grouping: Grouping) -> str:
        """Return the address of another table, with the same filters."""
        url = reverse(self.url_name, kwargs=self.url_kwargs(grouping))
        filters = self.request.GET.copy()
        for name in ("export", self.page_kwarg, "_w_filter_fragment"):
            filters.pop(name, None)
        return f"{url}?{filters.urlencode()}" if filters else url

    @cached_property
    def header_buttons(self) -> list[Button]:
        return [
            Button(
                grouping.label,
                url=self.grouping_url(grouping),
                icon_name="list-ul",
                priority=10 * number,
                attrs={"aria-current": "page"} if grouping is self.by else {},
            )
            for number, grouping in enumerate(self.groupings, start=1)
        ]


class PartnerReportView(ModerationReportView):
    """The report for one partner community's moderators, for its admin page."""

    groupings = (Grouping.MODERATORS, Grouping.COMPETITIONS)
    url_name = "moderation:partner_report"

    def setup(self, request, *args, **kwargs):
        self.community_id = kwargs["community_id"]
        super().setup(request, *args, **kwargs)

    @cached_property
    def community(self) -> PartnerCommunity:
        return get_object_or_404(PartnerCommunity, pk=self.community_id)

    def get_page_title(self) -> str:
        return _("Moderation by %(community)s") % {"community": self.community.name}

    def url_kwargs(self, by: Grouping) -> dict:
        return {"community_id": self.community_id, "by": by.value}

    def shows_column(self, field: str) -> bool:
        return field != "community"

    def get_filename(self) -> str:
        return f"moderation-report-{self.community.slug}-{self.by.value}"
