"""The demo world's votes: a vote under way, and one counted for the results.

On ``picture-your-high-street`` (in its voting phase) the demo members ana, ben,
cai and dee vote for every approved entry that is not their own, each from their
own connection; ana_writes is the member to sign in as to see "You voted".
Three throwaway accounts then vote for "Market day" from one connection within
minutes, and the integrity check sets their votes aside under the IP rule, so
the editors' voting screen has a burst to review. One more member voted for
"Market day" from a browser that ran no scripts, so without the human check:
that vote waits on the same screen, under its own rule, to be reinstated.
Counts are shown during voting.

On ``kindness-of-strangers`` (results published) the same members voted during
its voting window weeks ago: "Held door" has three valid votes and is the
people's choice. The same three throwaway accounts voted for "The umbrella"
from one connection, which would have put it ahead; the check run when voting
closed set those votes aside, so the results page's integrity report shows
them under the IP rule.

Votes are dated inside each competition's voting window and move with it when
the demo is seeded again, like the entries. Running it again adds nothing.
"""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from competitions.demo import DemoCompetition
from competitions.models import CompetitionPage
from members.models import User
from members.services import member_email_mark_verified
from submissions.models import Entry

from .integrity import integrity_check
from .models import ShowCounts, Vote, VotingRules
from .services import vote_cast

COMPETITION = "picture-your-high-street"
# Each honest voter, how long they have been a member and their connection.
HONEST = [
    ("ana@example.org", 400, "192.0.2.11"),
    ("ben@example.org", 300, "192.0.2.12"),
    ("cai@example.org", 200, "192.0.2.13"),
    ("dee@example.org", 120, "192.0.2.14"),
]
BURST_IP = "203.0.113.66"
BURST_ENTRY = "Market day"
THROWAWAYS = [f"quickvote{n}@example.net" for n in (1, 2, 3)]
UNCHECKED_VOTER = ("noscript_reader@example.org", "192.0.2.15")

RESULTS_COMPETITION = "kindness-of-strangers"
# What each honest voter chose on the results competition.
RESULTS_CHOICES = {
    "ana@example.org": ["Held door"],
    "ben@example.org": ["The umbrella"],
    "cai@example.org": ["Held door", "The umbrella"],
    "dee@example.org": ["Held door"],
}
RESULTS_BURST_ENTRY = "The umbrella"


@transaction.atomic
def ensure_votes(
    *,
    competitions: list[DemoCompetition],
    users: dict[str, User],
    now: datetime | None = None,
) -> None:
    """Seed the votes of the voting and the results competitions (see the module)."""
    now = now or timezone.now()
    for demo in competitions:
        votes_reschedule(competition=demo.page, by=demo.moved_by)
    pages = {demo.page.slug: demo.page for demo in competitions}
    voting = pages.get(COMPETITION)
    if voting is not None and voting.timeline.accepts_votes_at(now):
        _ensure_open_vote(voting, users, now)
    counted = pages.get(RESULTS_COMPETITION)
    closes = counted.voting_closes_at if counted is not None else None
    if closes is not None and closes <= now:
        _ensure_counted_vote(counted, users)


def _ensure_open_vote(page: CompetitionPage, users: dict[str, User], now) -> None:
    VotingRules.objects.update_or_create(
        competition=page, defaults={"show_counts": ShowCounts.DURING}
    )
    entries = list(Entry.objects.public().filter(competition=page).order_by("pk"))
    for offset, (email, days, ip) in enumerate(HONEST):
        voter = _member_since(users[email], joined=now - timedelta(days=days))
        for entry in entries:
            _vote(entry, voter, ip, now - timedelta(hours=20 - offset))
    target = next((e for e in entries if e.title == BURST_ENTRY), None)
    if target is not None:
        before = page.voting_opens_at - timedelta(days=2)
        _burst(target, joined=before, at=now - timedelta(hours=3))
        email, ip = UNCHECKED_VOTER
        voter = _extra_voter(email, joined=now - timedelta(days=500))
        _vote(target, voter, ip, now - timedelta(hours=2), human_checked=False)
    integrity_check(competition=page, now=now)


def _ensure_counted_vote(page: CompetitionPage, users: dict[str, User]) -> None:
    VotingRules.objects.update_or_create(
        competition=page, defaults={"show_counts": ShowCounts.AFTER}
    )
    opens = page.voting_opens_at
    entries = {
        entry.title: entry for entry in Entry.objects.public().filter(competition=page)
    }
    for offset, (email, days, ip) in enumerate(HONEST):
        voter = _member_since(users[email], joined=opens - timedelta(days=days))
        for title in RESULTS_CHOICES[email]:
            if title in entries:
                _vote(entries[title], voter, ip, opens + timedelta(days=2 + offset))
    target = entries.get(RESULTS_BURST_ENTRY)
    if target is not None:
        _burst(
            target,
            joined=opens - timedelta(days=3),
            at=opens + timedelta(days=6, hours=21),
        )
    integrity_check(competition=page, now=page.voting_closes_at)


def _burst(entry: Entry, *, joined: datetime, at: datetime) -> None:
    """Have the three throwaway accounts vote for ``entry`` from one connection."""
    for index, email in enumerate(THROWAWAYS):
        voter = _extra_voter(email, joined=joined + timedelta(days=index))
        _vote(entry, voter, BURST_IP, at + timedelta(minutes=index))


def votes_reschedule(*, competition: CompetitionPage, by: timedelta) -> int:
    """Move the competition's votes by ``by``, as its demo timeline moved."""
    if not by:
        return 0
    return Vote.objects.filter(entry__competition=competition).update(
        created_at=F("created_at") + by,
        excluded_at=F("excluded_at") + by,
        reinstated_at=F("reinstated_at") + by,
    )


def _member_since(user: User, *, joined: datetime) -> User:
    # Demo accounts are made when the demo is seeded, after voting opened; the
    # people they stand for have been members for a while.
    if user.date_joined > joined:
        User.objects.filter(pk=user.pk).update(date_joined=joined)
        user.date_joined = joined
    return user


def _extra_voter(email: str, *, joined: datetime) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"handle": email.partition("@")[0]}
    )
    if created:
        user.set_unusable_password()
        user.save()
        member_email_mark_verified(user=user)
    return _member_since(user, joined=joined)


def _vote(
    entry: Entry, voter: User, ip: str, at: datetime, *, human_checked: bool = True
) -> None:
    if not entry.competition.timeline.accepts_votes_at(at):
        return
    try:
        vote_cast(entry=entry, voter=voter, ip=ip, now=at, human_checked=human_checked)
    except ValidationError:
        pass  # their own entry, or a vote already cast by an earlier run
