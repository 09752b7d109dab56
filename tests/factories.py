"""Factories for the test suite, one Trait per state."""

from datetime import timedelta

import factory
import wagtail_factories
from django.utils import timezone
from factory.django import DjangoModelFactory

from communities.models import PartnerCommunity
from competitions.enums import EntryKind, Licence
from competitions.models import (
    CompetitionIndexPage,
    CompetitionPage,
    CompetitionPartnership,
)
from home.models import HomePage
from members.models import User

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
