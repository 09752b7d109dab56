import logging
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy

from communities.models import PartnerCommunity
from competitions.models import CompetitionPage
from submissions.enums import EntryStatus
from submissions.permissions import ENTRY_ACCESS_HOOK
from submissions.services import ENTRY_SUBMITTED_HOOK

from .models import ModerationDecision
from .permissions import moderator_entry_rule
from .services import LOG_ACTIONS, flag_entry
from .viewsets import (
    DecisionPermissionPolicy,
    ModerationViewSet,
    ModeratorsViewSetGroup,
)

logger = logging.getLogger(__name__)

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


def _may_see_assignments(user) -> bool:
    return any(
        user.has_perm(f"moderation.{action}_moderatorassignment")
        for action in ("view", "change")
    )


def _assignments_button(filter_name: str, pk: int, priority: int) -> Button:
    url = reverse("moderatorassignment:index") + "?" + urlencode({filter_name: pk})
    return Button(_("Moderators"), url=url, icon_name="user", priority=priority)


@hooks.register("register_page_header_buttons")
def competition_moderators_header_button(page, user, view_name, next_url=None):
    """Link a competition's page in the admin to its moderator assignments."""
    if page.specific_class is CompetitionPage and _may_see_assignments(user):
        yield _assignments_button("competition", page.pk, priority=66)


@hooks.register("register_page_listing_more_buttons")
def competition_moderators_listing_button(page, user, next_url=None):
    if page.specific_class is CompetitionPage and _may_see_assignments(user):
        yield _assignments_button("competition", page.pk, priority=55)


@hooks.register("register_snippet_listing_buttons")
def partner_moderators_listing_button(snippet, user, next_url=None):
    """Link each partner community in the admin to the moderators it lends."""
    if isinstance(snippet, PartnerCommunity) and _may_see_assignments(user):
        yield _assignments_button("community", snippet.pk, priority=50)


@hooks.register(ENTRY_SUBMITTED_HOOK)
def check_young_entrants_entry(entry) -> None:
    """Flag personal information in an entry by an entrant under 18, on each submit.

    Flags only help: a fault in the check is logged and never stops the
    submission (``flag_entry`` runs in its own savepoint).
    """
    try:
        flag_entry(entry=entry)
    except Exception:
        logger.exception("The safeguarding check failed on entry %s.", entry.pk)
