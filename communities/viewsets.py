from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import PartnerCommunity


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
