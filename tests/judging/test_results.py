"""The results' reads: a round's ranking from the database, and what is public."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from judging import scoring
from judging.awards import published_results, recent_winners
from judging.enums import RoundMethod
from judging.models import Award, Comparison, ResultsPublication
from judging.results import PAIRWISE_FIRST_STEP, agreement_reading, round_ranking
from tests.factories import CompetitionPageFactory, EntryFactory
from tests.support.judging_results import judge, make_round, prize, score


@pytest.fixture
def competition(competition_index):
    return CompetitionPageFactory(parent=competition_index, judging=True)


def entries(competition, *titles, start=None):
    """Approved entries submitted an hour apart, in the order given."""
    start = start or timezone.now() - timedelta(days=3)
    return [
        EntryFactory(
            competition=competition,
            title=title,
            approved=True,
            submitted_at=start + timedelta(hours=n),
        )
        for n, title in enumerate(titles)
    ]


def harsh_and_generous(competition):
    """A harsh judge scores A and B low, a generous one C and D high.

    Criteria: Idea (weight 3, out of 10) and Craft (weight 1, out of 5).
    """
    harsh, generous, late = (judge(handle=h) for h in ("harsh", "generous", "late"))
    judging_round = make_round(competition, chair=harsh, judges=[generous, late])
    a, b, c, d = entries(competition, "A", "B", "C", "D")
    score(judging_round, harsh, a, 4, 2)  # (3×0.4 + 1×0.4) / 4 = 40
    score(judging_round, harsh, b, 2, 1)  # (3×0.2 + 1×0.2) / 4 = 20
    score(judging_round, generous, c, 9, 5)  # (3×0.9 + 1×1.0) / 4 = 92.5
    score(judging_round, generous, d, 7, 3)  # (3×0.7 + 1×0.6) / 4 = 67.5
    score(judging_round, late, a, 10, 5, submitted=False)  # a draft: not counted
    return judging_round, (harsh, generous, late), (a, b, c, d)


def test_the_ranking_is_fair_to_entries_that_drew_a_harsh_judge(competition):
    judging_round, (harsh, generous, _late), (a, b, c, d) = harsh_and_generous(
        competition
    )

    ranking = round_ranking(judging_round)

    by_title = {row.entry.title: row for row in ranking.rows}
    assert by_title["A"].raw_mean == pytest.approx(40)
    assert by_title["C"].raw_mean == pytest.approx(92.5)
    assert by_title["D"].raw_mean == pytest.approx(67.5)
    # Each judge's better entry sits one spread above that judge's own average.
    assert by_title["A"].normalised_mean == pytest.approx(1)
    assert by_title["C"].normalised_mean == pytest.approx(1)
    assert by_title["B"].normalised_mean == pytest.approx(-1)
    assert by_title["A"].top_scores == 1
    assert by_title["B"].top_scores == 0
    assert by_title["A"].judges == 1  # the late judge's draft does not count
    # A and C tie on the normalised mean and top scores: A was submitted first.
    assert [row.entry.title for row in ranking.rows] == ["A", "C", "B", "D"]
    assert [row.decided_by for row in ranking.rows] == [
        None,
        "earlier submission",
        "normalised mean",
        "earlier submission",
    ]


def test_the_ranking_lists_each_judges_score_in_the_panel_order(competition):
    judging_round, (harsh, generous, late), _ = harsh_and_generous(competition)

    ranking = round_ranking(judging_round)

    assert ranking.judges == [generous, harsh, late]  # by public name
    first = ranking.rows[0]  # A
    assert first.scores == [None, pytest.approx(40), None]


def test_missing_scores_are_assignments_without_a_submitted_sheet(competition):
    judging_round, (_h, generous, late), (a, b, c, d) = harsh_and_generous(competition)
    score(judging_round, generous, b)  # assigned, no sheet at all

    missing = {(m.judge, m.entry) for m in round_ranking(judging_round).missing}

    assert missing == {(late, a), (generous, b)}


def test_an_entry_nobody_scored_yet_is_ranked_last(competition):
    judging_round, _, _ = harsh_and_generous(competition)
    (unscored,) = entries(competition, "Nobody yet", start=timezone.now())

    rows = round_ranking(judging_round).rows

    assert rows[-1].entry == unscored
    assert rows[-1].normalised_mean is None
    assert rows[-1].raw_mean is None


def test_the_agreement_reads_the_submitted_weighted_scores(competition):
    one, two = judge(handle="one"), judge(handle="two")
    judging_round = make_round(competition, chair=one, judges=[two])
    x, y, z = entries(competition, "X", "Y", "Z")
    given = {one: [(8, 4), (5, 2), (2, 1)], two: [(9, 4), (4, 3), (3, 1)]}
    for who, marks in given.items():
        for entry, values in zip((x, y, z), marks, strict=True):
            score(judging_round, who, entry, *values)
    criteria = [
        scoring.CriterionSpec("idea", 3, 10),
        scoring.CriterionSpec("craft", 1, 5),
    ]
    expected = scoring.agreement(
        (who.pk, entry.pk, scoring.weighted_score({"idea": i, "craft": c}, criteria))
        for who, marks in given.items()
        for entry, (i, c) in zip((x, y, z), marks, strict=True)
    )

    agreement = round_ranking(judging_round).agreement

    assert agreement.name == scoring.AGREEMENT_NAME
    assert agreement.value == pytest.approx(expected.value)
    assert agreement.value > 0.8
    assert agreement.entries == 3
    assert agreement_reading(agreement.value) == "The judges agree well."


def test_agreement_is_unknown_until_two_judges_share_entries(competition):
    judging_round, _, _ = harsh_and_generous(competition)

    agreement = round_ranking(judging_round).agreement

    assert agreement.value is None
    assert "Not enough entries" in agreement_reading(agreement.value)


def test_a_pairwise_round_ranks_by_fitted_strength(competition):
    one = judge(handle="one")
    judging_round = make_round(
        competition, method=RoundMethod.PAIRWISE, criteria=(), chair=one
    )
    strong, middle, weak = entries(competition, "Strong", "Middle", "Weak")
    for first, second, winner in (
        [(strong, middle, strong)] * 3
        + [(middle, weak, middle)] * 3
        + [(weak, strong, strong)] * 2
    ):
        Comparison.objects.create(
            round=judging_round, judge=one, first=first, second=second, winner=winner
        )

    ranking = round_ranking(judging_round)

    assert [row.entry for row in ranking.rows] == [strong, middle, weak]
    assert (
        ranking.rows[0].strength > ranking.rows[1].strength > ranking.rows[2].strength
    )
    assert all(row.stderr > 0 for row in ranking.rows)
    assert ranking.rows[0].comparisons == 5
    assert ranking.rows[1].decided_by == PAIRWISE_FIRST_STEP
    assert ranking.agreement is None


def build_round(competition, *, entries_count: int, judges_count: int):
    panel = [judge(handle=f"j{n}_{entries_count}") for n in range(judges_count)]
    judging_round = make_round(competition, chair=panel[0], judges=panel[1:])
    made = entries(competition, *[f"E{n}" for n in range(entries_count)])
    for n, entry in enumerate(made):
        for offset in range(2):
            who = panel[(n + offset) % judges_count]
            score(judging_round, who, entry, (n * 3 + offset) % 11, n % 6)
    return judging_round


def test_the_ranking_takes_the_same_queries_at_any_size(competition_index):
    counts = []
    for entries_count, judges_count in ((3, 2), (30, 6)):
        competition = CompetitionPageFactory(parent=competition_index, judging=True)
        judging_round = build_round(
            competition, entries_count=entries_count, judges_count=judges_count
        )
        with CaptureQueriesContext(connection) as queries:
            ranking = round_ranking(judging_round)
        assert len(ranking.rows) == entries_count
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 6


# What is public -----------------------------------------------------------------


def test_published_results_leave_out_entries_no_longer_public(competition):
    first, second = prize(competition, "Best story"), prize(competition, "Runner")
    kept, hidden = entries(competition, "Kept", "Hidden")
    Award.objects.create(prize=first, entry=kept)
    Award.objects.create(prize=second, entry=hidden)
    hidden.hidden_at = timezone.now()
    hidden.save()

    prizes = published_results(competition)

    assert [(p.prize, [a.entry for a in p.awards]) for p in prizes] == [
        (first, [kept]),
        (second, []),
    ]


def test_recent_winners_are_from_published_competitions_only(competition_index):
    done = CompetitionPageFactory(parent=competition_index, results=True)
    waiting = CompetitionPageFactory(parent=competition_index, results=True)
    for competition in (done, waiting):
        (entry,) = entries(competition, f"Won {competition.title}")
        Award.objects.create(prize=prize(competition, "Best"), entry=entry)
    ResultsPublication.objects.create(competition=done)

    found = recent_winners()

    assert [item.competition for item in found] == [done]
    assert [award.entry.title for award in found[0].winners] == [f"Won {done.title}"]
