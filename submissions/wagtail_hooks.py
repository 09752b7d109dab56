from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from .models import Entry
from .viewsets import EntryPermissionPolicy, EntryViewSet

register_permission_policy(Entry, EntryPermissionPolicy(Entry))
register_snippet(EntryViewSet)
