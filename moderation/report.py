"""The moderation report: decisions, time to decide and appeals upheld, by group.

Policy, for each competition, each moderator (one row per person and the
community they decided for) or each partner community:

- decisions: every ``ModerationDecision`` in the group, and how many of them
  approved, rejected, asked for changes or passed the entry to staff;
- median time to decide: over first-line decisions (kind ``decision``: not
  escalations or appeal outcomes), the time from the submission the decision
  answered (the entry's latest "submitted" event at or before it, else the
  entry's ``submitted_at``) to the decision;
- appeals upheld: appeals of the group's rejections whose outcome upheld the
  appeal, counted against the moderator and community who rejected.

Each table costs three queries whatever its size. The median is worked out on
the database with window functions (``ROW_NUMBER`` and ``COUNT`` over each
group, ordered by the wait), which SQLite and PostgreSQL both have; the
database returns only the one or two middle rows of each group, and Python
averages those. PostgreSQL's ``percentile_cont`` would do it in one step but
SQLite has nothing like it, and one code path for both is easier to trust.
"""

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from statistics import fmean

from django.db.models import (
    Count,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils.translation import gettext_lazy as _

from communities.models import PartnerCommunity
from submissions.enums import EntryStatus
from submissions.models import EntryEvent

from .enums import DecisionKind
from .models import Appeal, ModerationDecision


class Grouping(StrEnum):
    """What one table of the report has a row for (the word is in its URL)."""

    COMPETITIONS = "competitions"
    MODERATORS = "moderators"
    COMMUNITIES = "communities"

    @property
    def label(self) -> str:
        return str(GROUPING_LABELS[self])


GROUPING_LABELS = {
    Grouping.COMPETITIONS: _("By competition"),
    Grouping.MODERATORS: _("By moderator"),
    Grouping.COMMUNITIES: _("By partner community"),
}

# The columns that tell a group apart, and the ones that name it.
GROUP_KEYS = {
    Grouping.COMPETITIONS: ("entry__competition_id",),
    Grouping.MODERATORS: ("actor_id", "community_id"),
    Grouping.COMMUNITIES: ("community_id",),
}
GROUP_NAMES = {
    Grouping.COMPETITIONS: ("entry__competition__title",),
    Grouping.MODERATORS: ("actor__handle", "actor__email", "community__name"),
    Grouping.COMMUNITIES: ("community__name",),
}

FIRST_LINE = Q(kind=DecisionKind.DECISION)
OUTCOMES = {
    "approved": FIRST_LINE & Q(to_status=EntryStatus.APPROVED)
    | Q(kind=DecisionKind.APPEAL_UPHELD),
    "rejected": FIRST_LINE & Q(to_status=EntryStatus.REJECTED)
    | Q(kind=DecisionKind.APPEAL_DISMISSED),
    "changes_requested": Q(to_status=EntryStatus.CHANGES_REQUESTED),
    "escalated": Q(kind=DecisionKind.ESCALATION),
}


@dataclass(frozen=True)
class ReportRow:
    """One line of the report: a group and its numbers."""

    name: str
    community: str
    decisions: int
    approved: int
    rejected: int
    changes_requested: int
    escalated: int
    median_hours: float | None
    appeals_upheld: int


def report_decisions(
    *, community: PartnerCommunity | None = None
) -> QuerySet[ModerationDecision]:
    """Return the decisions a report covers: all, or one community's."""
    decisions = ModerationDecision.objects.all()
    if community is not None:
        decisions = decisions.filter(community=community)
    return decisions


def report_rows(
    decisions: QuerySet[ModerationDecision], *, by: Grouping
) -> list[ReportRow]:
    """Return the report's rows for ``decisions``, one per group, by name."""
    if by is not Grouping.COMPETITIONS:
        decisions = decisions.filter(community__isnull=False)
    keys = GROUP_KEYS[by]
    medians = _medians(decisions, keys)
    upheld = _appeals_upheld(decisions, keys)
    rows = []
    for group in _counts(decisions, by):
        key = tuple(group[name] for name in keys)
        rows.append(
            ReportRow(
                name=_group_name(group, by),
                community=group.get("community__name") or "",
                decisions=group["decisions"],
                approved=group["approved"],
                rejected=group["rejected"],
                changes_requested=group["changes_requested"],
                escalated=group["escalated"],
                median_hours=medians.get(key),
                appeals_upheld=upheld.get(key, 0),
            )
        )
    return sorted(rows, key=lambda row: (row.name.casefold(), row.community))


def _group_name(group: dict, by: Grouping) -> str:
    if by is Grouping.COMPETITIONS:
        return group["entry__competition__title"]
    if by is Grouping.COMMUNITIES:
        return group["community__name"]
    return group["actor__handle"] or group["actor__email"] or str(_("(account gone)"))


def _counts(decisions: QuerySet[ModerationDecision], by: Grouping) -> QuerySet:
    """Count each group's decisions, in total and by outcome: one query."""
    outcomes = {name: Count("pk", filter=rule) for name, rule in OUTCOMES.items()}
    return (
        decisions.values(*GROUP_KEYS[by], *GROUP_NAMES[by])
        .annotate(decisions=Count("pk"), **outcomes)
        .order_by()
    )


def submitted_before() -> Coalesce:
    """Return when the submission a decision answered was made, as an expression."""
    latest_submission = (
        EntryEvent.objects.filter(
            entry=OuterRef("entry"),
            to_status=EntryStatus.SUBMITTED,
            created_at__lte=OuterRef("created_at"),
        )
        .order_by("-created_at", "-pk")
        .values("created_at")[:1]
    )
    return Coalesce(
        Subquery(latest_submission, output_field=DateTimeField()),
        F("entry__submitted_at"),
    )


def _medians(
    decisions: QuerySet[ModerationDecision], keys: tuple[str, ...]
) -> dict[tuple, float]:
    """Return each group's median wait in hours, from its middle rows: one query."""
    groups = [F(key) for key in keys]
    waited = ExpressionWrapper(
        F("created_at") - submitted_before(), output_field=DurationField()
    )
    middle = (
        decisions.filter(FIRST_LINE)
        .annotate(waited=waited)
        .filter(waited__isnull=False)
        .annotate(
            position=Window(RowNumber(), partition_by=groups, order_by=F("waited")),
            size=Window(Count("pk"), partition_by=groups),
        )
        # The middle row of an odd-sized group, the middle two of an even one
        # (integer division on both databases).
        .filter(position__gte=(F("size") + 1) / 2, position__lte=(F("size") + 2) / 2)
        .values_list(*keys, "waited")
        .order_by()
    )
    found: dict[tuple, list[timedelta]] = {}
    for *key, wait in middle:
        found.setdefault(tuple(key), []).append(wait)
    return {
        key: round(fmean(wait.total_seconds() for wait in waits) / 3600, 1)
        for key, waits in found.items()
    }


def _appeals_upheld(
    decisions: QuerySet[ModerationDecision], keys: tuple[str, ...]
) -> dict[tuple, int]:
    """Count upheld appeals against each group's rejections: one query."""
    against = [f"rejection__{key}" for key in keys]
    upheld = (
        Appeal.objects.filter(
            rejection__in=decisions, outcome__kind=DecisionKind.APPEAL_UPHELD
        )
        .values(*against)
        .annotate(upheld=Count("pk"))
        .order_by()
    )
    return {tuple(row[name] for name in against): row["upheld"] for row in upheld}
