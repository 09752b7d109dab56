from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from competitions.selectors import partner_competitions

from .selectors import partner_for_page


def partner_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a partner community: the link back, what it offers, its calls."""
    partner = partner_for_page(slug=slug)
    context = {
        "partner": partner,
        "competitions": partner_competitions(partner=partner),
    }
    return TemplateResponse(request, "communities/partner_detail.html", context)
