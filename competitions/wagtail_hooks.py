from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks

from .selectors import pages_with_entries_below


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
