from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from core.exports import FormulaSafeExportMixin

from .models import Entry
from .permissions import staff_entries


class EntryPermissionPolicy(ModelPermissionPolicy):
    """Entries change only through services: the admin lists, inspects, exports."""

    READ_ONLY_ACTIONS = frozenset({"view"})

    def user_has_permission(self, user, action):
        return action in self.READ_ONLY_ACTIONS and super().user_has_permission(
            user, action
        )

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        allowed = [action for action in actions if action in self.READ_ONLY_ACTIONS]
        if not allowed:
            return super().users_with_any_permission([]).none()
        return super().users_with_any_permission(allowed)


class EntryIndexView(FormulaSafeExportMixin, IndexView):
    @cached_property
    def columns(self):
        # No bulk-action checkboxes: entries have no bulk actions (bulk_actions.py).
        return [
            column
            for column in super().columns
            if not isinstance(column, BulkActionsCheckboxColumn)
        ]


class EntryViewSet(SnippetViewSet):
    model = Entry
    icon = "doc-full"
    menu_label = _("Entries")
    menu_order = 220
    add_to_admin_menu = True
    index_view_class = EntryIndexView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "title",
        Column("competition", label=_("Competition")),
        "kind",
        "status",
        Column("author", label=_("Author")),
        "submitted_at",
    ]
    list_filter = ["competition", "kind", "status"]
    list_export = [
        "public_id",
        "title",
        "competition.title",
        "kind",
        "status",
        "author.handle",
        # Optional relations by themselves (their str() is the name): a dotted
        # "category.name" fails the whole export when one entry has none.
        "category",
        "licence",
        "referral_partner",
        "word_count",
        "created_at",
        "submitted_at",
        "decided_at",
    ]
    export_headings = {
        "competition.title": _("Competition"),
        "author.handle": _("Author"),
        "category": _("Category"),
        "referral_partner": _("Referred by"),
    }
    export_filename = "entries"
    search_fields = ["title"]
    # Entry is in Wagtail's search index for the public showcase; this scoped
    # listing keeps searching its own queryset in the database (the index refuses
    # the permission filters it is not told about).
    search_backend_name = None
    inspect_view_fields_exclude = ["story"]

    # No chooser for entries: Wagtail's snippet chooser checks only that the user
    # may choose *something*, and listed every entry's title to moderators and
    # judges. Nothing in the admin picks an entry, so none is registered.
    def register_chooser_viewset(self):
        pass

    def get_queryset(self, request):
        """List only the entries this user may see as staff (see permissions.py)."""
        return staff_entries(request.user).select_related(
            "competition", "author", "category", "referral_partner"
        )
