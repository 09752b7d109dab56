"""The HTTP methods a view answers: wherever GET is answered, HEAD is too.

Policy. HEAD is GET without the body (RFC 9110, section 9.3.2). Link checkers,
uptime monitors, crawlers and scanners send it, and a 405 on a page anyone may
read looks like a broken link. So a view that only reads answers GET and HEAD
(``require_safe``, Django's own), and a form page answers GET, HEAD and POST
(``require_safe_or_post``) and writes only on POST: its code asks
``is_read(request)`` or ``request.method == "POST"``, never
``request.method == "GET"``, so that a HEAD takes the reading branch and changes
nothing. The open-data API's operations follow the same rule
(``api.endpoints.ReadRouter``).

Django removes the body of a HEAD answer itself (its test client, runserver and
WSGI servers such as gunicorn do), after the middleware has seen the whole
response, so a HEAD answer keeps GET's headers and ``Content-Length``. The page
cache serves a kept page to a HEAD but keeps only pages rendered for a GET
(``core.pagecache``).
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods, require_safe

READ_METHODS = ("GET", "HEAD")

__all__ = ["READ_METHODS", "is_read", "require_safe", "require_safe_or_post"]


def require_safe_or_post(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Let ``view`` answer GET and HEAD (reading) and POST (writing); 405 otherwise."""
    return require_http_methods([*READ_METHODS, "POST"])(view)


def is_read(request: HttpRequest) -> bool:
    """Return whether ``request`` only reads: a GET, or a HEAD (GET without body)."""
    return request.method in READ_METHODS
