"""Reads for setting up judging: the assignments overview, the public panel.

Each costs a fixed number of queries, however many entries or judges a round
has (the tests hold both at two sizes).
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from competitions.models import CompetitionPage
from members.models import User
from submissions.models import Entry

from .enums import RoundMethod
from .models import Conflict, Criterion, JudgeAssignment, JudgingRound, RoundJudge
from .setup import round_entries


@dataclass
class AssignedJudge:
    assignment: JudgeAssignment
    progress: str  # "none", "saved" or "submitted"
    move_choices: list[User]
    errors: list[str] = field(default_factory=list)  # a refused move, shown back
    chosen: str = ""  # the judge the editor picked, kept on a refusal


@dataclass
class AssignmentRow:
    entry: Entry
    judges: list[AssignedJudge] = field(default_factory=list)
    needed: int = 0

    @property
    def submitted(self) -> int:
        return sum(1 for judge in self.judges if judge.progress == "submitted")

    @property
    def short(self) -> bool:
        return len(self.judges) < self.needed


def _progress(assignment: JudgeAssignment) -> str:
    try:
        sheet = assignment.sheet
    except JudgeAssignment.sheet.RelatedObjectDoesNotExist:
        return "none"
    return "submitted" if sheet.submitted_at else "saved"


def round_assignment_rows(judging_round: JudgingRound) -> list[AssignmentRow]:
    """Return every entry of the round (and any assigned before) with its judges.

    Four queries: the assignments with their entries, judges and sheets; the
    round's entries; the panel; the conflicts.
    """
    assignments = list(
        JudgeAssignment.objects.filter(round=judging_round)
        .select_related("entry", "judge", "sheet")
        .order_by("entry__submitted_at", "entry_id", "pk")
    )
    try:
        entries = list(round_entries(judging_round).order_by("submitted_at", "pk"))
    except ValidationError:
        entries = []
    panel = [
        seat.judge
        for seat in RoundJudge.objects.filter(round=judging_round)
        .select_related("judge")
        .order_by("sort_order", "pk")
    ]
    conflicts = set(
        Conflict.objects.filter(round=judging_round).values_list("judge_id", "entry_id")
    )
    rows: dict[int, AssignmentRow] = {
        entry.pk: AssignmentRow(entry=entry, needed=judging_round.judges_per_entry)
        for entry in entries
    }
    for assignment in assignments:
        row = rows.setdefault(
            assignment.entry_id,
            AssignmentRow(
                entry=assignment.entry, needed=judging_round.judges_per_entry
            ),
        )
        row.judges.append(AssignedJudge(assignment, _progress(assignment), []))
    for row in rows.values():
        holding = {judge.assignment.judge_id for judge in row.judges}
        choices = [
            judge
            for judge in panel
            if judge.pk not in holding
            and judge.pk != row.entry.author_id
            and (judge.pk, row.entry.pk) not in conflicts
        ]
        for judge in row.judges:
            judge.move_choices = choices if judge.progress == "none" else []
    return list(rows.values())


@dataclass
class PublicCriterion:
    name: str
    guidance: str
    share: int  # percent of the round's total weight


@dataclass
class PublicRound:
    name: str
    method: str
    criteria: list[PublicCriterion] = field(default_factory=list)
    judges: list[tuple[str, bool]] = field(default_factory=list)  # (name, chair)


def public_judging(*, competition: CompetitionPage) -> list[PublicRound]:
    """Return what the public may know of a live competition's judging.

    The criteria with their share of the weight, and the panel's public names
    (handles; never emails or real names), in round order. Two queries.
    """
    if not competition.live:
        return []
    rounds: dict[int, PublicRound] = {}

    def round_of(judging_round: JudgingRound) -> PublicRound:
        return rounds.setdefault(
            judging_round.pk,
            PublicRound(
                name=judging_round.name,
                method=RoundMethod(judging_round.method).label,
            ),
        )

    criteria = list(
        Criterion.objects.filter(round__competition=competition)
        .select_related("round")
        .order_by("round__position", "round_id", "sort_order", "pk")
    )
    seats = list(
        RoundJudge.objects.filter(round__competition=competition)
        .select_related("round", "judge")
        .order_by("round__position", "round_id", "-is_chair", "sort_order", "pk")
    )
    for judging_round in sorted(
        {item.round for item in [*criteria, *seats]},
        key=lambda item: (item.position, item.pk),
    ):
        round_of(judging_round)
    totals: dict[int, int] = {}
    for criterion in criteria:
        totals[criterion.round_id] = (
            totals.get(criterion.round_id, 0) + criterion.weight
        )
    for criterion in criteria:
        if criterion.round.method != RoundMethod.RUBRIC:
            continue
        round_of(criterion.round).criteria.append(
            PublicCriterion(
                name=criterion.name,
                guidance=criterion.guidance,
                share=round(100 * criterion.weight / totals[criterion.round_id]),
            )
        )
    for seat in seats:
        if seat.judge.is_active:
            round_of(seat.round).judges.append((seat.judge.public_name, seat.is_chair))
    return [item for item in rounds.values() if item.criteria or item.judges]
