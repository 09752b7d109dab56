"""Where view restrictions may apply, kept per generation of public pages.

Wagtail reads the view restrictions of a page and its ancestors with two queries
each time it serves the page, and every ``public()`` rule would read them all
again. Restrictions change only with a restriction or a page, which starts a new
generation (``core.pagecache``), so their paths are kept with it (read afresh
inside a transaction).
"""

from wagtail.models import Page, PageViewRestriction

from .pagecache import generation_cached


def restricted_paths() -> list[str]:
    """Return the tree paths of the pages with a view restriction."""

    def paths() -> list[str]:
        restricted = PageViewRestriction.objects.values_list("page__path", flat=True)
        return sorted(set(restricted))

    return generation_cached("page-view-restriction-paths", paths)


def alias_paths() -> list[str]:
    """Return the tree paths of the alias pages (they take their source's)."""

    def paths() -> list[str]:
        aliases = Page.objects.filter(alias_of__isnull=False)
        return sorted(aliases.values_list("path", flat=True))

    return generation_cached("alias-page-paths", paths)


class KeptRestrictionsMixin:
    """A page whose view restrictions are looked up only where some may apply.

    A restriction applies to a page when it is on the page or an ancestor, or on
    the source of one of them that is an alias. A page that is not an alias, with
    no restricted page and no alias at or above it, has none, so Wagtail's check
    before serving it makes no query. An alias made since the generation began
    is still seen: the page itself says so, and a page below it is published
    after it, which starts a new generation.
    """

    def get_view_restrictions(self):
        if self.alias_of_id is None:
            covering = (*restricted_paths(), *alias_paths())
            if not any(self.path.startswith(path) for path in covering):
                return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
