"""A member's votes in their data export, and their anonymising when they leave.

A former member's votes stay: every count, and every exclusion with its rule,
is just as it was. Only the link goes: the voter is emptied, the IP hash
cleared, and the votes share a random ``former_voter`` token so the integrity
report still counts their voter once.
"""

import secrets

from members.data_rights import ExportPart
from members.models import User

from .models import Vote


def votes_export(user: User) -> ExportPart:
    """Return the member's votes: which entry, when, and whether it counts."""
    votes = (
        Vote.objects.filter(voter=user)
        .select_related("entry__competition")
        .order_by("created_at", "pk")
    )
    data = [
        {
            "entry": vote.entry.public_id,
            "competition": vote.entry.competition.slug,
            "cast_at": vote.created_at,
            "counted": vote.is_valid,
            "excluded_rule": vote.excluded_rule,
            "excluded_at": vote.excluded_at,
            "reinstated_at": vote.reinstated_at,
            "ip_hash": vote.ip_hash,
        }
        for vote in votes
    ]
    return ExportPart(key="votes", data=data)


def votes_anonymise(user: User) -> dict[str, int]:
    """Unlink the member's votes from them, leaving every count as it was."""
    anonymised = Vote.objects.filter(voter=user).update(
        voter=None, ip_hash="", former_voter=secrets.token_hex(16)
    )
    return {"votes_anonymised": anonymised}
