"""Reads for the vote button, the counts and the people's choice."""

from datetime import datetime

from django.db.models import Subquery

from core.images import prefetch_image
from members.models import User
from submissions.models import Entry

from .models import EntryVoteCount, Vote, VotingRules
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


def voted_entries(*, competition, voter: User) -> list[Entry]:
    """Return the public entries ``voter`` has voted for in ``competition``.

    In the order the votes were cast: what a member at the vote limit may
    withdraw one of (an entry hidden since is not linked, as its page is gone).
    """
    return list(
        Entry.objects.public()
        .filter(competition=competition, votes__voter=voter)
        .order_by("votes__created_at", "pk")
    )


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


def had_vote(competition) -> bool:
    """Return whether the competition has a public vote: a voting window or rules."""
    if competition.voting_opens_at and competition.voting_closes_at:
        return True
    return VotingRules.objects.filter(competition=competition).exists()


def _public_counts(competition):
    return EntryVoteCount.objects.filter(
        entry__in=Entry.objects.public().filter(competition=competition),
        valid_votes__gt=0,
    )


def ranked_entry_ids(*, competition, limit: int | None = None) -> list[int]:
    """Return public entry ids with valid votes, most first.

    Ties go to the entry submitted first, then to the older row, so the same
    votes always give the same order.
    """
    rows = _public_counts(competition).order_by(
        "-valid_votes", "entry__submitted_at", "entry_id"
    )
    if limit is not None:
        rows = rows[:limit]
    return list(rows.values_list("entry_id", flat=True))


def peoples_choice_leaders(*, competition) -> list[tuple[Entry, int]]:
    """Return the public entries with the most valid votes: more than one on a tie.

    Entries level on votes share the people's choice; they are listed in the
    order they were submitted.
    """
    counts = _public_counts(competition)
    most = counts.order_by("-valid_votes").values("valid_votes")[:1]
    rows = (
        counts.filter(valid_votes=Subquery(most))
        .select_related("entry__author")
        .prefetch_related(prefetch_image("entry__public_image", "card"))
        .order_by("entry__submitted_at", "entry_id")
    )
    return [(row.entry, row.valid_votes) for row in rows]
