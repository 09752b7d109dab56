from django.shortcuts import get_object_or_404

from core.images import prefetch_image

from .models import PartnerCommunity


def partner_for_page(*, slug: str) -> PartnerCommunity:
    """Return the partner at ``slug`` with its logo renditions, or raise 404."""
    partners = PartnerCommunity.objects.prefetch_related(prefetch_image("logo", "logo"))
    return get_object_or_404(partners, slug=slug)
