"""Integrity rules set votes aside with their rule; reinstating counts them again."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import EntryFactory, UserFactory
from tests.voting.conftest import verified_member
from voting.integrity import integrity_check, integrity_report, vote_reinstate
from voting.models import EntryVoteCount, Vote
from voting.services import vote_cast


def old_member(days=60, **kwargs):
    member = verified_member(**kwargs)
    member.date_joined = timezone.now() - timedelta(days=days)
    member.save()
    return member


def cast(entry, voter, ip="192.0.2.1", at=None):
    return vote_cast(entry=entry, voter=voter, ip=ip, now=at or timezone.now())


def count(entry) -> int:
    return EntryVoteCount.objects.get(entry=entry).valid_votes


def check(competition):
    return integrity_check(competition=competition, now=timezone.now())


def test_honest_votes_are_left_alone(competition, entry):
    for index in range(4):
        cast(entry, old_member(days=60 + index * 3), ip=f"192.0.2.{index}")

    assert sum(check(competition).values()) == 0
    assert count(entry) == 4


def test_many_voters_from_one_ip_are_excluded(competition, entry, settings):
    settings.VOTING_IP_BURST = 3
    settings.VOTING_IP_BURST_MINUTES = 30
    now = timezone.now()
    burst = [old_member(days=60 + i * 3) for i in range(3)]
    for minutes, voter in zip((0, 5, 10), burst, strict=True):
        cast(entry, voter, ip="198.51.100.9", at=now - timedelta(minutes=minutes))
    household = [old_member(days=90 + i * 3) for i in range(2)]
    for voter in household:
        cast(entry, voter, ip="203.0.113.5")

    excluded = check(competition)

    assert excluded["ip_burst"] == 3
    rules = set(
        Vote.objects.filter(voter__in=burst).values_list("excluded_rule", flat=True)
    )
    assert rules == {"ip_burst"}
    assert all(v.excluded_at for v in Vote.objects.filter(voter__in=burst))
    assert Vote.objects.filter(voter__in=household, excluded_rule="").count() == 2
    assert Vote.objects.count() == 5  # nothing deleted
    assert count(entry) == 2


def test_one_voter_voting_thrice_from_one_ip_is_no_burst(competition, settings):
    settings.VOTING_IP_BURST = 3
    voter = old_member()
    for entry in EntryFactory.create_batch(3, competition=competition, approved=True):
        cast(entry, voter, ip="198.51.100.9")

    assert check(competition)["ip_burst"] == 0


def test_the_ip_window_is_respected(competition, entry, settings):
    settings.VOTING_IP_BURST = 3
    settings.VOTING_IP_BURST_MINUTES = 30
    now = timezone.now()
    for hours, voter in enumerate(old_member(days=60 + i * 3) for i in range(3)):
        cast(entry, voter, ip="198.51.100.9", at=now - timedelta(hours=hours))

    assert check(competition)["ip_burst"] == 0


def test_accounts_made_after_voting_opened(competition, entry):
    late = verified_member()  # joined now; voting opened five days ago
    on_time = old_member()
    cast(entry, late, ip="192.0.2.1")
    cast(entry, on_time, ip="192.0.2.2")

    assert check(competition)["late_account"] == 1
    assert Vote.objects.get(voter=late).excluded_rule == "late_account"
    assert count(entry) == 1


def test_disposable_email_domains(competition, entry, settings):
    settings.VOTING_DISPOSABLE_DOMAINS = ["Throwaway.example"]
    cast(entry, old_member(email="x@mailinator.com"), ip="192.0.2.1")
    cast(entry, old_member(days=70, email="y@throwaway.example"), ip="192.0.2.2")
    cast(entry, old_member(days=80, email="z@example.org"), ip="192.0.2.3")

    assert check(competition)["disposable_email"] == 2
    assert count(entry) == 1


def test_a_burst_of_new_accounts(competition, entry, settings):
    settings.VOTING_ACCOUNT_BURST = 4
    settings.VOTING_ACCOUNT_BURST_MINUTES = 60
    for index in range(4):  # four accounts made together, twenty days ago
        cast(entry, old_member(days=20), ip=f"192.0.2.{index}")
    for index, days in enumerate((40, 50)):
        cast(entry, old_member(days=days), ip=f"198.51.100.{index}")

    assert check(competition)["account_burst"] == 4
    assert count(entry) == 2


def test_reinstating_restores_the_count_and_sticks(competition, entry):
    late = verified_member()
    cast(entry, late)
    check(competition)
    vote = Vote.objects.get(voter=late)
    assert count(entry) == 0
    editor = UserFactory(editor=True)

    vote_reinstate(vote=vote, actor=editor, now=timezone.now())

    vote.refresh_from_db()
    assert vote.is_valid and vote.reinstated_by == editor
    assert count(entry) == 1
    assert sum(check(competition).values()) == 0
    assert count(entry) == 1
    with pytest.raises(ValidationError, match="already counted"):
        vote_reinstate(vote=vote, actor=editor, now=timezone.now())
    assert count(entry) == 1


def test_a_vote_without_the_human_check_counts_once_reinstated(competition, entry):
    member = old_member()
    vote = vote_cast(
        entry=entry,
        voter=member,
        ip="192.0.2.1",
        now=timezone.now(),
        human_checked=False,
    )
    EntryVoteCount.objects.get_or_create(entry=entry)
    assert count(entry) == 0
    assert sum(check(competition).values()) == 0  # the rules leave it as it is
    by_rule = {code: n for code, _label, n in integrity_report(competition).excluded}
    assert by_rule["no_human_check"] == 1

    vote_reinstate(vote=vote, actor=UserFactory(editor=True), now=timezone.now())

    assert count(entry) == 1
    assert integrity_report(competition).valid == 1


def test_the_report_adds_up(competition, entry, settings):
    settings.VOTING_DISPOSABLE_DOMAINS = []
    other = EntryFactory(competition=competition, approved=True)
    honest = old_member()
    cast(entry, honest, ip="192.0.2.1")
    cast(other, honest, ip="192.0.2.1")
    cast(entry, old_member(days=70), ip="192.0.2.2")
    cast(entry, verified_member(), ip="192.0.2.3")  # late account
    cast(entry, old_member(days=80, email="q@yopmail.com"), ip="192.0.2.4")
    check(competition)

    report = integrity_report(competition)

    assert report.cast == 5
    assert report.valid == 3
    assert report.voters == 2
    assert report.excluded_total == 2
    by_rule = {code: n for code, _label, n in report.excluded}
    assert by_rule == {
        "ip_burst": 0,
        "account_burst": 0,
        "late_account": 1,
        "disposable_email": 1,
        "no_human_check": 0,
    }
