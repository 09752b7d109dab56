"""Queue columns of our own: the row's checkbox for bulk decisions, and its flags."""

from django.utils.translation import gettext as _
from wagtail.admin.ui.tables import BaseColumn, Column

from submissions.models import Entry

from .models import SafeguardingFlag


def flag_text(flag: SafeguardingFlag) -> str:
    """Return a flag as the queue shows it: "Phone number: 07700 900123"."""
    return _("%(kind)s: %(found)s") % {
        "kind": flag.get_kind_display(),
        "found": flag.found,
    }


class SelectColumn(BaseColumn):
    """A checkbox per entry, named for the bulk form; the header ticks the page."""

    header_template_name = "moderation/includes/select_header.html"
    cell_template_name = "moderation/includes/select_cell.html"


class FlagsColumn(Column):
    """What the safeguarding check found in each entry, one line a finding.

    Reads the flags prefetched with ``selectors.flags_prefetch``.
    """

    cell_template_name = "moderation/includes/flags_cell.html"

    def get_value(self, instance: Entry) -> list[str]:
        return [flag_text(flag) for flag in instance.safeguarding_flags.all()]
