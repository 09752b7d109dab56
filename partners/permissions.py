"""Who may keep discussion threads: editors all, a partner's moderators their own.

A partner's moderator is a person on its active roster
(``CommunityModerator.objects.active()``). They add and change threads for that
partner only, on the competitions it takes part in. Everyone else sees none.
The admin's querysets, form choices and object look-ups all start here.
"""

from django.db.models import F, QuerySet

from communities.models import CommunityModerator, PartnerCommunity
from competitions.models import CompetitionPage
from submissions.permissions import Viewer, is_entry_editor

from .models import DiscussionThread


def is_toolkit_editor(user: Viewer) -> bool:
    """Return whether ``user`` is an editor, who keeps every partner's toolkit."""
    return is_entry_editor(user)


def moderated_partners(user: Viewer) -> QuerySet[PartnerCommunity]:
    """Return the partners on whose active roster ``user`` is."""
    if not (user.is_authenticated and user.is_active):
        return PartnerCommunity.objects.none()
    rosters = CommunityModerator.objects.active().filter(user=user)
    return PartnerCommunity.objects.filter(pk__in=rosters.values("community_id"))


def may_keep_threads(user: Viewer) -> bool:
    """Return whether ``user`` may use the discussion threads admin at all.

    Asked for every admin menu; the answer is kept on the user for the request.
    """
    if not hasattr(user, "_may_keep_threads"):
        user._may_keep_threads = (
            is_toolkit_editor(user) or moderated_partners(user).exists()
        )
    return user._may_keep_threads


def partners_for(user: Viewer) -> QuerySet[PartnerCommunity]:
    """Return the partners ``user`` may add threads for."""
    if is_toolkit_editor(user):
        return PartnerCommunity.objects.all()
    return moderated_partners(user)


def competitions_for(user: Viewer) -> QuerySet[CompetitionPage]:
    """Return the competitions ``user`` may add threads to."""
    competitions = CompetitionPage.objects.all()
    if is_toolkit_editor(user):
        return competitions
    partners = moderated_partners(user)
    return competitions.filter(partnerships__partner__in=partners).distinct()


def threads_for(user: Viewer) -> QuerySet[DiscussionThread]:
    """Return the threads ``user`` may see and change in the admin."""
    threads = DiscussionThread.objects.all()
    if is_toolkit_editor(user):
        return threads
    partners = moderated_partners(user)
    return threads.filter(
        partner__in=partners,
        competition__partnerships__partner=F("partner"),
    )
