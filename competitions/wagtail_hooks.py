from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks

from communities.views import PARTNER_PAGE_HOOK
from core.sections import PageSection

from .selectors import pages_with_entries_below, partner_competitions


@hooks.register("before_delete_page")
def refuse_to_delete_competitions_with_entries(request, page):
    """Entries are never deleted with their competition: refuse, and say why."""
    blocked = pages_with_entries_below(page)
    if not blocked:
        return None
    messages.error(
        request,
        _(
            "“%(page)s” cannot be deleted: entries have been made to %(names)s. "
            "Unpublish it instead."
        )
        % {"page": page.title, "names": ", ".join(blocked)},
    )
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
