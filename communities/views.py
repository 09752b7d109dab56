from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from core.pagecache import public_page
from core.sections import render_sections

from .selectors import partner_for_page

# Extension point: the apps above communities add their parts of a partner's
# page (its competitions, its moderators' work …) as core.sections.PageSection,
# called with (request, partner).
PARTNER_PAGE_HOOK = "partner_page_sections"


@public_page
def partner_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a partner community: the link back, what it offers, and its sections."""
    partner = partner_for_page(slug=slug)
    context = {
        "partner": partner,
        "sections": render_sections(PARTNER_PAGE_HOOK, request, partner),
    }
    return TemplateResponse(request, "communities/partner_detail.html", context)
