from wagtail.snippets.models import register_snippet

from .viewsets import PartnerCommunityViewSet

register_snippet(PartnerCommunityViewSet)
