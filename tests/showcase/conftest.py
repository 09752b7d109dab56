import pytest

from tests.factories import CompetitionPageFactory


@pytest.fixture
def competition(competition_index):
    """An open competition taking every kind of entry."""
    return CompetitionPageFactory(
        parent=competition_index,
        slug="high-street",
        title="Picture your high street",
        entry_kinds=["story", "image", "film", "idea"],
    )


@pytest.fixture
def other_competition(competition_index):
    return CompetitionPageFactory(
        parent=competition_index, slug="night-buses", title="Night buses"
    )
