"""Database ids typed into forms and query strings, read safely.

``str.isdecimal()`` alone is not enough: it accepts digits of other scripts
(``int()`` reads them, the database may not) and numbers too large for a
64-bit column, which SQLite and PostgreSQL refuse with an error, not "no row".
"""

import re

from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceField, ModelMultipleChoiceField
from django.urls import register_converter

ASCII_DIGITS = re.compile(r"[0-9]{1,19}")
LARGEST_ID = 2**63 - 1  # a signed 64-bit column: the largest id any table can hold


def as_id(value: str | None) -> int | None:
    """Return ``value`` as a row id, or None if no row can have it."""
    if value is None or not ASCII_DIGITS.fullmatch(value):
        return None
    number = int(value)
    return number if 0 < number <= LARGEST_ID else None


class IdConverter:
    """Match a row id in a path: ASCII digits of a number some row can have.

    Django's ``int`` converter takes any length; SQLite refuses a number past
    64 bits with an error (``OverflowError``), so ``/admin/voting/competitions/
    99999999999999999999/`` answered 500. Anything no row can have is a 404
    before any query. Registered as ``<id:...>`` by ``core.apps``.
    """

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = as_id(value)
        if number is None:
            raise ValueError(value)
        return number

    def to_url(self, value) -> str:
        return str(value)


def _refusing_overflow(check, error_code: str):
    """Wrap a choice field's look-up so a number too large is a refused choice."""

    def guarded(self, value):
        try:
            return check(self, value)
        except OverflowError:
            raise ValidationError(
                self.error_messages[error_code],
                code=error_code,
                params={"value": value},
            ) from None

    return guarded


def install_id_guards() -> None:
    """Register ``<id:...>`` and make model choice fields refuse huge numbers.

    A ``ModelChoiceField`` (forms, django-filter's filters, Wagtail's listing
    filters) looks the posted value up as it is; past 64 bits SQLite raised
    ``OverflowError``, which the field did not catch: ``?competition=`` with a
    20-digit number answered 500 on the moderation queue and the entries list.
    """
    register_converter(IdConverter, "id")
    if getattr(ModelChoiceField, "overflow_guard_installed", False):
        return
    ModelChoiceField.to_python = _refusing_overflow(
        ModelChoiceField.to_python, "invalid_choice"
    )
    ModelMultipleChoiceField._check_values = _refusing_overflow(
        ModelMultipleChoiceField._check_values, "invalid_choice"
    )
    ModelChoiceField.overflow_guard_installed = True
