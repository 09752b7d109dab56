import re

from django.conf import settings
from django.contrib import messages
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.template import loader
from django.utils.deprecation import MiddlewareMixin
from django.utils.http import url_has_allowed_host_and_scheme

from .methods import READ_METHODS
from .refusals import Refusal

# What the site's pages take: reading, and forms; OPTIONS is the views' to answer.
SITE_METHODS = frozenset({*READ_METHODS, "POST", "OPTIONS"})
# Where the views answer every method themselves, with the methods they take.
OWN_METHODS = ("/admin/", "/api/")


def bare_page(template: str) -> str:
    """Draw a page that reads nothing from the request or the database.

    For answers made outside the site's usual context (templates/bare.html): a
    server error, a Host not allowed, a stale form token, a method no page takes.
    """
    return loader.get_template(template).render()


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


class SiteMethodsMiddleware(MiddlewareMixin):
    """Answer 405 to the methods no page of the site takes, and say so in words.

    The site's pages read (GET, HEAD) and take forms (POST); OPTIONS is left to
    the views. Everything else (PUT, DELETE, PATCH, TRACE, WebDAV's PROPFIND …)
    would reach a function view that only reads and get its page back with a
    200, so it is refused here, before any view runs. The admin (Wagtail's) and
    the open-data API (whose operations name their own methods, ``api.endpoints``)
    keep their own rules. A 405 from a view (``require_POST``) comes with no body;
    it gets the plain page too.
    """

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        if request.method in SITE_METHODS or request.path.startswith(OWN_METHODS):
            return None
        return HttpResponseNotAllowed(sorted(SITE_METHODS), bare_page("405.html"))

    def process_response(self, request: HttpRequest, response: HttpResponse):
        if response.status_code == 405 and not getattr(response, "streaming", False):
            if not response.content:
                response.content = bare_page("405.html")
                response["Content-Type"] = "text/html; charset=utf-8"
        return response


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
