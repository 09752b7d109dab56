import pytest

from tests.support.judging import build_world


@pytest.fixture
def world(competition_index):
    return build_world(competition_index)
