from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from competitions.models import COMPETITION_PAGE_HOOK
from competitions.routes import COMPETITION_ROUTES_HOOK, CompetitionRoute
from core.sections import PageSection
from submissions.views import ENTRY_HEAD_HOOK

from . import feeds


def competition_feed_url(request, competition) -> str:
    return competition.get_url(request) + competition.reverse_subpage("feed")


@hooks.register(COMPETITION_ROUTES_HOOK)
def feed_routes() -> list[CompetitionRoute]:
    return [CompetitionRoute("feed/", "feed", feeds.competition_feed)]


@hooks.register(ENTRY_HEAD_HOOK)
def entry_feed_link(request, entry) -> PageSection:
    """Point feed readers at the feed of the entry's competition."""
    competition = entry.competition
    return PageSection(
        template="api/includes/feed_link.html",
        context={
            "feed_url": competition_feed_url(request, competition),
            "feed_title": _("New entries: %(title)s") % {"title": competition.title},
        },
    )


@hooks.register(COMPETITION_PAGE_HOOK)
def competition_feed_section(request, competition) -> PageSection:
    """Link a competition's feed and its open data from its page."""
    return PageSection(
        order=90,
        template="api/includes/competition_feed.html",
        context={
            "feed_url": competition_feed_url(request, competition),
            "api_url": reverse("api:v1:competition", kwargs={"slug": competition.slug}),
        },
    )
