"""Reads for the moderation area, each scoped to what the viewer may moderate."""

from dataclasses import dataclass

from django.db.models import (
    Case,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from competitions.models import CompetitionPage
from submissions.enums import EntryStatus
from submissions.models import Entry, EntryQuerySet
from submissions.permissions import Viewer, is_entry_editor

from .claims import claimed_by_others
from .enums import MODERATOR_VISIBLE_STATUSES, QUEUE_STATUSES, DecisionKind
from .models import (
    Appeal,
    EntryReport,
    Escalation,
    ModerationDecision,
    ModeratorAssignment,
    SafeguardingFlag,
)
from .permissions import active_assignments, moderator_entry_rule
from .safeguarding import field_label


def moderation_scope(user: Viewer) -> EntryQuerySet:
    """Return the entries ``user`` may review: their competitions', or all for editors.

    Drafts and withdrawn entries are the author's alone, for editors too.
    """
    if is_entry_editor(user):
        rule: Q | None = Q(status__in=MODERATOR_VISIBLE_STATUSES)
    else:
        rule = moderator_entry_rule(user)
    if rule is None:
        return Entry.objects.none()
    return Entry.objects.filter(rule)


def _open_reports(entry) -> QuerySet[EntryReport]:
    return EntryReport.objects.filter(entry=entry, resolved_by__isnull=True)


def _open_escalations(entry) -> QuerySet[Escalation]:
    return Escalation.objects.filter(entry=entry, resolved_by__isnull=True)


def with_report_state(entries: EntryQuerySet) -> EntryQuerySet:
    """Annotate each entry with ``reported``, ``with_staff`` (open escalation)
    and ``waiting_since``: when it began to wait for a decision.

    An entry waits from its submission; an approved one back in the queue for
    its reports waits from the first of them still open, not from a submission
    weeks before. The queue's "Waiting" column and filter both read it.
    """
    first_open_report = (
        _open_reports(OuterRef("pk")).order_by("created_at").values("created_at")[:1]
    )
    return entries.annotate(
        reported=Exists(_open_reports(OuterRef("pk"))),
        with_staff=Exists(_open_escalations(OuterRef("pk"))),
        waiting_since=Case(
            When(
                status=EntryStatus.APPROVED,
                then=Coalesce(Subquery(first_open_report), F("submitted_at")),
            ),
            default=F("submitted_at"),
        ),
    )


def queue_entries(user: Viewer) -> EntryQuerySet:
    """Return ``user``'s entries for the queue, oldest submission first."""
    return with_report_state(
        moderation_scope(user)
        .select_related("competition", "author")
        .order_by("submitted_at", "pk")
    )


def awaiting_decision(entries: EntryQuerySet, *, user: Viewer) -> EntryQuerySet:
    """Keep the entries (from ``with_report_state``) waiting for ``user``'s decision.

    Submitted entries, and approved ones with open reports or hidden by them.
    An entry passed to staff waits for editors only; moderators still find it
    by its status.
    """
    waiting = Q(status__in=QUEUE_STATUSES) | Q(
        Q(reported=True) | Q(hidden_at__isnull=False), status=EntryStatus.APPROVED
    )
    if is_entry_editor(user):
        return entries.filter(waiting | Q(with_staff=True))
    return entries.filter(waiting, with_staff=False)


def flags_prefetch() -> Prefetch:
    """Fetch the safeguarding flags of a page of entries in one query."""
    return Prefetch(
        "safeguarding_flags", queryset=SafeguardingFlag.objects.order_by("pk")
    )


@dataclass(frozen=True)
class ShownFlag:
    """A safeguarding flag as the review screen shows it, with a plain field label."""

    kind: str
    found: str
    where: str


def entry_flags(*, entry: Entry) -> list[ShownFlag]:
    """Return what the safeguarding check found in ``entry``, in reading order."""
    return [
        ShownFlag(flag.get_kind_display(), flag.found, field_label(flag.field))
        for flag in entry.safeguarding_flags.order_by("pk")
    ]


def next_in_queue(user: Viewer, *, after: Entry) -> Entry | None:
    """Return the longest-waiting entry for ``user`` other than ``after``, if any.

    Entries someone else is reviewing now are passed over.
    """
    return (
        awaiting_decision(with_report_state(moderation_scope(user)), user=user)
        .exclude(pk=after.pk)
        .exclude(claimed_by_others(user))
        .order_by("submitted_at", "pk")
        .only("public_id")
        .first()
    )


def moderated_competitions(user: Viewer) -> QuerySet[CompetitionPage]:
    """Return the competitions ``user`` moderates now (every one for editors)."""
    competitions = CompetitionPage.objects.order_by("title")
    if is_entry_editor(user):
        return competitions
    return competitions.filter(pk__in=active_assignments(user).values("competition"))


def entry_for_review(*, user: Viewer, public_id: str) -> Entry:
    """Return the entry to review, or raise 404 if ``user`` may not moderate it."""
    entries = moderation_scope(user).select_related(
        "competition", "author", "category", "public_image"
    )
    return get_object_or_404(entries, public_id=public_id)


def entry_decisions(*, entry: Entry) -> QuerySet[ModerationDecision]:
    """Return the decisions on ``entry`` so far, oldest first."""
    return entry.moderation_decisions.select_related("actor", "community")


def entry_reports(*, entry: Entry) -> QuerySet[EntryReport]:
    """Return the reports of ``entry``, oldest first, for its moderators only."""
    return entry.reports.select_related("reporter", "resolved_by")


def open_escalation(*, entry: Entry) -> Escalation | None:
    """Return the entry's escalation still waiting for staff, if any."""
    return _open_escalations(entry).select_related("decision").first()


# Appeals -------------------------------------------------------------------------
#
# Routing policy: an appeal goes to the moderators of the entry's competition
# whose assignment (in force now) is for another community than the rejection's,
# never to the person who rejected it. A rejection by an editor (no community)
# may go to any of the competition's moderators but its rejecter. When nobody
# qualifies, it goes to staff: every editor but the rejecter. Routing is worked
# out afresh each time, so an assignment that ends passes the appeal on.


def _appeals() -> QuerySet[Appeal]:
    """Appeals with the rejecting community and rejecter (0 for none) annotated."""
    return Appeal.objects.annotate(
        rejecting_community=Coalesce("rejection__community_id", 0),
        rejecter=Coalesce("rejection__actor_id", 0),
    )


def _other_community(assignments) -> QuerySet[ModeratorAssignment]:
    """Narrow ``assignments`` to those that qualify for the outer appeal."""
    return (
        assignments.filter(competition_id=OuterRef("entry__competition_id"))
        .exclude(community_id=OuterRef("rejecting_community"))
        .exclude(moderator_id=OuterRef("rejecter"))
    )


def appeals_routed_to(user: Viewer) -> QuerySet[Appeal]:
    """Return the appeals ``user`` may decide (and those they decided), oldest first."""
    if not (user.is_authenticated and user.is_active):
        return Appeal.objects.none()
    appeals = _appeals().exclude(rejecter=user.pk)
    mine = Exists(_other_community(active_assignments(user)))
    routed = Q(mine)
    if is_entry_editor(user):
        anyone = ModeratorAssignment.objects.active_at(timezone.now())
        routed |= ~Exists(_other_community(anyone))
    return (
        appeals.filter(routed)
        .select_related("entry__competition", "entry__author", "rejection", "outcome")
        .order_by("created_at", "pk")
    )


def appeal_community(*, appeal: Appeal, user: Viewer):
    """Return the community ``user`` decides ``appeal`` for: None for staff.

    Raises Appeal.DoesNotExist when the appeal is not routed to ``user``.
    """
    routed = appeals_routed_to(user).get(pk=appeal.pk)
    assignment = (
        active_assignments(user)
        .filter(competition_id=routed.entry.competition_id)
        .exclude(community_id=routed.rejecting_community)
        .select_related("community")
        .first()
    )
    return assignment.community if assignment is not None else None


def appeals_waiting(user: Viewer) -> QuerySet[Appeal]:
    """Return the appeals routed to ``user`` that still wait for an outcome.

    An appeal waits while its entry is rejected: once the entrant withdraws the
    entry there is nothing left to decide, so it leaves the list (and is closed
    without an outcome).
    """
    return appeals_routed_to(user).filter(
        outcome__isnull=True, entry__status=EntryStatus.REJECTED
    )


def appeal_is_closed(appeal: Appeal, entry: Entry) -> bool:
    """Return whether ``appeal`` was closed undecided: its entry is not rejected now."""
    return appeal.outcome_id is None and entry.status != EntryStatus.REJECTED


def appeal_for_decision(*, user: Viewer, pk: int) -> Appeal:
    """Return the appeal routed to ``user``, or raise 404."""
    return get_object_or_404(appeals_routed_to(user), pk=pk)


def appealable_rejection(*, entry: Entry) -> ModerationDecision | None:
    """Return the moderation decision that rejected ``entry``, if it may be appealed.

    Only a rejected entry whose latest decision is a moderator's (or editor's)
    rejection, and that was never appealed, may be appealed.
    """
    if entry.status != EntryStatus.REJECTED:
        return None
    latest = entry.moderation_decisions.order_by("-created_at", "-pk").first()
    if latest is None or latest.to_status != EntryStatus.REJECTED:
        return None
    if latest.kind != DecisionKind.DECISION:
        return None
    if Appeal.objects.filter(entry=entry).exists():
        return None
    return latest


# The public side --------------------------------------------------------------


def public_entry(*, public_id: str) -> Entry:
    """Return the public entry with ``public_id``, or raise 404."""
    entries = Entry.objects.public().select_related("competition", "author")
    return get_object_or_404(entries, public_id=public_id)


def member_report(*, entry: Entry, user: Viewer) -> EntryReport | None:
    """Return ``user``'s report of ``entry``, if they sent one."""
    if not user.is_authenticated:
        return None
    return EntryReport.objects.filter(entry=entry, reporter=user).first()


def entry_is_public(*, entry: Entry) -> bool:
    return entry.is_public_now()


def entry_appeal(*, entry: Entry) -> Appeal | None:
    """Return the appeal against ``entry``'s rejection, with its outcome, if any."""
    return Appeal.objects.filter(entry=entry).select_related("outcome").first()


def has_appeals_waiting(user: Viewer) -> bool:
    """Return whether any undecided appeal is routed to ``user``."""
    return appeals_waiting(user).exists()
