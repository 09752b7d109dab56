"""Judging rounds in the admin, for editors: the round, its criteria and panel.

A plain ``ModelViewSet`` on the model permissions ``judging.*_judginground``
(editors have them, see ``judging.demo``); moderators, judges and members are
refused by Wagtail's own permission check. The extra views (assign, the
assignments page, moving one, exports) are in ``admin_views`` and check the
same right themselves.
"""

from django.contrib import messages
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, DeleteView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton, ListingButton

from core.ids import as_id

from .admin_views import AssignmentsView, AssignView, ExportView, MoveView
from .forms import JudgingRoundForm
from .models import JudgingRound
from .setup import KEPT_MESSAGE, LOCKED_MESSAGE, criteria_locked, round_has_judgements


def assign_url(judging_round: JudgingRound) -> str:
    return reverse("judginground:assign", args=[judging_round.pk])


def assignments_url(judging_round: JudgingRound) -> str:
    return reverse("judginground:assignments", args=[judging_round.pk])


class RoundIndexView(IndexView):
    def get_list_buttons(self, instance):
        return [
            ListingButton(
                _("Assignments"), url=assignments_url(instance), icon_name="user"
            ),
            *super().get_list_buttons(instance),
        ]


class RefusedIs400:
    """Show a refused round back with 400 (Wagtail answers 200), input kept."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if not self.expects_json_response:
            response.status_code = 400
        return response


class RoundCreateView(RefusedIs400, CreateView):
    def get_initial(self):
        """Start with the competition the editor came from (``?competition=``)."""
        initial = super().get_initial()
        if (competition := as_id(self.request.GET.get("competition"))) is not None:
            initial["competition"] = competition
        return initial


class RoundEditView(RefusedIs400, EditView):
    """The round's edit page, with its assignment actions and the criteria lock."""

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                _("Assign entries"), url=assign_url(self.object), icon_name="user"
            ),
            HeaderButton(
                _("Assignments"), url=assignments_url(self.object), icon_name="list-ul"
            ),
        ]

    def get_context_data(self, **kwargs):
        if self.request.method == "GET" and criteria_locked(self.object):
            messages.warning(self.request, str(LOCKED_MESSAGE))
        return super().get_context_data(**kwargs)


class RoundDeleteView(DeleteView):
    """Refuse to delete a round judges have worked in (their scores go with it)."""

    def get_context_data(self, **kwargs):
        if self.request.method == "GET" and round_has_judgements(self.object):
            messages.warning(self.request, str(KEPT_MESSAGE))
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        if round_has_judgements(self.object):
            messages.error(self.request, str(KEPT_MESSAGE))
            return self.render_to_response(self.get_context_data(), status=400)
        return super().form_valid(form)


class JudgingRoundViewSet(ModelViewSet):
    """Editors set up each competition's judging rounds here."""

    model = JudgingRound
    url_prefix = "judging-rounds"  # a judge's own rounds are under judging/
    icon = "tasks"
    menu_label = gettext_lazy("Judging rounds")
    menu_order = 217
    add_to_admin_menu = True
    copy_view_enabled = False
    index_view_class = RoundIndexView
    add_view_class = RoundCreateView
    edit_view_class = RoundEditView
    delete_view_class = RoundDeleteView
    list_display = [
        "name",
        Column(
            "competition",
            label=gettext_lazy("Competition"),
            accessor="competition.title",
        ),
        "position",
        Column("method", label=gettext_lazy("Method"), accessor="get_method_display"),
        "opens_at",
        "closes_at",
    ]
    list_filter = ["competition"]
    edit_handler = ObjectList(
        [
            FieldPanel("competition"),
            FieldRowPanel([FieldPanel("name"), FieldPanel("position")]),
            MultiFieldPanel(
                [
                    FieldPanel("intake"),
                    FieldPanel("top_votes"),
                    FieldPanel("method"),
                    FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                    FieldRowPanel(
                        [FieldPanel("judges_per_entry"), FieldPanel("blind")]
                    ),
                    FieldPanel("community_conflicts"),
                    FieldPanel("share_comments"),
                ],
                heading=gettext_lazy("How the round works"),
            ),
            InlinePanel(
                "criteria",
                label=gettext_lazy("Criteria"),
                help_text=gettext_lazy(
                    "For rounds that score entries: what judges score, with a "
                    "weight and a highest score. Locked once judges have scored."
                ),
                panels=[
                    FieldPanel("name"),
                    FieldPanel("guidance"),
                    FieldRowPanel([FieldPanel("weight"), FieldPanel("maximum")]),
                ],
            ),
            InlinePanel(
                "panel",
                label=gettext_lazy("Panel"),
                help_text=gettext_lazy(
                    "The judges, one of them the chair. Their public names are "
                    "shown on the competition page."
                ),
                panels=[
                    FieldPanel("judge"),
                    FieldRowPanel([FieldPanel("is_chair"), FieldPanel("community")]),
                ],
            ),
        ],
        base_form_class=JudgingRoundForm,
    )

    def get_queryset(self, request):
        return JudgingRound.objects.select_related("competition")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<id:pk>/assign/", AssignView.as_view(), name="assign"),
            path("<id:pk>/assignments/", AssignmentsView.as_view(), name="assignments"),
            path("<id:pk>/assignments/move/", MoveView.as_view(), name="move"),
            path(
                "<id:pk>/export/<slug:table>/<slug:file_format>/",
                ExportView.as_view(),
                name="export",
            ),
        ]
