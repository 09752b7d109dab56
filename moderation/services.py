"""Moderation decisions: approve, reject with a reason, or ask for changes.

Each checks that the actor may moderate the entry's competition now (editors
always may), makes the change through submissions' ``entry_decide`` (the state
machine, the EntryEvent and the entrant's email after commit), and records the
decision twice: a ``ModerationDecision`` row and Wagtail's audit log.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from members.models import User
from submissions.enums import EntryStatus
from submissions.models import Entry
from submissions.services import entry_decide

from .claims import release_claim
from .enums import RejectionReason
from .models import ModerationDecision
from .permissions import acting_community

LOG_ACTIONS = {
    EntryStatus.APPROVED: "moderation.approve",
    EntryStatus.REJECTED: "moderation.reject",
    EntryStatus.CHANGES_REQUESTED: "moderation.request_changes",
}


@transaction.atomic
def decision_approve(
    *, entry: Entry, actor: User, message: str = "", internal_note: str = ""
) -> ModerationDecision:
    """Approve ``entry``: it becomes public and its files join the showcase."""
    return _decide(
        entry, actor, EntryStatus.APPROVED, message=message, note=internal_note
    )


@transaction.atomic
def decision_reject(
    *,
    entry: Entry,
    actor: User,
    reason: str,
    message: str,
    internal_note: str = "",
) -> ModerationDecision:
    """Reject ``entry`` for ``reason``, telling the entrant why in ``message``."""
    acting_community(actor, entry.competition)
    errors = {}
    if reason not in RejectionReason.values:
        errors["reason"] = _("Please choose a reason.")
    if not message.strip():
        errors["message"] = _("Please tell the entrant why, in a sentence or two.")
    if errors:
        raise ValidationError(errors)
    return _decide(
        entry,
        actor,
        EntryStatus.REJECTED,
        reason=reason,
        message=message,
        note=internal_note,
    )


@transaction.atomic
def decision_request_changes(
    *, entry: Entry, actor: User, message: str, internal_note: str = ""
) -> ModerationDecision:
    """Return ``entry`` to its author with ``message`` saying what should change."""
    acting_community(actor, entry.competition)
    if not message.strip():
        raise ValidationError({"message": _("Please say what should change.")})
    return _decide(
        entry,
        actor,
        EntryStatus.CHANGES_REQUESTED,
        message=message,
        note=internal_note,
    )


def _decide(
    entry: Entry,
    actor: User,
    to_status: str,
    *,
    reason: str = "",
    message: str = "",
    note: str = "",
) -> ModerationDecision:
    community = acting_community(actor, entry.competition)
    from_status = (
        Entry.objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=entry.pk)
    )
    entry_decide(entry=entry, actor=actor, to_status=to_status, feedback=message)
    decision = ModerationDecision.objects.create(
        entry=entry,
        actor=actor,
        community=community,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        message=message,
        internal_note=note,
    )
    release_claim(entry=entry)
    _audit(decision)
    return decision


def _audit(decision: ModerationDecision) -> None:
    """Write the decision to Wagtail's audit log, against the entry."""
    log(
        instance=decision.entry,
        action=LOG_ACTIONS[decision.to_status],
        user=decision.actor,
        data={
            "decision": decision.pk,
            "community": decision.community.slug if decision.community else None,
            "from_status": decision.from_status,
            "to_status": decision.to_status,
            "reason": decision.reason,
        },
    )
