from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from competitions.models import CompetitionPage

from .impact import may_see_every_report, may_see_some_report
from .impact_views import ImpactViewSet

# Impact reports (partners/impact*.py) ------------------------------------------


class ImpactMenuItem(MenuItem):
    """Shown to editors and to the people on a partner's roster."""

    def is_shown(self, request) -> bool:
        return may_see_some_report(request.user)


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


@hooks.register("register_page_header_buttons")
def competition_impact_header_button(page, user, view_name, next_url=None):
    """Link a competition's page in the admin to its impact overview (editors)."""
    if page.specific_class is CompetitionPage and may_see_every_report(user):
        url = reverse("partner_impact:competition", args=[page.pk])
        yield Button(_("Impact"), url=url, icon_name="doc-full", priority=68)


# End of impact reports ----------------------------------------------------------
