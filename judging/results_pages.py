"""The public side of the results: the results page and the competition's section.

Nothing shows before an editor publishes the results: the page is a 404 and
the competition page's section is absent. Afterwards both show only public
entries (see ``awards.published_results``).
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from competitions.models import CompetitionPage
from core.pagecache import public_page
from core.sections import PageSection, render_sections

from .awards import is_published, published_results
from .setup import top_voted_entry_ids

# Extension point: higher apps (or voting, beside judging) add sections to the
# results page below the prizes, as core.sections.PageSection, called with
# (request, competition). The page is shown only once results are published,
# so a section never needs to check that itself.
RESULTS_PAGE_HOOK = "results_page_sections"


@public_page
def results(request: HttpRequest, competition: CompetitionPage) -> HttpResponse:
    """Show the winners of each prize at /competitions/<slug>/results/."""
    if not is_published(competition):
        raise Http404
    context = {
        "page": competition,
        "prizes": published_results(competition),
        "public_vote": had_public_vote(competition),
        "sections": render_sections(RESULTS_PAGE_HOOK, request, competition),
    }
    return TemplateResponse(request, "judging/results.html", context)


def had_public_vote(competition: CompetitionPage) -> bool:
    """Return whether the people's choice comes from a public vote (TOP_VOTED_HOOK)."""
    return top_voted_entry_ids(competition, limit=1) is not None


def competition_winners_section(
    request: HttpRequest, competition: CompetitionPage
) -> PageSection | None:
    """Show the winners on the competition page once the results are published."""
    if not is_published(competition):
        return None
    return PageSection(
        order=20,
        template="judging/includes/competition_winners.html",
        context={
            "page": competition,
            "prizes": published_results(competition),
            "public_vote": had_public_vote(competition),
        },
    )
