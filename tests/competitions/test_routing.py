"""/competitions/<slug>/…: the index finds its competition in one query."""

import pytest
from django.http import Http404
from django.test import RequestFactory

from competitions.models import CompetitionPage
from tests.factories import CompetitionPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_():
    return RequestFactory().get("/")


def test_a_competition_is_found_as_itself_in_one_query(
    competition_index, request_, django_assert_num_queries
):
    made = CompetitionPageFactory(parent=competition_index, slug="high-street")
    CompetitionPageFactory(parent=competition_index, slug="other-call")

    with django_assert_num_queries(1):
        found = competition_index.route(request_, ["high-street"])

    assert type(found.page) is CompetitionPage
    assert found.page.pk == made.pk


def test_its_own_routes_still_answer_below_it(competition_index, request_):
    CompetitionPageFactory(parent=competition_index, slug="high-street")

    found = competition_index.route(request_, ["high-street", "gallery"])

    assert found.page.slug == "high-street"
    assert found.args[0].__name__ == "gallery"


@pytest.mark.parametrize(
    "path", [["no-such-call"], ["draft-call"], ["draft-call", "x"]]
)
def test_an_unknown_or_unpublished_competition_is_not_found(
    competition_index, request_, path
):
    draft = CompetitionPageFactory(parent=competition_index, slug="draft-call")
    draft.unpublish()

    with pytest.raises(Http404):
        competition_index.route(request_, path)


def test_a_competition_elsewhere_with_the_same_slug_is_not_found(
    competition_index, home_page, request_
):
    """Only the index's own children: the slug is unique among siblings alone."""
    from tests.factories import CompetitionIndexPageFactory

    other_index = CompetitionIndexPageFactory.build(title="Archive", slug="archive")
    home_page.add_child(instance=other_index)
    CompetitionPageFactory(parent=other_index, slug="high-street")

    with pytest.raises(Http404):
        competition_index.route(request_, ["high-street"])
