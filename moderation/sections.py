"""The moderation sections of an entry's public page (submissions' ENTRY_PAGE_HOOK).

Signed-in members other than the author see a way to report a public entry (or
that they did). The author sees their appeal: the form while they may appeal,
then its state and outcome, and is told before withdrawing an entry that an
appeal still waiting would close with it. (That reports hid the entry, and never
who sent them, the author reads in submissions' own status wording.) Anonymous
visitors get nothing, so their page stays cacheable.
"""

from django.http import HttpRequest

from core.sections import PageSection
from submissions.models import Entry
from submissions.permissions import is_author

from .forms import AppealForm, ReportForm
from .selectors import (
    appeal_is_closed,
    appealable_rejection,
    entry_appeal,
    entry_is_public,
    member_report,
)


def report_section(request: HttpRequest, entry: Entry) -> PageSection | None:
    """Offer a signed-in member who is not the author a report of a public entry."""
    user = request.user
    if not user.is_authenticated or is_author(user, entry):
        return None
    if not entry_is_public(entry=entry):
        return None
    return PageSection(
        order=90,
        template="moderation/includes/entry_report.html",
        context={
            "entry": entry,
            "report": member_report(entry=entry, user=user),
            "form": ReportForm(),
        },
    )


def author_section(request: HttpRequest, entry: Entry) -> PageSection | None:
    """Show the author their appeal's state and outcome, or the appeal form."""
    if not is_author(request.user, entry):
        return None
    appeal = entry_appeal(entry=entry)
    may_appeal = appeal is None and appealable_rejection(entry=entry) is not None
    if not (appeal or may_appeal):
        return None
    return PageSection(
        order=80,
        template="moderation/includes/entry_author.html",
        context={
            "entry": entry,
            "appeal": appeal,
            "closed": appeal is not None and appeal_is_closed(appeal, entry),
            "appeal_form": AppealForm() if may_appeal else None,
        },
    )


def withdraw_section(request: HttpRequest, entry: Entry) -> PageSection | None:
    """Warn an author about to withdraw that their waiting appeal closes with it."""
    if not is_author(request.user, entry):
        return None
    appeal = entry_appeal(entry=entry)
    if (
        appeal is None
        or appeal.outcome_id is not None
        or appeal_is_closed(appeal, entry)
    ):
        return None
    return PageSection(
        order=80,
        template="moderation/includes/withdraw_appeal.html",
        context={"appeal": appeal},
    )
