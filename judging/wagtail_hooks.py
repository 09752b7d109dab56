from django.utils.translation import gettext_lazy
from wagtail import hooks

from competitions.models import COMPETITION_PAGE_HOOK
from competitions.routes import COMPETITION_ROUTES_HOOK, CompetitionRoute

# Results (judging/results*.py) ------------------------------------------------
from . import results_pages, results_services
from .results_views import ResultsViewSet


@hooks.register("register_admin_viewset")
def register_results_area() -> ResultsViewSet:
    return ResultsViewSet()


@hooks.register(COMPETITION_ROUTES_HOOK)
def results_routes() -> list[CompetitionRoute]:
    return [CompetitionRoute("results/", "results", results_pages.results)]


@hooks.register(COMPETITION_PAGE_HOOK)
def competition_winners(request, competition):
    """Show the winners on the competition page once results are published."""
    return results_pages.competition_winners_section(request, competition)


RESULTS_LOG_LABELS = {
    results_services.LOG_SHORTLIST: gettext_lazy("Shortlist advanced"),
    results_services.LOG_AWARDS: gettext_lazy("Winners chosen"),
    results_services.LOG_PUBLISH: gettext_lazy("Results published"),
}


@hooks.register("register_log_actions")
def register_results_log_actions(actions) -> None:
    for action, label in RESULTS_LOG_LABELS.items():
        actions.register_action(action, label, label)


# End of results ---------------------------------------------------------------
