"""Rubric arithmetic: weighted scores, fair averages, agreement and the tie-break."""

import math
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from judging.scoring import (
    AGREEMENT_NAME,
    TIE_BREAK_RULE,
    TIE_BREAK_STEPS,
    CriterionSpec,
    RankRow,
    agreement,
    missing_scores,
    normalised_means,
    rank,
    raw_means,
    summarise,
    weighted_score,
    z_scores,
)

FAST = settings(max_examples=60, deadline=None)

RUBRIC = (
    CriterionSpec("idea", weight=3, maximum=10),
    CriterionSpec("craft", weight=2, maximum=5),
    CriterionSpec("story", weight=1, maximum=20),
)

# --- weighted_score -------------------------------------------------------------


def test_weighted_score_reads_each_criterion_as_a_share_of_its_maximum():
    """8/10, 4/5 and 10/20 with weights 3, 2, 1: (2.4 + 1.6 + 0.5) / 6 = 75%."""
    scores = {"idea": 8, "craft": 4, "story": 10}

    assert weighted_score(scores, RUBRIC) == pytest.approx(75.0)


def test_weighted_score_runs_from_zero_to_a_hundred():
    top = {"idea": 10, "craft": 5, "story": 20}
    bottom = {"idea": 0, "craft": 0, "story": 0}

    assert weighted_score(top, RUBRIC) == pytest.approx(100.0)
    assert weighted_score(bottom, RUBRIC) == 0.0


def test_weighted_score_accepts_decimals_from_the_database():
    scores = {"idea": Decimal("8"), "craft": Decimal("4.0"), "story": Decimal("10")}

    assert weighted_score(scores, RUBRIC) == pytest.approx(75.0)


@pytest.mark.parametrize(
    "scores",
    [
        {"idea": 8, "craft": 4},
        {"idea": 8, "craft": 4, "story": None},
        {},
    ],
)
def test_an_unfinished_sheet_has_no_score(scores):
    assert weighted_score(scores, RUBRIC) is None


@pytest.mark.parametrize(
    "scores",
    [
        {"idea": -1, "craft": 4, "story": 10},
        {"idea": 10.5, "craft": 4, "story": 10},
        {"idea": 8, "craft": 4, "story": 21},
        {"idea": 8, "craft": 4, "story": 10, "humour": 3},
        {"idea": True, "craft": 4, "story": 10},
        {"idea": "8", "craft": 4, "story": 10},
        {"idea": math.nan, "craft": 4, "story": 10},
        {"idea": math.inf, "craft": 4, "story": 10},
    ],
)
def test_a_score_outside_its_criterion_is_refused(scores):
    with pytest.raises(ValueError):
        weighted_score(scores, RUBRIC)


def test_an_out_of_range_score_is_refused_even_when_the_sheet_is_unfinished():
    with pytest.raises(ValueError):
        weighted_score({"idea": 11}, RUBRIC)


@pytest.mark.parametrize(
    ("weight", "maximum"), [(0, 10), (-1, 10), (1, 0), (1, -5), (math.nan, 10)]
)
def test_a_criterion_needs_a_positive_weight_and_maximum(weight, maximum):
    with pytest.raises(ValueError):
        CriterionSpec("idea", weight=weight, maximum=maximum)


def test_a_rubric_needs_criteria_with_distinct_keys():
    with pytest.raises(ValueError):
        weighted_score({}, [])
    with pytest.raises(ValueError):
        weighted_score({"a": 1}, [CriterionSpec("a", 1, 5), CriterionSpec("a", 2, 5)])


rubrics = st.lists(
    st.tuples(st.floats(0.1, 10, allow_nan=False), st.floats(1, 100, allow_nan=False)),
    min_size=1,
    max_size=5,
)


@FAST
@given(rubric=rubrics, data=st.data(), factor=st.floats(0.1, 10))
def test_weighted_score_is_a_percentage_that_ignores_the_scale_of_weights(
    rubric, data, factor
):
    """Any finished sheet scores 0–100, and doubling every weight changes nothing."""
    criteria = [CriterionSpec(i, w, m) for i, (w, m) in enumerate(rubric)]
    scaled = [CriterionSpec(c.key, c.weight * factor, c.maximum) for c in criteria]
    scores = {c.key: data.draw(st.floats(0, c.maximum)) for c in criteria}

    score = weighted_score(scores, criteria)

    assert 0 <= score <= 100 + 1e-9
    assert weighted_score(scores, scaled) == pytest.approx(score)


# --- raw and normalised means --------------------------------------------------


def test_a_harsh_judge_does_not_sink_the_entries_they_drew():
    """Two judges see two entries each; e1 and e3 are equally good, as are e2 and e4.

    The harsh judge gives 50 and 30, the generous one 90 and 70: raw means put
    both of the generous judge's entries above both of the harsh judge's, while
    normalised means put the equally good pairs level.
    """
    sheets = [
        ("harsh", "e1", 50.0),
        ("harsh", "e2", 30.0),
        ("generous", "e3", 90.0),
        ("generous", "e4", 70.0),
    ]

    raw = raw_means(sheets)
    fair = normalised_means(sheets)

    assert raw == {"e1": 50.0, "e2": 30.0, "e3": 90.0, "e4": 70.0}
    assert fair["e1"] == pytest.approx(fair["e3"]) == pytest.approx(1.0)
    assert fair["e2"] == pytest.approx(fair["e4"]) == pytest.approx(-1.0)


def test_normalised_means_average_each_judges_z_scores():
    """Three judges share entries a, b, c; z-scores use the population sd.

    J1: 60, 70, 80 → −1.2247, 0, 1.2247 (mean 70, sd 8.165)
    J2: 20, 40 on a, b → −1, 1
    J3: 90 on c alone → 0 (one entry says nothing about relative quality)
    """
    sheets = [
        ("J1", "a", 60),
        ("J1", "b", 70),
        ("J1", "c", 80),
        ("J2", "a", 20),
        ("J2", "b", 40),
        ("J3", "c", 90),
    ]
    root = math.sqrt(1.5)

    fair = normalised_means(sheets)

    assert fair["a"] == pytest.approx((-root - 1) / 2)
    assert fair["b"] == pytest.approx((0 + 1) / 2)
    assert fair["c"] == pytest.approx((root + 0) / 2)
    assert raw_means(sheets) == {"a": 40.0, "b": 55.0, "c": 85.0}


def test_a_judge_who_gives_every_entry_the_same_score_counts_as_average():
    """All-equal scores carry no information about relative quality: 0 for each."""
    sheets = [
        ("flat", "e1", 70),
        ("flat", "e2", 70),
        ("keen", "e1", 80),
        ("keen", "e2", 60),
    ]

    summary = summarise(sheets)

    assert z_scores(sheets)[("flat", "e1")] == 0.0
    assert z_scores(sheets)[("flat", "e2")] == 0.0
    assert summary["e1"].normalised_mean == pytest.approx(0.5)
    assert summary["e2"].normalised_mean == pytest.approx(-0.5)
    assert summary["e1"].top_scores == 1
    assert summary["e2"].top_scores == 0


def test_summary_counts_judges_and_top_scores():
    sheets = [
        ("J1", "a", 90),
        ("J1", "b", 90),
        ("J1", "c", 10),
        ("J2", "a", 50),
        ("J2", "c", 60),
        ("J3", "b", 75),
    ]

    summary = summarise(sheets)

    assert {e: s.judges for e, s in summary.items()} == {"a": 2, "b": 2, "c": 2}
    # J1 has two highest scores; J3 scored one entry, which is not a favourite.
    assert {e: s.top_scores for e, s in summary.items()} == {"a": 1, "b": 1, "c": 1}
    assert summary["a"].scores == {"J1": 90.0, "J2": 50.0}


def test_unfinished_sheets_are_left_out_of_the_means():
    sheets = [("J1", "a", 80), ("J1", "b", None), ("J2", "b", 40)]

    assert raw_means(sheets) == {"a": 80.0, "b": 40.0}
    assert summarise(sheets)["b"].judges == 1


def test_a_judge_cannot_have_two_sheets_for_one_entry():
    with pytest.raises(ValueError):
        summarise([("J1", "a", 80), ("J1", "a", 70)])


panels = st.dictionaries(
    keys=st.sampled_from(["J1", "J2", "J3", "J4"]),
    values=st.dictionaries(
        keys=st.sampled_from(["a", "b", "c", "d", "e", "f"]),
        values=st.integers(0, 100).map(float),
        min_size=1,
    ),
    min_size=1,
)


def _sheets(panel):
    return [(j, e, s) for j, scores in panel.items() for e, s in scores.items()]


@FAST
@given(
    panel=panels,
    scales=st.lists(st.floats(0.2, 5), min_size=4, max_size=4),
    shifts=st.lists(st.floats(-40, 40), min_size=4, max_size=4),
)
def test_normalised_means_ignore_how_harsh_or_spread_out_each_judge_is(
    panel, scales, shifts
):
    """Rescaling a judge's scores (a × score + b, a > 0) moves no normalised mean."""
    stretch = {j: (scales[i], shifts[i]) for i, j in enumerate(sorted(panel))}
    moved = {
        j: {e: stretch[j][0] * s + stretch[j][1] for e, s in scores.items()}
        for j, scores in panel.items()
    }

    before = normalised_means(_sheets(panel))
    after = normalised_means(_sheets(moved))

    assert before.keys() == after.keys()
    for entry, mean in before.items():
        assert after[entry] == pytest.approx(mean, abs=1e-9)


@FAST
@given(panel=panels)
def test_each_judges_z_scores_average_zero_with_spread_one_or_none(panel):
    z = z_scores(_sheets(panel))
    for judge, scores in panel.items():
        own = [z[(judge, entry)] for entry in scores]
        assert sum(own) == pytest.approx(0, abs=1e-9)
        spread = math.fsum(v * v for v in own) / len(own)
        flat = len(set(scores.values())) == 1
        assert spread == pytest.approx(0 if flat else 1)


# --- agreement -----------------------------------------------------------------

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", Annenberg
# School for Communication Departmental Papers 43, section C: four observers,
# twelve units, values 1–5, with missing data ("." here None). The paper works
# the example for every metric and reports alpha_interval = 0.849 (nominal
# 0.743, ordinal 0.815, ratio 0.797). Unit 12 has one value and is not pairable.
KRIPPENDORFF_2011_C = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
}


def test_agreement_matches_krippendorffs_worked_example():
    """Krippendorff 2011, section C (missing data, interval metric): alpha = 0.849.

    Source: K. Krippendorff, "Computing Krippendorff's Alpha-Reliability",
    University of Pennsylvania ScholarlyCommons, Departmental Papers (ASC) 43,
    2011, https://repository.upenn.edu/asc_papers/43 — the 4 × 12 reliability
    data with missing values; the paper gives alpha_interval = 0.849.
    """
    sheets = [
        (judge, unit, value)
        for judge, row in KRIPPENDORFF_2011_C.items()
        for unit, value in enumerate(row, start=1)
    ]

    result = agreement(sheets)

    assert result.name == AGREEMENT_NAME == "Krippendorff's alpha (interval)"
    assert round(result.value, 3) == 0.849
    assert result.entries == 11  # unit 12 has a single value
    assert result.scores == 40


def test_perfect_agreement_is_one():
    sheets = [(j, e, s) for j in "ABC" for e, s in [("a", 10), ("b", 50), ("c", 90)]]

    assert agreement(sheets).value == 1.0


def test_judges_who_reverse_each_other_disagree_below_chance():
    """Units (0, 1) and (1, 0): observed 1, expected 2/3, alpha = 1 − 1.5 = −0.5."""
    sheets = [("A", "a", 0), ("B", "a", 1), ("A", "b", 1), ("B", "b", 0)]

    assert agreement(sheets).value == pytest.approx(-0.5)


@pytest.mark.parametrize(
    "sheets",
    [
        [],
        [("A", "a", 10), ("B", "a", 20)],  # one entry with two scores
        [("A", "a", 10), ("B", "b", 20), ("C", "c", 30)],  # no entry scored twice
        [("A", "a", 50), ("B", "a", 50), ("A", "b", 50), ("B", "b", 50)],  # no spread
    ],
)
def test_agreement_is_not_measured_without_enough_shared_scores(sheets):
    result = agreement(sheets)

    assert result.value is None
    assert result.name == AGREEMENT_NAME


@FAST
@given(panel=panels, scale=st.floats(0.1, 10), shift=st.floats(-50, 50))
def test_agreement_lies_between_minus_one_and_one_and_ignores_units(
    panel, scale, shift
):
    """Interval alpha is above −1 and at most 1, whatever unit the scores are in."""
    sheets = _sheets(panel)
    moved = [(j, e, scale * s + shift) for j, e, s in sheets]

    value = agreement(sheets).value

    if value is None:
        assert agreement(moved).value is None
    else:
        assert -1 < value <= 1 + 1e-12
        assert agreement(moved).value == pytest.approx(value, abs=1e-9)


# --- the ranking -----------------------------------------------------------------

NOON = datetime(2027, 5, 1, 12, 0, tzinfo=UTC)


def test_ranking_follows_every_step_of_the_tie_break():
    rows = [
        RankRow(entry_id=7, normalised_mean=0.2, top_scores=0, submitted_at=NOON),
        RankRow(entry_id=3, normalised_mean=0.5, top_scores=1, submitted_at=NOON),
        RankRow(entry_id=5, normalised_mean=0.5, top_scores=2, submitted_at=NOON),
        RankRow(
            entry_id=2,
            normalised_mean=0.5,
            top_scores=1,
            submitted_at=NOON + timedelta(hours=1),
        ),
        RankRow(entry_id=1, normalised_mean=0.5, top_scores=1, submitted_at=NOON),
        RankRow(entry_id=9, normalised_mean=None, top_scores=3, submitted_at=NOON),
    ]

    ranked = rank(rows)

    assert [r.row.entry_id for r in ranked] == [5, 1, 3, 2, 7, 9]
    assert [r.position for r in ranked] == [1, 2, 3, 4, 5, 6]
    assert [r.decided_by for r in ranked] == [
        None,
        "top scores",
        "entry number",
        "earlier submission",
        "normalised mean",
        "normalised mean",
    ]


def test_rounding_noise_in_the_mean_does_not_decide_a_place():
    """0.1 + 0.2 is not 0.3 in floating point; the tie-break must decide instead."""
    rows = [
        RankRow(entry_id=2, normalised_mean=0.1 + 0.2, submitted_at=NOON),
        RankRow(entry_id=1, normalised_mean=0.3, submitted_at=NOON - timedelta(1)),
    ]

    ranked = rank(rows)

    assert [r.row.entry_id for r in ranked] == [1, 2]
    assert ranked[1].decided_by == "earlier submission"


def test_an_entry_without_a_submission_time_goes_after_one_with():
    rows = [
        RankRow(entry_id=1, normalised_mean=0.0, submitted_at=None),
        RankRow(entry_id=2, normalised_mean=0.0, submitted_at=NOON),
    ]

    assert [r.row.entry_id for r in rank(rows)] == [2, 1]


def test_two_rows_for_one_entry_are_refused():
    with pytest.raises(ValueError):
        rank([RankRow(1, 0.0), RankRow(1, 0.5)])


def test_the_tie_break_rule_names_each_step_in_order():
    text = TIE_BREAK_RULE.lower()
    places = [text.index(w) for w in ("normalised mean", "highest", "earlier", "lower")]

    assert places == sorted(places)
    assert len(TIE_BREAK_STEPS) == 4


rank_rows = st.lists(
    st.builds(
        RankRow,
        entry_id=st.integers(0, 10_000),
        normalised_mean=st.one_of(st.none(), st.sampled_from([-1.0, 0.0, 0.5])),
        top_scores=st.integers(0, 3),
        submitted_at=st.one_of(
            st.none(), st.integers(0, 3).map(lambda h: NOON + timedelta(hours=h))
        ),
    ),
    unique_by=lambda row: row.entry_id,
    max_size=12,
)


@FAST
@given(rows=rank_rows, seed=st.randoms())
def test_ranking_does_not_depend_on_the_order_rows_arrive_in(rows, seed):
    shuffled = list(rows)
    seed.shuffle(shuffled)

    first = [r.row.entry_id for r in rank(rows)]
    second = [r.row.entry_id for r in rank(shuffled)]

    assert first == second
    assert sorted(first) == sorted(row.entry_id for row in rows)


# --- missing scores --------------------------------------------------------------


def test_missing_scores_lists_assignments_without_a_finished_sheet():
    assignments = {("J1", "a"), ("J1", "b"), ("J2", "a"), ("J2", "c")}
    sheets = [("J1", "a", 70.0), ("J1", "b", None), ("J2", "c", 55.0)]

    assert missing_scores(assignments, sheets) == {("J1", "b"), ("J2", "a")}


def test_a_sheet_without_an_assignment_is_not_reported_missing():
    assert missing_scores([], [("J1", "a", 70.0)]) == set()
