"""No bulk actions on entries: they change only through services.

Wagtail offers "delete" on every snippet, and its confirmation page lists the
titles of the chosen entries (even those the user may not delete, and "select
all" takes every entry), so anyone with admin access read every title. The
action is replaced here by one that does not exist for anyone.
"""

from django.http import Http404
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction

from .models import Entry


class EntryBulkDeleteRefused(DeleteBulkAction):
    """Take the place of the snippet "delete" bulk action for entries: a 404."""

    models = [Entry]

    def dispatch(self, request, *args, **kwargs):
        raise Http404
