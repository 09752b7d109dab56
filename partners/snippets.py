"""The copy-and-paste snippets a partner puts on its site, one set per competition."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from communities.models import PartnerCommunity
from competitions.models import CompetitionPage

from .badges import badge_layout
from .embed import with_via
from .selectors import toolkit_competitions

EMBED_HEIGHT = 460


@dataclass(frozen=True)
class CompetitionSnippets:
    """The widget and the badge of one competition, as HTML to copy."""

    competition: CompetitionPage
    badge_path: str
    embed_url: str
    badge_svg_url: str
    badge_png_url: str
    link_url: str
    iframe_html: str
    badge_html: str


def competition_snippets(
    request: HttpRequest, partner: PartnerCommunity, competition: CompetitionPage
) -> CompetitionSnippets:
    """Return the snippets of ``partner`` for ``competition``, with full addresses."""
    absolute = request.build_absolute_uri
    slugs = {"partner": partner.slug, "competition": competition.slug}
    embed_url = absolute(
        reverse("partners:embed", kwargs={"slug": competition.slug})
        + "?"
        + urlencode({"partner": partner.slug})
    )
    badge_path = reverse("partners:badge_svg", kwargs=slugs)
    svg_url = absolute(badge_path)
    png_url = absolute(reverse("partners:badge_png", kwargs=slugs))
    link_url = with_via(absolute(competition.get_url(request)), partner)
    layout = badge_layout(partner, competition)
    iframe = format_html(
        '<iframe src="{}" title="{}" width="100%" height="{}" loading="lazy"></iframe>',
        embed_url,
        competition.title,
        EMBED_HEIGHT,
    )
    badge = format_html(
        '<a href="{}"><img src="{}" alt="{}" width="{}" height="{}"></a>',
        link_url,
        svg_url,
        _("%(partner)s is taking part in %(competition)s on OpenCall")
        % {"partner": partner.name, "competition": competition.title},
        layout.width,
        layout.height,
    )
    return CompetitionSnippets(
        competition=competition,
        badge_path=badge_path,
        embed_url=embed_url,
        badge_svg_url=svg_url,
        badge_png_url=png_url,
        link_url=link_url,
        iframe_html=str(iframe),
        badge_html=str(badge),
    )


def partner_snippets(
    request: HttpRequest, partner: PartnerCommunity
) -> list[CompetitionSnippets]:
    """Return the snippets for each live public competition of ``partner``."""
    return [
        competition_snippets(request, partner, competition)
        for competition in toolkit_competitions(partner)
    ]
