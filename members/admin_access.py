"""Who may open the Wagtail admin, checked before any admin view runs.

Policy: the admin is for staff, meaning anyone with ``wagtailadmin.access_admin``
(editors, community moderators, judges). A signed-in member without it gets a 403
page, however they signed in. While ``OPENCALL_STAFF_MFA_REQUIRED`` is on (always in
production), staff also need a second factor: without an authenticator they are
sent to set one up, and with one the session must have passed it (at sign-in, or by
confirming a code at ``/accounts/2fa/reauthenticate/``). Anonymous visitors are left
to Wagtail, which sends them to the one sign-in page.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

ADMIN_ACCESS_PERMISSION = "wagtailadmin.access_admin"
SET_UP_MFA = _(
    "The admin needs a second factor: set up an authenticator app to continue."
)
CONFIRM_MFA = _("Enter a code from your authenticator app to open the admin.")


def has_admin_access(user) -> bool:
    """Return whether this account is staff: allowed into the Wagtail admin."""
    return user.is_authenticated and user.has_perm(ADMIN_ACCESS_PERMISSION)


def session_passed_mfa(request: HttpRequest) -> bool:
    """Return whether this session's user confirmed a second factor."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def _with_next(url_name: str, request: HttpRequest) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}"


def admin_gate(request: HttpRequest) -> HttpResponse | None:
    """Return the response that stops this admin request, or None to let it in."""
    user = request.user
    if not user.is_authenticated:
        return None
    if not has_admin_access(user):
        refused = TemplateResponse(request, "members/admin_refused.html", status=403)
        return refused.render()
    if not settings.OPENCALL_STAFF_MFA_REQUIRED or session_passed_mfa(request):
        return None
    if not is_mfa_enabled(user):
        messages.info(request, SET_UP_MFA)
        return HttpResponseRedirect(_with_next("mfa_activate_totp", request))
    messages.info(request, CONFIRM_MFA)
    return HttpResponseRedirect(_with_next("mfa_reauthenticate", request))


class AdminAccessMiddleware:
    """Apply ``admin_gate`` to every admin URL but signing out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._guards(request.path):
            response = admin_gate(request)
            if response is not None:
                return response
        return self.get_response(request)

    @staticmethod
    def _guards(path: str) -> bool:
        return path.startswith(reverse("wagtailadmin_home")) and path != reverse(
            "wagtailadmin_logout"
        )
