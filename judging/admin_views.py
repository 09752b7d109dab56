"""The round's admin pages beyond editing it: assign, see and move assignments, export.

Editors only (``may_set_up_judging``): anyone else signed in to the admin gets
403, whatever round they ask for. Changes go through ``judging.setup``; a
refusal is shown back on the same page with a 400, the editor's choice kept.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.ids import as_id
from members.models import User

from .exports import EXPORTS, FORMATS, spreadsheet_response
from .models import JudgingRound
from .selectors import round_assignment_rows
from .setup import assign_round, may_set_up_judging, move_assignment, round_entries


class RoundAdminMixin(WagtailAdminTemplateMixin):
    """Editors only; ``self.round`` is the round in the URL (404 if none)."""

    header_icon = "tasks"
    page_subtitle = ""

    def dispatch(self, request, *args, **kwargs):
        if not may_set_up_judging(request.user):
            raise PermissionDenied
        self.round = get_object_or_404(
            JudgingRound.objects.select_related("competition"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.round)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("judginground:index"), "label": _("Judging rounds")},
            {
                "url": reverse("judginground:edit", args=[self.round.pk]),
                "label": str(self.round),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["round"] = self.round
        context["assignments_url"] = reverse(
            "judginground:assignments", args=[self.round.pk]
        )
        return context


class AssignView(RoundAdminMixin, TemplateView):
    """Confirm, then give every entry of the round to its judges."""

    template_name = "judging/admin/assign.html"

    def get_page_title(self):
        return _("Assign entries")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            context["entry_count"] = round_entries(self.round).count()
        except ValidationError as error:
            context["entry_count"] = None
            context.setdefault("errors", error.messages)
        context["panel_size"] = self.round.panel.count()
        context["action_url"] = reverse("judginground:assign", args=[self.round.pk])
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            outcome = assign_round(round=self.round, actor=request.user)
        except ValidationError as error:
            context = self.get_context_data(errors=error.messages)
            return self.render_to_response(context, status=400)
        messages.success(request, outcome.message())
        return redirect("judginground:assignments", self.round.pk)


class AssignmentsView(RoundAdminMixin, TemplateView):
    """Each entry of the round with its judges and their progress; move one."""

    template_name = "judging/admin/assignments.html"

    def get_page_title(self):
        return _("Assignments")

    @cached_property
    def rows(self):
        return round_assignment_rows(self.round)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = self.rows
        context["move_url"] = reverse("judginground:move", args=[self.round.pk])
        context["assign_url"] = reverse("judginground:assign", args=[self.round.pk])
        context["exports"] = [
            (
                label,
                [
                    (
                        file_format.upper(),
                        reverse(
                            "judginground:export",
                            args=[self.round.pk, slug, file_format],
                        ),
                    )
                    for file_format in FORMATS
                ],
            )
            for slug, (_build, label) in EXPORTS.items()
        ]
        return context


class MoveView(AssignmentsView):
    """POST only: give one assignment to another judge of the panel."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if (assignment_id := as_id(request.POST.get("assignment"))) is None:
            raise Http404
        assignment = get_object_or_404(self.round.assignments.all(), pk=assignment_id)
        judge_id = as_id(request.POST.get("to_judge"))
        to_judge = (
            User.objects.filter(pk=judge_id).first() if judge_id is not None else None
        )
        try:
            if to_judge is None:
                raise ValidationError(_("Choose a judge from the panel."))
            move_assignment(
                assignment=assignment, to_judge=to_judge, actor=request.user
            )
        except ValidationError as error:
            for row in self.rows:
                for judged in row.judges:
                    if judged.assignment.pk == assignment.pk:
                        judged.errors, judged.chosen = error.messages, judge_id
            messages.error(request, " ".join(error.messages))
            return self.render_to_response(self.get_context_data(), status=400)
        messages.success(
            request,
            _("“%(entry)s” is now with %(judge)s.")
            % {"entry": assignment.entry.title, "judge": to_judge.public_name},
        )
        return redirect("judginground:assignments", self.round.pk)


class ExportView(RoundAdminMixin, TemplateView):
    """Download one of the round's spreadsheets (``judging.exports.EXPORTS``)."""

    def get(
        self, request: HttpRequest, pk: int, table: str, file_format: str
    ) -> HttpResponse:
        if table not in EXPORTS or file_format not in FORMATS:
            raise Http404
        build, _label = EXPORTS[table]
        return spreadsheet_response(build(self.round), file_format)
