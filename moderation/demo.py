"""The demo world's moderation: two lent moderators, their queues, the record.

``mod.studyhub`` (StudyHub) and ``mod.parents`` (Parents Together) are on
their communities' rosters and assigned to the open and the voting
competitions from the day entries opened, so each signs in to a queue with
work in it (the open competition's submitted story). The demo entries that
were decided before (by the editor, in submissions' demo history) get their
``ModerationDecision`` rows, dated as the entry's decision; a later run moves
every decision with its competition, as submissions moves the entries.

One story is passed to staff by Parents Together's moderator, so it waits in
the editor's queue. The rejected photograph was rejected by StudyHub's
moderator and its entrant has appealed, so the appeal waits for Parents
Together's moderator; an approved photograph has two members' reports (one
short of hiding it), so it is back in both queues; and the young entrant's
story that gives away her address is flagged by the safeguarding check.
"""

from datetime import timedelta

from django.contrib.auth.models import Permission
from django.db.models import F, Q

from communities.models import CommunityModerator, PartnerCommunity
from competitions.demo import DemoCompetition
from competitions.models import CompetitionPage
from members.demo import EDITORS_GROUP, ensure_admin_group
from members.models import User
from submissions.enums import AgeBand, EntryStatus
from submissions.models import Entry, EntryEvent

from .appeals import appeal_submit
from .enums import RejectionReason, ReportReason
from .models import (
    Appeal,
    EntryReport,
    Escalation,
    ModerationDecision,
    ModeratorAssignment,
)
from .reports import report_entry
from .services import decision_escalate, flag_entry

MODERATORS = [
    ("mod.studyhub@example.org", "studyhub"),
    ("mod.parents@example.org", "parents-together"),
]
ASSIGNED_COMPETITIONS = ["first-year-stories", "picture-your-high-street"]
DECIDED = [EntryStatus.APPROVED, EntryStatus.REJECTED, EntryStatus.CHANGES_REQUESTED]
# The reason each demo rejection was given, by entry title.
REJECTION_REASONS = {"A blurry bus": RejectionReason.PERSONAL_INFORMATION}
# Decisions a lent moderator made (the rest were the editor's), by entry title.
DECIDED_BY_MODERATOR = {"A blurry bus": "mod.studyhub@example.org"}
# (entry title, reporter's email, reason, note): below the competition's
# threshold of three, so the entry stays up and waits in the queue.
REPORTS = [
    (
        "Market day",
        "ana@example.org",
        ReportReason.PERSONAL_INFORMATION,
        "You can read a stall holder's phone number on the sign.",
    ),
    ("Market day", "cai@example.org", ReportReason.OTHER, "Is this the same market?"),
]
ESCALATED_AFTER = timedelta(hours=3)
# (entry title, moderator's email, note): waiting for the editor, "With staff".
ESCALATIONS = [
    (
        "Night bus home",
        "mod.parents@example.org",
        "The driver is named and the route is given; could staff check this is fine?",
    )
]
APPEALS = [
    (
        "A blurry bus",
        "The faces are far too small and blurred to recognise anyone. Please look "
        "again.",
    )
]


def ensure_moderation(
    *,
    users: dict[str, User],
    partners: dict[str, PartnerCommunity],
    competitions: list[DemoCompetition],
    decided_by: User,
) -> None:
    """Put the demo moderators on their rosters and their competitions."""
    _ensure_editors_moderation_rights()
    pages = {demo.page.slug: demo.page for demo in competitions}
    for email, slug in MODERATORS:
        moderator, community = users[email], partners[slug]
        CommunityModerator.objects.update_or_create(
            community=community, user=moderator, defaults={"active": True}
        )
        for competition in (pages[slug] for slug in ASSIGNED_COMPETITIONS):
            ModeratorAssignment.objects.update_or_create(
                competition=competition,
                moderator=moderator,
                community=community,
                defaults={
                    "active_from": competition.entries_open_at,
                    "active_until": None,
                },
            )
    for demo in competitions:
        decisions_reschedule(competition=demo.page, by=demo.moved_by)
    _record_decisions(decided_by, users=users, partners=partners)
    _ensure_reports(users)
    _ensure_appeals()
    _ensure_flags()
    _ensure_escalations(users)


def decisions_reschedule(*, competition: CompetitionPage, by: timedelta) -> None:
    """Move the decisions on the competition's entries by ``by``, as their entries.

    The demo's clock only: decisions are otherwise never changed.
    """
    if by:
        ModerationDecision.objects.filter(entry__competition=competition).update(
            created_at=F("created_at") + by
        )


def _record_decisions(
    decided_by: User, *, users: dict[str, User], partners: dict[str, PartnerCommunity]
) -> None:
    """Give each decided demo entry without one a decision row, dated as decided."""
    communities = {email: partners[slug] for email, slug in MODERATORS}
    entries = Entry.objects.filter(
        author__email__endswith="@example.org", status__in=DECIDED
    ).exclude(moderation_decisions__isnull=False)
    for entry in entries:
        moderator = DECIDED_BY_MODERATOR.get(entry.title)
        ModerationDecision.objects.create(
            entry=entry,
            actor=users[moderator] if moderator else decided_by,
            community=communities[moderator] if moderator else None,
            from_status=EntryStatus.SUBMITTED,
            to_status=entry.status,
            reason=REJECTION_REASONS.get(entry.title, "")
            if entry.status == EntryStatus.REJECTED
            else "",
            message=entry.feedback,
            created_at=entry.decided_at,
        )
        if moderator:  # the entry's history names the same person
            EntryEvent.objects.filter(entry=entry, action=entry.status).update(
                actor=users[moderator]
            )


def _ensure_reports(users: dict[str, User]) -> None:
    """Report the demo's reported entries, once each, through the service."""
    for title, email, reason, note in REPORTS:
        entry = Entry.objects.get(author__email__endswith="@example.org", title=title)
        reporter = users[email]
        if not EntryReport.objects.filter(entry=entry, reporter=reporter).exists():
            report_entry(entry=entry, reporter=reporter, reason=reason, note=note)


def _ensure_escalations(users: dict[str, User]) -> None:
    """Pass the demo's escalated entries to staff, once each, as their moderator."""
    for title, email, note in ESCALATIONS:
        entry = Entry.objects.get(author__email__endswith="@example.org", title=title)
        if not Escalation.objects.filter(entry=entry).exists():
            decision = decision_escalate(entry=entry, actor=users[email], note=note)
            # The demo's clock: passed on a few hours after it was submitted.
            ModerationDecision.objects.filter(pk=decision.pk).update(
                created_at=entry.submitted_at + ESCALATED_AFTER
            )


def _ensure_flags() -> None:
    """Run the safeguarding check on the young entrants' submitted entries."""
    young = Entry.objects.filter(
        author__email__endswith="@example.org",
        status=EntryStatus.SUBMITTED,
        age_band=AgeBand.AGE_13_TO_17,
    )
    for entry in young:
        flag_entry(entry=entry)


def _ensure_appeals() -> None:
    """Appeal the demo's appealed rejections, once each, as their entrants."""
    for title, statement in APPEALS:
        entry = Entry.objects.select_related("author").get(
            author__email__endswith="@example.org", title=title
        )
        if not Appeal.objects.filter(entry=entry).exists():
            appeal_submit(entry=entry, author=entry.author, statement=statement)


def _ensure_editors_moderation_rights() -> None:
    """Let Wagtail's Editors group keep rosters, assign moderators, read decisions."""
    ensure_admin_group(EDITORS_GROUP).permissions.add(
        *Permission.objects.filter(
            Q(
                content_type__app_label="moderation",
                content_type__model="moderatorassignment",
            )
            | Q(
                content_type__app_label="communities",
                content_type__model="communitymoderator",
            )
            | Q(codename="view_moderationdecision")
        )
    )
