from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from .bulk_actions import EntryBulkDeleteRefused
from .models import Entry
from .viewsets import EntryPermissionPolicy, EntryViewSet

register_permission_policy(Entry, EntryPermissionPolicy(Entry))
register_snippet(EntryViewSet)
# Registered after wagtail.snippets' own "delete" (a higher order), so it wins.
hooks.register("register_bulk_action", EntryBulkDeleteRefused, order=100)
