"""Factories for the test suite, one Trait per state."""

from datetime import timedelta

import factory
import wagtail_factories
from django.utils import timezone
from factory.django import DjangoModelFactory
from wagtail.models import Page

from communities.models import CommunityModerator, PartnerCommunity
from competitions.enums import EntryKind, Licence
from competitions.models import (
    CompetitionIndexPage,
    CompetitionPage,
    CompetitionPartnership,
)
from home.models import HomePage
from members.models import User
from moderation.models import ModeratorAssignment
from submissions.enums import AgeBand, EntryStatus
from submissions.models import Entry
from tests.support.entries import FILM_URL, STORY, STORY_WORDS, checked_image

DAY = timedelta(days=1)


def days_from_now(days: float):
    return timezone.now() + days * DAY


class UserFactory(DjangoModelFactory):
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    handle = factory.Sequence(lambda n: f"member_{n}")
    password = factory.django.Password("correct-horse-battery")

    class Meta:
        model = User
        skip_postgeneration_save = True

    class Params:
        editor = factory.Trait(is_staff=True, is_superuser=True, handle=None)


class PartnerCommunityFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Forum {n}")
    slug = factory.Sequence(lambda n: f"forum-{n}")
    website = factory.LazyAttribute(lambda o: f"https://{o.slug}.example.org")
    description = "<p>A friendly forum.</p>"
    embed_origins = factory.LazyAttribute(lambda o: f"https://{o.slug}.example.org")

    class Meta:
        model = PartnerCommunity


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    slug = "home-page"

    class Meta:
        model = HomePage


class CompetitionIndexPageFactory(wagtail_factories.PageFactory):
    title = "Competitions"
    slug = "competitions"

    class Meta:
        model = CompetitionIndexPage


class CompetitionPageFactory(wagtail_factories.PageFactory):
    """A competition open for entries unless a phase trait says otherwise."""

    title = factory.Sequence(lambda n: f"Competition {n}")
    slug = factory.Sequence(lambda n: f"competition-{n}")
    summary = "Tell us something true."
    entry_kinds = factory.LazyFunction(lambda: [EntryKind.STORY.value])
    licence_options = factory.LazyFunction(lambda: [Licence.CC_BY.value])
    time_zone = "Europe/London"
    entries_open_at = factory.LazyFunction(lambda: days_from_now(-10))
    entries_close_at = factory.LazyFunction(lambda: days_from_now(20))

    class Meta:
        model = CompetitionPage

    class Params:
        upcoming = factory.Trait(
            entries_open_at=factory.LazyFunction(lambda: days_from_now(5)),
            entries_close_at=factory.LazyFunction(lambda: days_from_now(30)),
        )
        voting = factory.Trait(
            entries_open_at=factory.LazyFunction(lambda: days_from_now(-30)),
            entries_close_at=factory.LazyFunction(lambda: days_from_now(-10)),
            voting_opens_at=factory.LazyFunction(lambda: days_from_now(-5)),
            voting_closes_at=factory.LazyFunction(lambda: days_from_now(5)),
            judging_closes_at=factory.LazyFunction(lambda: days_from_now(8)),
            results_published_at=factory.LazyFunction(lambda: days_from_now(10)),
        )
        judging = factory.Trait(
            entries_open_at=factory.LazyFunction(lambda: days_from_now(-30)),
            entries_close_at=factory.LazyFunction(lambda: days_from_now(-10)),
            judging_closes_at=factory.LazyFunction(lambda: days_from_now(8)),
            results_published_at=factory.LazyFunction(lambda: days_from_now(10)),
        )
        results = factory.Trait(
            entries_open_at=factory.LazyFunction(lambda: days_from_now(-60)),
            entries_close_at=factory.LazyFunction(lambda: days_from_now(-40)),
            judging_closes_at=factory.LazyFunction(lambda: days_from_now(-20)),
            results_published_at=factory.LazyFunction(lambda: days_from_now(-10)),
        )
        closed = factory.Trait(
            entries_open_at=factory.LazyFunction(lambda: days_from_now(-60)),
            entries_close_at=factory.LazyFunction(lambda: days_from_now(-40)),
        )


class CompetitionPartnershipFactory(DjangoModelFactory):
    page = factory.SubFactory(CompetitionPageFactory)
    partner = factory.SubFactory(PartnerCommunityFactory)

    class Meta:
        model = CompetitionPartnership


def default_competition_parent():
    """Return the /competitions/ page, making the home and index pages if needed."""
    index = CompetitionIndexPage.objects.first()
    if index is None:
        home = HomePageFactory(parent=Page.get_first_root_node())
        index = CompetitionIndexPageFactory(parent=home)
    return index


def _content(kind: str, value):
    """Return ``value`` for entries of ``kind``, blank for the others."""
    return factory.LazyAttribute(lambda o: value() if o.kind == kind else "")


class EntryFactory(DjangoModelFactory):
    """An entry, complete enough to submit, in the competition's first kind."""

    competition = factory.SubFactory(
        CompetitionPageFactory,
        parent=factory.LazyFunction(default_competition_parent),
    )
    author = factory.SubFactory(UserFactory)
    kind = factory.LazyAttribute(lambda o: o.competition.entry_kinds[0])
    title = factory.Sequence(lambda n: f"Entry {n}")
    licence = factory.LazyAttribute(lambda o: o.competition.licence_options[0])
    rules_accepted = True
    age_band = AgeBand.ADULT
    story = _content(EntryKind.STORY, lambda: STORY)
    word_count = factory.LazyAttribute(
        lambda o: STORY_WORDS if o.kind == EntryKind.STORY else 0
    )
    image = _content(EntryKind.IMAGE, lambda: checked_image().content)
    image_alt_text = _content(EntryKind.IMAGE, lambda: "A red square.")
    film_url = _content(EntryKind.FILM, lambda: FILM_URL)
    idea_problem = _content(EntryKind.IDEA, lambda: "Buses stop at ten.")
    idea_proposal = _content(EntryKind.IDEA, lambda: "Run a night bus.")
    idea_beneficiaries = _content(EntryKind.IDEA, lambda: "Shift workers.")
    idea_requirements = _content(EntryKind.IDEA, lambda: "Two drivers.")

    class Meta:
        model = Entry

    class Params:
        draft = factory.Trait(status=EntryStatus.DRAFT)
        submitted = factory.Trait(
            status=EntryStatus.SUBMITTED,
            submitted_at=factory.LazyFunction(timezone.now),
        )
        approved = factory.Trait(
            status=EntryStatus.APPROVED,
            submitted_at=factory.LazyFunction(timezone.now),
            decided_at=factory.LazyFunction(timezone.now),
        )
        rejected = factory.Trait(
            status=EntryStatus.REJECTED,
            submitted_at=factory.LazyFunction(timezone.now),
            decided_at=factory.LazyFunction(timezone.now),
            feedback="This is not on the competition's theme.",
        )
        changes_requested = factory.Trait(
            status=EntryStatus.CHANGES_REQUESTED,
            submitted_at=factory.LazyFunction(timezone.now),
            decided_at=factory.LazyFunction(timezone.now),
            feedback="Please remove the surname in paragraph two.",
        )
        withdrawn = factory.Trait(
            status=EntryStatus.WITHDRAWN,
            withdrawn_at=factory.LazyFunction(timezone.now),
        )


class CommunityModeratorFactory(DjangoModelFactory):
    """A person on a partner community's roster of moderators."""

    community = factory.SubFactory(PartnerCommunityFactory)
    user = factory.SubFactory(UserFactory, is_staff=True)

    class Meta:
        model = CommunityModerator


class ModeratorAssignmentFactory(DjangoModelFactory):
    """A roster member assigned to a competition, in force from yesterday on."""

    competition = factory.SubFactory(
        CompetitionPageFactory,
        parent=factory.LazyFunction(default_competition_parent),
    )
    community = factory.SubFactory(PartnerCommunityFactory)
    moderator = factory.SubFactory(UserFactory, is_staff=True)
    active_from = factory.LazyFunction(lambda: days_from_now(-1))

    class Meta:
        model = ModeratorAssignment
        skip_postgeneration_save = True

    @factory.post_generation
    def on_roster(obj, create, extracted, **kwargs):
        """Put the moderator on the community's roster unless told not to."""
        if create and extracted is not False:
            CommunityModerator.objects.get_or_create(
                community=obj.community, user=obj.moderator
            )
