"""What the showcase adds to the competition page and to an entry's page."""

import math
from datetime import datetime, timedelta
from urllib.parse import quote

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from competitions.models import CompetitionPage
from competitions.prizes import prize_total
from core.sections import PageSection
from submissions.models import Entry

from .pictures import with_card_pictures
from .selectors import (
    GalleryQuery,
    approved_count,
    entry_awards,
    gallery_entries,
)

STRIP_LENGTH = 6


def days_left(competition: CompetitionPage, now: datetime | None = None) -> int | None:
    """Return whole days (rounded up) until entries close, or None if not open."""
    if competition.phase != "open":
        return None
    remaining = competition.entries_close_at - (now or timezone.now())
    return max(math.ceil(remaining / timedelta(days=1)), 0)


def competition_strip(
    request: HttpRequest, competition: CompetitionPage
) -> PageSection:
    """Show the count of approved entries, a few of them and the gallery's link."""
    count = approved_count(competition)
    strip = (
        with_card_pictures(
            gallery_entries(GalleryQuery(competition=competition))[:STRIP_LENGTH]
        )
        if count
        else []
    )
    return PageSection(
        order=10,
        template="showcase/includes/competition_strip.html",
        context={
            "page": competition,
            "count": count,
            "strip": strip,
            "days_left": days_left(competition),
            "prize_total": prize_total(p.value for p in competition.listed_prizes),
        },
    )


def entry_section(request: HttpRequest, entry: Entry) -> PageSection | None:
    """Prize badges and share links, for an entry anyone may see."""
    if not entry.is_public_now():
        return None
    link = request.build_absolute_uri(entry.get_absolute_url())
    subject = _("An entry on OpenCall: %(title)s") % {"title": entry}
    mailto = f"mailto:?subject={quote(subject)}&body={quote(link)}"
    return PageSection(
        order=5,
        template="showcase/includes/entry_share.html",
        context={
            "entry": entry,
            "awards": entry_awards(entry),
            "link": link,
            "mailto": mailto,
        },
    )
