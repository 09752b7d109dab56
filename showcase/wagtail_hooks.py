from wagtail import hooks

from competitions.models import COMPETITION_PAGE_HOOK
from competitions.routes import COMPETITION_ROUTES_HOOK, CompetitionRoute
from core.sections import PageSection
from submissions.views import ENTRY_HEAD_HOOK, ENTRY_PAGE_HOOK

from . import sections, views


@hooks.register(COMPETITION_ROUTES_HOOK)
def gallery_routes() -> list[CompetitionRoute]:
    return [CompetitionRoute("gallery/", "gallery", views.competition_gallery)]


@hooks.register(COMPETITION_PAGE_HOOK)
def competition_entries_strip(request, competition):
    return sections.competition_strip(request, competition)


@hooks.register(ENTRY_PAGE_HOOK)
def entry_showcase_section(request, entry):
    return sections.entry_section(request, entry)


@hooks.register(ENTRY_HEAD_HOOK)
def entry_social_tags(request, entry) -> PageSection:
    """Open Graph and Twitter card tags for a public entry (nothing otherwise)."""
    return PageSection(
        template="showcase/includes/entry_head.html", context={"entry": entry}
    )
