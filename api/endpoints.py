"""The public read API at /api/v1/ (django-ninja), its OpenAPI schema and docs.

Policy. Anonymous and read-only: no view reads ``request.user`` or a session, so
every answer is the same for everyone and the whole-page cache keeps it
(``core.pagecache``; a new approval or published results make it stale). Lists
are paginated with ``limit`` (at most ``schemas.MAX_PAGE_SIZE``) and ``offset``.
A refused parameter is a 400 with a JSON message naming it, an unknown address a
404 in JSON; nothing here answers 500 to any input (Schemathesis checks it).
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from ninja import NinjaAPI, Path, Query, Router, Swagger
from ninja.errors import HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema

from competitions.timeline import moments_of
from core.pagecache import (
    limit_page_cache,
    limit_page_cache_until,
    mark_public,
    public_page,
)
from judging.awards import is_published, published_results

from . import presenters, selectors
from .schemas import (
    SLUG_MAX_LENGTH,
    SLUG_PATTERN,
    CompetitionEntryQuery,
    CompetitionListOut,
    CompetitionOut,
    CompetitionQuery,
    EntryListOut,
    EntryOut,
    EntryQuery,
    ErrorOut,
    IndexOut,
    PageQuery,
    ResultsOut,
)

ERRORS = {400: ErrorOut, 404: ErrorOut}
NO_COMPETITION = "No public competition has this slug."
PUBLIC_ID_PATTERN = r"^[-\w]+$"
# Plainer words for the validation errors whose own message shows a regex.
FRIENDLIER = {
    "string_pattern_mismatch": "Use only letters, digits, hyphens and underscores"
}


class ReadRouter(Router):
    """A Router whose GET operations answer HEAD too, as every page does.

    django-ninja routes only the methods an operation names (a HEAD to an
    ``@api.get`` operation was a 405), so ``get`` declares both; the body of a
    HEAD answer is dropped by Django (``core.methods``).
    """

    def get(self, path: str, **options) -> Callable[[Callable], Callable]:
        return self.api_operation(["GET", "HEAD"], path, **options)


class OpenDataAPI(NinjaAPI):
    """A NinjaAPI whose every answer may be cached whole for anonymous visitors.

    Its operations are declared on a ``ReadRouter``, so each GET answers HEAD.
    """

    def __init__(self, **options) -> None:
        super().__init__(default_router=ReadRouter(), **options)

    def get_openapi_schema(self, **options) -> OpenAPISchema:
        """Document each read once, as GET: HEAD is the same without the body."""
        schema = super().get_openapi_schema(**options)
        for operations in schema["paths"].values():
            operations.pop("head", None)
        return schema

    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        return mark_public(response)


api = OpenDataAPI(
    title="OpenCall open data",
    version="1",
    description=(
        "Public, read-only data of OpenCall's competitions: their phases, "
        "timelines, prizes and partners; their approved entries; and their "
        "published results. No sign-in; answers may be up to a few minutes old. "
        "Every GET operation answers HEAD too, with the same status and headers."
    ),
    urls_namespace="api:v1",
    docs_url="/docs",
    # Without deep links an operation's path is text, not a link inside the button
    # that opens it (a link in a button cannot be reached by keyboard or read).
    docs=Swagger(settings={"deepLinking": False}),
    openapi_url="/openapi.json",
    # The schema and the docs page are public pages too.
    docs_decorator=public_page,
)


@api.exception_handler(ValidationError)
def refused_parameters(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Answer a refused parameter with a 400 that names it and says why."""
    errors = [
        {
            "field": ".".join(str(part) for part in error.get("loc", ())[1:])
            or "request",
            "message": FRIENDLIER.get(error.get("type"))
            or str(error.get("msg", "This value is not allowed")),
        }
        for error in exc.errors
    ]
    first = errors[0] if errors else {"field": "request", "message": "Not allowed."}
    detail = f"The parameter “{first['field']}” is not valid: {first['message']}."
    return api.create_response(
        request, {"detail": detail, "errors": errors}, status=400
    )


def not_found(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """Answer an address under /api/v1/ that names nothing with a JSON 404."""
    return JsonResponse(
        {"detail": "There is nothing at this address of the API.", "errors": []},
        status=404,
    )


# Helpers ------------------------------------------------------------------------


def _page(request: HttpRequest, queryset: QuerySet, page: PageQuery) -> dict:
    """Slice ``queryset`` and describe the page, with links to its neighbours."""
    count = queryset.count()
    items = list(queryset[page.offset : page.offset + page.limit])
    return {
        "count": count,
        "limit": page.limit,
        "offset": page.offset,
        "next": _neighbour(request, page.offset + page.limit)
        if page.offset + page.limit < count
        else None,
        "previous": _neighbour(request, max(page.offset - page.limit, 0))
        if page.offset > 0
        else None,
        "items": items,
    }


def _neighbour(request: HttpRequest, offset: int) -> str:
    params = request.GET.copy()
    params["offset"] = str(offset)
    query = urlencode(sorted(params.items()))
    return request.build_absolute_uri(f"{request.path}?{query}")


def _competition_or_404(slug: str):
    competition = selectors.public_competition(slug)
    if competition is None:
        raise HttpError(404, NO_COMPETITION)
    return competition


def _entries_page(request: HttpRequest, filters, page: PageQuery) -> dict:
    """Return a page of entries, each with its vote count where shown."""
    now = timezone.now()
    listed = _page(request, selectors.public_entries(filters), page)
    entries = listed["items"]
    votes = selectors.shown_vote_counts(entries, now)
    _limit_cache_for_entries(request, entries, votes, now)
    listed["items"] = [
        presenters.entry(
            request, entry, votes=votes[entry.pk], sizes=selectors.ENTRY_RENDITIONS
        )
        for entry in entries
    ]
    return listed


def _limit_cache_for_entries(request, entries, votes, now) -> None:
    """Keep the answer until a competition's phase changes; a live count briefly."""
    competitions = {entry.competition_id: entry.competition for entry in entries}
    limit_page_cache_until(request, moments_of(competitions.values()))
    counting = [entry for entry in entries if votes[entry.pk] is not None]
    if selectors.counts_live(counting, now):
        limit_page_cache(request, settings.PUBLIC_PAGE_COUNTS_SECONDS)


def _category_filter(category: int | None, competition=None) -> int | None:
    """Check that the category exists (in ``competition`` when given)."""
    if category is None:
        return None
    found = selectors.public_category(category)
    if found is None or (competition is not None and found.page_id != competition.pk):
        raise HttpError(400, "No category with this id in a public competition.")
    return found.pk


# Endpoints ----------------------------------------------------------------------


@api.get("/", response=IndexOut, summary="Where the data is", url_name="index")
def index(request: HttpRequest):
    """List the API's collections, its documentation and the Atom feeds."""
    absolute = request.build_absolute_uri
    return {
        "competitions": presenters.api_url(request, "competitions"),
        "entries": presenters.api_url(request, "entries"),
        "docs": presenters.api_url(request, "openapi-view"),
        "openapi": presenters.api_url(request, "openapi-json"),
        "feeds": {
            "entries": absolute(reverse("api:entries_feed")),
            "results": absolute(reverse("api:results_feed")),
        },
    }


@api.get(
    "/competitions/",
    response={200: CompetitionListOut, **ERRORS},
    summary="Competitions",
    url_name="competitions",
)
def competitions(
    request: HttpRequest, filters: Query[CompetitionQuery], page: Query[PageQuery]
):
    """List the public competitions, newest first, optionally in one phase."""
    now = timezone.now()
    queryset = (
        selectors.competitions_in_phase(filters.phase, now)
        if filters.phase
        else selectors.public_competitions()
    )
    listed = _page(request, queryset, page)
    limit_page_cache_until(request, moments_of(listed["items"]))
    listed["items"] = [presenters.competition(request, c, now) for c in listed["items"]]
    return listed


@api.get(
    "/competitions/{slug}/",
    response={200: CompetitionOut, **ERRORS},
    summary="A competition",
    url_name="competition",
)
def competition(
    request: HttpRequest,
    slug: str = Path(  # noqa: B008
        ..., max_length=SLUG_MAX_LENGTH, pattern=SLUG_PATTERN
    ),
):
    """Show one competition: phase, timeline, prizes, categories and partners."""
    found = _competition_or_404(slug)
    limit_page_cache_until(request, moments_of([found]))
    return presenters.competition(request, found, timezone.now())


@api.get(
    "/competitions/{slug}/entries/",
    response={200: EntryListOut, **ERRORS},
    summary="A competition's approved entries",
    url_name="competition_entries",
)
def competition_entries(
    request: HttpRequest,
    filters: Query[CompetitionEntryQuery],
    page: Query[PageQuery],
    slug: str = Path(  # noqa: B008
        ..., max_length=SLUG_MAX_LENGTH, pattern=SLUG_PATTERN
    ),
):
    """List a competition's approved entries, newest first."""
    found = _competition_or_404(slug)
    chosen = selectors.EntryFilters(
        competition=found,
        kind=filters.kind or "",
        category_id=_category_filter(filters.category, found),
    )
    return _entries_page(request, chosen, page)


@api.get(
    "/competitions/{slug}/results/",
    response={200: ResultsOut, **ERRORS},
    summary="A competition's published results",
    url_name="competition_results",
)
def competition_results(
    request: HttpRequest,
    slug: str = Path(  # noqa: B008
        ..., max_length=SLUG_MAX_LENGTH, pattern=SLUG_PATTERN
    ),
):
    """Show the winners of each prize, once an editor has published the results."""
    found = _competition_or_404(slug)
    if not is_published(found):
        raise HttpError(404, "The results of this competition are not published yet.")
    return presenters.results(request, found, published_results(found))


@api.get(
    "/entries/",
    response={200: EntryListOut, **ERRORS},
    summary="Approved entries",
    url_name="entries",
)
def entries(request: HttpRequest, filters: Query[EntryQuery], page: Query[PageQuery]):
    """List the approved entries of every public competition, newest first."""
    chosen_competition = None
    if filters.competition is not None:
        chosen_competition = selectors.public_competition(filters.competition)
        if chosen_competition is None:
            raise HttpError(400, NO_COMPETITION)
    chosen = selectors.EntryFilters(
        competition=chosen_competition,
        kind=filters.kind or "",
        category_id=_category_filter(filters.category, chosen_competition),
    )
    return _entries_page(request, chosen, page)


@api.get(
    "/entries/{public_id}/",
    response={200: EntryOut, **ERRORS},
    summary="An approved entry",
    url_name="entry",
)
def entry(
    request: HttpRequest,
    public_id: str = Path(  # noqa: B008
        ..., max_length=32, pattern=PUBLIC_ID_PATTERN
    ),
):
    """Show one approved entry of a public competition."""
    found = selectors.public_entry(public_id)
    if found is None:
        raise HttpError(404, "No approved entry has this id.")
    now = timezone.now()
    votes = selectors.shown_vote_counts([found], now)
    _limit_cache_for_entries(request, [found], votes, now)
    return presenters.entry(
        request, found, votes=votes[found.pk], sizes=selectors.ENTRY_RENDITIONS
    )
