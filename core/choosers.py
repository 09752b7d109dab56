"""Admin chooser widgets (page, snippet, image) that redraw a refused value.

Policy: when a form with a chooser is refused and shown again, the widget
looks the posted value up to show its title. A value that is not an id at all
(``competition=abc``, or a number too large for the column, which SQLite
refuses with an error) names nothing, so the chooser shows nothing chosen and
the field's own error explains it. Wagtail's ``BaseChooser.get_instance``
caught only ``DoesNotExist``: posting the judging round form with
``competition=abc`` answered 500 while redrawing the refusal.

``install_chooser_guard`` applies this once, at start-up, to every chooser.
"""

from django.core.exceptions import ValidationError
from wagtail.admin.widgets.chooser import BaseChooser

NOT_AN_ID = (ValueError, TypeError, OverflowError, ValidationError)


def install_chooser_guard() -> None:
    """Make every admin chooser show nothing chosen for a value that is no id."""
    if getattr(BaseChooser, "not_an_id_guard_installed", False):
        return
    original = BaseChooser.get_instance

    def get_instance(self, value):
        try:
            return original(self, value)
        except NOT_AN_ID:
            return None

    BaseChooser.get_instance = get_instance
    BaseChooser.not_an_id_guard_installed = True
