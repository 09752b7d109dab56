"""The public gallery: /showcase/ across the site, gallery/ below a competition."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.template.response import TemplateResponse
from django.utils.functional import cached_property

from competitions.models import CompetitionPage
from core.pagecache import limit_page_cache, public_page

from .forms import PAGE_PARAM, GalleryFilterForm
from .pictures import with_card_pictures
from .selectors import (
    SORT_MOST_VOTED,
    SORT_RANDOM,
    GalleryQuery,
    clean_search,
    default_seed,
    gallery_count,
    gallery_entries,
)

PER_PAGE = 24


class GalleryPaginator(Paginator):
    """Pages of a gallery, counted once per generation of public pages."""

    def __init__(self, query: GalleryQuery, per_page: int) -> None:
        super().__init__(gallery_entries(query), per_page)
        self.query = query

    @cached_property
    def count(self) -> int:
        return gallery_count(self.query, self.object_list)

    def _get_page(self, *args, **kwargs):
        """A page of entries as a list, each with its card picture."""
        page = super()._get_page(*args, **kwargs)
        page.object_list = with_card_pictures(page.object_list)
        return page


@public_page
def showcase(request: HttpRequest) -> HttpResponse:
    """Every approved entry of every public competition."""
    return _gallery(request, competition=None)


@public_page
def competition_gallery(
    request: HttpRequest, competition: CompetitionPage
) -> HttpResponse:
    """One competition's approved entries (a competition route: gallery/)."""
    return _gallery(request, competition=competition)


def _gallery(request: HttpRequest, *, competition: CompetitionPage | None):
    if (canonical := _without_empty_filters(request)) is not None:
        return HttpResponseRedirect(canonical)
    params = request.GET.copy()
    if "q" in params:
        # Echo and link only the part of a search that is used: never 10,000 characters.
        params["q"] = clean_search(params["q"])
    form = GalleryFilterForm(params, competition=competition)
    query = form.gallery_query()
    params = params.copy()
    if "winners" not in form.fields:
        params.pop("winners", None)  # not offered yet: the links leave it out
    if query.sort == SORT_RANDOM and not query.seed:
        # Fix the shuffle in the links so page 2 follows page 1 in the same order.
        params["seed"] = default_seed()
    params.pop(PAGE_PARAM, None)
    page = GalleryPaginator(query, PER_PAGE).get_page(request.GET.get(PAGE_PARAM))
    context = {
        "page": competition,
        "competition": competition,
        "form": form,
        "entries": page,
        "params": params,
        "filtered": _filtered(params),
        "show_competition": competition is None,
    }
    # The cards show counts where the entries came with them (selectors).
    show_counts = "valid_votes" in page.paginator.object_list.query.annotations
    context["show_counts"] = show_counts
    if show_counts or query.sort == SORT_MOST_VOTED:
        limit_page_cache(request, settings.PUBLIC_PAGE_COUNTS_SECONDS)
    status = 400 if form.errors else 200
    return TemplateResponse(request, "showcase/gallery.html", context, status=status)


def _without_empty_filters(request: HttpRequest) -> str | None:
    """Return the address without the filters the form sent empty, if it had any.

    The filter form sends every field; one address per filter state keeps links
    short and the page cache from keeping one page under many addresses.
    """
    params = request.GET.copy()
    empty = [name for name, values in params.lists() if not any(values)]
    if not empty:
        return None
    for name in empty:
        del params[name]
    query = params.urlencode()
    return f"{request.path}?{query}" if query else request.path


def _filtered(params: QueryDict) -> bool:
    """Return whether any filter or search narrows the list."""
    narrowing = ("q", "competition", "kind", "category", "partner", "winners")
    return any(params.get(name) for name in narrowing)
