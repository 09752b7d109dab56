"""A competition with two partners that registered embed origins, and a quiet one."""

from dataclasses import dataclass

import pytest
from django.core.cache import cache

from communities.models import PartnerCommunity
from competitions.models import CompetitionPage
from tests.factories import (
    CompetitionPageFactory,
    CompetitionPartnershipFactory,
    EntryFactory,
    PartnerCommunityFactory,
)

STUDYHUB_ORIGINS = ["https://studyhub.example.org", "https://forum.studyhub.example"]
PARENTS_ORIGINS = ["https://parents.example.org"]


@dataclass
class PartnersWorld:
    competition: CompetitionPage
    studyhub: PartnerCommunity
    parents: PartnerCommunity
    quiet: PartnerCommunity


@pytest.fixture
def world(competition_index) -> PartnersWorld:
    competition = CompetitionPageFactory(
        parent=competition_index, slug="rivers", title="Rivers of home"
    )
    studyhub = PartnerCommunityFactory(
        slug="studyhub",
        name="StudyHub",
        website="https://studyhub.example.org",
        embed_origins="\n".join(STUDYHUB_ORIGINS),
    )
    parents = PartnerCommunityFactory(
        slug="parents",
        name="Parents Together",
        website="https://parents.example.org",
        embed_origins="\n".join(PARENTS_ORIGINS),
    )
    quiet = PartnerCommunityFactory(slug="quiet", name="Quiet Corner", embed_origins="")
    for partner in (studyhub, parents, quiet):
        CompetitionPartnershipFactory(page=competition, partner=partner)
    return PartnersWorld(competition, studyhub, parents, quiet)


@pytest.fixture
def entry(world):
    return EntryFactory(competition=world.competition, approved=True, title="The weir")


@pytest.fixture
def page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    cache.clear()
