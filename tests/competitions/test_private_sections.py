"""Competitions in a private section are never public; the sections kept per generation.

``CompetitionPageQuerySet.private_q`` keeps the restricted sections' paths with
the generation of public pages instead of reading every view restriction each
time ``public()`` is asked. It must say what Wagtail's own rule says, and a
restriction added or removed must count from its commit on. These tests commit
(``transactional_db``): inside a test's transaction the paths are always read
afresh.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction
from wagtail.query import PageQuerySet

from competitions.models import CompetitionPage
from tests.factories import CompetitionPageFactory

pytestmark = pytest.mark.django_db(transaction=True)


def public_slugs() -> set[str]:
    return set(CompetitionPage.objects.live().public().values_list("slug", flat=True))


def wagtails_public_slugs() -> set[str]:
    pages = CompetitionPage.objects.live()
    return set(
        pages.exclude(PageQuerySet.private_q(pages)).values_list("slug", flat=True)
    )


def restriction_reads(queries: CaptureQueriesContext) -> int:
    return sum("pageviewrestriction" in q["sql"] for q in queries.captured_queries)


def test_a_restricted_section_and_every_page_below_it_are_left_out(competition_index):
    CompetitionPageFactory(parent=competition_index, slug="open-call")
    hidden = CompetitionPageFactory(parent=competition_index, slug="members-only")
    PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.LOGIN
    )

    assert public_slugs() == wagtails_public_slugs() == {"open-call"}

    # A restriction on the index makes every competition below it private.
    PageViewRestriction.objects.create(
        page=competition_index, restriction_type=PageViewRestriction.LOGIN
    )
    assert public_slugs() == wagtails_public_slugs() == set()


def test_a_restriction_counts_from_its_commit_and_is_read_once(competition_index):
    CompetitionPageFactory(parent=competition_index, slug="open-call")
    later = CompetitionPageFactory(parent=competition_index, slug="soon-private")
    assert public_slugs() == {"open-call", "soon-private"}

    with CaptureQueriesContext(connection) as kept:
        assert public_slugs() == {"open-call", "soon-private"}
    assert restriction_reads(kept) == 0

    restriction = PageViewRestriction.objects.create(
        page=later, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert public_slugs() == wagtails_public_slugs() == {"open-call"}

    restriction.delete()
    assert public_slugs() == wagtails_public_slugs() == {"open-call", "soon-private"}


def test_with_no_restriction_nothing_is_private(competition_index):
    CompetitionPageFactory(parent=competition_index, slug="open-call")

    assert public_slugs() == {"open-call"}
    assert not CompetitionPage.objects.live().not_public().exists()
