"""Fair assignment: k judges per entry, even loads, no conflicts, pairs kept."""

from collections import Counter
from itertools import combinations, product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from judging import assignment
from judging.assignment import assign, reassign_after_conflict

FAST = settings(max_examples=80, deadline=None)


def _loads(pairs, judges):
    counts = Counter(judge for judge, _ in pairs)
    return {judge: counts[judge] for judge in judges}


def _spread(loads):
    return max(loads.values()) - min(loads.values()) if loads else 0


@st.composite
def panels(draw, *, conflicts=True, existing=True, max_entries=12, max_judges=6):
    """A round: entries, judges, k, and some conflicts and existing pairs."""
    entries = list(range(draw(st.integers(0, max_entries))))
    judges = [f"J{i}" for i in range(draw(st.integers(1, max_judges)))]
    k = draw(st.integers(0, len(judges) + 1))
    pairs = [(j, e) for j in judges for e in entries]
    drawn_conflicts = set()
    drawn_existing = set()
    if pairs and conflicts:
        drawn_conflicts = set(draw(st.lists(st.sampled_from(pairs), max_size=12)))
    if pairs and existing:
        drawn_existing = set(draw(st.lists(st.sampled_from(pairs), max_size=8)))
    return entries, judges, k, drawn_conflicts, drawn_existing


def _run(panel):
    entries, judges, k, conflicts, existing = panel
    return assign(entries, judges, k, conflicts=conflicts, existing=existing)


@FAST
@given(panel=panels())
def test_every_entry_gets_k_free_judges_and_no_conflict(panel):
    entries, judges, k, conflicts, existing = panel
    plan = _run(panel)
    kept = existing - conflicts
    final = kept | plan.added

    assert not plan.added & conflicts
    assert not plan.added & existing
    assert plan.conflicted == existing & conflicts
    for entry in entries:
        on = {j for j, e in final if e == entry}
        free = [j for j in judges if (j, entry) not in conflicts]
        assert len(on) == max(len(on & set(free)), min(k, len(free)))
        assert on <= set(free)
        if len(on) < k:
            assert plan.short[entry] == len(on)
        else:
            assert entry not in plan.short
    assert plan.loads == _loads(final, judges)


@FAST
@given(panel=panels())
def test_running_the_assignment_again_adds_nothing(panel):
    entries, judges, k, conflicts, existing = panel
    plan = _run(panel)

    again = assign(
        entries, judges, k, conflicts=conflicts, existing=existing | plan.added
    )

    assert again.added == frozenset()
    assert again.loads == plan.loads


@FAST
@given(panel=panels(), seed=st.randoms())
def test_the_same_round_gets_the_same_assignment_whatever_the_input_order(panel, seed):
    entries, judges, k, conflicts, existing = panel
    shuffled_entries, shuffled_judges = list(entries), list(judges)
    seed.shuffle(shuffled_entries)
    seed.shuffle(shuffled_judges)

    first = _run(panel)
    second = assign(
        shuffled_entries,
        shuffled_judges,
        k,
        conflicts=conflicts,
        existing=existing,
    )

    assert first == second


@FAST
@given(panel=panels(conflicts=False, existing=False, max_entries=30, max_judges=8))
def test_without_conflicts_no_judge_has_two_more_than_another(panel):
    entries, judges, k, _, _ = panel

    plan = _run(panel)

    assert _spread(plan.loads) <= 1
    assert sum(plan.loads.values()) == len(entries) * min(k, len(judges))


@FAST
@given(
    panel=panels(conflicts=False, existing=False, max_entries=20),
    late=st.integers(1, 10),
)
def test_entries_arriving_after_the_first_run_keep_loads_within_one(panel, late):
    """Re-running for newly approved entries fills them without unbalancing."""
    entries, judges, k, _, _ = panel
    first = _run(panel)
    more = entries + list(range(len(entries), len(entries) + late))

    second = assign(more, judges, k, existing=first.added)

    assert _spread(second.loads) <= 1
    assert first.added.isdisjoint(second.added)


def test_a_hand_over_chain_evens_out_what_greedy_leaves_two_apart(monkeypatch):
    """J2 may judge only entry 1, which greedy gives to J1 first (J1 sorts first).

    Greedy alone ends J0 2, J1 2, J2 0. No single move helps J2 (only entry 1
    fits J2, and J1 holds it), but a chain does: J0 hands an entry to J1, and J1
    hands entry 1 to J2.
    """
    entries, judges = [0, 1, 2, 3], ["J0", "J1", "J2"]
    conflicts = {("J0", 1), ("J2", 0), ("J2", 2), ("J2", 3)}
    with monkeypatch.context() as patch:
        patch.setattr(assignment, "_even_out", lambda *args: None)
        greedy = assign(entries, judges, 1, conflicts=conflicts)

    plan = assign(entries, judges, 1, conflicts=conflicts)

    assert greedy.loads == {"J0": 2, "J1": 2, "J2": 0}
    assert sorted(plan.loads.values()) == [1, 1, 2]
    assert ("J2", 1) in plan.added
    assert not plan.added & conflicts


def test_a_judge_conflicted_with_most_entries_gets_all_they_can_take():
    """±1 cannot hold here: A may judge only entries 6–9, so A gets all four."""
    conflicts = {("A", e) for e in range(6)}

    plan = assign(range(10), ["A", "B", "C"], 2, conflicts=conflicts)

    assert plan.loads == {"A": 4, "B": 8, "C": 8}
    assert {e for j, e in plan.added if j == "A"} == {6, 7, 8, 9}


def test_an_existing_assignment_that_became_a_conflict_is_replaced_and_reported():
    existing = {("A", 1), ("B", 1)}
    conflicts = {("A", 1)}

    plan = assign([1], ["A", "B", "C"], 2, conflicts=conflicts, existing=existing)

    assert plan.conflicted == {("A", 1)}
    assert plan.added == {("C", 1)}
    assert plan.loads == {"A": 0, "B": 1, "C": 1}


def test_existing_pairs_outside_the_panel_or_round_are_reported_not_counted():
    existing = {("gone", 1), ("A", 99)}

    plan = assign([1], ["A", "B"], 1, existing=existing)

    assert plan.outside == existing
    assert len(plan.added) == 1
    assert sum(plan.loads.values()) == 1


def test_an_entry_with_too_few_free_judges_is_reported_short():
    plan = assign([1, 2], ["A", "B", "C"], 3, conflicts={("A", 1), ("B", 1)})

    assert plan.short == {1: 1}
    assert {j for j, e in plan.added if e == 1} == {"C"}


@pytest.mark.parametrize("k", [-1, 1.5, True, "2"])
def test_judges_per_entry_must_be_a_whole_number(k):
    with pytest.raises(ValueError):
        assign([1], ["A"], k)


def _every_completion(entries, judges, k, conflicts, existing):
    """Yield the load of every valid assignment that keeps the existing pairs."""
    kept = {(j, e) for j, e in existing - conflicts if j in judges and e in entries}
    options = []
    for entry in entries:
        free = [j for j in judges if (j, entry) not in conflicts]
        on = {j for j, e in kept if e == entry}
        gap = max(0, min(k, len(free)) - len(on))
        options.append(
            [{(j, entry) for j in c} for c in combinations(sorted(set(free) - on), gap)]
        )
    for choice in product(*options):
        yield _loads(kept.union(*choice), judges)


@settings(max_examples=120, deadline=None)
@given(panel=panels(max_entries=4, max_judges=4))
def test_loads_are_as_even_as_any_assignment_could_make_them(panel):
    """Against every possible assignment of a small panel: none is more even.

    The biggest load is the smallest possible, the smallest load the biggest
    possible, so the spread is the least the conflicts and existing pairs allow.
    """
    entries, judges, k, conflicts, existing = panel
    plan = _run(panel)
    every = list(_every_completion(entries, judges, k, conflicts, existing))

    assert max(plan.loads.values()) == min(max(loads.values()) for loads in every)
    assert min(plan.loads.values()) == max(min(loads.values()) for loads in every)
    assert _spread(plan.loads) == min(_spread(loads) for loads in every)


# Rounds where the greedy pass alone leaves loads two apart (found by search);
# each as (entries, judges, k, conflicts, existing).
GREEDY_CORNERS = [
    (2, 4, 2, {("J1", 0), ("J3", 1)}, set()),
    (3, 3, 1, {("J1", 1), ("J1", 2), ("J2", 0)}, set()),
    (3, 3, 1, {("J0", 0), ("J1", 1), ("J2", 1), ("J2", 2)}, set()),
    (
        4,
        3,
        1,
        {("J0", 2), ("J1", 0), ("J2", 1), ("J2", 2), ("J2", 3)},
        {("J1", 3)},
    ),
    (
        3,
        4,
        1,
        {("J0", 0), ("J0", 1), ("J0", 2), ("J1", 1), ("J3", 0), ("J3", 2)},
        set(),
    ),
]


@pytest.mark.parametrize("corner", GREEDY_CORNERS)
def test_the_repair_reaches_the_most_even_loads_where_greedy_does_not(
    corner, monkeypatch
):
    size, panel_size, k, conflicts, existing = corner
    entries = list(range(size))
    judges = [f"J{i}" for i in range(panel_size)]
    every = list(_every_completion(entries, judges, k, conflicts, existing))
    best = min(_spread(loads) for loads in every)
    with monkeypatch.context() as patch:
        patch.setattr(assignment, "_even_out", lambda *args: None)
        greedy = assign(entries, judges, k, conflicts=conflicts, existing=existing)

    plan = assign(entries, judges, k, conflicts=conflicts, existing=existing)

    assert _spread(greedy.loads) > best
    assert _spread(plan.loads) == best
    assert not plan.added & conflicts


# --- reassigning after a declared conflict ----------------------------------------


def test_a_declared_conflict_passes_the_entry_to_the_least_loaded_free_judge():
    assignments = {("A", 1), ("B", 1), ("B", 2), ("C", 2), ("C", 3), ("D", 3)}
    assignments |= {("D", 4), ("D", 5)}
    conflicts = {("A", 1), ("E", 1)}

    taker = reassign_after_conflict(
        1, "A", ["A", "B", "C", "D", "E"], conflicts=conflicts, assignments=assignments
    )

    # B is already on entry 1, E is conflicted; C has 2 entries, D has 3.
    assert taker == "C"


def test_ties_in_load_go_to_the_judge_who_sorts_first():
    taker = reassign_after_conflict(
        1, "A", ["C", "B", "A"], conflicts={("A", 1)}, assignments={("A", 1)}
    )

    assert taker == "B"


def test_nobody_takes_the_entry_when_every_other_judge_is_on_it_or_conflicted():
    taker = reassign_after_conflict(
        1,
        "A",
        ["A", "B", "C"],
        conflicts={("A", 1), ("C", 1)},
        assignments={("A", 1), ("B", 1)},
    )

    assert taker is None
