"""Sections that higher apps add to a lower app's page.

Extension point. A page such as the member area (``/me/``, in members) or a
partner's page (``/partners/<slug>/``, in communities) shows things only higher
apps know: a member's entries and votes, a partner's competitions and the work of
its moderators. The lower app names a Wagtail hook and renders whatever sections
are registered with it; each higher app registers a function in its
``wagtail_hooks.py`` that returns a ``PageSection`` (or None to show nothing)::

    @hooks.register(MEMBER_AREA_HOOK)
    def my_entries(request, user):
        return PageSection(order=10, template="submissions/includes/my_entries.html",
                           context={"entries": member_entries(user=user)})

Sections are shown in ``order``, then in registration order. Each section's
query cost is its own; the page's query budget test covers them all.
"""

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from wagtail import hooks


@dataclass(frozen=True)
class PageSection:
    """A template and its context, placed among the page's sections by ``order``."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


def render_sections(
    hook_name: str, request: HttpRequest, *args: Any
) -> list[SafeString]:
    """Return the HTML of every section registered with ``hook_name``, in order."""
    sections = [
        section
        for hook in hooks.get_hooks(hook_name)
        if (section := hook(request, *args)) is not None
    ]
    sections.sort(key=lambda section: section.order)
    return [
        render_to_string(section.template, section.context, request=request)
        for section in sections
    ]
