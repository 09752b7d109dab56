"""Impact reports in the admin: the list, a competition's charts, each partner's report.

Every view starts from the viewer's scope in ``partners.impact``: editors see
every competition's overview and every partner's report; a partner's active
roster moderators see their own partner's reports and nothing else (a 404,
whatever the ids). A report comes as an admin page, a printable page, a PDF
made from that printable page by WeasyPrint (which fetches nothing but the
site's own static files), and a CSV with formulas escaped.
"""

import csv
import io
import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from core.exports import escape_formula

from . import impact
from .charts import Chart, bar_chart, day_chart

# The origin the PDF's relative addresses resolve against: never fetched, only
# recognised by the fetcher below.
PDF_BASE_URL = "http://opencall.invalid/"
PDF_UNAVAILABLE = gettext_lazy(
    "The PDF cannot be made on this server just now (the PDF library is "
    "missing). Open the printable page instead and print it or save it as a "
    "PDF from your browser: %(url)s"
)


def report_url(name: str, competition_id: int, partner_slug: str) -> str:
    return reverse(f"partner_impact:{name}", args=[competition_id, partner_slug])


def report_filename(competition, partner, extension: str) -> str:
    return f"impact-{competition.slug}-{partner.slug}.{extension}"


# Charts -------------------------------------------------------------------------


def partner_charts(
    report: impact.PartnerImpact | impact.CompetitionImpact,
) -> dict[str, Chart]:
    return {
        "per_day": day_chart(
            chart_id="impact-per-day",
            title=_("Entries sent in per day"),
            days=report.entries_by_day,
            value_heading=_("Entries"),
        ),
        "by_kind": bar_chart(
            chart_id="impact-by-kind",
            title=_("Entries by kind"),
            rows=report.kinds(),
            label_heading=_("Kind"),
            value_heading=_("Entries"),
        ),
    }


def competition_charts(report: impact.CompetitionImpact) -> dict[str, Chart]:
    """A partner's two charts for the whole competition, and one by partner."""
    by_partner = bar_chart(
        chart_id="impact-by-partner",
        title=_("Entries by partner"),
        rows=report.by_partner(),
        label_heading=_("Partner"),
        value_heading=_("Entries"),
    )
    charts = partner_charts(report)
    return {"per_day": charts["per_day"], "by_partner": by_partner, **charts}


# One report's data, whatever its format -----------------------------------------


class ReportMixin:
    """Find the report in the viewer's scope (or 404) and count it once."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.competition, self.partner = impact.report_scope(
            request.user,
            competition_id=kwargs["competition_id"],
            partner_slug=kwargs["partner_slug"],
        )

    @cached_property
    def counted(self) -> impact.CompetitionImpact:
        return impact.competition_impact(
            competition=self.competition, partners=[self.partner]
        )

    @cached_property
    def report(self) -> impact.PartnerImpact:
        return self.counted.of(self.partner)

    @cached_property
    def entries(self) -> list[impact.ApprovedEntry]:
        return impact.approved_entries(
            competition=self.competition,
            partner=self.partner,
            published=self.counted.results_published,
        )

    def title(self) -> str:
        return _("%(partner)s in “%(competition)s”") % {
            "partner": self.partner.name,
            "competition": self.competition.title,
        }

    def report_context(self) -> dict:
        return {
            "competition": self.competition,
            "partner": self.partner,
            "impact": self.report,
            "published": self.counted.results_published,
            "charts": partner_charts(self.report),
            "entries": self.entries,
            "title": self.title(),
            "made_at": timezone.localtime(),
        }


# Admin pages --------------------------------------------------------------------


class ImpactAdminView(WagtailAdminTemplateMixin, View):
    header_icon = "doc-full"
    is_index = False

    def get_breadcrumbs_items(self):
        """Home, the list of reports, then this page (unless it is the list)."""
        index = {"url": reverse("partner_impact:index"), "label": _("Impact reports")}
        if self.is_index:
            return [*super().get_breadcrumbs_items(), {**index, "url": ""}]
        here = {"url": "", "label": self.get_page_title()}
        return [*super().get_breadcrumbs_items(), index, here]

    def render(self, **context) -> HttpResponse:
        context = self.get_context_data(**context)
        return TemplateResponse(self.request, self.template_name, context)


class ImpactIndexView(ImpactAdminView):
    """Every report the viewer may open, with its downloads."""

    template_name = "partners/impact/index.html"
    page_title = gettext_lazy("Impact reports")
    is_index = True

    def get(self, request: HttpRequest) -> HttpResponse:
        if not impact.may_see_some_report(request.user):
            raise PermissionDenied
        return self.render(
            reports=impact.viewer_reports(request.user),
            is_editor=impact.may_see_every_report(request.user),
        )


class CompetitionImpactView(ImpactAdminView):
    """Editors: a competition's entries per day, by partner and by kind."""

    template_name = "partners/impact/competition.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.competition = impact.competition_for_overview(
            request.user, competition_id=kwargs["competition_id"]
        )

    def get_page_title(self) -> str:
        return _("Impact: %(title)s") % {"title": self.competition.title}

    def get(self, request: HttpRequest, competition_id: int) -> HttpResponse:
        counted = impact.competition_impact(
            competition=self.competition,
            partners=impact.competition_partners(self.competition),
        )
        return self.render(
            competition=self.competition,
            impact=counted,
            charts=competition_charts(counted),
        )


class PartnerReportView(ReportMixin, ImpactAdminView):
    """One partner's report in the admin, with its downloads."""

    template_name = "partners/impact/report.html"

    def get_page_title(self) -> str:
        return _("Impact report: %(title)s") % {"title": self.title()}

    def get(self, request: HttpRequest, **kwargs) -> HttpResponse:
        return self.render(**self.report_context())


# Downloads ----------------------------------------------------------------------


class PrintableReportView(ReportMixin, View):
    """The report as a page of its own, laid out for paper."""

    def get(self, request: HttpRequest, **kwargs) -> HttpResponse:
        return TemplateResponse(
            request, "partners/impact/printable.html", self.report_context()
        )


class PdfReportView(ReportMixin, View):
    """The printable page as a PDF; a plain 503 where WeasyPrint cannot run."""

    def get(self, request: HttpRequest, **kwargs) -> HttpResponse:
        html = render_to_string(
            "partners/impact/printable.html", self.report_context(), request=request
        )
        try:
            pdf = render_pdf(html)
        except OSError:
            printable = request.build_absolute_uri(
                report_url("print", self.competition.pk, self.partner.slug)
            )
            return HttpResponse(
                PDF_UNAVAILABLE % {"url": printable},
                status=503,
                content_type="text/plain; charset=utf-8",
            )
        response = HttpResponse(pdf, content_type="application/pdf")
        name = report_filename(self.competition, self.partner, "pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class CsvReportView(ReportMixin, View):
    """The report's numbers and approved entries as CSV, formulas escaped."""

    def get(self, request: HttpRequest, **kwargs) -> HttpResponse:
        response = HttpResponse(
            report_csv(self.report_rows()), content_type="text/csv; charset=utf-8"
        )
        name = report_filename(self.competition, self.partner, "csv")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def report_rows(self) -> list[list]:
        report = self.report
        rows: list[list] = [
            [_("Impact report"), self.competition.title, self.partner.name],
            [_("Made"), timezone.localtime().isoformat(timespec="minutes")],
            [],
            [_("Measure"), _("Number")],
            *([label, value] for _code, label, value in report.measures()),
            [],
            [_("Kind"), _("Entries")],
            *([label, value] for label, value in report.kinds()),
            [],
            [_("Outcome of moderation decisions"), _("Decisions")],
            *([label, value] for label, value in report.outcomes()),
            [],
            [_("Day"), _("Entries sent in")],
            *(
                [day.isoformat(), value]
                for day, value in sorted(report.entries_by_day.items())
            ),
            [],
            [
                _("Approved entry"),
                _("Kind"),
                _("Entrant"),
                _("Approved"),
                _("Shortlisted"),
                _("Award"),
            ],
        ]
        for entry in self.entries:
            decided = entry.decided_at.date().isoformat() if entry.decided_at else ""
            shortlisted = _("Yes") if entry.shortlisted else _("No")
            rows.append(
                [
                    entry.title,
                    entry.kind,
                    entry.handle,
                    decided,
                    shortlisted,
                    entry.award,
                ]
            )
        return rows


def report_csv(rows: list[list]) -> str:
    """Write ``rows`` as CSV, every text cell escaped against formulas."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([escape_formula(str(cell)) for cell in row])
    return out.getvalue()


# The PDF ------------------------------------------------------------------------


def local_static_file(url: str) -> str | None:
    """Return the local path of the static file at ``url``, or None for any other.

    Only the site's own static files (under ``STATIC_URL``, on the PDF's base
    origin or on an absolute ``STATIC_URL``) are recognised; nothing else.
    """
    static = settings.STATIC_URL
    if not urlsplit(static).scheme:
        static = PDF_BASE_URL.rstrip("/") + "/" + static.lstrip("/")
    if not url.startswith(static):
        return None
    relative = unquote(urlsplit(url).path)[len(urlsplit(static).path) :]
    if not relative or ".." in relative.split("/") or relative.startswith("/"):
        return None
    found = finders.find(relative)
    if found:
        return found
    if staticfiles_storage.exists(relative):
        return staticfiles_storage.path(relative)
    return None


def _weasyprint():
    """Import WeasyPrint without letting it relax Pillow for the whole process.

    Importing it sets ``PIL.ImageFile.LOAD_TRUNCATED_IMAGES``, which would let the
    upload checker accept truncated photographs in any worker that once made a PDF.
    """
    from PIL import ImageFile

    strict = ImageFile.LOAD_TRUNCATED_IMAGES
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher, URLFetcherResponse
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = strict
    return HTML, URLFetcher, URLFetcherResponse


def render_pdf(html: str) -> bytes:
    """Render ``html`` as a PDF, fetching only local static files.

    Raises OSError when WeasyPrint or the system libraries it needs (Pango)
    cannot be loaded.
    """
    HTML, URLFetcher, URLFetcherResponse = _weasyprint()

    class LocalStaticFetcher(URLFetcher):
        """Serve the site's static files from disk and refuse every other URL."""

        def fetch(self, url, headers=None):
            local = local_static_file(url)
            if local is None:
                raise ValueError(f"Refused to fetch {url}: not a local static file.")
            with open(local, "rb") as handle:
                body = handle.read()
            content_type = mimetypes.guess_type(local)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

    document = HTML(
        string=html, base_url=PDF_BASE_URL, url_fetcher=LocalStaticFetcher()
    )
    return document.write_pdf()


# Registration -------------------------------------------------------------------


class ImpactViewSet(ViewSet):
    """The impact reports' admin URLs, under /admin/impact/."""

    name = "partner_impact"
    url_prefix = "impact"
    icon = "doc-full"

    def get_urlpatterns(self):
        report = "<id:competition_id>/<slug:partner_slug>/"
        return [
            path("", ImpactIndexView.as_view(), name="index"),
            path(
                "<id:competition_id>/",
                CompetitionImpactView.as_view(),
                name="competition",
            ),
            path(report, PartnerReportView.as_view(), name="report"),
            path(f"{report}print/", PrintableReportView.as_view(), name="print"),
            path(f"{report}pdf/", PdfReportView.as_view(), name="pdf"),
            path(f"{report}csv/", CsvReportView.as_view(), name="csv"),
        ]
