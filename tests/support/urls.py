"""Walk the URL resolver: every route of the site, for the sweeps that try each one.

Used by the admin sweep (``tests/security/test_admin_urls.py``) and the HEAD
sweep (``tests/test_head_requests.py``). A route is its qualified name (empty
when unnamed), the whole pattern text from the site's root, and the pattern.
"""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

# The text a regex pattern may start and end with, dropped from a route's text.
ANCHORS = re.compile(r"^\^|\$$")


@dataclass(frozen=True)
class Route:
    """One view's address: its qualified name, its pattern text and its pattern."""

    name: str
    text: str
    pattern: URLPattern

    @property
    def keywords(self) -> list[str]:
        """Return the names of the arguments the route takes by keyword."""
        pattern = self.pattern.pattern
        if isinstance(pattern, RoutePattern):
            return list(pattern.converters)
        return list(pattern.regex.groupindex)

    @property
    def positional(self) -> int:
        """Return how many unnamed groups the route's regex has."""
        pattern = self.pattern.pattern
        if isinstance(pattern, RegexPattern):
            return pattern.regex.groups - len(pattern.regex.groupindex)
        return 0


def site_routes(patterns=None, namespace: str = "", prefix: str = "") -> list[Route]:
    """Return every route of the URLconf, included ones too, in resolving order."""
    found = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        text = prefix + ANCHORS.sub("", str(pattern.pattern))
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            found += site_routes(pattern.url_patterns, inner, text)
        else:
            name = f"{namespace}{pattern.name}" if pattern.name else ""
            found.append(Route(name, text, pattern))
    return found


def named_patterns() -> list[tuple[str, URLPattern]]:
    """Return (qualified name, pattern) for every named route in the URLconf."""
    return [(route.name, route.pattern) for route in site_routes() if route.name]
