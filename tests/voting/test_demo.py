"""The demo's votes: a burst and a voter on picture-your-high-street, and the
people's choice with its integrity report on kindness-of-strangers."""

from datetime import timedelta

from bs4 import BeautifulSoup
from django.utils import timezone

from competitions.demo import DemoCompetition
from competitions.models import CompetitionPage
from home.demo import build_demo_world
from members.models import User
from submissions.models import Entry
from voting.demo import ensure_votes
from voting.integrity import integrity_check, integrity_report
from voting.models import EntryVoteCount, Vote


def seed(now, slug="picture-your-high-street"):
    build_demo_world(now=now)
    users = {u.email: u for u in User.objects.all()}
    competitions = [
        DemoCompetition(page=page, moved_by=timedelta(0))
        for page in CompetitionPage.objects.all()
    ]
    ensure_votes(competitions=competitions, users=users, now=now)
    return CompetitionPage.objects.get(slug=slug)


def this_hour():
    return timezone.now().replace(minute=0, second=0, microsecond=0)


def test_the_demo_has_votes_a_burst_and_a_voter(client, db):
    now = this_hour()
    page = seed(now)

    report = integrity_report(page)
    assert report.valid == 6
    excluded = {code: n for code, _l, n in report.excluded}
    assert (excluded["ip_burst"], excluded["no_human_check"]) == (3, 1)
    assert report.excluded_total == 4
    assert report.voters == 4
    ana = User.objects.get(email="ana@example.org")
    assert Vote.objects.filter(voter=ana, excluded_rule="").exists()
    for entry in Entry.objects.public().filter(competition=page):
        valid = Vote.objects.filter(entry=entry, excluded_rule="").count()
        assert EntryVoteCount.objects.get(entry=entry).valid_votes == valid

    # The checks find nothing new, and a second seed changes nothing.
    assert sum(integrity_check(competition=page, now=now).values()) == 0
    seed(now)
    assert Vote.objects.filter(entry__competition=page).count() == 10

    ana.refresh_from_db()  # the second seed reset the demo passwords
    client.force_login(ana)
    market = Entry.objects.get(competition=page, title="Market day")
    page_html = client.get(market.get_absolute_url()).content.decode()
    assert "You voted for this entry." in page_html
    assert "3 votes" in page_html


def results_page(client, page) -> BeautifulSoup:
    response = client.get(page.url + page.reverse_subpage("results"))
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_the_results_competition_has_a_peoples_choice_and_a_report(client, db):
    page = seed(this_hour(), slug="kindness-of-strangers")

    soup = results_page(client, page)

    section = soup.select_one("section.results__votes")
    assert [a.text for a in section.select(".award a")] == ["Held door"]
    assert "3 valid votes" in section.get_text()
    numbers = {t["data-report"]: int(t.text) for t in section.select("[data-report]")}
    assert numbers == {
        "cast": 8,
        "valid": 5,
        "excluded": 3,
        "voters": 4,
        "ip_burst": 3,
        "account_burst": 0,
        "late_account": 0,
        "disposable_email": 0,
        "no_human_check": 0,
    }
    umbrella = Entry.objects.get(competition=page, title="The umbrella")
    assert EntryVoteCount.objects.get(entry=umbrella).valid_votes == 2


def test_the_results_votes_stay_inside_the_voting_window(db):
    first = this_hour()
    page = seed(first, slug="kindness-of-strangers")
    later = first + timedelta(days=3)

    build_demo_world(now=later)  # the timeline moves three days on

    page.refresh_from_db()
    votes = Vote.objects.filter(entry__competition=page).select_related("voter")
    assert votes.count() == 8
    assert page.voting_closes_at <= later
    for vote in votes:
        assert page.voting_opens_at <= vote.created_at < page.voting_closes_at
        assert vote.voter.date_joined < page.voting_opens_at
    assert integrity_report(page).valid == 5
