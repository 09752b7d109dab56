"""Who may moderate what: assigned moderators their competitions, editors all.

A moderator's rights come only from an assignment in force (see
``ModeratorAssignmentQuerySet.active_at``): its dates, an active account, and
a place on the lending community's active roster. The same rule grants the
entries (``moderator_entry_rule``, registered with submissions' ``entry_access``
hook), scopes the queue and checks each decision.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import PartnerCommunity
from competitions.models import CompetitionPage
from submissions.permissions import Viewer, is_entry_editor

from .enums import MODERATOR_VISIBLE_STATUSES
from .models import ModeratorAssignment, ModeratorAssignmentQuerySet


def active_assignments(
    user: Viewer, *, at: datetime | None = None
) -> ModeratorAssignmentQuerySet:
    """Return ``user``'s assignments in force at ``at`` (now by default)."""
    if not (user.is_authenticated and user.is_active):
        return ModeratorAssignment.objects.none()
    moment = at or timezone.now()
    return ModeratorAssignment.objects.filter(moderator=user).active_at(moment)


def moderator_entry_rule(user: Viewer) -> Q | None:
    """Return the entries ``user`` may see as a moderator, or None."""
    if not (user.is_authenticated and user.is_active):
        return None
    competitions = active_assignments(user).values("competition_id")
    return Q(competition_id__in=competitions, status__in=MODERATOR_VISIBLE_STATUSES)


def is_moderator(user: Viewer) -> bool:
    """Return whether ``user`` moderates any competition now."""
    return active_assignments(user).exists()


def may_use_moderation_area(user: Viewer) -> bool:
    """Editors and moderators with an assignment in force use the queue."""
    return is_entry_editor(user) or is_moderator(user)


def acting_community(
    user: Viewer, competition: CompetitionPage
) -> PartnerCommunity | None:
    """Return the community ``user`` moderates ``competition`` for, None for editors.

    Raises PermissionDenied for anyone else.
    """
    assignment = (
        active_assignments(user)
        .filter(competition=competition)
        .select_related("community")
        .first()
    )
    if assignment is not None:
        return assignment.community
    if is_entry_editor(user):
        return None
    raise PermissionDenied(_("You do not moderate this competition."))
