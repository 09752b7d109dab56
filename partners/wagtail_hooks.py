from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button, ListingButton
from wagtail.permissions import register_permission_policy

from communities.models import PartnerCommunity
from communities.views import PARTNER_PAGE_HOOK
from competitions.models import COMPETITION_PAGE_HOOK, CompetitionPage

from . import sections
from .admin_views import PartnerToolkitView, toolkit_url
from .impact import may_see_every_report, may_see_some_report
from .impact_views import ImpactViewSet
from .models import DiscussionThread
from .permissions import is_toolkit_editor
from .viewsets import DiscussionThreadViewSet, ThreadPermissionPolicy

register_permission_policy(DiscussionThread, ThreadPermissionPolicy(DiscussionThread))


@hooks.register("register_admin_viewset")
def register_discussion_threads() -> DiscussionThreadViewSet:
    return DiscussionThreadViewSet()


@hooks.register("register_admin_urls")
def register_toolkit_urls() -> list:
    return [
        path(
            "partners/toolkit/<id:pk>/",
            PartnerToolkitView.as_view(),
            name="partners_toolkit",
        )
    ]


@hooks.register("register_snippet_listing_buttons")
def toolkit_listing_button(snippet, user, next_url=None):
    if isinstance(snippet, PartnerCommunity) and is_toolkit_editor(user):
        yield ListingButton(
            _("Toolkit"), toolkit_url(snippet), icon_name="link", priority=30
        )


@hooks.register(PARTNER_PAGE_HOOK)
def partner_toolkit(request, partner):
    return sections.partner_toolkit(request, partner)


@hooks.register(COMPETITION_PAGE_HOOK)
def competition_discussions(request, competition):
    return sections.competition_discussions(request, competition)


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
