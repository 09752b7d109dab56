"""Spreadsheet exports that a spreadsheet program cannot turn into formulas.

Policy: a text cell is escaped, by putting an apostrophe in front of it, exactly
when Excel, LibreOffice Calc or Google Sheets would read it as a formula on
opening the file (the OWASP "CSV injection" list):

- its first character is a tab, carriage return or line feed (spreadsheets trim
  these and then read what follows), or
- its first non-blank character is ``=`` or ``@`` (always a formula), or
- its first non-blank character is ``+`` or ``-`` (a formula unless the rest is
  a number), with two exceptions that stay exactly as they are:

  - text that is plainly a number (``-5``, ``+3.5``, ``-1,500``, ``2e-3``): a
    spreadsheet reads a number, which is what the cell holds;
  - a single word of letters, digits, ``_`` and ``-`` (a public id such as
    ``-Xy3_kP…``, which ``secrets.token_urlsafe`` makes one time in 64): with no
    operator, bracket, quote, space, ``!`` or ``|`` it cannot call a function,
    reach another sheet or file, or start a program; at worst Excel shows
    ``#NAME?``. Escaping it would change the id people paste back into the site.

Numbers, dates and empty cells are never touched, nor is text starting with an
apostrophe already (so escaping twice changes nothing). The XLSX export stores
every text cell as a string, never a formula, and is escaped the same way so a
cell stays inert when someone edits it or saves the sheet again as CSV.

``install_formula_escaping`` applies this to every Wagtail spreadsheet export
(model listings, snippets, reports such as site history, form submissions);
``FormulaSafeExportMixin`` applies it to one view.
"""

import re

from django.db.models import Model
from django.utils.functional import Promise
from wagtail.admin.views.mixins import SpreadsheetExportMixin

ALWAYS_FORMULA = ("=", "@")
SIGNS = ("+", "-")
TRIMMED_FIRST = ("\t", "\r", "\n")
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?")
SINGLE_WORD = re.compile(r"[+-][A-Za-z0-9_-]*")


def escape_formula(value):
    """Prefix text that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, Model | Promise):
        value = str(value)
    if isinstance(value, str) and runs_as_formula(value):
        return "'" + value
    return value


def runs_as_formula(text: str) -> bool:
    """Return whether a spreadsheet would read ``text`` as a formula (see above)."""
    if text.startswith(TRIMMED_FIRST):
        return True
    stripped = text.lstrip()
    if stripped.startswith(ALWAYS_FORMULA):
        return True
    if not stripped.startswith(SIGNS):
        return False
    return not (PLAIN_NUMBER.fullmatch(stripped) or SINGLE_WORD.fullmatch(stripped))


class FormulaSafeExportMixin:
    """For one Wagtail listing view: escape formulas in every exported text cell."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return escape_formula(value)


def install_formula_escaping() -> None:
    """Make every Wagtail spreadsheet export escape formulas, related cells too."""
    if getattr(SpreadsheetExportMixin, "formula_escaping_installed", False):
        return
    original = SpreadsheetExportMixin.preprocess_field_value

    def preprocess_field_value(self, field, value, export_format):
        return escape_formula(original(self, field, value, export_format))

    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
    SpreadsheetExportMixin.formula_escaping_installed = True
