"""POST /entries/<public_id>/vote/ and the vote section of the entry page."""

import json
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.cache.backends.locmem import LocMemCache
from django.urls import reverse
from django.utils import timezone

from tests.factories import EntryFactory, UserFactory
from tests.voting.conftest import verified_member
from voting.models import EntryVoteCount, ShowCounts, Vote, VotingRules
from voting.services import vote_cast

JSON = {"Accept": "application/json"}


class BrokenCache(LocMemCache):
    """A cache whose server cannot be reached, as when Redis is down."""

    def add(self, *args, **kwargs):
        raise ConnectionError("Redis is down")

    def incr(self, *args, **kwargs):
        raise ConnectionError("Redis is down")


def vote_url(entry) -> str:
    return reverse("voting_public:entry_vote", kwargs={"public_id": entry.public_id})


def post(client, recaptcha, entry, action="cast", headers=None):
    data = {"action": action, **recaptcha.data("vote")}
    return client.post(vote_url(entry), data, headers=headers or {})


def test_no_js_vote_redirects_back_with_a_message(client, recaptcha, entry, member):
    client.force_login(member)

    response = post(client, recaptcha, entry)

    assert response.status_code == 302
    assert response["Location"] == entry.get_absolute_url()
    assert Vote.objects.filter(entry=entry, voter=member).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Thank you: your vote is in." in page
    assert "You voted for this entry." in page
    assert "Withdraw my vote" in page


def test_no_js_withdraw(client, recaptcha, entry, member):
    client.force_login(member)
    post(client, recaptcha, entry)

    response = post(client, recaptcha, entry, action="withdraw")

    assert response.status_code == 302
    assert not Vote.objects.exists()
    assert EntryVoteCount.objects.get(entry=entry).valid_votes == 0


def test_a_browser_without_scripts_votes_and_the_vote_waits_for_a_check(
    client, recaptcha, entry, member
):
    """No script, so no token: the form's <noscript> says so, and the vote waits."""
    client.force_login(member)
    page = BeautifulSoup(client.get(entry.get_absolute_url()).content, "html.parser")
    form = page.select_one("form[data-vote-form]")
    assert form.select_one("noscript input[name=unchecked]")["value"] == "1"
    assert "It will count once our team has checked it." in form.get_text()

    response = client.post(vote_url(entry), {"action": "cast", "unchecked": "1"})

    assert response.status_code == 302
    assert response["Location"] == entry.get_absolute_url()
    vote = Vote.objects.get(entry=entry, voter=member)
    assert vote.excluded_rule == "no_human_check"
    assert not EntryVoteCount.objects.filter(entry=entry, valid_votes__gt=0).exists()
    assert recaptcha.tokens == []
    shown = client.get(response["Location"]).content.decode()
    assert "it will count once our team has checked it" in shown
    assert "Your vote is being checked by our team." in shown

    withdrawn = client.post(vote_url(entry), {"action": "withdraw", "unchecked": "1"})

    assert withdrawn.status_code == 302
    assert not Vote.objects.exists()


def test_a_token_sent_is_checked_whatever_else_the_form_says(
    client, recaptcha, entry, member
):
    """``unchecked`` only stands in for a missing token, never for a failing one."""
    client.force_login(member)
    recaptcha.score = 0.1
    data = {"action": "cast", "unchecked": "1", **recaptcha.data("vote")}

    response = client.post(vote_url(entry), data)

    assert response.status_code == 400
    assert not Vote.objects.exists()


@pytest.mark.parametrize("value", ["false", "0", ""])
def test_unchecked_read_as_no_is_no(client, recaptcha, entry, member, value):
    """Only a real "yes" stands in for the token; anything else needs the token."""
    client.force_login(member)

    response = client.post(vote_url(entry), {"action": "cast", "unchecked": value})

    assert response.status_code == 400
    assert not Vote.objects.exists()


def test_without_keys_for_the_check_unchecked_votes_count(
    client, entry, member, settings
):
    """A site with reCAPTCHA off checks nobody, so nothing is set aside for it."""
    settings.RECAPTCHA_ENABLED = False
    client.force_login(member)

    client.post(vote_url(entry), {"action": "cast", "unchecked": "1"})

    assert Vote.objects.get(entry=entry, voter=member).is_valid
    assert EntryVoteCount.objects.get(entry=entry).valid_votes == 1


def test_json_vote_answers_with_the_new_section(client, recaptcha, entry, member):
    VotingRules.objects.create(
        competition=entry.competition, show_counts=ShowCounts.DURING
    )
    client.force_login(member)

    response = post(client, recaptcha, entry, headers=JSON)

    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["ok"] is True and data["voted"] is True
    assert data["count"] == 1
    assert "You voted for this entry." in data["html"]
    assert "1 vote" in data["html"]


def test_json_refusal_says_why(client, recaptcha, entry):
    client.force_login(UserFactory())

    response = post(client, recaptcha, entry, headers=JSON)

    assert response.status_code == 400
    assert "confirm your email" in json.loads(response.content)["message"]
    assert not Vote.objects.exists()


def test_no_js_refusal_is_a_page_with_the_reason(client, recaptcha, entry, member):
    client.force_login(member)
    post(client, recaptcha, entry)

    response = post(client, recaptcha, entry)

    assert response.status_code == 400
    assert "already voted" in response.content.decode()
    assert Vote.objects.count() == 1


def test_anonymous_visitors_are_sent_to_sign_in(client, recaptcha, entry):
    response = post(client, recaptcha, entry)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert post(client, recaptcha, entry, headers=JSON).status_code == 401
    assert not Vote.objects.exists()


def test_entries_not_public_are_404(client, recaptcha, competition, member):
    client.force_login(member)
    hidden = EntryFactory(competition=competition, submitted=True)

    assert post(client, recaptcha, hidden).status_code == 404
    assert client.get(vote_url(hidden)).status_code == 405


def test_a_failed_human_check_is_refused(client, recaptcha, entry, member):
    client.force_login(member)
    recaptcha.score = 0.1

    response = post(client, recaptcha, entry, headers=JSON)

    assert response.status_code == 400
    assert "human" in json.loads(response.content)["message"]
    assert not Vote.objects.exists()


def test_a_vote_sent_before_the_scripts_ran_can_be_sent_again_from_the_refusal(
    client, recaptcha, entry, member
):
    """No token (the button was pressed too soon): the refusal carries the form."""
    client.force_login(member)

    response = client.post(vote_url(entry), {"action": "cast"})

    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    assert "human" in page.select_one("[role=alert]").get_text()
    form = page.select_one("form[data-vote-form]")
    assert form["action"] == vote_url(entry)
    assert form.select_one("input[data-captcha-action=vote]") is not None
    assert form.find("button", string="Vote for this entry") is not None
    assert not Vote.objects.exists()


def test_a_refusal_by_the_rules_offers_no_form_again(client, recaptcha, entry, member):
    client.force_login(member)
    post(client, recaptcha, entry)

    response = post(client, recaptcha, entry)

    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("form[data-vote-form]") is None


def test_a_token_for_another_action_is_refused(client, recaptcha, entry, member):
    client.force_login(member)
    data = {"action": "cast", **recaptcha.data("signup")}

    assert client.post(vote_url(entry), data).status_code == 400
    assert not Vote.objects.exists()


def test_rate_limit_per_member(client, recaptcha, entry, member, settings):
    settings.VOTING_RATE_PER_MEMBER = 2
    client.force_login(member)
    post(client, recaptcha, entry)
    post(client, recaptcha, entry, action="withdraw")

    response = post(client, recaptcha, entry, headers=JSON)

    assert response.status_code == 429
    assert not Vote.objects.exists()


def test_rate_limit_per_ip_ignores_a_spoofed_forwarded_for(
    client, recaptcha, competition, settings
):
    settings.VOTING_RATE_PER_IP = 2
    entries = EntryFactory.create_batch(3, competition=competition, approved=True)
    statuses = []
    for index, entry in enumerate(entries):
        client.force_login(verified_member())
        headers = {"X-Forwarded-For": f"192.0.2.{index}"}
        statuses.append(post(client, recaptcha, entry, headers=headers).status_code)

    assert statuses == [302, 302, 429]
    assert Vote.objects.count() == 2


def test_cache_down_refuses_with_503_and_writes_nothing(
    client, recaptcha, entry, member, settings
):
    client.force_login(member)
    settings.CACHES = {"default": {"BACKEND": "tests.voting.test_views.BrokenCache"}}

    response = post(client, recaptcha, entry, headers=JSON)
    page = post(client, recaptcha, entry)

    assert response.status_code == 503
    assert "Voting is busy; please try again shortly" in response.content.decode()
    assert page.status_code == 503
    assert "Voting is busy; please try again shortly" in page.content.decode()
    assert not Vote.objects.exists()
    assert not EntryVoteCount.objects.exists()
    assert recaptcha.tokens == []
    assert client.get(entry.get_absolute_url()).status_code == 200


def test_section_shows_the_reason_for_the_author(client, entry):
    author = verified_member()
    entry.author = author
    entry.save()
    client.force_login(author)

    page = client.get(entry.get_absolute_url()).content.decode()

    assert "You can&#x27;t vote for your own entry." in page
    assert "Vote for this entry" not in page


def test_section_asks_visitors_to_sign_in(client, entry):
    page = client.get(entry.get_absolute_url()).content.decode()

    assert "Sign in to vote" in page
    assert vote_url(entry) not in page


def test_section_says_when_votes_are_used_up(client, competition, member):
    VotingRules.objects.create(competition=competition, votes_per_member=1)
    first, second = EntryFactory.create_batch(2, competition=competition, approved=True)
    vote_cast(entry=first, voter=member, ip="", now=timezone.now())
    client.force_login(member)

    page = client.get(second.get_absolute_url()).content.decode()

    assert "You have used all your votes" in page
    assert "Vote for this entry" not in page


def test_section_at_the_limit_links_the_entries_that_hold_the_votes(
    client, competition, member
):
    """ "Withdraw one" says which: each public entry voted for, first vote first."""
    VotingRules.objects.create(competition=competition, votes_per_member=3)
    first, second, hidden, other = EntryFactory.create_batch(
        4, competition=competition, approved=True
    )
    now = timezone.now()
    for minutes, voted in enumerate((second, first, hidden)):
        vote_cast(
            entry=voted, voter=member, ip="", now=now + timedelta(minutes=minutes)
        )
    hidden.hidden_at = now
    hidden.save()
    elsewhere = EntryFactory(approved=True)  # another competition's entry
    Vote.objects.create(entry=elsewhere, voter=member, created_at=now)
    client.force_login(member)

    page = BeautifulSoup(client.get(other.get_absolute_url()).content, "html.parser")

    mine = page.select_one(".entry__vote-mine")
    assert [a["href"] for a in mine.select("a")] == [
        second.get_absolute_url(),
        first.get_absolute_url(),
    ]
    assert [a.get_text() for a in mine.select("a")] == [second.title, first.title]


def test_section_below_the_limit_lists_no_votes(client, competition, member):
    first, second = EntryFactory.create_batch(2, competition=competition, approved=True)
    vote_cast(entry=first, voter=member, ip="", now=timezone.now())
    client.force_login(member)

    page = BeautifulSoup(client.get(second.get_absolute_url()).content, "html.parser")

    assert page.select_one(".entry__vote-mine") is None
    assert "You have 2 votes left" in page.get_text()


@pytest.mark.parametrize(
    ("show", "during", "after"),
    [
        (ShowCounts.DURING, True, True),
        (ShowCounts.AFTER, False, True),
        (ShowCounts.NEVER, False, False),
    ],
)
def test_counts_show_only_where_the_rules_allow(
    client, entry, member, show, during, after
):
    VotingRules.objects.create(competition=entry.competition, show_counts=show)
    vote_cast(entry=entry, voter=member, ip="", now=timezone.now())

    page = client.get(entry.get_absolute_url()).content.decode()
    assert ("1 vote" in page) is during

    competition = entry.competition
    competition.voting_closes_at = timezone.now() - timedelta(minutes=1)
    competition.voting_opens_at = timezone.now() - timedelta(days=2)
    competition.save_revision().publish()

    page = client.get(entry.get_absolute_url()).content.decode()
    assert ("1 vote" in page) is after
    assert "Vote for this entry" not in page


def test_json_withdraw(client, recaptcha, entry, member):
    client.force_login(member)
    post(client, recaptcha, entry, headers=JSON)

    response = post(client, recaptcha, entry, action="withdraw", headers=JSON)

    data = json.loads(response.content)
    assert response.status_code == 200
    assert data["voted"] is False
    assert "Vote for this entry" in data["html"]
    assert not Vote.objects.exists()


def test_an_unknown_action_is_refused(client, recaptcha, entry, member):
    client.force_login(member)

    response = post(client, recaptcha, entry, action="stuff", headers=JSON)

    assert response.status_code == 400
    assert not Vote.objects.exists()
