"""Addresses under a competition's page that the apps above competitions provide.

Extension point. ``/competitions/<slug>/`` is a Wagtail page; what hangs below it
(``enter/`` now, ``gallery/``, ``results/`` and ``feed/`` later) belongs to the apps
that act on entries, which competitions must not import. Such an app registers its
routes with the ``register_competition_routes`` Wagtail hook in its
``wagtail_hooks.py``::

    @hooks.register(COMPETITION_ROUTES_HOOK)
    def competition_routes():
        return [CompetitionRoute("enter/", "enter", views.enter)]

The view is called as ``view(request, competition)`` once Wagtail has found the
page, so it is live and its view restrictions (password, groups) have passed; a
route name is reversed with ``{% routablepageurl page "enter" %}`` or
``competition.reverse_subpage("enter")``. Paths are part of the public URL
contract in ARCHITECTURE.md: partners link to them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern
from django.urls import path as url_path
from wagtail import hooks

COMPETITION_ROUTES_HOOK = "register_competition_routes"

CompetitionView = Callable[..., HttpResponse]


@dataclass(frozen=True)
class CompetitionRoute:
    """One address below a competition: a path pattern, its name and its view."""

    pattern: str
    name: str
    view: CompetitionView

    def url_pattern(self) -> URLPattern:
        """Return the pattern as RoutablePageMixin resolves it, bound to the page."""
        view = self.view

        def serve(page, request: HttpRequest, *args, **kwargs) -> HttpResponse:
            return view(request, page, *args, **kwargs)

        serve.__name__ = self.name
        return url_path(self.pattern, serve, name=self.name)


def registered_routes() -> list[CompetitionRoute]:
    """Return every route the apps have registered, in registration order."""
    routes = [
        route for hook in hooks.get_hooks(COMPETITION_ROUTES_HOOK) for route in hook()
    ]
    names = [route.name for route in routes]
    duplicated = {name for name in names if names.count(name) > 1}
    if duplicated:
        raise ValueError(f"Competition routes registered twice: {sorted(duplicated)}")
    return routes
