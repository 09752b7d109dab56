"""Setting up judging: who judges which entry, and what a round's set-up may change.

Editors do all of this (``may_set_up_judging``). ``assign_round`` gives every
entry of a round to ``judges_per_entry`` judges of its panel, through the
balanced arithmetic in ``judging.assignment``; it records the conflicts it
finds itself (a judge who wrote the entry, or who comes from the community that
referred it when the round says so) so judges and editors can see why someone
was passed over. Running it again keeps every assignment and score and only
fills gaps. ``move_assignment`` is the editor's hand correction.

Criteria are locked once anyone has scored against them (``criteria_locked``):
changing a weight or a maximum, adding or removing a criterion would silently
change or drop scores already given. The round's admin form refuses it with a
message; ``check_criterion_change`` refuses it again for any other writer
(connected to ``Criterion``'s save and delete in ``judging.signals``).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.log_actions import log

from competitions.models import CompetitionPage
from members.models import User
from submissions.enums import EntryStatus
from submissions.models import Entry

from .enums import ConflictSource, RoundIntake
from .models import (
    Conflict,
    Criterion,
    CriterionScore,
    JudgeAssignment,
    JudgingRound,
    ScoreSheet,
)

SETUP_PERMISSION = "judging.change_judginground"
ASSIGN_LOG_ACTION = "judging.assign_round"
MOVE_LOG_ACTION = "judging.move_assignment"

Pair = tuple[int, int]  # (judge id, entry id), the order judging.assignment uses


def may_set_up_judging(user) -> bool:
    """Editors (who may change judging rounds) set up rounds and assignments."""
    return bool(
        user.is_authenticated and user.is_active and user.has_perm(SETUP_PERMISSION)
    )


def _require_editor(actor: User) -> None:
    if not may_set_up_judging(actor):
        raise PermissionDenied(_("Only editors set up judging."))


# Extension point: the app that runs the public vote tells judging which
# entries the public liked most. Called with (competition, limit); returns the
# ids of the competition's public entries with valid votes, most votes first,
# at most ``limit`` of them (all when None), with ties broken by a fixed rule;
# or None when the competition had no public vote. The first answer counts.
TOP_VOTED_HOOK = "top_voted_entries"


def top_voted_entry_ids(
    competition: CompetitionPage, *, limit: int | None = None
) -> list[int] | None:
    """Return the most-voted entry ids from the vote's app, or None without a vote."""
    for hook in hooks.get_hooks(TOP_VOTED_HOOK):
        ranked = hook(competition, limit)
        if ranked is not None:
            return list(ranked)
    return None


def round_entries(judging_round: JudgingRound) -> QuerySet[Entry]:
    """Return the entries ``judging_round`` takes, by its intake.

    Only approved entries that are not hidden after reports are judged: every
    one of the competition's, the shortlist advanced into the round, or the
    ``top_votes`` entries with the most valid public votes (``TOP_VOTED_HOOK``).
    A top-votes round also keeps every entry already assigned in it, so no
    judge's work drops out if a reinstated vote reorders the ranking later;
    without a public vote it has only what was assigned (``assign_round``
    refuses to fill it).
    """
    entries = Entry.objects.filter(
        competition_id=judging_round.competition_id,
        status=EntryStatus.APPROVED,
        hidden_at__isnull=True,
    )
    if judging_round.intake == RoundIntake.SHORTLIST:
        return entries.filter(pk__in=judging_round.shortlist.values("entry_id"))
    if judging_round.intake == RoundIntake.TOP_VOTES:
        assigned = Q(pk__in=judging_round.assignments.values("entry_id"))
        top = top_voted_entry_ids(
            judging_round.competition, limit=judging_round.top_votes or 0
        )
        return entries.filter(assigned | Q(pk__in=top or []))
    return entries


TOP_VOTES_UNAVAILABLE = gettext_lazy(
    "This round takes the entries with the most public votes, but this "
    "competition has no public vote. Choose another intake."
)
TOP_VOTES_TOO_EARLY = gettext_lazy(
    "This round takes the entries with the most public votes, and voting has "
    "not closed yet. Assign the entries once it closes."
)


def detected_conflicts(
    judging_round: JudgingRound,
    entries: Iterable[tuple[int, int, int | None]],
    panel: Iterable[tuple[int, int | None]],
) -> set[Pair]:
    """Return the (judge, entry) pairs OpenCall keeps apart by itself.

    ``entries`` are (id, author id, referring community id); ``panel`` is
    (judge id, community id). A judge never judges their own entry; when the
    round says so, nor one referred by the community the judge comes from.
    """
    seats = list(panel)
    found = set()
    for entry_id, author_id, partner_id in entries:
        for judge_id, community_id in seats:
            if judge_id == author_id:
                found.add((judge_id, entry_id))
            elif (
                judging_round.community_conflicts
                and community_id is not None
                and community_id == partner_id
            ):
                found.add((judge_id, entry_id))
    return found


def _record_detected(judging_round: JudgingRound, pairs: set[Pair]) -> int:
    """Store newly found conflicts; return how many were new."""
    known = set(
        Conflict.objects.filter(round=judging_round).values_list("judge_id", "entry_id")
    )
    new = pairs - known
    Conflict.objects.bulk_create(
        [
            Conflict(
                round=judging_round,
                judge_id=judge_id,
                entry_id=entry_id,
                source=ConflictSource.DETECTED,
            )
            for judge_id, entry_id in sorted(new)
        ]
    )
    return len(new)


@dataclass(frozen=True)
class AssignmentOutcome:
    """What one run of ``assign_round`` did, for the editor's message."""

    entries: int
    judges: int
    added: int
    withdrawn: int  # unscored assignments taken from a judge found to conflict
    conflicts_found: int
    short: int  # entries still with fewer than judges_per_entry judges

    def message(self) -> str:
        parts = [
            _(
                "%(added)d new assignments for %(entries)d entries and "
                "%(judges)d judges."
            )
            % {"added": self.added, "entries": self.entries, "judges": self.judges}
        ]
        if self.conflicts_found:
            parts.append(
                _("%(count)d conflicts of interest found and kept apart.")
                % {"count": self.conflicts_found}
            )
        if self.withdrawn:
            parts.append(
                _(
                    "%(count)d unscored assignments were taken from judges with "
                    "a conflict."
                )
                % {"count": self.withdrawn}
            )
        if self.short:
            parts.append(
                _(
                    "%(count)d entries have fewer judges than the round asks for: "
                    "too many of the panel have a conflict with them. Add judges "
                    "to the panel and assign again."
                )
                % {"count": self.short}
            )
        return " ".join(parts)


@transaction.atomic
def assign_round(*, round: JudgingRound, actor: User) -> AssignmentOutcome:
    """Give each entry of ``round`` to its number of judges, keeping what exists."""
    from . import assignment as arithmetic  # the balanced assignment's arithmetic

    _require_editor(actor)
    # One run at a time per round: a second editor waits, then fills no gap twice.
    judging_round = JudgingRound.objects.select_for_update().get(pk=round.pk)
    if judging_round.intake == RoundIntake.TOP_VOTES:
        _check_top_votes_ready(judging_round)
    entries = list(
        round_entries(judging_round)
        .order_by("submitted_at", "pk")
        .values_list("pk", "author_id", "referral_partner_id")
    )
    panel = list(judging_round.panel.values_list("judge_id", "community_id"))
    if not panel:
        raise ValidationError(_("Add judges to the round's panel first."))
    if not entries:
        raise ValidationError(_("This round has no entries to judge yet."))
    found = detected_conflicts(judging_round, entries, panel)
    conflicts_found = _record_detected(judging_round, found)
    conflicts = set(
        Conflict.objects.filter(round=judging_round).values_list("judge_id", "entry_id")
    )
    withdrawn = _withdraw_unscored_conflicts(judging_round, conflicts)
    existing = set(judging_round.assignments.values_list("judge_id", "entry_id"))
    entry_ids = [entry_id for entry_id, _author, _partner in entries]
    judge_ids = [judge_id for judge_id, _community in panel]
    result = arithmetic.assign(
        entry_ids,
        judge_ids,
        judging_round.judges_per_entry,
        conflicts=conflicts,
        existing=existing,
    )
    added = sorted(set(result.added) - existing)
    JudgeAssignment.objects.bulk_create(
        [
            JudgeAssignment(round=judging_round, judge_id=judge_id, entry_id=entry_id)
            for judge_id, entry_id in added
        ]
    )
    held = existing | set(added)
    short = sum(
        1
        for entry_id in entry_ids
        if sum(1 for _judge, entry in held if entry == entry_id)
        < judging_round.judges_per_entry
    )
    outcome = AssignmentOutcome(
        entries=len(entry_ids),
        judges=len(judge_ids),
        added=len(added),
        withdrawn=withdrawn,
        conflicts_found=conflicts_found,
        short=short,
    )
    log(
        instance=judging_round,
        action=ASSIGN_LOG_ACTION,
        user=actor,
        data={
            "added": outcome.added,
            "withdrawn": outcome.withdrawn,
            "conflicts_found": outcome.conflicts_found,
            "short": outcome.short,
        },
    )
    return outcome


def _check_top_votes_ready(judging_round: JudgingRound) -> None:
    """Refuse to fill a top-votes round before the public vote has an outcome."""
    competition = judging_round.competition
    if top_voted_entry_ids(competition, limit=1) is None:
        raise ValidationError(TOP_VOTES_UNAVAILABLE)
    closes = competition.voting_closes_at
    if closes is not None and timezone.now() < closes:
        raise ValidationError(TOP_VOTES_TOO_EARLY)


def _withdraw_unscored_conflicts(
    judging_round: JudgingRound, conflicts: set[Pair]
) -> int:
    """Delete assignments to a conflicted judge that have no sheet; keep scored ones."""
    if not conflicts:
        return 0
    doomed = [
        assignment.pk
        for assignment in judging_round.assignments.filter(sheet__isnull=True).only(
            "pk", "judge_id", "entry_id"
        )
        if (assignment.judge_id, assignment.entry_id) in conflicts
    ]
    JudgeAssignment.objects.filter(pk__in=doomed).delete()
    return len(doomed)


def conflict_between(*, judging_round: JudgingRound, judge: User, entry: Entry) -> bool:
    """Return whether ``judge`` must not judge ``entry`` in ``judging_round``."""
    if judge.pk == entry.author_id:
        return True
    if Conflict.objects.filter(round=judging_round, judge=judge, entry=entry).exists():
        return True
    if not (judging_round.community_conflicts and entry.referral_partner_id):
        return False
    return judging_round.panel.filter(
        judge=judge, community_id=entry.referral_partner_id
    ).exists()


@transaction.atomic
def move_assignment(
    *, assignment: JudgeAssignment, to_judge: User, actor: User
) -> JudgeAssignment:
    """Give ``assignment`` to ``to_judge`` instead, if nothing speaks against it."""
    _require_editor(actor)
    assignment = (
        JudgeAssignment.objects.select_for_update()
        .select_related("round", "entry", "judge")
        .get(pk=assignment.pk)
    )
    judging_round, entry = assignment.round, assignment.entry
    if ScoreSheet.objects.filter(assignment=assignment).exists():
        submitted = ScoreSheet.objects.filter(
            assignment=assignment, submitted_at__isnull=False
        ).exists()
        raise ValidationError(
            _(
                "%(judge)s has already submitted scores for this entry, so it "
                "stays with them."
            )
            % {"judge": assignment.judge.public_name}
            if submitted
            else _(
                "%(judge)s has started scoring this entry, so it stays with them. "
                "Ask them to declare a conflict if they should not judge it."
            )
            % {"judge": assignment.judge.public_name}
        )
    if to_judge.pk == assignment.judge_id:
        raise ValidationError(_("This entry is already with that judge."))
    if not judging_round.panel.filter(judge=to_judge).exists():
        raise ValidationError(
            _("%(judge)s is not on this round's panel. Add them to the panel first.")
            % {"judge": to_judge.public_name}
        )
    if JudgeAssignment.objects.filter(
        round=judging_round, entry=entry, judge=to_judge
    ).exists():
        raise ValidationError(
            _("%(judge)s already judges this entry.") % {"judge": to_judge.public_name}
        )
    if conflict_between(judging_round=judging_round, judge=to_judge, entry=entry):
        raise ValidationError(
            _("%(judge)s has a conflict of interest with this entry.")
            % {"judge": to_judge.public_name}
        )
    from_judge = assignment.judge
    assignment.judge = to_judge
    assignment.save(update_fields=["judge"])
    log(
        instance=judging_round,
        action=MOVE_LOG_ACTION,
        user=actor,
        data={
            "assignment": assignment.pk,
            "entry": entry.public_id,
            "from_judge": from_judge.pk,
            "to_judge": to_judge.pk,
        },
    )
    return assignment


def criteria_locked(judging_round: JudgingRound) -> bool:
    """Return whether anyone has scored against ``judging_round``'s criteria."""
    return (
        judging_round.pk is not None
        and CriterionScore.objects.filter(criterion__round_id=judging_round.pk).exists()
    )


def round_has_judgements(judging_round: JudgingRound) -> bool:
    """Return whether judges have scored or compared anything in the round."""
    return (
        ScoreSheet.objects.filter(assignment__round_id=judging_round.pk).exists()
        or judging_round.comparisons.exists()
    )


KEPT_MESSAGE = gettext_lazy(
    "Judges have already scored in this round, so it cannot be deleted: that "
    "would delete their scores. Change its dates or panel instead."
)

LOCKED_MESSAGE = gettext_lazy(
    "Judges have already given scores in this round, so its criteria are locked: "
    "criteria cannot be added or removed, and their weights and highest scores "
    "cannot change. You can still reword a name or the guidance."
)


def check_criterion_change(criterion: Criterion, *, deleting: bool = False) -> None:
    """Refuse a change to ``criterion`` that would alter scores already given."""
    if criterion.round_id is None:
        return
    if not CriterionScore.objects.filter(
        criterion__round_id=criterion.round_id
    ).exists():
        return
    if deleting or criterion.pk is None:
        raise ValidationError(str(LOCKED_MESSAGE))
    stored = (
        Criterion.objects.filter(pk=criterion.pk).values("weight", "maximum").first()
    )
    if stored is None:
        raise ValidationError(str(LOCKED_MESSAGE))
    if stored["weight"] != criterion.weight or stored["maximum"] != criterion.maximum:
        raise ValidationError(str(LOCKED_MESSAGE))
