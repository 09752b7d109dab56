"""The public side of the results: the results page and the competition's section.

Nothing shows before an editor publishes the results: the page is a 404 and
the competition page's section is absent. Afterwards both show only public
entries (see ``awards.published_results``).
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from competitions.models import CompetitionPage
from core.pagecache import public_page
from core.sections import PageSection

from .awards import is_published, published_results


@public_page
def results(request: HttpRequest, competition: CompetitionPage) -> HttpResponse:
    """Show the winners of each prize at /competitions/<slug>/results/."""
    if not is_published(competition):
        raise Http404
    context = {"page": competition, "prizes": published_results(competition)}
    return TemplateResponse(request, "judging/results.html", context)


def competition_winners_section(
    request: HttpRequest, competition: CompetitionPage
) -> PageSection | None:
    """Show the winners on the competition page once the results are published."""
    if not is_published(competition):
        return None
    return PageSection(
        order=20,
        template="judging/includes/competition_winners.html",
        context={"page": competition, "prizes": published_results(competition)},
    )
