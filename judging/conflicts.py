"""A judge declares a conflict of interest: the entry goes to someone else.

Declaring records a ``Conflict`` (source: declared), removes the judge's
assignment with its draft sheet and any comparisons they made with the entry,
and gives the entry to another judge of the panel who is free to take it (the
least loaded one, by ``judging.assignment.reassign_after_conflict``). Scores
already submitted stand: the judge is asked to tell the organisers instead.
Once the round has closed nothing changes here either.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from members.models import User

from .assignment import reassign_after_conflict
from .enums import ConflictSource
from .models import (
    Comparison,
    Conflict,
    JudgeAssignment,
    JudgingRound,
    ScoreSheet,
)
from .permissions import RoundPhase, judge_assignments, round_phase
from .setup import detected_conflicts

LOG_CONFLICT = "judging.conflict_declare"
NOTE_MAX_LENGTH = Conflict._meta.get_field("note").max_length


@dataclass(frozen=True)
class ConflictOutcome:
    conflict: Conflict
    new_assignment: JudgeAssignment | None


@transaction.atomic
def conflict_declare(
    *, assignment: JudgeAssignment, judge: User, note: str = ""
) -> ConflictOutcome:
    """Record ``judge``'s conflict with the assigned entry and pass the entry on."""
    # One reassignment at a time per round, so two judges leaving the same entry
    # at once cannot both hand it to the same third judge.
    JudgingRound.objects.select_for_update().filter(pk=assignment.round_id).first()
    assignment = _locked(assignment, judge)
    judging_round, entry = assignment.round, assignment.entry
    note = _checked_note(note)
    if round_phase(judging_round) == RoundPhase.CLOSED:
        raise ValidationError(
            _("This round has closed. Please tell the organisers about the conflict.")
        )
    sheet = ScoreSheet.objects.filter(assignment=assignment).first()
    if sheet is not None and sheet.submitted_at is not None:
        raise ValidationError(
            _(
                "You have already submitted scores for this entry, so they stand. "
                "Please tell the organisers about the conflict."
            )
        )
    conflict, _created = Conflict.objects.update_or_create(
        round=judging_round,
        judge=judge,
        entry=entry,
        defaults={"source": ConflictSource.DECLARED, "note": note},
    )
    if sheet is not None:
        sheet.delete()
    Comparison.objects.filter(round=judging_round, judge=judge).filter(
        Q(first=entry) | Q(second=entry)
    ).delete()
    assignment.delete()
    new_assignment = _reassign(judging_round, entry, judge)
    _audit(conflict, judge, new_assignment)
    return ConflictOutcome(conflict=conflict, new_assignment=new_assignment)


def _locked(assignment: JudgeAssignment, judge: User) -> JudgeAssignment:
    found = (
        judge_assignments(judge)
        .select_for_update(of=("self",))
        .select_related("round", "entry")
        .filter(pk=assignment.pk)
        .first()
    )
    if found is None:
        raise PermissionDenied(_("This entry is not assigned to you."))
    return found


def _checked_note(note: str) -> str:
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {
                "note": _("Please keep the note under %(limit)d characters.")
                % {"limit": NOTE_MAX_LENGTH}
            }
        )
    return note


def _reassign(
    judging_round: JudgingRound, entry, leaving: User
) -> JudgeAssignment | None:
    """Give ``entry`` to the least-loaded panel judge free to take it, if any."""
    seats = list(
        judging_round.panel.filter(judge__is_active=True).values_list(
            "judge_id", "community_id"
        )
    )
    chosen = reassign_after_conflict(
        entry.pk,
        leaving.pk,
        [judge_id for judge_id, _community in seats],
        conflicts=_conflicts_with(judging_round, entry, seats),
        assignments=set(judging_round.assignments.values_list("judge_id", "entry_id")),
    )
    if chosen is None:
        return None
    return JudgeAssignment.objects.create(
        round=judging_round, entry=entry, judge_id=chosen
    )


def _conflicts_with(
    judging_round: JudgingRound, entry, seats: list[tuple[int, int | None]]
) -> set[tuple[int, int]]:
    """Return (judge, entry) pairs that must not be: recorded, authorship, community."""
    recorded = {
        (judge_id, entry.pk)
        for judge_id in Conflict.objects.filter(
            round=judging_round, entry=entry
        ).values_list("judge_id", flat=True)
    }
    found = detected_conflicts(
        judging_round, [(entry.pk, entry.author_id, entry.referral_partner_id)], seats
    )
    return recorded | found


def _audit(
    conflict: Conflict, judge: User, new_assignment: JudgeAssignment | None
) -> None:
    log(
        instance=conflict,
        action=LOG_CONFLICT,
        user=judge,
        data={
            "round": conflict.round_id,
            "entry": conflict.entry_id,
            "reassigned_to": new_assignment.judge_id if new_assignment else None,
        },
    )
