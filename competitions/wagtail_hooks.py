from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.models import Page

from communities.views import PARTNER_PAGE_HOOK
from core.sections import PageSection

from .publishing import REFUSED_LOG_ACTION
from .selectors import pages_with_entries_below, partner_competitions


def _refuse_deletion(request, pages) -> bool:
    """Say which of ``pages`` hold entries; return whether any do."""
    refused = False
    for page in pages:
        if blocked := pages_with_entries_below(page):
            refused = True
            messages.error(
                request,
                _(
                    "“%(page)s” cannot be deleted: entries have been made to "
                    "%(names)s. Unpublish it instead."
                )
                % {"page": page.title, "names": ", ".join(blocked)},
            )
    return refused


@hooks.register("before_delete_page")
def refuse_to_delete_competitions_with_entries(request, page):
    """Entries are never deleted with their competition: refuse, and say why."""
    if not _refuse_deletion(request, [page]):
        return None
    return redirect("wagtailadmin_explore", page.get_parent().pk)


@hooks.register(PARTNER_PAGE_HOOK)
def partner_competitions_section(request, partner) -> PageSection:
    """List the competitions a partner takes part in on its page."""
    return PageSection(
        order=10,
        template="competitions/includes/partner_competitions.html",
        context={
            "partner": partner,
            "competitions": partner_competitions(partner=partner),
        },
    )


@hooks.register("before_bulk_action")
def refuse_to_bulk_delete_competitions_with_entries(
    request, action_type, objects, view
):
    """The same refusal for the page listing's bulk delete: nothing is deleted."""
    if action_type != "delete" or not issubclass(view.model, Page):
        return None
    if not _refuse_deletion(request, objects):
        return None
    return redirect(view.next_url)


@hooks.register("register_log_actions")
def register_publish_refused(actions) -> None:
    @actions.register_action(REFUSED_LOG_ACTION)
    class PublishRefused(LogFormatter):
        label = gettext_lazy("Publication refused")

        def format_message(self, log_entry):
            return log_entry.data.get("message", self.label)
