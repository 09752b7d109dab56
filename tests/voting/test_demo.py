"""The demo's votes on picture-your-high-street: honest, one burst, a voter."""

from django.utils import timezone

from competitions.models import CompetitionPage
from home.demo import build_demo_world
from members.models import User
from submissions.models import Entry
from voting.demo import ensure_votes
from voting.integrity import integrity_check, integrity_report
from voting.models import EntryVoteCount, Vote


class Demo:
    def __init__(self, page):
        self.page = page


def seed(now):
    build_demo_world(now=now)
    users = {u.email: u for u in User.objects.all()}
    competitions = [Demo(p) for p in CompetitionPage.objects.all()]
    ensure_votes(competitions=competitions, users=users, now=now)
    return CompetitionPage.objects.get(slug="picture-your-high-street")


def test_the_demo_has_votes_a_burst_and_a_voter(client, db):
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    page = seed(now)

    report = integrity_report(page)
    assert report.valid == 6
    assert {code: n for code, _l, n in report.excluded}["ip_burst"] == 3
    assert report.excluded_total == 3
    assert report.voters == 4
    ana = User.objects.get(email="ana@example.org")
    assert Vote.objects.filter(voter=ana, excluded_rule="").exists()
    for entry in Entry.objects.public().filter(competition=page):
        valid = Vote.objects.filter(entry=entry, excluded_rule="").count()
        assert EntryVoteCount.objects.get(entry=entry).valid_votes == valid

    # The checks find nothing new, and a second seed changes nothing.
    assert sum(integrity_check(competition=page, now=now).values()) == 0
    seed(now)
    assert Vote.objects.count() == 9

    ana.refresh_from_db()  # the second seed reset the demo passwords
    client.force_login(ana)
    market = Entry.objects.get(competition=page, title="Market day")
    page_html = client.get(market.get_absolute_url()).content.decode()
    assert "You voted for this entry." in page_html
    assert "3 votes" in page_html
