"""The voting rules, checked on the server: each refusal, the limit, withdrawals."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from tests.factories import CompetitionPageFactory, EntryFactory, UserFactory
from tests.voting.conftest import verified_member
from voting.models import EntryVoteCount, Vote, VotingRules
from voting.services import hash_ip, vote_cast, vote_withdraw

IP = "203.0.113.7"


def cast(entry, voter, now=None):
    return vote_cast(entry=entry, voter=voter, ip=IP, now=now or timezone.now())


def count(entry) -> int:
    return EntryVoteCount.objects.get(entry=entry).valid_votes


def refusal(entry, voter, now=None) -> str:
    with pytest.raises(ValidationError) as caught:
        cast(entry, voter, now)
    assert not Vote.objects.filter(entry=entry, voter=voter).exists()
    return " ".join(caught.value.messages)


def test_a_verified_member_votes_and_the_count_moves(entry, member):
    vote = cast(entry, member)

    assert vote.is_valid
    assert vote.ip_hash == hash_ip(IP)
    assert IP not in vote.ip_hash
    assert count(entry) == 1


def test_voting_window_edges_to_the_second(entry, member):
    opens = entry.competition.voting_opens_at
    closes = entry.competition.voting_closes_at

    assert "not open" in refusal(entry, member, opens - timedelta(seconds=1))
    assert "not open" in refusal(entry, member, closes)
    cast(entry, member, closes - timedelta(seconds=1))
    assert count(entry) == 1


def test_own_entry_is_refused(entry):
    author = verified_member()
    entry.author = author
    entry.save()

    assert "your own entry" in refusal(entry, author)


def test_unverified_member_is_refused(entry):
    assert "confirm your email" in refusal(entry, UserFactory())


def test_inactive_member_is_refused(entry):
    assert "sign in" in refusal(entry, verified_member(is_active=False))


def test_entries_that_are_not_public_are_refused(competition, member):
    for trait in ("submitted", "rejected", "withdrawn"):
        entry = EntryFactory(competition=competition, **{trait: True})
        assert "not open for votes" in refusal(entry, member)
    hidden = EntryFactory(
        competition=competition, approved=True, hidden_at=timezone.now()
    )
    assert "not open for votes" in refusal(hidden, member)


def test_young_accounts_are_refused_when_the_rules_say(entry, member):
    VotingRules.objects.create(competition=entry.competition, min_account_age_days=7)
    assert "at least 7 days old" in refusal(entry, member)

    member.date_joined = timezone.now() - timedelta(days=8)
    member.save()
    cast(entry, member)


def test_one_vote_per_entry(entry, member):
    cast(entry, member)

    assert "already voted" in refusal_again(entry, member)
    assert Vote.objects.filter(entry=entry).count() == 1
    assert count(entry) == 1


def refusal_again(entry, voter) -> str:
    with pytest.raises(ValidationError) as caught:
        cast(entry, voter)
    return " ".join(caught.value.messages)


def test_votes_per_member_per_competition(competition, member):
    VotingRules.objects.create(competition=competition, votes_per_member=2)
    entries = EntryFactory.create_batch(3, competition=competition, approved=True)
    cast(entries[0], member)
    cast(entries[1], member)

    assert "all 2 of your votes" in refusal(entries[2], member)

    vote_withdraw(entry=entries[0], voter=member, now=timezone.now())
    cast(entries[2], member)
    assert Vote.objects.filter(voter=member).count() == 2


def test_the_limit_is_per_competition(competition, competition_index, member):
    VotingRules.objects.create(competition=competition, votes_per_member=1)
    other = CompetitionPageFactory(parent=competition_index, voting=True)
    cast(EntryFactory(competition=competition, approved=True), member)
    cast(EntryFactory(competition=other, approved=True), member)
    assert Vote.objects.filter(voter=member).count() == 2


def test_withdraw_and_vote_again(entry, member):
    cast(entry, member)
    vote_withdraw(entry=entry, voter=member, now=timezone.now())
    assert count(entry) == 0
    assert not Vote.objects.exists()

    cast(entry, member)
    assert count(entry) == 1


def test_withdrawing_nothing_or_after_close_is_refused(entry, member):
    with pytest.raises(ValidationError, match="nothing to withdraw"):
        vote_withdraw(entry=entry, voter=member, now=timezone.now())
    cast(entry, member)
    with pytest.raises(ValidationError, match="Voting has closed"):
        vote_withdraw(entry=entry, voter=member, now=entry.competition.voting_closes_at)
    assert count(entry) == 1


def test_an_excluded_vote_cannot_be_withdrawn(entry, member):
    vote = cast(entry, member)
    Vote.objects.filter(pk=vote.pk).update(excluded_rule="ip_burst")

    with pytest.raises(ValidationError, match="being checked"):
        vote_withdraw(entry=entry, voter=member, now=timezone.now())
    assert Vote.objects.filter(pk=vote.pk).exists()


def test_a_vote_without_the_human_check_is_kept_aside_and_may_be_withdrawn(
    entry, member
):
    """No script ran, so no check: the vote is recorded, set aside, never counted."""
    other_voter = verified_member()
    cast(entry, other_voter)
    now = timezone.now()

    vote = vote_cast(entry=entry, voter=member, ip=IP, now=now, human_checked=False)

    vote.refresh_from_db()
    assert (vote.excluded_rule, vote.excluded_at) == ("no_human_check", now)
    assert count(entry) == 1
    with pytest.raises(ValidationError, match="already voted"):
        vote_cast(entry=entry, voter=member, ip=IP, now=now)
    # It was never counted, so taking it back leaves the count where it is.
    vote_withdraw(entry=entry, voter=member, now=timezone.now())
    assert not Vote.objects.filter(voter=member).exists()
    assert count(entry) == 1
    cast(entry, member)
    assert count(entry) == 2


def test_reconcile_fixes_a_drifted_counter(entry, member, competition):
    cast(entry, member)
    cast(entry, verified_member())
    excluded = cast(entry, verified_member())
    Vote.objects.filter(pk=excluded.pk).update(excluded_rule="ip_burst")
    EntryVoteCount.objects.filter(entry=entry).update(valid_votes=17)
    lost = EntryFactory(competition=competition, approved=True)
    cast(lost, member)
    EntryVoteCount.objects.filter(entry=lost).delete()

    out = StringIO()
    call_command("votes_reconcile", stdout=out)

    assert count(entry) == 2
    assert count(lost) == 1
    assert f"Entry {entry.pk}: stored 17, counted 2." in out.getvalue()
    assert f"Entry {lost.pk}: stored 0, counted 1." in out.getvalue()

    out = StringIO()
    call_command("votes_reconcile", stdout=out)
    assert "Every count was right." in out.getvalue()
