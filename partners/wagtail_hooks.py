from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .impact import viewer_partners
from .impact_views import ImpactViewSet

# Impact reports (partners/impact*.py) ------------------------------------------


class ImpactMenuItem(MenuItem):
    """Shown to editors and to the people on a partner's roster."""

    def is_shown(self, request) -> bool:
        return viewer_partners(request.user).exists()


@hooks.register("register_admin_viewset")
def register_impact_reports() -> ImpactViewSet:
    return ImpactViewSet()


@hooks.register("register_admin_menu_item")
def register_impact_menu_item() -> MenuItem:
    return ImpactMenuItem(
        _("Impact reports"),
        reverse("partner_impact:index"),
        icon_name="doc-full",
        order=260,
    )


# End of impact reports ----------------------------------------------------------
