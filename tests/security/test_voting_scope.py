"""Only editors reach the voting screens: the rules, the excluded votes, reinstating.

The attacks: a moderator, a judge, a member and an anonymous visitor go for a
competition's voting screen, post new rules, run the checks and reinstate an
excluded vote. Staff who are not editors are refused the way the admin refuses
them, members get no admin at all, visitors are sent to sign in; nothing changes.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CompetitionPageFactory, EntryFactory, UserFactory
from tests.support import judging
from tests.support.moderation import admin_moderator, editor
from tests.support.staff import sign_in
from tests.voting.conftest import verified_member
from voting.models import EntryVoteCount, Vote, VotingRules
from voting.services import vote_cast


@pytest.fixture
def world(competition_index):
    competition = CompetitionPageFactory(parent=competition_index, voting=True)
    entry = EntryFactory(competition=competition, approved=True)
    voter = verified_member(handle="stuffed_ballot")
    vote = vote_cast(entry=entry, voter=voter, ip="192.0.2.1", now=timezone.now())
    Vote.objects.filter(pk=vote.pk).update(
        excluded_rule="ip_burst", excluded_at=timezone.now()
    )
    EntryVoteCount.objects.filter(entry=entry).update(valid_votes=0)
    return competition, entry, vote


def screen(competition) -> str:
    return reverse("voting:competition", kwargs={"competition_id": competition.pk})


def posts(competition, vote) -> list[tuple[str, dict]]:
    return [
        (
            screen(competition),
            {"votes_per_member": 9, "min_account_age_days": 0, "show_counts": "during"},
        ),
        (reverse("voting:check", kwargs={"competition_id": competition.pk}), {}),
        (reverse("voting:reinstate", kwargs={"vote_id": vote.pk}), {}),
    ]


def assert_nothing_changed(entry, vote) -> None:
    assert not VotingRules.objects.exists()
    vote.refresh_from_db()
    assert vote.excluded_rule == "ip_burst"
    assert EntryVoteCount.objects.get(entry=entry).valid_votes == 0


def test_an_editor_sees_reinstates_and_sets_rules(client, world):
    competition, entry, vote = world
    sign_in(client, editor())

    page = client.get(screen(competition))
    assert page.status_code == 200
    assert "stuffed_ballot" in page.content.decode()
    assert "Reinstate" in page.content.decode()

    response = client.post(reverse("voting:reinstate", kwargs={"vote_id": vote.pk}))
    assert response.status_code == 302
    vote.refresh_from_db()
    assert vote.is_valid
    assert EntryVoteCount.objects.get(entry=entry).valid_votes == 1

    url, data = posts(competition, vote)[0]
    assert client.post(url, data).status_code == 302
    rules = VotingRules.objects.get(competition=competition)
    assert (rules.votes_per_member, rules.show_counts) == (9, "during")


def test_bad_rules_are_refused_with_the_form(client, world):
    competition, _entry, _vote = world
    sign_in(client, editor())

    response = client.post(
        screen(competition), {"votes_per_member": "lots", "show_counts": "always"}
    )

    assert response.status_code == 400
    assert not VotingRules.objects.exists()


def test_an_unknown_competition_or_vote_is_404(client, world):
    sign_in(client, editor())

    assert (
        client.get(
            reverse("voting:competition", kwargs={"competition_id": 999999})
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("voting:reinstate", kwargs={"vote_id": 999999})).status_code
        == 404
    )


@pytest.mark.parametrize("who", ["moderator", "judge"])
def test_other_staff_are_refused(client, world, who):
    competition, entry, vote = world
    user = (
        admin_moderator(handle="mod_x")
        if who == "moderator"
        else judging.judge("judge_x")
    )
    sign_in(client, user)

    response = client.get(screen(competition))
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] == reverse("wagtailadmin_home")
    assert "stuffed_ballot" not in response.content.decode()
    for url, data in posts(competition, vote):
        assert client.post(url, data).status_code in (302, 403)
        assert (
            client.post(
                url, data, headers={"x-requested-with": "XMLHttpRequest"}
            ).status_code
            == 403
        )
    assert_nothing_changed(entry, vote)


def test_a_member_gets_no_admin(client, world):
    competition, entry, vote = world
    sign_in(client, UserFactory())

    assert client.get(screen(competition)).status_code == 403
    for url, data in posts(competition, vote):
        assert client.post(url, data).status_code == 403
    assert_nothing_changed(entry, vote)


def test_an_anonymous_visitor_is_sent_to_sign_in(client, world):
    competition, entry, vote = world

    response = client.get(screen(competition))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    for url, data in posts(competition, vote):
        assert client.post(url, data).status_code == 302
    assert_nothing_changed(entry, vote)


def test_the_competition_header_links_editors_only(client, world):
    competition, _entry, _vote = world
    edit = reverse("wagtailadmin_pages:edit", args=[competition.pk])

    sign_in(client, editor())
    assert screen(competition) in client.get(edit).content.decode()


def test_an_editor_runs_the_checks_from_the_screen(client, world):
    competition, entry, _vote = world
    late = verified_member(handle="late_comer")  # joined after voting opened
    vote_cast(entry=entry, voter=late, ip="192.0.2.50", now=timezone.now())
    sign_in(client, editor())

    response = client.post(
        reverse("voting:check", kwargs={"competition_id": competition.pk}),
        follow=True,
    )

    assert "Votes checked: 1 set aside." in response.content.decode()
    assert Vote.objects.get(voter=late).excluded_rule == "late_account"
    assert "late_comer" in response.content.decode()
    assert EntryVoteCount.objects.get(entry=entry).valid_votes == 0
