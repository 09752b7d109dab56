"""The demo world's partners' toolkit: a discussion thread per partner on one call.

The partners' embed origins are part of the partners themselves
(``communities.demo``); their badges and widgets need nothing stored.
"""

from communities.models import PartnerCommunity
from competitions.demo import DemoCompetition

from .models import DiscussionThread

# (partner slug, competition slug, thread title)
THREADS = [
    ("studyhub", "first-year-stories", "Your first year: swap story ideas here"),
    (
        "parents-together",
        "picture-your-high-street",
        "Which high street photos made you smile?",
    ),
    (
        "patient-voices",
        "greener-commutes",
        "Greener commutes that work with a condition",
    ),
]


def ensure_threads(
    *,
    partners: dict[str, PartnerCommunity],
    competitions: list[DemoCompetition],
    added_by=None,
) -> list[DiscussionThread]:
    """Create or refresh the demo threads; return them."""
    pages = {competition.page.slug: competition.page for competition in competitions}
    threads = []
    for partner_slug, competition_slug, title in THREADS:
        partner = partners[partner_slug]
        thread, _created = DiscussionThread.objects.update_or_create(
            competition=pages[competition_slug],
            url=f"{partner.website}/t/{competition_slug}",
            defaults={
                "partner": partner,
                "title": title,
                "visible": True,
                "added_by": added_by,
            },
        )
        threads.append(thread)
    return threads
