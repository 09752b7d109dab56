"""The people's choice and the integrity report on the public results page."""

import itertools
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from competitions.enums import PrizeKind
from competitions.models import Prize
from judging.models import ResultsPublication
from judging.results_pages import RESULTS_PAGE_HOOK
from judging.setup import TOP_VOTED_HOOK
from submissions.enums import EntryStatus
from tests.factories import CompetitionPageFactory, EntryFactory, UserFactory
from tests.voting.conftest import verified_member
from voting import wagtail_hooks
from voting.integrity import integrity_check
from voting.models import Vote
from voting.services import counts_reconcile, vote_cast

DAY = timedelta(days=1)
JOINED = itertools.count()


def days_ago(days: float):
    return timezone.now() - days * DAY


@pytest.fixture
def competition(competition_index):
    """Voting closed weeks ago; the results are due, not yet published."""
    return CompetitionPageFactory(
        parent=competition_index,
        results=True,
        entries_close_at=days_ago(40),
        voting_opens_at=days_ago(35),
        voting_closes_at=days_ago(25),
    )


def publish(competition) -> None:
    ResultsPublication.objects.create(competition=competition)


def results_url(competition) -> str:
    return competition.url + competition.reverse_subpage("results")


def voter(*, joined_days_ago: float | None = None, **kwargs):
    """A verified member; by default each joined on a day of their own, long ago."""
    member = verified_member(**kwargs)
    if joined_days_ago is None:
        joined_days_ago = 100 + next(JOINED)
    member.date_joined = days_ago(joined_days_ago)
    member.save(update_fields=["date_joined"])
    return member


def vote(entry, member, *, ip: str, at=None):
    return vote_cast(entry=entry, voter=member, ip=ip, now=at or days_ago(30))


def report_numbers(html: str) -> dict[str, int]:
    soup = BeautifulSoup(html, "html.parser")
    return {tag["data-report"]: int(tag.text) for tag in soup.select("[data-report]")}


def leaders(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    section = soup.select_one("section.results__votes")
    return [link.text for link in section.select(".award a")]


def test_the_hook_names_match_judging():
    assert wagtail_hooks.RESULTS_PAGE_HOOK == RESULTS_PAGE_HOOK
    assert wagtail_hooks.TOP_VOTED_HOOK == TOP_VOTED_HOOK


def test_the_section_shows_once_results_are_published(client, competition):
    entry = EntryFactory(competition=competition, title="Lent umbrella", approved=True)
    vote(entry, voter(), ip="192.0.2.1")

    before = client.get(results_url(competition))
    publish(competition)
    after = client.get(results_url(competition))

    assert before.status_code == 404
    assert after.status_code == 200
    html = after.content.decode()
    assert leaders(html) == ["Lent umbrella"]
    soup = BeautifulSoup(html, "html.parser")
    link = soup.select_one("section.results__votes .award a")
    assert link["href"] == entry.get_absolute_url()
    assert "1 valid vote" in html
    assert report_numbers(html)["cast"] == 1


def test_excluded_votes_do_not_count_and_are_reported_per_rule(client, competition):
    honest = EntryFactory(competition=competition, title="Honest", approved=True)
    stuffed = EntryFactory(competition=competition, title="Stuffed", approved=True)
    first, second = voter(), voter()
    vote(honest, first, ip="192.0.2.1")
    vote(honest, second, ip="192.0.2.2")
    vote(stuffed, first, ip="192.0.2.1")
    moment = days_ago(30)
    for minute in range(3):  # one connection, three voters, three minutes
        vote(stuffed, voter(), ip="203.0.113.9", at=moment + timedelta(minutes=minute))
    vote(stuffed, voter(email="quick@mailinator.com"), ip="192.0.2.7")
    vote(stuffed, voter(joined_days_ago=33), ip="192.0.2.8")  # after voting opened
    vote_cast(  # from a browser that ran no scripts: set aside as it is cast
        entry=stuffed,
        voter=voter(),
        ip="192.0.2.9",
        now=days_ago(30),
        human_checked=False,
    )
    integrity_check(competition=competition, now=days_ago(24))
    publish(competition)

    html = client.get(results_url(competition)).content.decode()

    assert leaders(html) == ["Honest"]
    assert "2 valid votes" in html
    assert report_numbers(html) == {
        "cast": 9,
        "valid": 3,
        "excluded": 6,
        "voters": 2,
        "ip_burst": 3,
        "account_burst": 0,
        "late_account": 1,
        "disposable_email": 1,
        "no_human_check": 1,
    }
    text = BeautifulSoup(html, "html.parser").get_text(" ")
    assert "Many voters from one internet connection" in text
    assert "3 or more members on one internet connection within 30 minutes" in text
    assert "Throwaway email address" in text
    assert "Account made after voting opened" in text
    assert "Sent without the human check" in text


@pytest.mark.parametrize("how", ["hidden", "withdrawn"])
def test_an_entry_no_longer_shown_is_never_the_peoples_choice(client, competition, how):
    popular = EntryFactory(competition=competition, title="Popular", approved=True)
    runner = EntryFactory(competition=competition, title="Runner", approved=True)
    for index in range(3):
        vote(popular, voter(), ip=f"192.0.2.{index + 1}")
    vote(runner, voter(), ip="192.0.2.9")
    if how == "hidden":
        popular.hidden_at = timezone.now()
    else:
        popular.status, popular.withdrawn_at = EntryStatus.WITHDRAWN, timezone.now()
    popular.save()
    publish(competition)

    html = client.get(results_url(competition)).content.decode()

    assert leaders(html) == ["Runner"]
    assert "Popular" not in html


def test_entries_level_on_votes_share_the_peoples_choice(client, competition):
    start = days_ago(45)
    made = [
        EntryFactory(
            competition=competition,
            title=title,
            approved=True,
            submitted_at=start + timedelta(hours=n),
        )
        for n, title in enumerate(["Later", "Earlier", "Fewer"])
    ]
    made[0].submitted_at = start + timedelta(hours=5)  # submitted last
    made[0].save()
    both = voter()
    vote(made[0], both, ip="192.0.2.1")
    vote(made[1], both, ip="192.0.2.1")
    vote(made[0], voter(), ip="192.0.2.2")
    vote(made[1], voter(), ip="192.0.2.3")
    vote(made[2], voter(), ip="192.0.2.4")
    publish(competition)

    html = client.get(results_url(competition)).content.decode()

    assert leaders(html) == ["Earlier", "Later"]  # in the order submitted
    assert "so they share the people's choice" in html


def test_no_voter_is_named(client, competition):
    entry = EntryFactory(competition=competition, approved=True)
    members = [
        voter(handle="secret_voter", email="secret.voter@example.net"),
        voter(handle="burst_voter", email="burst@mailinator.com"),
    ]
    for index, member in enumerate(members):
        vote(entry, member, ip=f"192.0.2.{index + 1}")
    integrity_check(competition=competition, now=days_ago(24))
    publish(competition)

    html = client.get(results_url(competition)).content.decode()

    assert report_numbers(html)["disposable_email"] == 1
    for member in members:
        assert member.handle not in html
        assert member.email not in html
        assert member.email.partition("@")[2] not in html
    assert entry.author.public_name in html  # the entrant's handle is public


def test_a_competition_without_a_vote_has_no_section(client, competition_index):
    competition = CompetitionPageFactory(parent=competition_index, results=True)
    Prize.objects.create(
        page=competition, title="People's choice", kind=PrizeKind.PEOPLES_CHOICE
    )
    publish(competition)

    html = client.get(results_url(competition)).content.decode()

    assert 'id="peoples-choice"' not in html
    assert "Not decided yet." in html


def test_the_peoples_choice_prize_points_at_the_public_vote(client, competition):
    Prize.objects.create(
        page=competition, title="Public's pick", kind=PrizeKind.PEOPLES_CHOICE
    )
    entry = EntryFactory(competition=competition, approved=True)
    vote(entry, voter(), ip="192.0.2.1")
    publish(competition)

    results = client.get(results_url(competition)).content.decode()
    page = client.get(competition.url).content.decode()

    assert "Chosen by the public vote:" in results
    assert 'href="#peoples-choice"' in results
    assert "Not decided yet." not in results
    assert f'href="{results_url(competition)}#peoples-choice"' in page
    assert "chosen by the public vote" in page


def fill(competition, number: int) -> None:
    """Give the competition ``number`` entries and ``number`` votes, some set aside."""
    entries = EntryFactory.create_batch(number, competition=competition, approved=True)
    voters = UserFactory.create_batch(number)
    moment = days_ago(30)
    Vote.objects.bulk_create(
        Vote(
            entry=entries[index % len(entries)],
            voter=member,
            created_at=moment,
            ip_hash=f"hash-{index}",
            excluded_rule="ip_burst" if index % 4 == 3 else "",
        )
        for index, member in enumerate(voters)
    )
    counts_reconcile()


def page_queries(client, competition) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(results_url(competition))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_results_page_queries_do_not_grow(client, competition_index):
    small, large = (
        CompetitionPageFactory(
            parent=competition_index,
            results=True,
            voting_opens_at=days_ago(35),
            voting_closes_at=days_ago(25),
            entries_close_at=days_ago(40),
        )
        for _ in range(2)
    )
    for competition, number in ((small, 5), (large, 60)):
        fill(competition, number)
        Prize.objects.create(page=competition, title="Public", kind="peoples_choice")
        publish(competition)
    client.get(results_url(small))  # the first request warms the site's caches

    small_queries, small_page = page_queries(client, small)
    large_queries, large_page = page_queries(client, large)

    assert report_numbers(small_page)["cast"] == 5
    assert report_numbers(large_page)["cast"] == 60
    assert report_numbers(large_page)["ip_burst"] == 15
    assert small_queries == large_queries
    assert small_queries <= 30
