"""The prize total a visitor looks for first, added up from the prizes' values.

Policy: a prize's value is free text ("£250", "£1,000", "A day at the studio").
Values that are an amount in one currency (a symbol, then a number) are added up;
when the prizes use more than one currency, or none is an amount, there is no
total rather than a wrong one. Prizes without an amount are left out of it.
"""

import re
from collections.abc import Iterable
from decimal import Decimal

AMOUNT = re.compile(r"\A\s*([£$€])\s?(\d{1,3}(?:,\d{3})+|\d+)(\.\d{2})?\s*\Z")


def prize_total(values: Iterable[str]) -> str | None:
    """Return the sum of the amounts among ``values`` ("£350"), or None."""
    totals: dict[str, Decimal] = {}
    for value in values:
        if (match := AMOUNT.match(value or "")) is None:
            continue
        symbol, whole, pence = match.groups()
        amount = Decimal(whole.replace(",", "") + (pence or ""))
        totals[symbol] = totals.get(symbol, Decimal(0)) + amount
    if len(totals) != 1:
        return None
    [(symbol, total)] = totals.items()
    shown = f"{total:,.2f}".removesuffix(".00")
    return f"{symbol}{shown}"
