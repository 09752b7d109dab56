"""Appeals: an entrant asks once for a rejection to be looked at again.

Policy: only the author of a rejected entry appeals, once, and only a rejection
a moderator (or editor) recorded. The appeal goes to someone other than the
rejecter, from another community (``selectors.appeals_routed_to`` holds the
routing). Its outcome is final: upheld, the entry is approved through
submissions' ``entry_decide(on_appeal=True)``, which emails the entrant; dismissed,
the entry stays rejected and this module emails the entrant itself. Either way
the outcome is a ``ModerationDecision`` and an audit-log entry.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from members.models import User
from submissions.enums import EntryStatus
from submissions.models import Entry
from submissions.services import entry_decide

from .enums import DecisionKind
from .models import Appeal, ModerationDecision
from .selectors import appeal_community, appealable_rejection
from .services import decision_record
from .tasks import send_appeal_email

STATEMENT_MAX_LENGTH = 2000


@transaction.atomic
def appeal_submit(*, entry: Entry, author: User, statement: str) -> Appeal:
    """Record the author's one appeal against the rejection of ``entry``."""
    if not (author.is_authenticated and entry.author_id == author.pk):
        raise PermissionDenied(_("Only the entrant can appeal."))
    statement = statement.strip()
    if not statement:
        raise ValidationError(
            {"statement": _("Please say why the entry should be looked at again.")}
        )
    if len(statement) > STATEMENT_MAX_LENGTH:
        raise ValidationError(
            {
                "statement": _("Please keep it to %(limit)d characters.")
                % {"limit": STATEMENT_MAX_LENGTH}
            }
        )
    entry.status = (
        Entry.objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=entry.pk)
    )
    rejection = appealable_rejection(entry=entry)
    if rejection is None:
        raise ValidationError(_appeal_refusal(entry))
    try:
        with transaction.atomic():
            return Appeal.objects.create(
                entry=entry, rejection=rejection, statement=statement
            )
    except IntegrityError:
        raise ValidationError(_("You have already appealed this decision.")) from None


def _appeal_refusal(entry: Entry) -> str:
    if Appeal.objects.filter(entry=entry).exists():
        return _("You have already appealed this decision. An appeal is made once.")
    if entry.status != EntryStatus.REJECTED:
        return _("Only a rejected entry can be appealed.")
    return _("This decision was not a moderator's, so it cannot be appealed.")


@transaction.atomic
def appeal_uphold(*, appeal: Appeal, actor: User, message: str) -> ModerationDecision:
    """Uphold ``appeal``: the entry is approved and its entrant told ``message``."""
    return _appeal_decide(appeal, actor, message, uphold=True)


@transaction.atomic
def appeal_dismiss(*, appeal: Appeal, actor: User, message: str) -> ModerationDecision:
    """Dismiss ``appeal``: the entry stays rejected; its entrant is told ``message``."""
    return _appeal_decide(appeal, actor, message, uphold=False)


def _appeal_decide(
    appeal: Appeal, actor: User, message: str, *, uphold: bool
) -> ModerationDecision:
    try:
        community = appeal_community(appeal=appeal, user=actor)
    except Appeal.DoesNotExist:
        raise PermissionDenied(_("This appeal is not yours to decide.")) from None
    if not message.strip():
        raise ValidationError(
            {"message": _("Please tell the entrant what was decided and why.")}
        )
    locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if locked.outcome_id is not None:
        raise ValidationError(_("This appeal has been decided; the outcome is final."))
    entry = appeal.entry
    if uphold:
        entry_decide(
            entry=entry,
            actor=actor,
            to_status=EntryStatus.APPROVED,
            feedback=message,
            on_appeal=True,
        )
    elif Entry.objects.filter(pk=entry.pk, status=EntryStatus.REJECTED).count() != 1:
        raise ValidationError(_("This entry is no longer rejected."))
    decision = decision_record(
        entry=entry,
        actor=actor,
        community=community,
        from_status=EntryStatus.REJECTED,
        to_status=EntryStatus.APPROVED if uphold else EntryStatus.REJECTED,
        kind=DecisionKind.APPEAL_UPHELD if uphold else DecisionKind.APPEAL_DISMISSED,
        message=message,
    )
    locked.outcome = decision
    locked.save(update_fields=["outcome"])
    appeal.outcome = decision
    if not uphold:
        appeal_id = appeal.pk
        transaction.on_commit(lambda: send_appeal_email.enqueue(appeal_id=appeal_id))
    return decision
