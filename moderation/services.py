"""Moderation decisions: approve, reject with a reason, ask for changes, escalate.

Each checks that the actor may moderate the entry's competition now (editors
always may), makes the change through submissions' ``entry_decide`` (the state
machine, the EntryEvent and the entrant's email after commit), and records the
decision twice: a ``ModerationDecision`` row and Wagtail's audit log. A decision
settles the entry's open reports; an editor's also settles an escalation.
Escalating changes nothing for the entrant: it passes the entry to staff.

``decisions_bulk`` makes one of those decisions on many entries, each on its
own, and each held first as a single decision is (``claims.hold_for_decision``).
``flag_entry`` records the safeguarding check of a young entrant's entry; it
changes nothing else about the entry.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from communities.models import PartnerCommunity
from members.models import User
from submissions.enums import DECIDABLE_STATUSES, EntryStatus
from submissions.models import Entry
from submissions.services import entry_decide

from .claims import (
    ClaimHeld,
    EntryChanged,
    entry_version,
    hold_for_decision,
    release_claim,
)
from .enums import DecisionKind, RejectionReason
from .models import Escalation, ModerationDecision, SafeguardingFlag
from .permissions import acting_community
from .reports import reports_settle
from .safeguarding import entry_texts, find_personal_information, is_checked

LOG_ACTIONS = {
    EntryStatus.APPROVED: "moderation.approve",
    EntryStatus.REJECTED: "moderation.reject",
    EntryStatus.CHANGES_REQUESTED: "moderation.request_changes",
}
# Decisions that are not a first decision log under their kind instead.
KIND_LOG_ACTIONS = {
    DecisionKind.ESCALATION: "moderation.escalate",
    DecisionKind.APPEAL_UPHELD: "moderation.appeal_uphold",
    DecisionKind.APPEAL_DISMISSED: "moderation.appeal_dismiss",
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


@dataclass(frozen=True)
class BulkOutcome:
    """What a bulk decision did: how many were decided, and how many were not."""

    decided: int = 0
    already_decided: int = 0
    refused: int = 0
    changed: int = 0
    being_reviewed: int = 0


def decisions_bulk(
    *,
    decide: Callable[..., ModerationDecision],
    entries: Iterable[Entry],
    actor: User,
    seen: Mapping[str, str],
    **fields,
) -> BulkOutcome:
    """Run ``decide`` (a decision service) on each entry with the same ``fields``.

    ``seen`` is the ``entry_version`` of each entry (by public id) when the
    moderator confirmed. Each decision is its own transaction, with every check,
    record and email of a single decision, and is held first under the entry's
    row lock as a single decision is: an entry that has changed since (or is
    missing from ``seen``) is left undecided, as is one someone else has
    claimed meanwhile, one decided meanwhile, or one out of the actor's reach
    now. Each is counted, and the others still stand.
    """
    counts = Counter(
        _decide_as_seen(decide, entry, actor, seen.get(entry.public_id, ""), fields)
        for entry in entries
    )
    return BulkOutcome(**counts)


def _decide_as_seen(
    decide: Callable[..., ModerationDecision],
    entry: Entry,
    actor: User,
    seen: str,
    fields: dict,
) -> str:
    """Decide ``entry`` if it is still as ``seen``; return the ``BulkOutcome`` count.

    ``entry`` is as it was read before the decisions began: if it was still as
    seen then, it changed while this request ran (someone else decided it, or
    its author withdrew it), and it counts as already decided.
    """
    try:
        with transaction.atomic():
            hold_for_decision(entry=entry, moderator=actor, seen=seen)
            decide(entry=entry, actor=actor, **fields)
    except EntryChanged:
        return "changed" if entry_version(entry) != seen else "already_decided"
    except ClaimHeld:
        return "being_reviewed"
    except ValidationError:
        return "already_decided"
    except PermissionDenied:
        return "refused"
    return "decided"


@transaction.atomic
def flag_entry(*, entry: Entry) -> list[SafeguardingFlag]:
    """Replace ``entry``'s safeguarding flags with what the check finds now.

    Only the entries of entrants under 18 are checked; any other entry loses
    its old flags (its age band may have changed on resubmission). The flags
    inform the moderator: the entry's status is left as it is.
    """
    SafeguardingFlag.objects.filter(entry=entry).delete()
    if not is_checked(entry):
        return []
    flags = [
        SafeguardingFlag(
            entry=entry, kind=finding.kind, field=field, found=finding.found
        )
        for field, text in entry_texts(entry)
        for finding in find_personal_information(text)
    ]
    return SafeguardingFlag.objects.bulk_create(flags)


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
    entry_decide(
        entry=entry,
        actor=actor,
        to_status=to_status,
        feedback=message,
        reason=RejectionReason(reason).label if reason else "",
    )
    decision = decision_record(
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
    reports_settle(entry=entry, decision=decision)
    if community is None:
        _escalations_settle(entry=entry, decision=decision)
    return decision


@transaction.atomic
def decision_escalate(*, entry: Entry, actor: User, note: str) -> ModerationDecision:
    """Pass ``entry`` to staff with ``note``; it waits for an editor's decision.

    Only an assigned moderator escalates (editors are the staff it goes to).
    The entry keeps its status and the entrant is told nothing.
    """
    community = acting_community(actor, entry.competition)
    if community is None:
        raise ValidationError(_("Editors decide on entries themselves."))
    if not note.strip():
        raise ValidationError({"note": _("Please tell staff what they should know.")})
    status = (
        Entry.objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=entry.pk)
    )
    if status not in DECIDABLE_STATUSES:
        raise ValidationError(_("This entry is not waiting for a decision."))
    if Escalation.objects.filter(entry=entry, resolved_by__isnull=True).exists():
        raise ValidationError(_("This entry is already with staff."))
    decision = decision_record(
        entry=entry,
        actor=actor,
        community=community,
        from_status=status,
        to_status=status,
        kind=DecisionKind.ESCALATION,
        internal_note=note,
    )
    Escalation.objects.create(entry=entry, decision=decision)
    return decision


def decision_record(
    *,
    entry: Entry,
    actor: User,
    community: PartnerCommunity | None,
    from_status: str,
    to_status: str,
    kind: str = DecisionKind.DECISION,
    reason: str = "",
    message: str = "",
    internal_note: str = "",
) -> ModerationDecision:
    """Record a decision already made: its row and its audit-log entry.

    Public for the other services of this app (appeals), which check the
    actor's right and change the entry themselves before calling it.
    """
    decision = ModerationDecision.objects.create(
        entry=entry,
        actor=actor,
        community=community,
        from_status=from_status,
        to_status=to_status,
        kind=kind,
        reason=reason,
        message=message,
        internal_note=internal_note,
    )
    _audit(decision)
    return decision


def log_action(decision: ModerationDecision) -> str:
    """Return the audit-log action of ``decision``: its kind's, or its outcome's."""
    return KIND_LOG_ACTIONS.get(decision.kind) or LOG_ACTIONS[decision.to_status]


def _escalations_settle(*, entry: Entry, decision: ModerationDecision) -> None:
    Escalation.objects.filter(entry=entry, resolved_by__isnull=True).update(
        resolved_by=decision
    )


def _audit(decision: ModerationDecision) -> None:
    """Write the decision to Wagtail's audit log, against the entry."""
    log(
        instance=decision.entry,
        action=log_action(decision),
        user=decision.actor,
        data={
            "decision": decision.pk,
            "kind": decision.kind,
            "community": decision.community.slug if decision.community else None,
            "from_status": decision.from_status,
            "to_status": decision.to_status,
            "reason": decision.reason,
        },
    )
