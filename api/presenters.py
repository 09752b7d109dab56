"""Turn public entries, competitions and results into the API's shapes (schemas.py).

Each function reads only what the selectors joined or prefetched, so a list costs
no query per item. Renditions are the ready-made ones (``existing_rendition``):
a size still being made by the worker is left out, never generated here.
"""

from collections.abc import Iterable

from django.http import HttpRequest
from django.urls import reverse

from competitions.enums import EntryKind, Licence, PrizeKind
from competitions.models import CompetitionPage, Prize
from core.images import existing_rendition
from judging.awards import PrizeResult
from judging.enums import AwardPlace
from judging.models import Award
from submissions.models import Entry

API_NAMESPACE = "api:v1"


def api_url(request: HttpRequest, name: str, **kwargs) -> str:
    return request.build_absolute_uri(reverse(f"{API_NAMESPACE}:{name}", kwargs=kwargs))


def renditions(request: HttpRequest, image, names: Iterable[str]) -> dict:
    """Return {name: {url, width, height}} for the ready renditions of ``image``."""
    if image is None:
        return {}
    found = {}
    for name in names:
        made = existing_rendition(image, name)
        if made is not None:
            found[name] = {
                "url": request.build_absolute_uri(made.url),
                "width": made.width,
                "height": made.height,
            }
    return found


def licence(code: str) -> dict | None:
    if code not in Licence.values:
        return None
    return {"code": code, "label": str(Licence(code).label)}


def partner(request: HttpRequest, community) -> dict | None:
    if community is None:
        return None
    return {
        "slug": community.slug,
        "name": community.name,
        "website": community.website,
        "url": request.build_absolute_uri(community.get_absolute_url()),
    }


def award(award: Award) -> dict:
    return {
        "prize": award.prize.title,
        "place": award.place,
        "place_label": str(AwardPlace(award.place).label),
        "by_public": award.prize.kind == PrizeKind.PEOPLES_CHOICE,
    }


def entry(request: HttpRequest, entry: Entry, *, votes: int | None, sizes) -> dict:
    """Return the public view of an approved entry."""
    category = entry.category
    hidden = entry.author_hidden  # see submissions.anonymity
    return {
        "id": entry.public_id,
        "url": request.build_absolute_uri(entry.get_absolute_url()),
        "api_url": api_url(request, "entry", public_id=entry.public_id),
        "competition": entry.competition.slug,
        "kind": entry.kind,
        "title": entry.title,
        "handle": None if hidden else entry.author.handle,
        "category": {"id": category.pk, "name": category.name} if category else None,
        "licence": licence(entry.licence),
        "partner": None if hidden else partner(request, entry.referral_partner),
        "approved_at": entry.decided_at,
        **_content(request, entry, sizes),
        "awards": [award(won) for won in getattr(entry, "published_awards", [])],
        "votes": votes,
    }


def _content(request: HttpRequest, entry: Entry, sizes) -> dict:
    """Return the fields of the entry's kind; the other kinds' fields are null."""
    content = {
        "story": None,
        "word_count": None,
        "image": None,
        "film": None,
        "idea": None,
    }
    if entry.kind == EntryKind.STORY:
        content.update(story=entry.story, word_count=entry.word_count)
    elif entry.kind == EntryKind.IMAGE:
        content["image"] = {
            "alt_text": entry.image_alt_text,
            "caption": entry.image_caption,
            "renditions": renditions(request, entry.public_image, sizes),
        }
    elif entry.kind == EntryKind.FILM:
        content["film"] = _film(request, entry)
    elif entry.kind == EntryKind.IDEA:
        content["idea"] = {
            "problem": entry.idea_problem,
            "proposal": entry.idea_proposal,
            "beneficiaries": entry.idea_beneficiaries,
            "requirements": entry.idea_requirements,
        }
    return content


def _film(request: HttpRequest, entry: Entry) -> dict:
    """The film's link, and its file and poster as served once approved."""

    def served(field: str, stored) -> str | None:
        if not stored:
            return None
        return request.build_absolute_uri(entry.media_url(field))

    return {
        "link": entry.film_url or None,
        "file_url": served("film", entry.film_file),
        "poster_url": served("poster", entry.film_poster),
    }


def competition(request: HttpRequest, competition: CompetitionPage, now) -> dict:
    """Return the public view of a competition."""
    published = getattr(competition, "results_publication", None)
    slug = competition.slug
    phase = competition.phase_at(now)
    return {
        "slug": slug,
        "title": competition.title,
        "summary": competition.summary,
        "url": request.build_absolute_uri(competition.get_url(request)),
        "api_url": api_url(request, "competition", slug=slug),
        "phase": phase,
        "phase_label": str(phase.label),
        "timeline": timeline(competition),
        "entry_kinds": list(competition.entry_kinds),
        "licences": [
            found for code in competition.licence_options if (found := licence(code))
        ],
        "categories": [
            {"id": c.pk, "name": c.name, "description": c.description}
            for c in competition.categories.all()
        ],
        "prizes": [prize(p) for p in competition.prizes.all()],
        "partners": [
            partner(request, p.partner) for p in competition.partnerships.all()
        ],
        "hero_image": renditions(request, competition.hero_image, ("card", "hero")),
        "results_published_at": published.published_at if published else None,
        "links": {
            "entries": api_url(request, "competition_entries", slug=slug),
            "results": api_url(request, "competition_results", slug=slug)
            if published
            else None,
            "feed": request.build_absolute_uri(
                competition.get_url(request) + competition.reverse_subpage("feed")
            ),
        },
    }


def timeline(competition: CompetitionPage) -> dict:
    return {
        "time_zone": competition.time_zone,
        **{
            name: competition.local(getattr(competition, name))
            for name in (
                "entries_open_at",
                "entries_close_at",
                "voting_opens_at",
                "voting_closes_at",
                "judging_closes_at",
                "results_published_at",
            )
        },
    }


def prize(prize: Prize) -> dict:
    return {
        "title": prize.title,
        "description": prize.description,
        "value": prize.value,
        "kind": prize.kind,
        "category": prize.category_name,
    }


def results(
    request: HttpRequest, competition: CompetitionPage, prizes: list[PrizeResult]
) -> dict:
    """Return a competition's published results, prize by prize."""
    return {
        "competition": competition.slug,
        "title": competition.title,
        "url": request.build_absolute_uri(
            competition.get_url(request) + competition.reverse_subpage("results")
        ),
        "published_at": competition.results_publication.published_at,
        "prizes": [
            {
                **prize(result.prize),
                "awards": [_place(request, won) for won in result.awards],
            }
            for result in prizes
        ],
    }


def _place(request: HttpRequest, award: Award) -> dict:
    won = award.entry
    return {
        "place": award.place,
        "place_label": str(AwardPlace(award.place).label),
        "entry": {
            "id": won.public_id,
            "url": request.build_absolute_uri(won.get_absolute_url()),
            "api_url": api_url(request, "entry", public_id=won.public_id),
            "title": won.title,
            "kind": won.kind,
            "handle": won.author.handle,
            "image": renditions(request, won.public_image, ("card",)),
        },
    }
