from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from competitions.routes import COMPETITION_ROUTES_HOOK, CompetitionRoute
from core.sections import PageSection
from members.data_rights import MEMBER_DATA_EXPORT_HOOK, MEMBER_ERASURE_HOOK
from members.views import MEMBER_AREA_HOOK

from . import data_rights, views
from .bulk_actions import EntryBulkDeleteRefused
from .models import Entry
from .selectors import member_entries
from .viewsets import EntryPermissionPolicy, EntryViewSet

register_permission_policy(Entry, EntryPermissionPolicy(Entry))
register_snippet(EntryViewSet)


@hooks.register(COMPETITION_ROUTES_HOOK)
def competition_routes() -> list[CompetitionRoute]:
    return [CompetitionRoute("enter/", "enter", views.enter)]


@hooks.register(MEMBER_AREA_HOOK)
def my_entries_section(request, user) -> PageSection:
    """List the member's entries with their status and next step in /me/."""
    return PageSection(
        order=10,
        template="submissions/includes/my_entries.html",
        context={"entries": member_entries(user=user)},
    )


hooks.register(MEMBER_DATA_EXPORT_HOOK, data_rights.entries_export)
hooks.register(MEMBER_ERASURE_HOOK, data_rights.entries_erase)


# Registered after wagtail.snippets' own "delete" (a higher order), so it wins.
hooks.register("register_bulk_action", EntryBulkDeleteRefused, order=100)
