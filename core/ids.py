"""Database ids typed into forms and query strings, read safely.

``str.isdecimal()`` alone is not enough: it accepts digits of other scripts
(``int()`` reads them, the database may not) and numbers too large for a
64-bit column, which SQLite and PostgreSQL refuse with an error, not "no row".
"""

import re

ASCII_DIGITS = re.compile(r"[0-9]{1,19}")
LARGEST_ID = 2**63 - 1  # a signed 64-bit column: the largest id any table can hold


def as_id(value: str | None) -> int | None:
    """Return ``value`` as a row id, or None if no row can have it."""
    if value is None or not ASCII_DIGITS.fullmatch(value):
        return None
    number = int(value)
    return number if 0 < number <= LARGEST_ID else None
