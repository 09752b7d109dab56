from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseServerError,
    JsonResponse,
)
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy

from core.middleware import bare_page

# The 403 a form with a missing or stale CSRF token gets, in plain words.
CSRF_REFUSED = gettext_lazy(
    "This form was open for a long time, or in another tab while you signed in or "
    "out, so it could not be checked as yours. Nothing was changed. Please reload "
    "the page and try again."
)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Render the site's 404 page."""
    return TemplateResponse(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Render the 500 page without touching the database or the request."""
    return HttpResponseServerError(bare_page("500.html"))


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Render the 400 page without the request: its Host may be one not allowed."""
    return HttpResponseBadRequest(bare_page("400.html"))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Say in plain words that a form's token was missing or stale (a 403).

    The vote script asks for JSON and shows the message where it is.
    """
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"ok": False, "message": CSRF_REFUSED}, status=403)
    return HttpResponseForbidden(bare_page("403_csrf.html"))
