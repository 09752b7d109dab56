"""Row ids typed into forms and query strings (core.ids)."""

import pytest

from core.ids import LARGEST_ID, as_id


@pytest.mark.parametrize("value", ["1", "42", str(LARGEST_ID)])
def test_ids_a_row_can_have_are_read(value):
    assert as_id(value) == int(value)


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "0",
        "-1",
        "+1",
        " 1",
        "1 ",
        "1.0",
        "abc",
        "²",
        "١٢",
        "\x00",
        "1\n",
        str(LARGEST_ID + 1),
        "9" * 30,
    ],
)
def test_anything_else_is_no_id(value):
    assert as_id(value) is None
