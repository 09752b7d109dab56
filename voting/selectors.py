"""Reads for the vote button and the counts."""

from datetime import datetime

from members.models import User
from submissions.models import Entry

from .models import EntryVoteCount, Vote
from .rules import counts_shown, rules_for


def vote_of(*, entry: Entry, voter: User) -> Vote | None:
    if not voter.is_authenticated:
        return None
    return Vote.objects.filter(entry=entry, voter=voter).first()


def shown_count(*, entry: Entry, now: datetime) -> int | None:
    """Return the entry's valid votes where the rules let them be shown, else None."""
    voting_open = entry.competition.timeline.accepts_votes_at(now)
    if not counts_shown(rules=rules_for(entry.competition), voting_open=voting_open):
        return None
    row = EntryVoteCount.objects.filter(entry=entry).first()
    return row.valid_votes if row else 0


def votes_left(*, competition, voter: User) -> int:
    used = Vote.objects.filter(voter=voter, entry__competition=competition).count()
    return max(rules_for(competition).votes_per_member - used, 0)


def peoples_choice(*, competition, limit: int = 10) -> list[tuple[Entry, int]]:
    """Return public entries with the most valid votes, most first, ties oldest first.

    Read from the stored counts, which move with every valid vote and with every
    exclusion and reinstatement.
    """
    rows = (
        EntryVoteCount.objects.filter(
            entry__in=Entry.objects.public().filter(competition=competition),
            valid_votes__gt=0,
        )
        .select_related("entry")
        .order_by("-valid_votes", "entry__submitted_at", "entry_id")[:limit]
    )
    return [(row.entry, row.valid_votes) for row in rows]
