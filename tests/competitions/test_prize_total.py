import pytest

from competitions.prizes import prize_total


@pytest.mark.parametrize(
    ("values", "total"),
    [
        (["£250", "£100"], "£350"),
        (["£1,000", "£250.50", " £5 "], "£1,255.50"),
        (["£250", "A day at the studio", ""], "£250"),
        (["$50", "$25"], "$75"),
        (["£250", "€100"], None),
        (["A day at the studio"], None),
        ([], None),
        (["£25,0", "£-5", "£1e9", "250"], None),
    ],
)
def test_the_total_adds_up_amounts_in_one_currency(values, total):
    assert prize_total(values) == total
