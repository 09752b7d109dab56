"""What the toolkit adds to a partner's page and to a competition's page."""

from django.http import HttpRequest

from communities.models import PartnerCommunity
from competitions.models import CompetitionPage
from core.sections import PageSection

from .selectors import competition_threads
from .snippets import partner_snippets


def partner_toolkit(request: HttpRequest, partner: PartnerCommunity) -> PageSection:
    """The widget and badge snippets for each of the partner's competitions."""
    return PageSection(
        order=60,
        template="partners/includes/partner_toolkit.html",
        context={"partner": partner, "snippets": partner_snippets(request, partner)},
    )


def competition_discussions(
    request: HttpRequest, competition: CompetitionPage
) -> PageSection | None:
    """Links to the threads about the call on partners' forums, if there are any."""
    threads = list(competition_threads(competition))
    if not threads:
        return None
    return PageSection(
        order=40,
        template="partners/includes/competition_threads.html",
        context={"threads": threads},
    )
