"""A member's judging work and awards in their export, and what stays when they leave.

Policy. A judge's scores, comments and comparisons stay when their account
closes, linked to the emptied account (shown as a former member): they are the
panel's record, published results rest on them, and deleting them would change
rankings after the fact. Only the notes they wrote about conflicts of interest,
which may say who they know, are emptied. Awards stay with their entries; the
submissions app decides whether a winning entry itself is kept, asking
``published_winners`` which entries won.
"""

from django.db.models import QuerySet

from members.data_rights import ExportPart
from members.models import User

from .models import Award, Comparison, Conflict, JudgeAssignment, RoundJudge


def published_winners(entries: QuerySet) -> list[int]:
    """Return the ids of ``entries`` that won a prize in published results."""
    return list(
        Award.objects.filter(
            entry__in=entries,
            entry__competition__results_publication__isnull=False,
        ).values_list("entry_id", flat=True)
    )


def judging_export(user: User) -> ExportPart:
    """Return the member's seats, sheets, comparisons, conflicts and awards."""
    return ExportPart(
        key="judging",
        data={
            "awards_to_your_entries": list(
                Award.objects.filter(entry__author=user)
                .order_by("pk")
                .values("entry__public_id", "prize__title", "place", "chosen_at")
            ),
            "panel_seats": list(
                RoundJudge.objects.filter(judge=user)
                .order_by("pk")
                .values("round__competition__slug", "round__name", "is_chair")
            ),
            "score_sheets": _sheets(user),
            "comparisons": list(
                Comparison.objects.filter(judge=user)
                .order_by("created_at", "pk")
                .values(
                    "round__name",
                    "first__public_id",
                    "second__public_id",
                    "winner__public_id",
                    "created_at",
                )
            ),
            "conflicts": list(
                Conflict.objects.filter(judge=user)
                .order_by("pk")
                .values("round__name", "entry__public_id", "source", "note")
            ),
        },
    )


def _sheets(user: User) -> list[dict]:
    assignments = (
        JudgeAssignment.objects.filter(judge=user, sheet__isnull=False)
        .select_related("round", "entry", "sheet")
        .prefetch_related("sheet__scores__criterion")
        .order_by("pk")
    )
    return [
        {
            "round": assignment.round.name,
            "entry": assignment.entry.public_id,
            "comment": assignment.sheet.comment,
            "submitted_at": assignment.sheet.submitted_at,
            "scores": {
                score.criterion.name: score.value
                for score in assignment.sheet.scores.all()
            },
        }
        for assignment in assignments
    ]


def judging_erase(user: User) -> dict[str, int]:
    """Empty the member's conflict notes; their scores stay on record."""
    return {
        "conflict_notes_emptied": Conflict.objects.filter(judge=user)
        .exclude(note="")
        .update(note=""),
        "score_sheets_kept": JudgeAssignment.objects.filter(
            judge=user, sheet__isnull=False
        ).count(),
    }
