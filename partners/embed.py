"""The embed widget: what a partner's iframe shows, and who may frame it.

Policy. The widget may be framed only by the origins its partner registered
(``PartnerCommunity.embed_origins``), named by ``?partner=<slug>``; without a
partner, or one with no origins, ``frame-ancestors 'none'`` refuses every frame.
The page is the same for every visitor (no form, no cookie, no session), so the
whole-page cache keeps it; its address (with the query string) is the key.
Unknown ``theme`` and ``layout`` values fall back to the defaults: the widget sits
on someone else's page, where an error page would help nobody.
"""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.http import QueryDict
from django.utils.csp import CSP
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from communities.models import PartnerCommunity
from communities.referrals import REFERRAL_PARAMETER
from competitions.enums import Phase
from competitions.models import CompetitionPage

THEMES = ("light", "dark")
LAYOUTS = ("full", "compact")
DEADLINE_FORMAT = "j F Y, H:i T"


@dataclass(frozen=True)
class EmbedOptions:
    """How the widget looks: ``?theme=light|dark`` and ``?layout=compact``."""

    theme: str = THEMES[0]
    layout: str = LAYOUTS[0]

    @classmethod
    def from_query(cls, query: QueryDict) -> "EmbedOptions":
        """Read the options, keeping the default for anything unknown."""
        theme = query.get("theme", "")
        layout = query.get("layout", "")
        return cls(
            theme=theme if theme in THEMES else THEMES[0],
            layout=layout if layout in LAYOUTS else LAYOUTS[0],
        )


@dataclass(frozen=True)
class Deadline:
    """The next date that matters, as words and in the competition's time zone."""

    label: str
    moment: datetime
    text: str


# Which date a visitor wants to know in each phase.
DEADLINES = {
    Phase.UPCOMING: ("entries_open_at", _("Entries open")),
    Phase.OPEN: ("entries_close_at", _("Entries close")),
    Phase.VOTING: ("voting_closes_at", _("Voting closes")),
    Phase.JUDGING: ("results_published_at", _("Results expected")),
    Phase.RESULTS: ("results_published_at", _("Results published")),
}


def deadline_of(competition: CompetitionPage) -> Deadline | None:
    """Return the date to show beside the phase, or None when there is none."""
    field, label = DEADLINES.get(competition.phase, (None, ""))
    moment = competition.local(getattr(competition, field)) if field else None
    if moment is None:
        return None
    return Deadline(
        label=str(label), moment=moment, text=date_format(moment, DEADLINE_FORMAT)
    )


def frame_ancestors(partner: PartnerCommunity | None) -> list[str]:
    """Return the sources allowed to frame the widget: the partner's origins."""
    origins = partner.allowed_embed_origins if partner is not None else []
    return origins or [CSP.NONE]


def embed_csp_policy(partner: PartnerCommunity | None) -> dict[str, list[str]]:
    """Return the site's strict policy, framed only by the partner's origins."""
    policy = {name: list(sources) for name, sources in settings.SECURE_CSP.items()}
    policy["frame-ancestors"] = frame_ancestors(partner)
    return policy


def with_via(url: str, partner: PartnerCommunity | None) -> str:
    """Return ``url`` carrying ``?via=<partner>`` (unchanged without a partner)."""
    if partner is None:
        return url
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}{urlencode({REFERRAL_PARAMETER: partner.slug})}"


@dataclass(frozen=True)
class EmbedLink:
    label: str
    url: str


def embed_links(
    competition: CompetitionPage, partner: PartnerCommunity | None, page_url: str
) -> list[EmbedLink]:
    """Return the links out of the widget for the phase: enter, vote, gallery."""
    gallery = page_url + competition.reverse_subpage("gallery")
    links = []
    if competition.phase == Phase.OPEN:
        enter = page_url + competition.reverse_subpage("enter")
        links.append(EmbedLink(str(_("Enter")), with_via(enter, partner)))
    if competition.phase == Phase.VOTING:
        links.append(EmbedLink(str(_("Vote")), with_via(gallery, partner)))
    links.append(EmbedLink(str(_("See the gallery")), with_via(gallery, partner)))
    return links
