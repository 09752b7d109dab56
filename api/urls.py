"""Open data: the public read API at /api/v1/ and the Atom feeds."""

from django.urls import path, re_path

from . import feeds
from .endpoints import api, not_found

app_name = "api"
urlpatterns = [
    path("api/v1/", api.urls),
    # Anything else under the API's prefix is a JSON 404, not the site's page.
    re_path(r"^api/v1/", not_found),
    path("feeds/entries/", feeds.entries_feed, name="entries_feed"),
    path("feeds/results/", feeds.results_feed, name="results_feed"),
]
