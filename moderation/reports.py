"""Members report published entries; enough reports hide one until a moderator looks.

Policy: any signed-in member other than its author may report a public entry
once. When the entry's unsettled reports come from ``hide_after_reports``
different members (a setting of its competition), it is hidden from the public
(submissions' ``entry_hide``) and waits in its moderators' queue; the next
moderation decision on it settles every open report (``reports_settle``, called
from ``services._decide``). Reporters are named to moderators only, never to the
entry's author.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import User
from submissions.models import Entry
from submissions.services import entry_hide

from .enums import ReportReason
from .models import EntryReport, ModerationDecision

ALREADY_REPORTED = gettext_lazy("You have already reported this entry. Thank you.")
OWN_ENTRY = gettext_lazy("You cannot report your own entry.")
NOT_PUBLIC = gettext_lazy("This entry is not published, so it cannot be reported.")


@transaction.atomic
def report_entry(
    *, entry: Entry, reporter: User, reason: str, note: str = ""
) -> EntryReport:
    """Record ``reporter``'s report of ``entry``; hide it once enough members did."""
    if reason not in ReportReason.values:
        raise ValidationError({"reason": _("Please choose what is wrong.")})
    if not (reporter.is_authenticated and reporter.is_active):
        raise ValidationError(_("Please sign in to report an entry."))
    if entry.author_id == reporter.pk:
        raise ValidationError(OWN_ENTRY)
    # Lock the entry first: two last reports arriving together count as two.
    Entry.objects.select_for_update().filter(pk=entry.pk).values_list("pk").get()
    if not entry.is_public_now(fresh=True):
        raise ValidationError(NOT_PUBLIC)
    report = EntryReport(entry=entry, reporter=reporter, reason=reason, note=note)
    report.full_clean(exclude=["entry", "reporter"], validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise ValidationError(ALREADY_REPORTED) from None
    if open_reporters(entry) >= entry.competition.hide_after_reports:
        entry_hide(entry=entry, note=_("Reported by several members."))
    return report


def open_reporters(entry: Entry) -> int:
    """Return how many different members reported ``entry`` since its last decision."""
    return (
        EntryReport.objects.filter(entry=entry, resolved_by__isnull=True)
        .values("reporter")
        .distinct()
        .count()
    )


def reports_settle(*, entry: Entry, decision: ModerationDecision) -> int:
    """Mark ``entry``'s open reports as settled by ``decision``; return how many."""
    return EntryReport.objects.filter(entry=entry, resolved_by__isnull=True).update(
        resolved_by=decision
    )
