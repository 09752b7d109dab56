import re

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.deprecation import MiddlewareMixin
from django.utils.http import url_has_allowed_host_and_scheme

from .refusals import Refusal


class AdminContentSecurityPolicyMiddleware(MiddlewareMixin):
    """Give the Wagtail admin its looser policy; public pages keep the strict one.

    The admin emits inline scripts and previews pages in a same-origin iframe, so
    its responses get ``settings.ADMIN_CSP`` and ``X-Frame-Options: SAMEORIGIN``.
    """

    def process_response(
        self, request: HttpRequest, response: HttpResponse
    ) -> HttpResponse:
        if request.path.startswith(settings.ADMIN_CSP_PATH_PREFIXES):
            if not hasattr(response, "_csp_config"):
                response._csp_config = settings.ADMIN_CSP
            response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        return response


# C0 and C1 control characters and DEL: never part of an address or a cookie this
# site sets, and a NUL among them is refused by PostgreSQL (a 500 if queried).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class RefuseControlCharactersMiddleware(MiddlewareMixin):
    """Turn control characters in the path into a 404 and drop such cookies.

    Path converters already refuse impossible ids and slugs; this is the
    backstop for every other route (third-party ones included) before a view
    can query with the value. A cookie value can carry a NUL too (a quoted
    cookie's octal escape ``"\\000"``), so cookies holding control characters
    are dropped before the session middleware looks the session up. Listed
    before ``SessionMiddleware``.
    """

    def process_request(self, request: HttpRequest) -> None:
        for name, value in list(request.COOKIES.items()):
            if CONTROL_CHARACTERS.search(value):
                del request.COOKIES[name]

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if CONTROL_CHARACTERS.search(request.path):
            raise Http404
        return None


class RefusalMessageMiddleware(MiddlewareMixin):
    """Show a ``core.refusals.Refusal`` as an error message and go back: a 302."""

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not isinstance(exception, Refusal):
            return None
        messages.error(request, exception.message)
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = "/admin/" if request.path.startswith("/admin/") else "/"
        return HttpResponseRedirect(back)
