"""Integrity rules: votes that look like ballot stuffing are set aside, never deleted.

Each rule looks at a competition's votes and names the ones it would exclude;
``integrity_check`` marks them with the rule's code (the first rule to name a
vote wins) and takes them off the entries' counts in the same transaction. A vote
an editor has reinstated is never excluded again. ``integrity_report`` gives the
numbers the results page publishes: votes cast, excluded per rule, valid, voters.

Thresholds come from settings (``VOTING_IP_BURST`` voters from one IP hash within
``VOTING_IP_BURST_MINUTES``; ``VOTING_ACCOUNT_BURST`` voters whose accounts were
made within ``VOTING_ACCOUNT_BURST_MINUTES`` of each other; disposable domains in
``DISPOSABLE_DOMAINS`` plus ``VOTING_DISPOSABLE_DOMAINS``).
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from competitions.models import CompetitionPage
from core.pagecache import invalidate_public_pages
from members.models import User

from .models import NO_HUMAN_CHECK, Vote
from .rules import setting
from .services import move_count


class Rule(models.TextChoices):
    IP_BURST = "ip_burst", gettext_lazy("Many voters from one internet connection")
    ACCOUNT_BURST = "account_burst", gettext_lazy("A burst of new accounts")
    LATE_ACCOUNT = "late_account", gettext_lazy("Account made after voting opened")
    DISPOSABLE_EMAIL = "disposable_email", gettext_lazy("Throwaway email address")
    # Set aside as the vote is cast (voting.services.vote_cast), by no check here.
    NO_HUMAN_CHECK = NO_HUMAN_CHECK, gettext_lazy("Sent without the human check")


# A few well-known throwaway-address services; add more with the setting.
DISPOSABLE_DOMAINS = frozenset(
    {
        "mailinator.com",
        "guerrillamail.com",
        "10minutemail.com",
        "temp-mail.org",
        "yopmail.com",
        "trashmail.com",
        "sharklasers.com",
        "getnada.com",
        "dispostable.com",
        "maildrop.cc",
    }
)


def _bursts(items: list[tuple[datetime, int]], *, size: int, window: timedelta):
    """Yield the keys of items in any run of ``size`` distinct keys within ``window``.

    ``items`` are (moment, key) pairs; keys are voters, so one person voting
    three times is not a burst.
    """
    items = sorted(items)
    for start, (moment, _key) in enumerate(items):
        inside = {key for when, key in items[start:] if when - moment <= window}
        if len(inside) >= size:
            yield from inside


def ip_burst(competition: CompetitionPage, votes: list[Vote]) -> set[int]:
    size = setting("VOTING_IP_BURST", 3)
    window = timedelta(minutes=setting("VOTING_IP_BURST_MINUTES", 30))
    by_ip = defaultdict(list)
    for vote in votes:
        if vote.ip_hash:
            by_ip[vote.ip_hash].append(vote)
    marked = set()
    for group in by_ip.values():
        voters = set(
            _bursts(
                [(v.created_at, v.voter_id) for v in group], size=size, window=window
            )
        )
        marked |= {v.pk for v in group if v.voter_id in voters}
    return marked


def account_burst(competition: CompetitionPage, votes: list[Vote]) -> set[int]:
    size = setting("VOTING_ACCOUNT_BURST", 5)
    window = timedelta(minutes=setting("VOTING_ACCOUNT_BURST_MINUTES", 60))
    joined = {v.voter_id: v.voter.date_joined for v in votes}
    voters = set(
        _bursts([(when, pk) for pk, when in joined.items()], size=size, window=window)
    )
    return {v.pk for v in votes if v.voter_id in voters}


def late_account(competition: CompetitionPage, votes: list[Vote]) -> set[int]:
    opens = competition.voting_opens_at
    if opens is None:
        return set()
    return {v.pk for v in votes if v.voter.date_joined >= opens}


def disposable_domains() -> frozenset[str]:
    extra = setting("VOTING_DISPOSABLE_DOMAINS", [])
    return DISPOSABLE_DOMAINS | {domain.lower().strip() for domain in extra}


def disposable_email(competition: CompetitionPage, votes: list[Vote]) -> set[int]:
    domains = disposable_domains()
    return {v.pk for v in votes if v.voter.email.rpartition("@")[2].lower() in domains}


RULES: list[tuple[Rule, Callable[[CompetitionPage, list[Vote]], set[int]]]] = [
    (Rule.IP_BURST, ip_burst),
    (Rule.ACCOUNT_BURST, account_burst),
    (Rule.LATE_ACCOUNT, late_account),
    (Rule.DISPOSABLE_EMAIL, disposable_email),
]


def competition_votes(competition: CompetitionPage):
    return Vote.objects.filter(entry__competition=competition)


@transaction.atomic
def integrity_check(*, competition: CompetitionPage, now: datetime) -> dict[str, int]:
    """Run every rule over the competition's votes; return how many each excluded."""
    # A former member's votes are linked to nobody, so no rule can judge them:
    # they keep the state they had when the account closed.
    votes = list(
        competition_votes(competition)
        .filter(voter__isnull=False)
        .select_for_update(of=("self",))
        .select_related("voter")
    )
    open_votes = {v.pk for v in votes if v.is_valid and v.reinstated_at is None}
    excluded: dict[str, int] = {}
    for rule, find in RULES:
        marked = find(competition, votes) & open_votes
        open_votes -= marked
        if marked:
            _exclude(marked, rule=rule, now=now, votes=votes)
        excluded[rule.value] = len(marked)
    if any(excluded.values()):
        invalidate_public_pages()  # counts, the people's choice and its report
    return excluded


def _exclude(
    vote_ids: set[int], *, rule: Rule, now: datetime, votes: Iterable[Vote]
) -> None:
    Vote.objects.filter(pk__in=vote_ids).update(
        excluded_rule=rule.value, excluded_at=now
    )
    per_entry = Counter(v.entry_id for v in votes if v.pk in vote_ids)
    for entry_id, number in per_entry.items():
        move_count(entry_id=entry_id, by=-number)


@transaction.atomic
def vote_reinstate(*, vote: Vote, actor: User, now: datetime) -> Vote:
    """Count an excluded vote again; the rules leave it alone from now on."""
    vote = Vote.objects.select_for_update().get(pk=vote.pk)
    if vote.is_valid:
        raise ValidationError(_("This vote is already counted."), code="valid")
    vote.excluded_rule = ""
    vote.reinstated_by, vote.reinstated_at = actor, now
    vote.save(update_fields=["excluded_rule", "reinstated_by", "reinstated_at"])
    move_count(entry_id=vote.entry_id, by=1)
    invalidate_public_pages()
    return vote


@dataclass(frozen=True)
class IntegrityReport:
    cast: int
    valid: int
    voters: int
    excluded: list[tuple[str, str, int]]  # (rule code, label, votes)

    @property
    def excluded_total(self) -> int:
        return self.cast - self.valid


def integrity_report(competition: CompetitionPage) -> IntegrityReport:
    """Count the competition's votes: cast, valid, voters, and excluded by rule."""
    votes = competition_votes(competition)
    counted = Q(excluded_rule="")
    totals = votes.aggregate(
        cast=Count("pk"),
        valid=Count("pk", filter=counted),
        members=Count("voter", filter=counted, distinct=True),
        former=Count(
            "former_voter", filter=counted & ~Q(former_voter=""), distinct=True
        ),
    )
    totals["voters"] = totals.pop("members") + totals.pop("former")
    by_rule = dict(
        votes.exclude(excluded_rule="")
        .values("excluded_rule")
        .annotate(n=Count("pk"))
        .values_list("excluded_rule", "n")
    )
    excluded = [
        (rule.value, str(rule.label), by_rule.get(rule.value, 0)) for rule in Rule
    ]
    return IntegrityReport(excluded=excluded, **totals)


def rule_explanations() -> dict[str, str]:
    """Say in plain words what each rule sets aside, with today's thresholds."""
    return {
        Rule.IP_BURST.value: _(
            "Votes from %(size)d or more members on one internet connection "
            "within %(minutes)d minutes."
        )
        % {
            "size": setting("VOTING_IP_BURST", 3),
            "minutes": setting("VOTING_IP_BURST_MINUTES", 30),
        },
        Rule.ACCOUNT_BURST.value: _(
            "Votes from %(size)d or more accounts made within %(minutes)d "
            "minutes of each other."
        )
        % {
            "size": setting("VOTING_ACCOUNT_BURST", 5),
            "minutes": setting("VOTING_ACCOUNT_BURST_MINUTES", 60),
        },
        Rule.LATE_ACCOUNT.value: _("Votes from accounts made after voting opened."),
        Rule.DISPOSABLE_EMAIL.value: _(
            "Votes from accounts with a throwaway email address."
        ),
        Rule.NO_HUMAN_CHECK.value: _(
            "Votes sent from a browser that ran none of the page's scripts, so the "
            "automatic human check could not run. They count once reinstated."
        ),
    }
