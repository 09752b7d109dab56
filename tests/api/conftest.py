"""A world for the open data tests: one public entry of each kind, and every way
an entry or a competition can be out of public view."""

from dataclasses import dataclass, field

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from competitions.models import CompetitionCategory
from submissions.models import Entry
from tests.factories import (
    CompetitionPageFactory,
    CompetitionPartnershipFactory,
    EntryFactory,
    PartnerCommunityFactory,
    UserFactory,
)
from tests.showcase.builders import image_entry
from tests.support.judging_results import prize

SECRET_EMAIL = "rowan.secret@example.org"
ALL_KINDS = ["story", "image", "film", "idea"]


@dataclass
class World:
    competition: object
    author: object
    partner: object
    category: object
    approved: list[Entry] = field(default_factory=list)
    unapproved: list[Entry] = field(default_factory=list)

    def entry(self, title: str) -> Entry:
        return next(e for e in self.approved if e.title == title)


def hidden_titles(world: World) -> list[str]:
    return [entry.title for entry in world.unapproved]


@pytest.fixture
def world(competition_index) -> World:
    """A competition with four approved entries and entries no one may see."""
    competition = CompetitionPageFactory(
        parent=competition_index,
        slug="high-street",
        title="Picture your high street",
        entry_kinds=ALL_KINDS,
    )
    category = CompetitionCategory.objects.create(page=competition, name="Photo essay")
    partner = PartnerCommunityFactory(slug="studyhub", name="StudyHub")
    CompetitionPartnershipFactory(page=competition, partner=partner)
    prize(competition, "Best photograph")
    author = UserFactory(email=SECRET_EMAIL, handle="rowan_reads")
    world = World(competition, author, partner, category)
    world.approved = [
        EntryFactory(
            competition=competition,
            author=author,
            kind="story",
            approved=True,
            title="Market day",
            referral_partner=partner,
        ),
        image_entry(
            competition,
            author=author,
            title="Shop fronts",
            category=category,
            image_caption="The baker's at dawn.",
        ),
        EntryFactory(
            competition=competition,
            author=author,
            kind="idea",
            approved=True,
            title="Night market",
        ),
        EntryFactory(
            competition=competition,
            author=author,
            kind="film",
            approved=True,
            title="Bus stop film",
        ),
    ]
    world.unapproved = unapproved_entries(competition_index, competition, author)
    return world


def unapproved_entries(index, competition, author) -> list[Entry]:
    """Every entry that is not public, each with a title to search answers for."""
    kinds = {"competition": competition, "author": author, "kind": "image"}
    after = CompetitionPageFactory(
        parent=index, slug="after-mode", moderation_mode="after", entry_kinds=["story"]
    )
    draft_page = CompetitionPageFactory(parent=index, slug="not-live", live=False)
    private = CompetitionPageFactory(parent=index, slug="members-only")
    PageViewRestriction.objects.create(
        page=private, restriction_type="password", password="secret"
    )
    return [
        EntryFactory(**kinds, draft=True, title="Zq draft title"),
        EntryFactory(**kinds, submitted=True, title="Zq waiting title"),
        EntryFactory(**kinds, rejected=True, title="Zq rejected title"),
        EntryFactory(**kinds, withdrawn=True, title="Zq withdrawn title"),
        EntryFactory(**kinds, changes_requested=True, title="Zq returned title"),
        EntryFactory(
            **kinds, approved=True, hidden_at=timezone.now(), title="Zq hidden title"
        ),
        EntryFactory(
            competition=after, author=author, submitted=True, title="Zq after title"
        ),
        EntryFactory(
            competition=draft_page,
            author=author,
            approved=True,
            title="Zq unlive title",
        ),
        EntryFactory(
            competition=private, author=author, approved=True, title="Zq private title"
        ),
    ]
