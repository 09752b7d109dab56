from django.db.models import Exists, OuterRef, QuerySet
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from communities.models import CommunityModerator
from members.models import User

from .appeal_views import AppealDecideView, AppealListView
from .bulk import BulkDecisionView
from .models import ModerationDecision, ModeratorAssignment
from .permissions import may_use_moderation_area
from .report_views import ModerationReportView, PartnerReportView
from .views import ClaimBreakView, ClaimRenewView, QueueView, ReviewView


class ModerationMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return may_use_moderation_area(request.user)


def appeal_urlpatterns() -> list:
    """The appeals list and decision screen, inside the moderation area."""
    return [
        path("appeals/", AppealListView.as_view(), name="appeals"),
        path(
            "appeals/results/",
            AppealListView.as_view(results_only=True),
            name="appeals_results",
        ),
        path("appeals/<id:pk>/", AppealDecideView.as_view(), name="appeal"),
    ]


class ModerationViewSet(ViewSet):
    """The moderators' area: their queue and the review screen."""

    name = "moderation"
    icon = "tasks"
    menu_label = _("Moderation")
    menu_order = 100
    add_to_admin_menu = True
    menu_item_class = ModerationMenuItem

    @property
    def menu_url(self) -> str:
        return reverse("moderation:queue")

    def get_urlpatterns(self):
        queue = QueueView.as_view()
        return [
            path("", queue, name="queue"),
            path(
                "results/", QueueView.as_view(results_only=True), name="queue_results"
            ),
            path("entries/<str:public_id>/", ReviewView.as_view(), name="review"),
            *appeal_urlpatterns(),
            *report_urlpatterns(),
            path(
                "entries/<str:public_id>/claim/renew/",
                ClaimRenewView.as_view(),
                name="claim_renew",
            ),
            path(
                "entries/<str:public_id>/claim/break/",
                ClaimBreakView.as_view(),
                name="claim_break",
            ),
            path("bulk/", BulkDecisionView.as_view(), name="bulk"),
        ]


def report_urlpatterns() -> list:
    """The editors' report, and each partner community's, with their results."""
    partner = "report/partners/<id:community_id>/<slug:by>/"
    return [
        path("report/<slug:by>/", ModerationReportView.as_view(), name="report"),
        path(
            "report/<slug:by>/results/",
            ModerationReportView.as_view(results_only=True),
            name="report_results",
        ),
        path(partner, PartnerReportView.as_view(), name="partner_report"),
        path(
            partner + "results/",
            PartnerReportView.as_view(results_only=True),
            name="partner_report_results",
        ),
    ]


class ModeratorAssignmentViewSet(ModelViewSet):
    """Editors lend roster members to competitions here."""

    model = ModeratorAssignment
    icon = "user"
    menu_label = _("Assignments")
    copy_view_enabled = False
    list_display = [
        Column("competition", label=_("Competition"), accessor="competition.title"),
        Column("moderator", label=_("Moderator")),
        Column("community", label=_("On behalf of")),
        "active_from",
        "active_until",
    ]
    list_filter = ["competition", "community"]
    form_fields = [
        "competition",
        "moderator",
        "community",
        "active_from",
        "active_until",
    ]

    def get_queryset(self, request):
        return ModeratorAssignment.objects.select_related(
            "competition", "moderator", "community"
        )

    def formfield_for_dbfield(self, db_field, **kwargs):
        """Offer only people on a roster as the moderator, not every account."""
        if db_field.name == "moderator":
            kwargs["queryset"] = roster_members()
        return super().formfield_for_dbfield(db_field, **kwargs)


def roster_members() -> QuerySet[User]:
    """Return the people on any partner community's active roster, by handle."""
    on_a_roster = CommunityModerator.objects.active().filter(user=OuterRef("pk"))
    return User.objects.filter(Exists(on_a_roster)).order_by("handle", "pk")


class DecisionPermissionPolicy(ModelPermissionPolicy):
    """Decisions are a record: the admin lists and inspects them, for anyone."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return super().users_with_any_permission([]).none()
        return super().users_with_any_permission(["view"])


class ModerationDecisionViewSet(ModelViewSet):
    """Every decision on record, read-only."""

    model = ModerationDecision
    icon = "history"
    menu_label = _("Decisions")
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        Column("entry", label=_("Entry")),
        Column("to_status", label=_("Decision"), accessor="get_to_status_display"),
        Column("reason", label=_("Reason"), accessor="get_reason_display"),
        Column("actor", label=_("Decided by")),
        Column("community", label=_("On behalf of")),
        "created_at",
    ]
    list_filter = ["to_status", "reason", "community"]
    form_fields: list[str] = []  # never shown: the policy refuses add and edit
    inspect_view_fields = [
        "entry",
        "actor",
        "community",
        "from_status",
        "to_status",
        "reason",
        "message",
        "internal_note",
        "created_at",
    ]

    def get_queryset(self, request):
        return ModerationDecision.objects.select_related("entry", "actor", "community")


class ModeratorsViewSetGroup(ViewSetGroup):
    menu_label = _("Moderators")
    menu_icon = "user"
    menu_order = 216
    items = (ModeratorAssignmentViewSet, ModerationDecisionViewSet)
