"""Casting and withdrawing votes, with every rule checked here on the server.

Every refusal is a ``ValidationError`` whose message a member can read. A
member's votes in a competition are counted with their user row locked, so two
votes sent at once cannot both slip under the limit; the database's unique
constraint is the last word on one vote per entry.
"""

import hashlib
import hmac
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.models import User
from submissions.models import Entry

from .models import NO_HUMAN_CHECK, EntryVoteCount, Vote
from .rules import rules_for

ALREADY_VOTED = "already_voted"


def hash_ip(ip: str) -> str:
    """Return a keyed hash of an IP address: comparable, never reversible."""
    salt = getattr(settings, "VOTING_IP_SALT", "") or settings.SECRET_KEY
    return hmac.new(salt.encode(), (ip or "").encode(), hashlib.sha256).hexdigest()


def vote_refusal(
    *, entry: Entry, voter: User, now: datetime, fresh: bool = False
) -> str | None:
    """Return why ``voter`` may not vote for ``entry`` now, or None if they may.

    This is the read-only half of the rules, used to show the button or the
    reason on the entry page; ``vote_cast`` checks them again (``fresh``: the
    entry's visibility asked of the database, not as the page loaded it).
    """
    competition = entry.competition
    if not competition.timeline.accepts_votes_at(now):
        return _("Voting for this competition is not open.")
    if not entry.is_public_now(fresh=fresh):
        return _("This entry is not open for votes.")
    if not (voter.is_authenticated and voter.is_active):
        return _("Please sign in to vote.")
    if entry.author_id == voter.pk:
        return _("You can't vote for your own entry.")
    if not EmailAddress.objects.filter(user=voter, verified=True).exists():
        return _("Please confirm your email address before you vote.")
    rules = rules_for(competition)
    days = rules.min_account_age_days
    if days and voter.date_joined > now - timedelta(days=days):
        return ngettext(
            "Only members whose account is at least %(days)d day old may vote.",
            "Only members whose account is at least %(days)d days old may vote.",
            days,
        ) % {"days": days}
    return None


def _limit_refusal(limit: int) -> str:
    return ngettext(
        "You have used your %(limit)d vote in this competition. Withdraw it to "
        "vote for another entry.",
        "You have used all %(limit)d of your votes in this competition. Withdraw "
        "one to vote for another entry.",
        limit,
    ) % {"limit": limit}


@transaction.atomic
def vote_cast(
    *, entry: Entry, voter: User, ip: str, now: datetime, human_checked: bool = True
) -> Vote:
    """Record ``voter``'s vote for ``entry`` and count it.

    A vote that could not take the human check (``human_checked`` False: the
    browser ran no scripts) is kept but set aside under ``NO_HUMAN_CHECK``, as
    the integrity rules set votes aside: it counts once an editor reinstates it.
    """
    if refusal := vote_refusal(entry=entry, voter=voter, now=now, fresh=True):
        raise ValidationError(refusal, code="refused")
    # Lock the voter's row so two votes at once cannot both pass the count.
    User.objects.select_for_update().get(pk=voter.pk)
    mine = Vote.objects.filter(
        voter=voter, entry__competition=entry.competition_id
    ).aggregate(used=Count("pk"), this=Count("pk", filter=Q(entry=entry)))
    if mine["this"]:
        raise ValidationError(_already_voted(), code=ALREADY_VOTED)
    limit = rules_for(entry.competition).votes_per_member
    if mine["used"] >= limit:
        raise ValidationError(_limit_refusal(limit), code="vote_limit")
    try:
        with transaction.atomic():
            vote = Vote.objects.create(
                entry=entry,
                voter=voter,
                created_at=now,
                ip_hash=hash_ip(ip),
                excluded_rule="" if human_checked else NO_HUMAN_CHECK,
                excluded_at=None if human_checked else now,
            )
    except IntegrityError:
        raise ValidationError(_already_voted(), code=ALREADY_VOTED) from None
    if human_checked:
        move_count(entry_id=entry.pk, by=1)
    return vote


def _already_voted() -> str:
    return _("You have already voted for this entry.")


@transaction.atomic
def vote_withdraw(*, entry: Entry, voter: User, now: datetime) -> None:
    """Take back ``voter``'s vote for ``entry`` while voting is open."""
    if not entry.competition.timeline.accepts_votes_at(now):
        raise ValidationError(
            _("Voting has closed, so votes can no longer be changed."), code="closed"
        )
    User.objects.select_for_update().get(pk=voter.pk)
    vote = Vote.objects.select_for_update().filter(entry=entry, voter=voter).first()
    if vote is None:
        raise ValidationError(
            _("You haven't voted for this entry, so there is nothing to withdraw."),
            code="no_vote",
        )
    if not vote.is_valid and vote.excluded_rule != NO_HUMAN_CHECK:
        # The vote is evidence under review: it stays until an editor decides.
        # (One set aside only for want of the human check is the voter's to take
        # back: it was never counted, and is evidence of nothing.)
        raise ValidationError(
            _(
                "This vote is being checked by our team, so it can't be withdrawn "
                "just now."
            ),
            code="under_review",
        )
    vote.delete()
    if vote.is_valid:
        move_count(entry_id=entry.pk, by=-1)


def move_count(*, entry_id: int, by: int) -> None:
    """Move an entry's stored count of valid votes, in the caller's transaction.

    One UPDATE where the entry has its row already (every vote but its first).
    """
    moved = EntryVoteCount.objects.filter(entry_id=entry_id)
    if moved.update(valid_votes=F("valid_votes") + by):
        return
    EntryVoteCount.objects.get_or_create(entry_id=entry_id)
    moved.update(valid_votes=F("valid_votes") + by)


def counts_reconcile() -> list[tuple[int, int, int]]:
    """Rebuild every stored count from the valid votes; return the drift found.

    Each item is (entry id, stored count, true count) for an entry whose stored
    count was wrong.
    """

    drift = []
    with transaction.atomic():
        stored = dict(
            EntryVoteCount.objects.select_for_update().values_list(
                "entry_id", "valid_votes"
            )
        )
        true = dict(
            Vote.objects.values("entry_id")
            .annotate(n=Count("pk", filter=Q(excluded_rule="")))
            .values_list("entry_id", "n")
        )
        for entry_id in sorted(set(stored) | set(true)):
            have, want = stored.get(entry_id, 0), true.get(entry_id, 0)
            if have == want and entry_id in stored:
                continue
            if have != want:
                drift.append((entry_id, have, want))
            EntryVoteCount.objects.update_or_create(
                entry_id=entry_id, defaults={"valid_votes": want}
            )
    return drift
