from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy

from competitions.models import CompetitionPage
from submissions.enums import EntryStatus
from submissions.permissions import ENTRY_ACCESS_HOOK

from .models import ModerationDecision
from .permissions import moderator_entry_rule
from .services import LOG_ACTIONS
from .viewsets import (
    DecisionPermissionPolicy,
    ModerationViewSet,
    ModeratorsViewSetGroup,
)

register_permission_policy(
    ModerationDecision, DecisionPermissionPolicy(ModerationDecision)
)

# Each decision's audit-log action: (label in filters, message in the history).
LOG_LABELS = {
    EntryStatus.APPROVED: (_("Approve entry"), _("Entry approved")),
    EntryStatus.REJECTED: (_("Reject entry"), _("Entry rejected")),
    EntryStatus.CHANGES_REQUESTED: (_("Ask for changes"), _("Changes asked for")),
}


@hooks.register(ENTRY_ACCESS_HOOK)
def moderators_see_their_competitions(user) -> Q | None:
    """Assigned moderators see their competitions' entries, drafts excepted."""
    return moderator_entry_rule(user)


@hooks.register("register_admin_viewset")
def register_moderation_area() -> ModerationViewSet:
    return ModerationViewSet()


@hooks.register("register_admin_viewset")
def register_moderators_group() -> ModeratorsViewSetGroup:
    return ModeratorsViewSetGroup()


@hooks.register("register_log_actions")
def register_decision_log_actions(actions) -> None:
    for status, (label, message) in LOG_LABELS.items():
        actions.register_action(LOG_ACTIONS[status], label, message)


def _assignments_button(page, user, priority: int):
    if page.specific_class is not CompetitionPage:
        return
    if not user.has_perm("moderation.view_moderatorassignment") and not user.has_perm(
        "moderation.change_moderatorassignment"
    ):
        return
    url = (
        reverse("moderatorassignment:index") + "?" + urlencode({"competition": page.pk})
    )
    yield Button(_("Moderators"), url=url, icon_name="user", priority=priority)


@hooks.register("register_page_header_buttons")
def competition_moderators_header_button(page, user, view_name, next_url=None):
    """Link a competition's page in the admin to its moderator assignments."""
    yield from _assignments_button(page, user, priority=66)


@hooks.register("register_page_listing_more_buttons")
def competition_moderators_listing_button(page, user, next_url=None):
    yield from _assignments_button(page, user, priority=55)
