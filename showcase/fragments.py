"""Parts of public pages kept as HTML by what they depend on (cards, filters).

A part is kept (``core.pagecache.generation_cached``, with a copy in each worker)
under a digest of what it depends on and of its templates' source, so a changed
input or a new design is another key, never an old part. What the inputs do not
say (a site's address, a page moved, a label saved) starts a new generation, which
every kept part belongs to. Inside a transaction, or while the cache cannot be
reached, the part is rendered afresh.
"""

import hashlib
from functools import cache as once

from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from core.pagecache import generation_cached


@once
def template_digest(*names: str) -> str:
    """A digest of the templates' source: a new design is a new key."""
    sources = (get_template(name).template.source for name in names)
    return hashlib.sha256("".join(sources).encode()).hexdigest()[:12]


def rendered(template: str, context: dict) -> SafeString:
    """Render ``template`` with ``context`` alone (no context processors)."""
    return mark_safe(str(get_template(template).render(context)))  # noqa: S308


def kept_html(
    name: str, material: str, template: str, context: dict, *, depends_on=()
) -> SafeString:
    """Return ``template`` rendered with ``context``, kept under ``material``.

    ``material`` is a digest of everything the output depends on; ``depends_on``
    names the templates ``template`` includes.
    """
    version = template_digest(template, *depends_on)
    key = f"{name}:{version}:{material}"
    html = generation_cached(key, lambda: str(rendered(template, context)))
    return mark_safe(html)  # noqa: S308 - rendered by the template above


def digest(*parts) -> str:
    """Return a digest of ``parts`` (each shown as by ``repr``)."""
    found = hashlib.sha256()
    for part in parts:
        found.update(repr(part).encode())
    return found.hexdigest()
