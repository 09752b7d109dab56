import pytest

from tests.support.judging import build_world, install_assignment_stand_in


@pytest.fixture(autouse=True)
def _assignment_arithmetic():
    install_assignment_stand_in()


@pytest.fixture
def world(competition_index):
    return build_world(competition_index)
