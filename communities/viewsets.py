from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import CommunityModerator, PartnerCommunity


class PartnerCommunityViewSet(SnippetViewSet):
    model = PartnerCommunity
    icon = "group"
    menu_label = _("Partner communities")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "slug", "website"]
    search_fields = ["name", "slug"]
    copy_view_enabled = False
    inspect_view_enabled = True


class CommunityModeratorViewSet(ModelViewSet):
    """The partners' rosters of moderators, kept by editors."""

    model = CommunityModerator
    name = "moderator_rosters"
    icon = "user"
    menu_label = _("Moderator rosters")
    menu_order = 215
    add_to_admin_menu = True
    copy_view_enabled = False
    list_display = [
        Column("user", label=_("Moderator")),
        Column("community", label=_("Partner community")),
        "active",
        "added_at",
    ]
    list_filter = ["community", "active"]
    form_fields = ["community", "user", "active"]

    def get_queryset(self, request):
        return CommunityModerator.objects.select_related("user", "community")
