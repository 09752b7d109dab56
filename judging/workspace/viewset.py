from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from ..permissions import may_use_judging_area
from .views import (
    HEADER_ICON,
    CompareView,
    ConflictView,
    RoundsView,
    RoundView,
    ScoreView,
)


class JudgingMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return may_use_judging_area(request.user)


class JudgingWorkspaceViewSet(ViewSet):
    """The judges' area: their rounds, their entries, the scoring page."""

    name = "judging"
    icon = HEADER_ICON
    menu_label = _("Judging")
    menu_order = 110
    add_to_admin_menu = True
    menu_item_class = JudgingMenuItem

    @property
    def menu_url(self) -> str:
        return reverse("judging:rounds")

    def get_urlpatterns(self):
        return [
            path("", RoundsView.as_view(), name="rounds"),
            path("rounds/<id:round_id>/", RoundView.as_view(), name="round"),
            path(
                "rounds/<id:round_id>/compare/",
                CompareView.as_view(),
                name="compare",
            ),
            path("assignments/<id:assignment_id>/", ScoreView.as_view(), name="score"),
            path(
                "assignments/<id:assignment_id>/conflict/",
                ConflictView.as_view(),
                name="conflict",
            ),
        ]
