"""Atom feeds: new approved entries (site-wide and per competition) and results.

The same public rule as the API (``api.selectors``): approved entries of live
public competitions, results only once an editor has published them. Authors
appear by handle; no email is ever written into a feed.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from competitions.enums import EntryKind
from competitions.models import CompetitionPage
from core.pagecache import public_page
from judging.awards import PrizeResult, is_published, published_results, recent_winners
from judging.models import ResultsPublication
from submissions.models import Entry

from . import selectors

FEED_LENGTH = 30
EXCERPT_WORDS = 60


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed: an approved entry or a competition's results."""

    title: str
    link: str
    description: str
    author: str
    published: datetime
    categories: tuple[str, ...] = ()


def entry_item(entry: Entry) -> FeedItem:
    kind = str(EntryKind(entry.kind).label)
    category = (entry.category.name,) if entry.category else ()
    return FeedItem(
        title=str(entry),
        link=entry.get_absolute_url(),
        description=format_html(
            "<p>{}</p>{}",
            _("%(kind)s in %(competition)s")
            % {"kind": kind, "competition": entry.competition.title},
            format_html("<p>{}</p>", words) if (words := excerpt(entry)) else "",
        ),
        author="" if entry.author_hidden else (entry.author.handle or ""),
        published=entry.decided_at or entry.updated_at,
        categories=(kind, *category),
    )


def excerpt(entry: Entry) -> str:
    """Return the start of the entry's words, as plain text."""
    text = {
        EntryKind.STORY: strip_tags(entry.story),
        EntryKind.IDEA: entry.idea_proposal,
        EntryKind.IMAGE: entry.image_caption or entry.image_alt_text,
    }.get(entry.kind, "")
    return Truncator(" ".join(text.split())).words(EXCERPT_WORDS)


def results_item(
    request: HttpRequest,
    *,
    competition: CompetitionPage,
    winners: list,
    published: datetime,
) -> FeedItem:
    lines = format_html_join(
        "",
        "<li>{}: {} ({})</li>",
        (
            (award.prize.title, str(award.entry), award.entry.author.handle or "")
            for award in winners
        ),
    )
    return FeedItem(
        title=_("Results: %(title)s") % {"title": competition.title},
        link=competition.get_url(request) + competition.reverse_subpage("results"),
        description=format_html("<ul>{}</ul>", lines) if winners else "",
        author="",
        published=published,
    )


def first_places(prizes: list[PrizeResult]) -> list:
    return [result.winner for result in prizes if result.winner is not None]


class OpenCallFeed(Feed):
    """An Atom feed of ``FeedItem``s."""

    feed_type = Atom1Feed

    def item_title(self, item: FeedItem) -> str:
        return item.title

    def item_link(self, item: FeedItem) -> str:
        return item.link

    def item_description(self, item: FeedItem) -> str:
        return item.description

    def item_author_name(self, item: FeedItem) -> str | None:
        return item.author or None

    def item_pubdate(self, item: FeedItem) -> datetime:
        return item.published

    def item_updateddate(self, item: FeedItem) -> datetime:
        return item.published

    def item_categories(self, item: FeedItem) -> tuple[str, ...]:
        return item.categories


class EntriesFeed(OpenCallFeed):
    """New approved entries of every public competition, newest first."""

    link = "/showcase/"

    def title(self) -> str:
        return _("New entries on %(site)s") % {"site": settings.WAGTAIL_SITE_NAME}

    def subtitle(self) -> str:
        return _("Entries approved for the showcase, newest first.")

    def items(self) -> list[FeedItem]:
        return [entry_item(e) for e in selectors.newest_entries(limit=FEED_LENGTH)]


class CompetitionFeed(OpenCallFeed):
    """One competition's new approved entries, and its results once published."""

    def get_object(self, request: HttpRequest, competition: CompetitionPage):
        self.request = request
        return competition

    def title(self, competition: CompetitionPage) -> str:
        return _("New entries: %(title)s") % {"title": competition.title}

    def subtitle(self, competition: CompetitionPage) -> str:
        return competition.summary

    def link(self, competition: CompetitionPage) -> str:
        return competition.get_url(self.request)

    def items(self, competition: CompetitionPage) -> list[FeedItem]:
        items = [
            entry_item(e)
            for e in selectors.newest_entries(
                competition=competition, limit=FEED_LENGTH
            )
        ]
        if is_published(competition):
            published = ResultsPublication.objects.get(competition=competition)
            winners = first_places(published_results(competition))
            items.append(
                results_item(
                    self.request,
                    competition=competition,
                    winners=winners,
                    published=published.published_at,
                )
            )
        return sorted(items, key=lambda item: item.published, reverse=True)


class ResultsFeed(OpenCallFeed):
    """Competitions whose results were published, most recent first."""

    link = "/competitions/"

    def get_object(self, request: HttpRequest, *args, **kwargs):
        self.request = request
        return None

    def title(self) -> str:
        return _("Results on %(site)s") % {"site": settings.WAGTAIL_SITE_NAME}

    def subtitle(self) -> str:
        return _("The winners of each competition, as its results are published.")

    def items(self) -> list[FeedItem]:
        shown = recent_winners(competitions=FEED_LENGTH, per_competition=10)
        published = dict(
            ResultsPublication.objects.filter(
                competition__in=[won.competition for won in shown]
            ).values_list("competition_id", "published_at")
        )
        return [
            results_item(
                self.request,
                competition=won.competition,
                winners=won.winners,
                published=published[won.competition.pk],
            )
            for won in shown
        ]


# A feed object keeps the request it serves: one object per request.


@public_page
def entries_feed(request: HttpRequest) -> HttpResponse:
    """Serve the site-wide feed of new entries at /feeds/entries/."""
    return EntriesFeed()(request)


@public_page
def results_feed(request: HttpRequest) -> HttpResponse:
    """Serve the feed of published results at /feeds/results/."""
    return ResultsFeed()(request)


@public_page
def competition_feed(
    request: HttpRequest, competition: CompetitionPage
) -> HttpResponse:
    """Serve a competition's feed (a competition route: feed/)."""
    return CompetitionFeed()(request, competition)
