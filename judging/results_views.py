"""The results area of the admin: rankings, the shortlist, winners, publishing.

Every view starts from the viewer's scope in ``results``: a round's ranking is
for its chair and editors, the winners for the final round's chair and
editors, publishing and exports for editors. Anything outside it is a 404,
whatever its id. Changes go through ``results_services``, which check again.
"""

import csv
import io

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import View
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from competitions.enums import PrizeKind
from competitions.models import CompetitionPage, Prize
from core.exports import escape_formula
from core.ids import as_id
from submissions.permissions import is_entry_editor

from . import awards, results, results_services
from .enums import RoundIntake
from .models import ResultsPublication
from .scoring import AGREEMENT_NAME, TIE_BREAK_RULE

INDEX_URL = "judging_results:index"


def ranking_url(judging_round) -> str:
    return reverse("judging_results:ranking", args=[judging_round.pk])


def winners_url(competition) -> str:
    return reverse("judging_results:winners", args=[competition.pk])


def refusal(request: HttpRequest, error: ValidationError | PermissionDenied) -> None:
    """Show a service's refusal as an error message."""
    if isinstance(error, ValidationError):
        messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, str(error) or _("You may not do that."))


class ResultsAdminView(WagtailAdminTemplateMixin, View):
    header_icon = "trophy"

    def render(self, status: int = 200, **context) -> HttpResponse:
        context = self.get_context_data(**context)
        return TemplateResponse(
            self.request, self.template_name, context, status=status
        )


class ResultsIndexView(ResultsAdminView):
    """The rounds whose ranking the viewer may see, and the competitions' results."""

    template_name = "judging/results/index.html"
    page_title = gettext_lazy("Results")

    def get(self, request: HttpRequest) -> HttpResponse:
        rounds = list(results.results_rounds(request.user).order_by("competition"))
        competitions = {r.competition_id: r.competition for r in rounds}
        published = set(
            ResultsPublication.objects.filter(
                competition_id__in=competitions
            ).values_list("competition_id", flat=True)
        )
        choosable = results.winners_choosable(request.user, competitions)
        return self.render(
            rounds=rounds,
            competitions=[
                {
                    "competition": competition,
                    "published": competition.pk in published,
                    "may_choose": competition.pk in choosable,
                }
                for competition in competitions.values()
            ],
            is_editor=is_entry_editor(request.user),
        )


class ShortlistForm(forms.Form):
    """Entries ticked one by one, or the top N of the ranking."""

    entries = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Entries to advance"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    top = forms.IntegerField(
        label=gettext_lazy("Or advance the top"),
        min_value=1,
        required=False,
        help_text=gettext_lazy("How many entries, from the top of the ranking."),
    )

    def __init__(self, *args, ranking: results.Ranking, **kwargs):
        super().__init__(*args, **kwargs)
        self.ranking = ranking
        self.fields["entries"].choices = [
            (row.entry.pk, f"{row.position}. {row.entry}") for row in ranking.rows
        ]
        self.fields["top"].max_value = len(ranking.rows) or 1

    def chosen(self) -> list[int]:
        top = self.cleaned_data.get("top")
        if top:
            return [row.entry.pk for row in self.ranking.rows[:top]]
        return self.cleaned_data.get("entries") or []


class RankingView(ResultsAdminView):
    """A round's ranking for its chair and editors, and advancing a shortlist."""

    template_name = "judging/results/ranking.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.pk = kwargs["pk"]

    @cached_property
    def round(self):
        return results.round_for_results(self.request.user, self.pk)

    @cached_property
    def ranking(self) -> results.Ranking:
        return results.round_ranking(self.round)

    def get_page_title(self):
        return str(self.round)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse(INDEX_URL), "label": _("Results")},
            {"url": "", "label": str(self.round)},
        ]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render_ranking(ShortlistForm(ranking=self.ranking))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.round  # noqa: B018 (the 404 comes before anything else)
        form = ShortlistForm(request.POST, ranking=self.ranking)
        if form.is_valid():
            try:
                added = results_services.shortlist_advance(
                    judging_round=self.round,
                    entry_ids=form.chosen(),
                    actor=request.user,
                )
            except (ValidationError, PermissionDenied) as error:
                refusal(request, error)
            else:
                messages.success(
                    request,
                    _("%(count)d entries added to the next round's shortlist.")
                    % {"count": len(added)},
                )
                return redirect(ranking_url(self.round))
        return self.render_ranking(form, status=400)

    def render_ranking(self, form: ShortlistForm, status: int = 200) -> HttpResponse:
        user = self.request.user
        following = results.next_round(self.round)
        ranking = self.ranking
        return self.render(
            status=status,
            ranking=ranking,
            judging_round=self.round,
            form=form,
            is_chair=results.is_round_chair(user, self.round),
            is_editor=is_entry_editor(user),
            show_authors=not self.round.blind or is_entry_editor(user),
            next_round=following,
            takes_shortlist=following is not None
            and following.intake == RoundIntake.SHORTLIST,
            agreement_name=AGREEMENT_NAME,
            agreement_reading=results.agreement_reading(
                ranking.agreement.value if ranking.agreement else None
            ),
            tie_break_rule=TIE_BREAK_RULE,
        )


# Exports -------------------------------------------------------------------------


def ranking_table(ranking: results.Ranking) -> list[list]:
    """Return the ranking as rows of cells, a header row first."""
    judges = [judge.public_name for judge in ranking.judges]
    if ranking.pairwise:
        header = [_("Place"), _("Entry"), _("Entry id"), _("Strength"), _("Stderr")]
        header += [_("Comparisons"), _("Wins")]
        body = [
            [r.position, str(r.entry), r.entry.public_id, r.strength, r.stderr]
            + [r.comparisons, r.wins]
            for r in ranking.rows
        ]
        return [header, *body]
    header = [_("Place"), _("Entry"), _("Entry id"), *judges]
    header += [_("Raw mean"), _("Normalised mean"), _("Judges"), _("Top scores")]
    body = [
        [r.position, str(r.entry), r.entry.public_id, *r.scores]
        + [r.raw_mean, r.normalised_mean, r.judges, r.top_scores]
        for r in ranking.rows
    ]
    return [header, *body]


def ranking_csv(table: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in table:
        writer.writerow(["" if cell is None else escape_formula(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")


def ranking_xlsx(table: list[list]) -> bytes:
    """Write every text cell as a string (never a formula), escaped as for CSV."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in table:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=escape_formula(value))
            if isinstance(value, str):
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


EXPORTS = {
    "csv": ("text/csv; charset=utf-8", ranking_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ranking_xlsx,
    ),
}


class RankingExportView(View):
    """The ranking as a spreadsheet, for editors only."""

    def get(self, request: HttpRequest, pk: int, export_format: str) -> HttpResponse:
        if not is_entry_editor(request.user) or export_format not in EXPORTS:
            raise Http404
        judging_round = results.round_for_results(request.user, pk)
        content_type, write = EXPORTS[export_format]
        table = ranking_table(results.round_ranking(judging_round))
        response = HttpResponse(write(table), content_type=content_type)
        name = slugify(f"ranking {judging_round.competition.slug} {judging_round.name}")
        response["Content-Disposition"] = (
            f'attachment; filename="{name}.{export_format}"'
        )
        return response


# Winners -------------------------------------------------------------------------


class WinnersForm(forms.Form):
    """The winner and runners-up of one judges' prize."""

    def __init__(self, *args, prize: Prize, entries, awards, **kwargs):
        super().__init__(*args, prefix=f"prize-{prize.pk}", **kwargs)
        self.prize = prize
        chosen = {award.place: award.entry_id for award in awards}
        labels = zip(
            results_services.PLACES,
            (_("Winner"), _("Runner-up"), _("Third place")),
            strict=True,
        )
        for place, label in labels:
            self.fields[f"place_{place}"] = forms.ModelChoiceField(
                queryset=entries,
                label=label,
                required=False,
                initial=chosen.get(place),
                empty_label=_("(nobody)"),
            )

    def chosen(self) -> list:
        return [
            self.cleaned_data.get(f"place_{place}") for place in results_services.PLACES
        ]


class WinnersView(ResultsAdminView):
    """Choose the winners of each judges' prize from the final round's entries."""

    template_name = "judging/results/winners.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.pk = kwargs["pk"]

    @cached_property
    def competition(self) -> CompetitionPage:
        return results.competition_for_winners(self.request.user, self.pk)

    def get_page_title(self):
        return _("Winners: %(title)s") % {"title": self.competition.title}

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse(INDEX_URL), "label": _("Results")},
            {"url": "", "label": self.get_page_title()},
        ]

    @cached_property
    def final_entries(self):
        final = results.final_round(self.competition)
        return results.round_entries(final).order_by("title", "pk") if final else None

    def choices_for(self, prize: Prize):
        """Return the entries that may win ``prize``, or None for no choice here."""
        if prize.kind != PrizeKind.JUDGES or self.final_entries is None:
            return None
        if prize.category_name:
            return self.final_entries.filter(category__name__iexact=prize.category_name)
        return self.final_entries

    def forms(self, bound: WinnersForm | None = None) -> list:
        chosen = awards.round_awards(self.competition)
        rows = []
        for prize in self.competition.prizes.order_by("sort_order", "pk"):
            choices = self.choices_for(prize)
            form = None
            if bound is not None and bound.prize.pk == prize.pk:
                form = bound
            elif choices is not None:
                form = WinnersForm(
                    prize=prize, entries=choices, awards=chosen.get(prize.pk, [])
                )
            rows.append({"prize": prize, "form": form})
        return rows

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render_winners()

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        prize_id = as_id(request.POST.get("prize"))
        prize = (
            self.competition.prizes.filter(pk=prize_id).first()
            if prize_id is not None
            else None
        )
        choices = self.choices_for(prize) if prize is not None else None
        if choices is None:
            messages.error(request, _("Please choose one of the judges' prizes."))
            return self.render_winners(status=400)
        form = WinnersForm(request.POST, prize=prize, entries=choices, awards=[])
        if form.is_valid():
            try:
                results_services.awards_choose(
                    prize=prize, entries=form.chosen(), actor=request.user
                )
            except (ValidationError, PermissionDenied) as error:
                refusal(request, error)
            else:
                messages.success(
                    request,
                    _("The winners of “%(prize)s” are saved.") % {"prize": prize},
                )
                return redirect(winners_url(self.competition))
        return self.render_winners(bound=form, status=400)

    def render_winners(
        self, bound: WinnersForm | None = None, status: int = 200
    ) -> HttpResponse:
        return self.render(
            status=status,
            competition=self.competition,
            final_round=results.final_round(self.competition),
            rows=self.forms(bound),
            published=awards.is_published(self.competition),
            is_editor=is_entry_editor(self.request.user),
        )


class PublishView(ResultsAdminView):
    """Publish a competition's results: editors only, not before its date."""

    template_name = "judging/results/publish.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.pk = kwargs["pk"]

    @cached_property
    def competition(self) -> CompetitionPage:
        competition = CompetitionPage.objects.filter(pk=self.pk).first()
        if competition is None or not is_entry_editor(self.request.user):
            raise Http404
        return competition

    def get_page_title(self):
        return _("Publish results: %(title)s") % {"title": self.competition.title}

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse(INDEX_URL), "label": _("Results")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render_publish()

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            results_services.results_publish(
                competition=self.competition, actor=request.user
            )
        except (ValidationError, PermissionDenied) as error:
            refusal(request, error)
            return self.render_publish(status=400)
        messages.success(
            request,
            _("The results of “%(title)s” are published; entrants are being emailed.")
            % {"title": self.competition.title},
        )
        return redirect(winners_url(self.competition))

    def render_publish(self, status: int = 200) -> HttpResponse:
        return self.render(
            status=status,
            competition=self.competition,
            prizes=[
                awards.PrizeResult(prize, given) for prize, given in self.prize_awards()
            ],
            published=awards.is_published(self.competition),
            entrants=len(awards.entrant_ids(self.competition)),
        )

    def prize_awards(self):
        chosen = awards.round_awards(self.competition)
        for prize in self.competition.prizes.order_by("sort_order", "pk"):
            yield prize, sorted(chosen.get(prize.pk, []), key=lambda a: a.place)


# The area in the admin -----------------------------------------------------------


def may_use_results_area(user) -> bool:
    """Editors and chairs of a round see the results area."""
    return is_entry_editor(user) or results.results_rounds(user).exists()


class ResultsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return may_use_results_area(request.user)


class ResultsViewSet(ViewSet):
    """The chairs' and editors' results area: rankings, winners, publishing."""

    name = "judging_results"
    icon = "trophy"
    menu_label = gettext_lazy("Results")
    menu_order = 210
    add_to_admin_menu = True
    menu_item_class = ResultsMenuItem

    @property
    def menu_url(self) -> str:
        return reverse(INDEX_URL)

    def get_urlpatterns(self):
        return [
            path("", ResultsIndexView.as_view(), name="index"),
            path("rounds/<id:pk>/", RankingView.as_view(), name="ranking"),
            path(
                "rounds/<id:pk>/export/<str:export_format>/",
                RankingExportView.as_view(),
                name="export",
            ),
            path(
                "competitions/<id:pk>/winners/", WinnersView.as_view(), name="winners"
            ),
            path(
                "competitions/<id:pk>/publish/", PublishView.as_view(), name="publish"
            ),
        ]
