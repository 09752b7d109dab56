"""The demo world's votes: honest votes, one excluded burst, a member who voted.

On ``picture-your-high-street`` (in its voting phase) the demo members ana, ben,
cai and dee vote for every approved entry that is not their own, each from their
own connection; ana_writes is the member to sign in as to see "You voted".
Three throwaway accounts then vote for "Market day" from one connection within
minutes, and the integrity check sets their votes aside under the IP rule, so
the editors' voting screen has a burst to review. Counts are shown during
voting. Running it again changes nothing.
"""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from members.models import User
from members.services import member_email_mark_verified
from submissions.models import Entry

from .integrity import integrity_check
from .models import ShowCounts, VotingRules
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


@transaction.atomic
def ensure_votes(*, competitions, users: dict[str, User], now: datetime | None = None):
    """Seed the votes on the competition in its voting phase (see the module)."""
    now = now or timezone.now()
    page = next((c.page for c in competitions if c.page.slug == COMPETITION), None)
    if page is None or not page.timeline.accepts_votes_at(now):
        return
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
        for index, email in enumerate(THROWAWAYS):
            voter = _throwaway(email, joined=before + timedelta(days=index))
            _vote(target, voter, BURST_IP, now - timedelta(hours=3, minutes=-index))
    integrity_check(competition=page, now=now)


def _member_since(user: User, *, joined: datetime) -> User:
    # Demo accounts are made when the demo is seeded, after voting opened; the
    # people they stand for have been members for a while.
    if user.date_joined > joined:
        User.objects.filter(pk=user.pk).update(date_joined=joined)
        user.date_joined = joined
    return user


def _throwaway(email: str, *, joined: datetime) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"handle": email.partition("@")[0]}
    )
    if created:
        user.set_unusable_password()
        user.save()
        member_email_mark_verified(user=user)
    return _member_since(user, joined=joined)


def _vote(entry: Entry, voter: User, ip: str, at: datetime) -> None:
    if not entry.competition.timeline.accepts_votes_at(at):
        at = timezone.now()
    try:
        vote_cast(entry=entry, voter=voter, ip=ip, now=at)
    except ValidationError:
        pass  # their own entry, or a vote already cast by an earlier run
