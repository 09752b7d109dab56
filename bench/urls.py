"""The site's URLs, plus /bench/bare/: the smallest Django view, for comparison."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def bare(request: HttpRequest) -> HttpResponse:
    """Return a few bytes: what the middleware and the server cost on their own."""
    return HttpResponse(b"ok\n", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare),
    path("", include("opencall.urls")),
]

handler400 = "home.views.bad_request"
handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
