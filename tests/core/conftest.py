"""A public competition with one approved entry, for the page cache's tests."""

import pytest

from tests.factories import CompetitionPageFactory, EntryFactory


@pytest.fixture
def competition(competition_index):
    return CompetitionPageFactory(
        parent=competition_index, slug="high-street", title="Picture your high street"
    )


@pytest.fixture
def entry(competition):
    return EntryFactory(competition=competition, approved=True, title="Market day")
