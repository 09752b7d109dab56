"""Spreadsheet exports that a spreadsheet program cannot turn into formulas."""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def escape_formula(value):
    """Prefix text that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class FormulaSafeExportMixin:
    """For Wagtail listing views: escape formulas in every exported text cell.

    Wagtail's CSV export writes text as given; its XLSX export already stores
    formula-like text as plain strings, and is escaped here too for one rule.
    """

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return escape_formula(value)
