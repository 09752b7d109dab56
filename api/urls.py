"""Open data: the public read API at /api/v1/ and the Atom feeds."""

from django.urls import path, re_path

from core.pagecache import public_views

from . import feeds
from .endpoints import api, not_found

app_name = "api"
api_patterns, api_app_name, api_namespace = api.urls
urlpatterns = [
    # Every answer marks itself public (OpenDataAPI.create_response); flagging
    # the views lets the cache answer before they run.
    path("api/v1/", (public_views(api_patterns), api_app_name, api_namespace)),
    # Anything else under the API's prefix is a JSON 404, not the site's page.
    re_path(r"^api/v1/", not_found),
    path("feeds/entries/", feeds.entries_feed, name="entries_feed"),
    path("feeds/results/", feeds.results_feed, name="results_feed"),
]
