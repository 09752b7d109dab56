"""The judges' workspace in the admin: their rounds, their entries, scoring.

Every view starts from the judge's own scope (``judging.permissions``): a round
or an assignment outside it is a 404, whatever its id. Changes go through the
services (``sheets``, ``conflicts``, ``comparisons``), which check again. In a
blind round the pages show nothing of the entrant: ``show_entrant`` is the one
switch the templates read.
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
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..comparisons import comparison_record, pair_for_judge, pairwise_share
from ..conflicts import conflict_declare
from ..enums import RoundMethod
from ..models import JudgeAssignment, JudgingRound
from ..permissions import RoundPhase, may_use_judging_area, round_phase
from ..sheets import sheet_save, sheet_weighted_score
from .forms import SAVE, SUBMIT, ComparisonForm, ConflictForm, ScoreSheetForm
from .selectors import (
    assignment_for_judge,
    comparisons_made,
    next_to_score,
    position_of,
    round_assignments,
    round_for_judge,
    rounds_for_judge,
    sheet_of,
)

HOME_URL = "judging:rounds"
HEADER_ICON = "pick"


def round_url(judging_round: JudgingRound) -> str:
    return reverse("judging:round", kwargs={"round_id": judging_round.pk})


def score_url(assignment_id: int) -> str:
    return reverse("judging:score", kwargs={"assignment_id": assignment_id})


def compare_url(judging_round: JudgingRound) -> str:
    return reverse("judging:compare", kwargs={"round_id": judging_round.pk})


class JudgingAreaMixin(WagtailAdminTemplateMixin):
    """Let in panel members only; 403 for everyone else."""

    header_icon = HEADER_ICON

    def dispatch(self, request, *args, **kwargs):
        if not may_use_judging_area(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render(self, template: str, status: int = 200, **context) -> HttpResponse:
        return TemplateResponse(
            self.request,
            template,
            self.get_context_data(**context),
            status=status,
        )


class RoundsView(JudgingAreaMixin, View):
    """My rounds: each with its deadline and how far the judge has got."""

    page_title = gettext_lazy("Judging")

    def get_breadcrumbs_items(self):
        return [{"url": "", "label": self.page_title}]

    def get(self, request: HttpRequest) -> HttpResponse:
        now = timezone.now()
        rounds = [
            {"round": judging_round, "phase": round_phase(judging_round, now)}
            for judging_round in rounds_for_judge(request.user)
        ]
        return self.render("judging/workspace/rounds.html", rounds=rounds)


class RoundView(JudgingAreaMixin, View):
    """One round: the judge's entries in it and where each stands."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.round_id = kwargs["round_id"]

    @cached_property
    def judging_round(self) -> JudgingRound:
        return round_for_judge(user=self.request.user, round_id=self.round_id)

    def get_page_title(self):
        return self.judging_round.name

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse(HOME_URL), "label": _("Judging")},
            {"url": "", "label": self.judging_round.name},
        ]

    def get(self, request: HttpRequest, round_id: int) -> HttpResponse:
        judging_round = self.judging_round
        assignments = list(
            round_assignments(user=request.user, judging_round=judging_round)
        )
        pairwise = judging_round.method == RoundMethod.PAIRWISE
        return self.render(
            "judging/workspace/round.html",
            judging_round=judging_round,
            phase=round_phase(judging_round),
            assignments=assignments,
            scored=sum(1 for a in assignments if a.sheet_submitted_at),
            pairwise=pairwise,
            share=pairwise_share(len(assignments)),
            compared=comparisons_made(user=request.user, judging_round=judging_round)
            if pairwise
            else 0,
            show_entrant=not judging_round.blind,
        )


class AssignmentMixin(JudgingAreaMixin):
    """A view of one of the judge's assignments (404 for anyone else's)."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.assignment_id = kwargs["assignment_id"]

    @cached_property
    def assignment(self) -> JudgeAssignment:
        return assignment_for_judge(
            user=self.request.user, assignment_id=self.assignment_id
        )

    def get_page_title(self):
        return str(self.assignment.entry)

    def get_breadcrumbs_items(self):
        judging_round = self.assignment.round
        return [
            {"url": reverse(HOME_URL), "label": _("Judging")},
            {"url": round_url(judging_round), "label": judging_round.name},
            {"url": "", "label": str(self.assignment.entry)},
        ]


class ScoreView(AssignmentMixin, View):
    """The entry beside one score per criterion: save for later, or submit."""

    template_name = "judging/workspace/score.html"

    @cached_property
    def pairwise(self) -> bool:
        return self.assignment.round.method == RoundMethod.PAIRWISE

    @cached_property
    def criteria(self) -> list:
        return list(self.assignment.round.criteria.all())

    @cached_property
    def sheet(self):
        return sheet_of(self.assignment)

    def get(self, request: HttpRequest, assignment_id: int) -> HttpResponse:
        if self.pairwise:
            return redirect(compare_url(self.assignment.round))
        form = ScoreSheetForm.for_sheet(self.sheet, criteria=self.criteria)
        return self.render_form(form)

    def post(self, request: HttpRequest, assignment_id: int) -> HttpResponse:
        if self.pairwise:
            return redirect(compare_url(self.assignment.round))
        action = request.POST.get("action", "")
        form = ScoreSheetForm(request.POST, criteria=self.criteria)
        if action not in (SAVE, SUBMIT):
            messages.error(request, _("Please choose to save or to submit."))
            return self.render_form(form, status=400)
        if form.is_valid():
            try:
                sheet_save(
                    assignment=self.assignment,
                    judge=request.user,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                    submit=action == SUBMIT,
                )
            except ValidationError as error:
                add_errors(request, form, error)
            else:
                return self.saved(submitted=action == SUBMIT)
        return self.render_form(form, status=400)

    def saved(self, *, submitted: bool) -> HttpResponse:
        entry = self.assignment.entry
        if not submitted:
            messages.success(
                self.request,
                _(
                    "Your scores for “%(entry)s” are saved. Come back to them any "
                    "time before the round closes."
                )
                % {"entry": entry},
            )
            return redirect(score_url(self.assignment.pk))
        messages.success(
            self.request, _("Your scores for “%(entry)s” are in.") % {"entry": entry}
        )
        following = next_to_score(user=self.request.user, after=self.assignment)
        if following is None:
            messages.success(self.request, _("You have scored every entry here."))
            return redirect(round_url(self.assignment.round))
        return redirect(score_url(following))

    def render_form(self, form: ScoreSheetForm, status: int = 200) -> HttpResponse:
        judging_round = self.assignment.round
        phase = round_phase(judging_round)
        submitted = self.sheet is not None and self.sheet.submitted_at is not None
        total_weight = sum(criterion.weight for criterion in self.criteria) or 1
        return self.render(
            self.template_name,
            status=status,
            assignment=self.assignment,
            entry=self.assignment.entry,
            judging_round=judging_round,
            phase=phase,
            sheet=self.sheet,
            weighted=sheet_weighted_score(self.sheet, self.criteria),
            submitted=submitted,
            editable=phase == RoundPhase.OPEN and not submitted and bool(self.criteria),
            form=form,
            rows=[
                {
                    "criterion": criterion,
                    "field": field,
                    "share": round(100 * criterion.weight / total_weight),
                }
                for criterion, field in form.score_rows()
            ],
            position=position_of(user=self.request.user, assignment=self.assignment),
            show_entrant=not judging_round.blind,
            can_view_media=True,
        )


class ConflictView(AssignmentMixin, View):
    """Declare a conflict of interest: confirm, then the entry goes elsewhere."""

    template_name = "judging/workspace/conflict.html"

    def get(self, request: HttpRequest, assignment_id: int) -> HttpResponse:
        return self.render_form(ConflictForm())

    def post(self, request: HttpRequest, assignment_id: int) -> HttpResponse:
        form = ConflictForm(request.POST)
        if form.is_valid():
            judging_round, entry = self.assignment.round, self.assignment.entry
            try:
                outcome = conflict_declare(
                    assignment=self.assignment,
                    judge=request.user,
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                add_errors(request, form, error)
            else:
                messages.success(request, conflict_message(entry, outcome))
                return redirect(round_url(judging_round))
        return self.render_form(form, status=400)

    def render_form(self, form: ConflictForm, status: int = 200) -> HttpResponse:
        return self.render(
            self.template_name,
            status=status,
            assignment=self.assignment,
            entry=self.assignment.entry,
            judging_round=self.assignment.round,
            form=form,
        )


def conflict_message(entry, outcome) -> str:
    if outcome.new_assignment is not None:
        return _(
            "Thank you. “%(entry)s” has gone to another judge on the panel, and "
            "you will not see it again."
        ) % {"entry": entry}
    return _(
        "Thank you. You will not see “%(entry)s” again. No other judge on the "
        "panel is free to take it, so the organisers will find someone."
    ) % {"entry": entry}


class CompareView(JudgingAreaMixin, View):
    """A pairwise round: two entries side by side; which is better?"""

    template_name = "judging/workspace/compare.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.round_id = kwargs["round_id"]

    @cached_property
    def judging_round(self) -> JudgingRound:
        return round_for_judge(user=self.request.user, round_id=self.round_id)

    def get_page_title(self):
        return _("Compare: %(round)s") % {"round": self.judging_round.name}

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse(HOME_URL), "label": _("Judging")},
            {"url": round_url(self.judging_round), "label": self.judging_round.name},
            {"url": "", "label": _("Compare")},
        ]

    def get(self, request: HttpRequest, round_id: int) -> HttpResponse:
        if self.judging_round.method != RoundMethod.PAIRWISE:
            return redirect(round_url(self.judging_round))
        return self.render_pair()

    def post(self, request: HttpRequest, round_id: int) -> HttpResponse:
        if self.judging_round.method != RoundMethod.PAIRWISE:
            return redirect(round_url(self.judging_round))
        form = ComparisonForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Please choose left, right or can't separate."))
            return self.render_pair(status=400)
        left, right = (
            assignment_for_judge(
                user=request.user, assignment_id=form.cleaned_data[side]
            )
            for side in ("left", "right")
        )
        try:
            comparison_record(
                judging_round=self.judging_round,
                judge=request.user,
                left=left,
                right=right,
                choice=form.cleaned_data["choice"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.render_pair(status=400)
        return redirect(compare_url(self.judging_round))

    def render_pair(self, status: int = 200) -> HttpResponse:
        judging_round = self.judging_round
        phase = round_phase(judging_round)
        pair = None
        if phase == RoundPhase.OPEN:
            pair = pair_for_judge(judge=self.request.user, judging_round=judging_round)
        return self.render(
            self.template_name,
            status=status,
            judging_round=judging_round,
            phase=phase,
            pair=pair,
            compared=comparisons_made(
                user=self.request.user, judging_round=judging_round
            ),
            show_entrant=not judging_round.blind,
            can_view_media=True,
        )


def add_errors(request: HttpRequest, form, error: ValidationError) -> None:
    """Show a service's refusal on the form by field, and the rest as a message."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            if field in form.fields:
                form.add_error(field, errors)
            else:
                messages.error(request, " ".join(errors))
    else:
        messages.error(request, " ".join(error.messages))
