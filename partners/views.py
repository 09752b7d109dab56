"""The partners' toolkit on the public site: the embed widget and the badges."""

from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt

from core.methods import require_safe
from core.pagecache import limit_page_cache_until, public_page

from . import badges
from .embed import (
    EmbedOptions,
    deadline_of,
    embed_csp_policy,
    embed_links,
    with_via,
)
from .selectors import latest_entries, partner_named, public_competition, public_partner

BADGE_MAX_AGE = 60 * 60


@require_safe
@public_page
@xframe_options_exempt
def embed(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a competition in a partner's iframe, framed only by its origins."""
    competition = public_competition(slug=slug)
    partner = partner_named(request.GET.get("partner"))
    page_url = competition.get_url(request)
    if page_url is None:  # Not under any site this server answers for.
        raise Http404
    context = {
        "competition": competition,
        "partner": partner,
        "options": EmbedOptions.from_query(request.GET),
        "deadline": deadline_of(competition),
        "entries": latest_entries(competition),
        "links": embed_links(competition, partner, page_url),
        "competition_url": with_via(page_url, partner),
    }
    # The phase and its deadline change by themselves at the timeline's dates.
    limit_page_cache_until(request, competition.timeline.moments())
    response = TemplateResponse(request, "partners/embed.html", context)
    response._csp_config = embed_csp_policy(partner)
    return response


def _badge_layout(partner_slug: str, competition_slug: str) -> badges.BadgeLayout:
    partner = public_partner(slug=partner_slug)
    competition = public_competition(slug=competition_slug)
    return badges.badge_layout(partner, competition)


@require_safe
@cache_control(public=True, max_age=BADGE_MAX_AGE)
def badge_svg(request: HttpRequest, partner: str, competition: str) -> HttpResponse:
    """Draw a partner's badge for a competition as SVG."""
    layout = _badge_layout(partner, competition)
    context = {
        "layout": layout,
        "left": badges.PADDING + 4,
        "line_one_y": badges.LINE_ONE_Y,
        "line_two_y": badges.LINE_TWO_Y,
        "small": badges.SMALL,
        "large": badges.LARGE,
        "background": badges.BACKGROUND,
        "foreground": badges.FOREGROUND,
        "accent": badges.ACCENT,
    }
    svg = render_to_string("partners/badge.svg", context)
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


@require_safe
@cache_control(public=True, max_age=BADGE_MAX_AGE)
def badge_png(request: HttpRequest, partner: str, competition: str) -> HttpResponse:
    """Draw a partner's badge for a competition as PNG."""
    layout = _badge_layout(partner, competition)
    return HttpResponse(badges.badge_png(layout), content_type="image/png")
