"""A member's reports, appeals and moderating in their export, and on leaving.

Closing an account empties what the member wrote in reports and appeals and the
personal details found in their entries; the reports themselves stay, so the
counts that hid an entry and the decisions that settled them still add up.
Decisions a member made as a moderator stay on record, shown as by a former
member: the entrants were told them, and the partner is credited for them.
"""

from django.utils import timezone

from members.data_rights import ExportPart
from members.models import User

from .models import (
    Appeal,
    EntryClaim,
    EntryReport,
    ModerationDecision,
    ModeratorAssignment,
    SafeguardingFlag,
)


def moderation_export(user: User) -> ExportPart:
    """Return the member's reports and appeals, and their work as a moderator."""
    return ExportPart(
        key="moderation",
        data={
            "reports": list(
                EntryReport.objects.filter(reporter=user)
                .order_by("created_at", "pk")
                .values("entry__public_id", "reason", "note", "created_at")
            ),
            "appeals": list(
                Appeal.objects.filter(entry__author=user)
                .order_by("created_at", "pk")
                .values(
                    "entry__public_id", "statement", "created_at", "outcome__to_status"
                )
            ),
            "personal_details_found_in_entries": list(
                SafeguardingFlag.objects.filter(entry__author=user)
                .order_by("pk")
                .values("entry__public_id", "kind", "field", "found", "created_at")
            ),
            "decisions_as_moderator": list(
                ModerationDecision.objects.filter(actor=user)
                .order_by("created_at", "pk")
                .values(
                    "entry__public_id",
                    "community__slug",
                    "kind",
                    "from_status",
                    "to_status",
                    "reason",
                    "message",
                    "internal_note",
                    "created_at",
                )
            ),
            "assignments": list(
                ModeratorAssignment.objects.filter(moderator=user)
                .order_by("pk")
                .values(
                    "competition__slug",
                    "community__slug",
                    "active_from",
                    "active_until",
                )
            ),
        },
    )


def moderation_erase(user: User) -> dict[str, int]:
    """Empty the member's words in reports and appeals; end their moderating."""
    now = timezone.now()
    return {
        "report_notes_emptied": EntryReport.objects.filter(reporter=user)
        .exclude(note="")
        .update(note=""),
        "appeals_emptied": Appeal.objects.filter(entry__author=user).update(
            statement=""
        ),
        "safeguarding_flags_deleted": SafeguardingFlag.objects.filter(
            entry__author=user
        ).delete()[0],
        "claims_released": EntryClaim.objects.filter(moderator=user).delete()[0],
        "assignments_ended": ModeratorAssignment.objects.filter(moderator=user)
        .exclude(active_until__lte=now)
        .filter(active_from__lt=now)
        .update(active_until=now),
    }
