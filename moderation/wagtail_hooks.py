import logging
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy

from communities.models import PartnerCommunity
from communities.views import PARTNER_PAGE_HOOK
from competitions.models import COMPETITION_PAGE_HOOK, CompetitionPage
from core.sections import PageSection
from members.data_rights import MEMBER_DATA_EXPORT_HOOK, MEMBER_ERASURE_HOOK
from members.models import User
from submissions.enums import EntryStatus
from submissions.permissions import ENTRY_ACCESS_HOOK, is_entry_editor
from submissions.services import ENTRY_SUBMITTED_HOOK
from submissions.views import ENTRY_PAGE_HOOK, ENTRY_WITHDRAW_HOOK

from . import data_rights
from .claims import CLAIM_BREAK_ACTION
from .credit import entries_reviewed, moderating_communities, natural_list
from .dashboard import dashboard_role, panels_for, summary_items_for
from .enums import DecisionKind
from .models import ModerationDecision
from .permissions import may_use_moderation_area, moderator_entry_rule
from .report import Grouping
from .sections import author_section, report_section, withdraw_section
from .selectors import has_appeals_waiting
from .services import KIND_LOG_ACTIONS, LOG_ACTIONS, flag_entry
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
KIND_LOG_LABELS = {
    DecisionKind.ESCALATION: (_("Pass to staff"), _("Entry passed to staff")),
    DecisionKind.APPEAL_UPHELD: (_("Uphold appeal"), _("Appeal upheld")),
    DecisionKind.APPEAL_DISMISSED: (_("Dismiss appeal"), _("Appeal dismissed")),
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


class ClaimBreakFormatter(LogFormatter):
    """Say in the history whose claim an editor broke, by their name today.

    The log keeps the holder's id only, so an erased account's handle is not
    kept in it.
    """

    label = _("Break claim")

    def format_message(self, log_entry) -> str:
        holder = User.objects.filter(pk=log_entry.data.get("holder")).first()
        return _("Claim broken: taken over from %(name)s") % {
            "name": holder.public_name if holder else _("a former moderator")
        }


@hooks.register("register_log_actions")
def register_decision_log_actions(actions) -> None:
    for status, (label, message) in LOG_LABELS.items():
        actions.register_action(LOG_ACTIONS[status], label, message)
    for kind, (label, message) in KIND_LOG_LABELS.items():
        actions.register_action(KIND_LOG_ACTIONS[kind], label, message)
    actions.register_action(CLAIM_BREAK_ACTION)(ClaimBreakFormatter)


hooks.register(MEMBER_DATA_EXPORT_HOOK, data_rights.moderation_export)
hooks.register(MEMBER_ERASURE_HOOK, data_rights.moderation_erase)


@hooks.register(ENTRY_PAGE_HOOK)
def entry_report_section(request, entry):
    return report_section(request, entry)


@hooks.register(ENTRY_PAGE_HOOK)
def entry_author_section(request, entry):
    return author_section(request, entry)


@hooks.register(ENTRY_WITHDRAW_HOOK)
def entry_withdraw_section(request, entry):
    return withdraw_section(request, entry)


class AppealsMenuItem(MenuItem):
    """Shown while appeals wait for the viewer; the list is open to them always."""

    def is_shown(self, request) -> bool:
        return may_use_moderation_area(request.user) and has_appeals_waiting(
            request.user
        )


@hooks.register("register_admin_menu_item")
def register_appeals_menu_item() -> MenuItem:
    return AppealsMenuItem(
        _("Appeals"), reverse("moderation:appeals"), icon_name="help", order=101
    )


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


@hooks.register("register_snippet_listing_buttons")
def partner_report_listing_button(snippet, user, next_url=None):
    """Link each partner community in the admin to its moderators' report."""
    if isinstance(snippet, PartnerCommunity) and is_entry_editor(user):
        url = reverse(
            "moderation:partner_report",
            kwargs={"community_id": snippet.pk, "by": Grouping.MODERATORS.value},
        )
        yield Button(_("Moderation report"), url=url, icon_name="tasks", priority=51)


class ModerationReportMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return is_entry_editor(request.user)


@hooks.register("register_reports_menu_item")
def register_moderation_report_menu_item() -> MenuItem:
    return ModerationReportMenuItem(
        _("Moderation"),
        reverse("moderation:report", kwargs={"by": Grouping.COMPETITIONS.value}),
        name="moderation-report",
        icon_name="tasks",
        order=150,
    )


# The dashboard: run after Wagtail's own hooks, so as to replace what they added.
@hooks.register("construct_homepage_summary_items", order=100)
def moderation_summary_items(request, items: list) -> None:
    """Editors and moderators see their work, not Wagtail's page and image counts."""
    if ours := summary_items_for(request):
        items[:] = ours


@hooks.register("construct_homepage_panels", order=100)
def moderation_panels(request, panels: list) -> None:
    """Add the viewer's moderation panels; a moderator gets no page panels at all."""
    editor, moderator = dashboard_role(request)
    if moderator and not editor:
        panels.clear()
    panels[:0] = panels_for(request)


# Public credit ----------------------------------------------------------------------


@hooks.register(COMPETITION_PAGE_HOOK)
def moderated_by_section(request, competition) -> PageSection | None:
    """Say which partner communities' volunteers moderate the competition."""
    names = moderating_communities(competition=competition)
    if not names:
        return None
    return PageSection(
        order=50,
        template="moderation/credit/competition.html",
        context={"communities": natural_list(names)},
    )


@hooks.register(PARTNER_PAGE_HOOK)
def volunteers_reviewed_section(request, partner) -> PageSection | None:
    """Count the entries the partner's volunteers reviewed, on its page."""
    reviewed = entries_reviewed(community=partner)
    if not reviewed:
        return None
    return PageSection(
        order=20,
        template="moderation/credit/partner.html",
        context={"reviewed": reviewed},
    )


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
