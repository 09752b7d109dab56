"""The Wagtail site answering a request, kept per generation of public pages.

Wagtail looks the site up with a query on every request it serves a page for
(``Site.find_for_request``), and keeps the answer on the request only. The public
pages' views take it from ``generation_cached`` instead: saving or deleting a
site, or publishing, moving or deleting a page, starts a new generation.
"""

from django.db import connection
from django.http import HttpRequest
from django.http.request import split_domain_port
from django.utils.deprecation import MiddlewareMixin
from wagtail.models import Site

from .pagecache import generation_cached, serves_public_pages

# Where Site.find_for_request keeps the site of a request (its docstring).
REQUEST_ATTRIBUTE = "_wagtail_site"


def site_for_request(request: HttpRequest) -> Site | None:
    """Return the site Wagtail would find for ``request``, kept per generation."""
    if not hasattr(request, REQUEST_ATTRIBUTE):
        # The Host header is checked by now (CommonMiddleware): get_host() is safe.
        hostname = split_domain_port(request.get_host())[0]
        port = request.get_port()
        site = generation_cached(f"site:{hostname}:{port}", lambda: _find(request))
        setattr(request, REQUEST_ATTRIBUTE, site)
    return getattr(request, REQUEST_ATTRIBUTE)


def _find(request: HttpRequest) -> Site | None:
    site = Site._find_for_request(request)
    if site is not None and not connection.in_atomic_block:
        # Wagtail routes from the root page's specific object: keep that one
        # (inside a transaction nothing is kept, so it is read only if needed).
        site.root_page = site.root_page.specific
    return site


class PublicSiteMiddleware(MiddlewareMixin):
    """Find the site of a public page's request from the kept sites.

    Listed after the page cache, so a page served from the cache looks up
    nothing; views that make no public page look the site up as Wagtail does.
    """

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if serves_public_pages(request, view_func):
            site_for_request(request)
