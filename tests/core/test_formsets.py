"""Inline rows (InlinePanels) posted with a tampered id: a message, never a 500."""

import pytest
from modelcluster.forms import childformset_factory

from competitions.models import CompetitionCategory, CompetitionPage
from tests.factories import CompetitionPageFactory

pytestmark = pytest.mark.django_db

CategoryFormSet = childformset_factory(
    CompetitionPage, CompetitionCategory, fields=["name"], extra=0
)


@pytest.fixture
def competition(competition_index):
    competition = CompetitionPageFactory(parent=competition_index)
    CompetitionCategory.objects.create(page=competition, name="Poems")
    return competition


def posted(competition, **row) -> dict:
    data = {
        "categories-TOTAL_FORMS": "1",
        "categories-INITIAL_FORMS": "1",
        "categories-0-name": "Poems and songs",
    }
    data.update({f"categories-0-{name}": value for name, value in row.items()})
    return data


def formset(competition, data) -> CategoryFormSet:
    return CategoryFormSet(data, instance=competition, prefix="categories")


@pytest.mark.parametrize("tampered", ["abc", "1.5", "a\x00b", "../../etc/passwd"])
def test_a_row_whose_id_is_not_an_id_is_refused(competition, tampered):
    """The row's id field says why; the stored row is untouched."""
    rows = formset(competition, posted(competition, id=tampered))

    assert not rows.is_valid()
    assert "id" in rows.forms[0].errors
    assert competition.categories.get().name == "Poems"


def test_a_row_without_its_id_is_refused(competition):
    """A stored row's id left out cannot turn the row into a new one."""
    rows = formset(competition, posted(competition))

    assert not rows.is_valid()
    assert "id" in rows.forms[0].errors


def test_a_row_with_its_own_id_and_a_new_blank_row_still_save(competition):
    """The guard leaves real rows alone: the stored one by id, a blank id as new."""
    stored = competition.categories.get()
    data = posted(competition, id=str(stored.pk))
    data.update(
        {
            "categories-TOTAL_FORMS": "2",
            "categories-1-id": "",
            "categories-1-name": "Letters",
        }
    )
    rows = formset(competition, data)

    assert rows.is_valid(), rows.errors
    assert rows.forms[0].instance == stored
    rows.save()
    assert sorted(competition.categories.values_list("name", flat=True)) == [
        "Letters",
        "Poems and songs",
    ]
