"""Admin delete pages that delete only through their form (a POST).

Policy: an object in the admin is deleted by posting its confirmation page,
where the view's checks, refusals, hooks and audit log run. Wagtail's generic
``DeleteView`` inherits Django's ``DeletionMixin.delete``, which answers an
HTTP ``DELETE`` by calling ``object.delete()`` directly: it skipped
``judging``'s refusal to delete a round judges have scored (a 500 on the
protected scores, or the round gone with them) and Wagtail's own log entry.

``install_delete_method_guard`` makes every such view answer ``DELETE`` with
405, once, at start-up.
"""

from wagtail.admin.views.generic.models import DeleteView


def install_delete_method_guard() -> None:
    """Make every Wagtail generic delete view refuse the HTTP DELETE method."""
    DeleteView.http_method_names = [
        method for method in DeleteView.http_method_names if method != "delete"
    ]
