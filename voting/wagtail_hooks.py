from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from competitions.models import CompetitionPage
from members.data_rights import MEMBER_DATA_EXPORT_HOOK, MEMBER_ERASURE_HOOK
from submissions.permissions import is_entry_editor
from submissions.views import ENTRY_PAGE_HOOK

from . import data_rights
from .admin_views import voting_url
from .results import results_section, top_voted
from .sections import vote_section
from .viewsets import VotingViewSet

# Hooks named by judging, which sits in voting's layer and so cannot be imported
# here: judging.results_pages.RESULTS_PAGE_HOOK and judging.setup.TOP_VOTED_HOOK
# (tests/voting/test_results_section.py checks the names match).
RESULTS_PAGE_HOOK = "results_page_sections"
TOP_VOTED_HOOK = "top_voted_entries"


@hooks.register(ENTRY_PAGE_HOOK)
def entry_vote_section(request, entry):
    return vote_section(request, entry)


@hooks.register(RESULTS_PAGE_HOOK)
def results_peoples_choice(request, competition):
    """The people's choice and the integrity report, once results are out."""
    return results_section(request, competition)


@hooks.register(TOP_VOTED_HOOK)
def top_voted_entries(competition, limit):
    """The entries a top-votes judging round takes, most valid votes first."""
    return top_voted(competition, limit)


@hooks.register("register_admin_viewset")
def register_voting_viewset() -> VotingViewSet:
    return VotingViewSet()


@hooks.register("register_page_header_buttons")
def competition_voting_header_button(page, user, view_name, next_url=None):
    """Link a competition's page in the admin to its voting rules and votes."""
    if page.specific_class is CompetitionPage and is_entry_editor(user):
        yield Button(
            _("Voting"), url=voting_url(page.pk), icon_name="tick", priority=67
        )


hooks.register(MEMBER_DATA_EXPORT_HOOK, data_rights.votes_export)
hooks.register(MEMBER_ERASURE_HOOK, data_rights.votes_anonymise)
