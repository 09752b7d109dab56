from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import ListingButton
from wagtail.permissions import register_permission_policy

from communities.models import PartnerCommunity
from communities.views import PARTNER_PAGE_HOOK
from competitions.models import COMPETITION_PAGE_HOOK

from . import sections
from .admin_views import PartnerToolkitView, toolkit_url
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
            "partners/toolkit/<int:pk>/",
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
