"""A round that takes the entries with the most public votes (RoundIntake.TOP_VOTES).

The ranking comes from voting through judging's ``top_voted_entries`` hook:
valid votes only, public entries only, ties to the entry submitted first.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from judging.enums import RoundIntake
from judging.models import JudgeAssignment
from judging.setup import TOP_VOTED_HOOK, assign_round, round_entries
from tests.factories import CompetitionPageFactory, EntryFactory, days_from_now
from tests.support.judging import editor, judge, make_round
from tests.voting.conftest import verified_member
from voting.integrity import integrity_check, vote_reinstate
from voting.models import Vote
from voting.services import vote_cast


@pytest.fixture
def competition(competition_index):
    """Entries closed 20 days ago, then a public vote that closed 10 days ago."""
    return CompetitionPageFactory(
        parent=competition_index,
        entries_open_at=days_from_now(-40),
        entries_close_at=days_from_now(-20),
        voting_opens_at=days_from_now(-15),
        voting_closes_at=days_from_now(-10),
        judging_closes_at=days_from_now(8),
        results_published_at=days_from_now(10),
    )


@pytest.fixture
def staff(db):
    return {"editor": editor(), "judges": [judge("judge_a"), judge("judge_b")]}


def entries(competition, *titles):
    start = timezone.now() - timedelta(days=25)
    return [
        EntryFactory(
            competition=competition,
            title=title,
            approved=True,
            submitted_at=start + timedelta(hours=n),
        )
        for n, title in enumerate(titles)
    ]


def add_votes(entry, number, *, ip=None):
    """Cast ``number`` votes for ``entry`` during the vote, each voter long a member."""
    moment = entry.competition.voting_opens_at + timedelta(days=1)
    for index in range(number):
        voter = verified_member()
        voter.date_joined = timezone.now() - timedelta(days=100 + 5 * voter.pk)
        voter.save(update_fields=["date_joined"])
        address = ip or f"10.{entry.pk % 250}.{voter.pk % 250}.{index % 250}"
        vote_cast(
            entry=entry,
            voter=voter,
            ip=address,
            now=moment + timedelta(minutes=index),
        )


def top_round(competition, staff, n):
    return make_round(
        competition,
        staff["judges"],
        k=1,
        intake=RoundIntake.TOP_VOTES,
        top_votes=n,
    )


def titles(queryset) -> set[str]:
    return set(queryset.values_list("title", flat=True))


def assigned_titles(judging_round) -> set[str]:
    return set(
        JudgeAssignment.objects.filter(round=judging_round).values_list(
            "entry__title", flat=True
        )
    )


def test_the_round_takes_the_top_n_with_ties_to_the_first_submitted(competition, staff):
    first, level_early, level_late, few, none = entries(
        competition, "Most", "Level early", "Level late", "Few", "None"
    )
    add_votes(first, 4)
    add_votes(level_late, 3)
    add_votes(level_early, 3)
    add_votes(few, 1)
    judging_round = top_round(competition, staff, 2)

    outcome = assign_round(round=judging_round, actor=staff["editor"])

    assert outcome.entries == 2
    assert assigned_titles(judging_round) == {"Most", "Level early"}
    assert titles(round_entries(judging_round)) == {"Most", "Level early"}


def test_entries_without_votes_are_never_taken(competition, staff):
    voted, _unvoted = entries(competition, "Voted", "Unvoted")
    add_votes(voted, 1)
    judging_round = top_round(competition, staff, 5)

    assign_round(round=judging_round, actor=staff["editor"])

    assert assigned_titles(judging_round) == {"Voted"}


def test_excluded_votes_do_not_lift_an_entry(competition, staff):
    honest, stuffed = entries(competition, "Honest", "Stuffed")
    add_votes(honest, 2)
    add_votes(stuffed, 4, ip="203.0.113.5")  # four voters on one connection
    integrity_check(competition=competition, now=competition.voting_closes_at)
    judging_round = top_round(competition, staff, 1)

    assign_round(round=judging_round, actor=staff["editor"])

    assert Vote.objects.filter(entry=stuffed, excluded_rule="ip_burst").count() == 4
    assert assigned_titles(judging_round) == {"Honest"}


@pytest.mark.parametrize("state", ["hidden", "rejected"])
def test_an_entry_no_longer_public_is_not_taken(competition, staff, state):
    popular, other = entries(competition, "Popular", "Other")
    add_votes(popular, 3)
    add_votes(other, 1)
    if state == "hidden":
        popular.hidden_at = timezone.now()
    else:
        popular.status = "rejected"
    popular.save()
    judging_round = top_round(competition, staff, 1)

    assign_round(round=judging_round, actor=staff["editor"])

    assert assigned_titles(judging_round) == {"Other"}


def test_assigned_entries_stay_when_a_reinstated_vote_reorders_the_top(
    competition, staff
):
    honest, stuffed = entries(competition, "Honest", "Stuffed")
    add_votes(honest, 2)
    add_votes(stuffed, 3, ip="203.0.113.5")
    integrity_check(competition=competition, now=competition.voting_closes_at)
    judging_round = top_round(competition, staff, 1)
    assign_round(round=judging_round, actor=staff["editor"])
    for vote in Vote.objects.filter(entry=stuffed):
        vote_reinstate(vote=vote, actor=staff["editor"], now=timezone.now())

    assign_round(round=judging_round, actor=staff["editor"])

    assert titles(round_entries(judging_round)) == {"Honest", "Stuffed"}
    assert assigned_titles(judging_round) == {"Honest", "Stuffed"}


def test_the_round_waits_until_voting_closes(competition_index, staff):
    competition = CompetitionPageFactory(parent=competition_index, voting=True)
    (entry,) = entries(competition, "Early")
    vote_cast(entry=entry, voter=verified_member(), ip="10.0.0.1", now=timezone.now())
    judging_round = top_round(competition, staff, 3)

    with pytest.raises(ValidationError) as raised:
        assign_round(round=judging_round, actor=staff["editor"])

    assert "voting has not closed yet" in raised.value.messages[0]
    assert not JudgeAssignment.objects.exists()


def test_without_a_voting_app_answering_the_round_is_refused(
    competition, staff, monkeypatch
):
    (entry,) = entries(competition, "Voted")
    add_votes(entry, 2)
    judging_round = top_round(competition, staff, 3)
    real_get_hooks = __import__("wagtail.hooks", fromlist=["get_hooks"]).get_hooks
    monkeypatch.setattr(
        "wagtail.hooks.get_hooks",
        lambda name: [] if name == TOP_VOTED_HOOK else real_get_hooks(name),
    )

    with pytest.raises(ValidationError) as raised:
        assign_round(round=judging_round, actor=staff["editor"])

    assert "this competition has no public vote" in raised.value.messages[0]
    assert not JudgeAssignment.objects.exists()
    assert not round_entries(judging_round).exists()
