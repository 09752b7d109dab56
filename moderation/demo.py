"""The demo world's moderation: two lent moderators, their queues, the record.

``mod.studyhub`` (StudyHub) and ``mod.parents`` (Parents Together) are on
their communities' rosters and assigned to the open and the voting
competitions from the day entries opened, so each signs in to a queue with
work in it (the open competition's submitted story). The demo entries that
were decided before (by the editor, in submissions' demo history) get their
``ModerationDecision`` rows, dated as the entry's decision; a later run moves
every decision with its competition, as submissions moves the entries.
"""

from datetime import timedelta

from django.contrib.auth.models import Permission
from django.db.models import F, Q

from communities.models import CommunityModerator, PartnerCommunity
from competitions.demo import DemoCompetition
from competitions.models import CompetitionPage
from members.demo import EDITORS_GROUP, ensure_admin_group
from members.models import User
from submissions.enums import EntryStatus
from submissions.models import Entry

from .enums import RejectionReason
from .models import ModerationDecision, ModeratorAssignment

MODERATORS = [
    ("mod.studyhub@example.org", "studyhub"),
    ("mod.parents@example.org", "parents-together"),
]
ASSIGNED_COMPETITIONS = ["first-year-stories", "picture-your-high-street"]
DECIDED = [EntryStatus.APPROVED, EntryStatus.REJECTED, EntryStatus.CHANGES_REQUESTED]
# The reason each demo rejection was given, by entry title.
REJECTION_REASONS = {"A blurry bus": RejectionReason.PERSONAL_INFORMATION}


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
    _record_decisions(decided_by)


def decisions_reschedule(*, competition: CompetitionPage, by: timedelta) -> None:
    """Move the decisions on the competition's entries by ``by``, as their entries.

    The demo's clock only: decisions are otherwise never changed.
    """
    if by:
        ModerationDecision.objects.filter(entry__competition=competition).update(
            created_at=F("created_at") + by
        )


def _record_decisions(decided_by: User) -> None:
    """Give each decided demo entry without one a decision row, dated as decided."""
    entries = Entry.objects.filter(
        author__email__endswith="@example.org", status__in=DECIDED
    ).exclude(moderation_decisions__isnull=False)
    for entry in entries:
        ModerationDecision.objects.create(
            entry=entry,
            actor=decided_by,
            from_status=EntryStatus.SUBMITTED,
            to_status=entry.status,
            reason=REJECTION_REASONS.get(entry.title, "")
            if entry.status == EntryStatus.REJECTED
            else "",
            message=entry.feedback,
            created_at=entry.decided_at,
        )


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
