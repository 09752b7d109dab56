from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from competitions.models import COMPETITION_PAGE_HOOK, CompetitionPage
from competitions.routes import COMPETITION_ROUTES_HOOK, CompetitionRoute
from core.pagecache import CHANGES_HOOK
from core.sections import PageSection
from members.data_rights import MEMBER_DATA_EXPORT_HOOK, MEMBER_ERASURE_HOOK
from submissions.anonymity import ENTRY_AUTHOR_HIDDEN_HOOK
from submissions.data_rights import ENTRY_PUBLISHED_WINNERS_HOOK
from submissions.permissions import ENTRY_ACCESS_HOOK

from . import data_rights, results_pages, results_services
from .comparisons import LOG_COMPARE
from .conflicts import LOG_CONFLICT
from .dashboard import judge_panels, judge_summary_items
from .permissions import blind_entrants_rule, blind_round_moments, judge_entry_rule
from .reminders import LOG_REMINDER
from .results_views import ResultsViewSet
from .selectors import public_judging
from .setup import ASSIGN_LOG_ACTION, MOVE_LOG_ACTION, may_set_up_judging
from .sheets import LOG_SAVE, LOG_SUBMIT
from .viewsets import JudgingRoundViewSet
from .workspace import JudgingWorkspaceViewSet


@hooks.register("register_admin_viewset")
def register_judging_rounds() -> JudgingRoundViewSet:
    return JudgingRoundViewSet()


@hooks.register("register_log_actions")
def register_setup_log_actions(actions) -> None:
    actions.register_action(
        ASSIGN_LOG_ACTION,
        _("Assign entries to judges"),
        _("Entries assigned to judges"),
    )
    actions.register_action(
        MOVE_LOG_ACTION, _("Move a judge's assignment"), _("Assignment moved")
    )


def _rounds_button(pk: int, priority: int) -> Button:
    url = reverse("judginground:index") + "?" + urlencode({"competition": pk})
    return Button(_("Judging"), url=url, icon_name="tasks", priority=priority)


@hooks.register("register_page_header_buttons")
def competition_judging_header_button(page, user, view_name, next_url=None):
    """Link a competition's page in the admin to its judging rounds."""
    if page.specific_class is CompetitionPage and may_set_up_judging(user):
        yield _rounds_button(page.pk, priority=67)


@hooks.register("register_page_listing_more_buttons")
def competition_judging_listing_button(page, user, next_url=None):
    if page.specific_class is CompetitionPage and may_set_up_judging(user):
        yield _rounds_button(page.pk, priority=56)


@hooks.register(COMPETITION_PAGE_HOOK)
def competition_judging_section(request, competition) -> PageSection | None:
    """Show the public how entries are judged: the criteria and the panel."""
    rounds = public_judging(competition=competition)
    if not rounds:
        return None
    return PageSection(
        order=40,
        template="judging/includes/competition_judging.html",
        context={"rounds": rounds},
    )


# Results (judging/results*.py) ------------------------------------------------


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
    results_services.LOG_SHORTLIST: _("Shortlist advanced"),
    results_services.LOG_AWARDS: _("Winners chosen"),
    results_services.LOG_PUBLISH: _("Results published"),
}


@hooks.register("register_log_actions")
def register_results_log_actions(actions) -> None:
    for action, label in RESULTS_LOG_LABELS.items():
        actions.register_action(action, label, label)


# End of results ---------------------------------------------------------------


# The judges' workspace ---------------------------------------------------------

# Each audit-log action of the workspace: (label in filters, message in the history).
WORKSPACE_LOG_LABELS = {
    LOG_SAVE: (_("Save scores"), _("Scores saved")),
    LOG_SUBMIT: (_("Submit scores"), _("Scores submitted")),
    LOG_CONFLICT: (_("Declare a conflict"), _("Conflict of interest declared")),
    LOG_COMPARE: (_("Compare entries"), _("Two entries compared")),
    LOG_REMINDER: (_("Remind a judge"), _("Judge reminded")),
}


@hooks.register(ENTRY_ACCESS_HOOK)
def judges_see_their_assigned_entries(user) -> Q | None:
    """Judges see the entries assigned to them (text and files), nothing more."""
    return judge_entry_rule(user)


@hooks.register(ENTRY_AUTHOR_HIDDEN_HOOK)
def blind_rounds_leave_their_entrants_unnamed(now) -> Q:
    """Public pages name no entrant of a competition while a blind round is open."""
    return blind_entrants_rule(now)


@hooks.register(CHANGES_HOOK)
def blind_rounds_open_and_close(now) -> list:
    """Kept public pages last no longer than the next blind round's start or end."""
    return blind_round_moments(now)


@hooks.register("register_admin_viewset")
def register_judging_workspace() -> JudgingWorkspaceViewSet:
    return JudgingWorkspaceViewSet()


@hooks.register("register_log_actions")
def register_workspace_log_actions(actions) -> None:
    for action, (label, message) in WORKSPACE_LOG_LABELS.items():
        actions.register_action(action, label, message)


# End of the judges' workspace ---------------------------------------------------


# The dashboard: after moderation's (order 100), which replaces Wagtail's own.
@hooks.register("construct_homepage_panels", order=101)
def judging_panels(request, panels: list) -> None:
    judge_panels(request, panels)


@hooks.register("construct_homepage_summary_items", order=101)
def judging_summary_items(request, items: list) -> None:
    judge_summary_items(request, items)


hooks.register(ENTRY_PUBLISHED_WINNERS_HOOK, data_rights.published_winners)
hooks.register(MEMBER_DATA_EXPORT_HOOK, data_rights.judging_export)
hooks.register(MEMBER_ERASURE_HOOK, data_rights.judging_erase)
