from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .viewsets import CommunityModeratorViewSet, PartnerCommunityViewSet

register_snippet(PartnerCommunityViewSet)


@hooks.register("register_admin_viewset")
def register_moderator_rosters() -> CommunityModeratorViewSet:
    return CommunityModeratorViewSet()
