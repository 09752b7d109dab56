"""Pairwise rounds: judges pick the better of two entries; a model ranks them.

The model (Bradley–Terry). Each entry has a hidden strength ``s`` on a log
scale. When a judge compares entries i and j, i is picked with probability
``1 / (1 + exp(s_j − s_i))``: equal strengths are a coin toss, a gap of 1 means
the stronger entry is picked about 73% of the time, a gap of 2 about 88%. The
strengths that make the judges' actual picks most likely are the estimate.

"Can't separate" counts as half a pick for each entry (not Davidson's separate
tie parameter): it keeps the fitting simple and reads a tie as what it is,
evidence that the two are close.

A weak prior keeps every strength finite. Each entry also gets one imaginary
"can't separate" against an imaginary average entry of strength 0. Without it,
an entry that won every comparison would have infinite strength and an entry
nobody compared yet would have none; with it, they sit high (or at the
average), and the imaginary comparison's pull fades as real ones accumulate.

Fitting uses the MM algorithm of Hunter (2004, "MM algorithms for generalized
Bradley–Terry models", Annals of Statistics 32(1), 384–406): each step sets an
entry's strength to its wins divided by how many wins its comparisons would
predict at the current strengths (a ratio that is 1 when the fit is right),
steps never lower the likelihood, and they repeat until nothing moves. Two
additions make it quick without changing the answer: after each step all
strengths shift together to the level the prior sets, and SQUAREM leaps ahead
along the path the steps are taking (see ``_fit_log_strengths``).

The confidence is an approximate standard error of each strength from the
information its comparisons carry: a comparison with chance p of going either
way adds p × (1 − p) (close contests teach the most), and the standard error
is one over the square root of the total. It treats the other entries'
strengths as known, so it is a little optimistic; as a rule of thumb, two
entries whose strengths differ by less than about twice their standard errors
are not reliably separated yet.

Choosing the next pair follows the idea of Gavel's Crowd-BT (show the pair the
model learns most from) with a simpler measure; see ``next_pair``.
"""

import math
import random
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations

type Item = Hashable

# The imaginary comparison against an average entry (see the module docstring).
PRIOR_COMPARISONS = 1.0
TOLERANCE = 1e-10  # a step moving no log strength by more than this ends the fit
MAX_STEPS = 5_000  # rounds of two MM steps and a leap
# A leap beyond this is refused: it keeps exp() far from overflowing, and no
# real round comes near it (a log strength of 300 is odds of 10^130 to 1).
LEAP_LIMIT = 300.0


@dataclass(frozen=True)
class Choice:
    """One judge's pick: ``winner`` over ``loser``, or "can't separate" if ``tie``."""

    winner: Item
    loser: Item
    tie: bool = False

    @classmethod
    def between(cls, first: Item, second: Item, winner: Item | None) -> "Choice":
        """Return the choice for a pair shown as ``first``/``second``.

        ``winner`` is one of the two, or None for "can't separate".
        """
        if winner is None:
            return cls(first, second, tie=True)
        if winner not in (first, second):
            raise ValueError(f"The winner {winner!r} was not one of the pair shown.")
        return cls(winner, second if winner == first else first)


@dataclass(frozen=True)
class Strength:
    """An entry's fitted strength on the log scale, centred so 0 is this round's
    average entry, with its approximate standard error, the number of real
    comparisons it was in and its wins (a tie counts as half)."""

    mean: float
    stderr: float
    comparisons: int
    wins: float


def _as_choice(choice: Choice | tuple) -> Choice:
    """Accept a ``Choice`` or a plain ``(winner, loser)`` / ``(a, b, tie)`` tuple."""
    return choice if isinstance(choice, Choice) else Choice(*choice)


def _tally(
    items: list[Item], choices: Iterable[Choice | tuple]
) -> tuple[dict[Item, float], dict[frozenset, int]]:
    """Count each item's wins (ties as half) and how often each pair met."""
    known = set(items)
    wins: dict[Item, float] = dict.fromkeys(items, 0.0)
    met: dict[frozenset, int] = defaultdict(int)
    for raw in choices:
        choice = _as_choice(raw)
        if choice.winner not in known or choice.loser not in known:
            raise ValueError(f"A choice names an entry not in the round: {choice!r}.")
        if choice.winner == choice.loser:
            raise ValueError(f"An entry cannot be compared with itself: {choice!r}.")
        if choice.tie:
            wins[choice.winner] += 0.5
            wins[choice.loser] += 0.5
        else:
            wins[choice.winner] += 1.0
        met[frozenset((choice.winner, choice.loser))] += 1
    return wins, dict(met)


def _softplus(x: float) -> float:
    """Return ln(1 + eˣ) without overflow."""
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


class _Model:
    """The tallies in index form, with one MM step and the log-likelihood."""

    def __init__(
        self,
        items: list[Item],
        wins: Mapping[Item, float],
        met: Mapping[frozenset, int],
    ) -> None:
        index = {item: i for i, item in enumerate(items)}
        self.wins = [wins[item] + PRIOR_COMPARISONS / 2 for item in items]
        self.pairs = [(index[a], index[b], n) for a, b, n in _pairs(met)]
        self.opponents: list[list[tuple[int, int]]] = [[] for _ in items]
        for a, b, n in self.pairs:
            self.opponents[a].append((b, n))
            self.opponents[b].append((a, n))

    def step(self, theta: list[float]) -> list[float]:
        """One MM step of Hunter (2004) on the log strengths, then a level shift.

        Each entry's new strength is its wins (ties as half, plus the prior's
        half) over the wins its comparisons predict per unit of strength. Then
        all strengths move up or down together to the level the prior likes
        best (``_level``): real comparisons only see differences, so the
        common level is the prior's alone, and MM steps creep towards it very
        slowly when one entry wins nearly everything.
        """
        w = [math.exp(t) for t in theta]
        new = []
        for i, wins in enumerate(self.wins):
            per_unit = PRIOR_COMPARISONS / (w[i] + 1.0) + sum(
                n / (w[i] + w[j]) for j, n in self.opponents[i]
            )
            new.append(math.log(wins / per_unit))
        shift = _level(new)
        return [t + shift for t in new]

    def log_likelihood(self, theta: list[float]) -> float:
        """Return the log-likelihood of the picks (and the prior) at ``theta``."""
        own = math.fsum(
            wins * t - PRIOR_COMPARISONS * _softplus(t)
            for wins, t in zip(self.wins, theta, strict=True)
        )
        shared = math.fsum(
            n * (max(theta[a], theta[b]) + _softplus(-abs(theta[a] - theta[b])))
            for a, b, n in self.pairs
        )
        return own - shared


def _level(theta: list[float]) -> float:
    """Return the shift c that best fits the prior: Σ chance(θᵢ + c) = n / 2.

    Each entry's imaginary tie asks for an even chance against the average
    entry; the likelihood over a common shift peaks where those chances add up
    to half the entries. The left side rises with c, so Newton steps kept
    inside a shrinking bracket find it safely.
    """
    low, high = -max(theta) - LEAP_LIMIT, -min(theta) + LEAP_LIMIT
    shift = 0.0 if low < 0 < high else (low + high) / 2
    for _ in range(200):
        chances = [_win_chance(t + shift, 0.0) for t in theta]
        excess = sum(chances) - len(theta) / 2
        if excess > 0:
            high = shift
        else:
            low = shift
        slope = sum(p * (1 - p) for p in chances)
        guess = shift - excess / slope if slope > 0 else (low + high) / 2
        if not low < guess < high:
            guess = (low + high) / 2
        if abs(guess - shift) < TOLERANCE / 100:
            return guess
        shift = guess
    return shift


def _pairs(met: Mapping[frozenset, int]) -> list[tuple[Item, Item, int]]:
    """Return each pair that met as ``(a, b, times)``."""
    return [(*tuple(pair), n) for pair, n in met.items()]


def _fit_log_strengths(model: _Model) -> list[float]:
    """Maximise the likelihood with MM steps, accelerated by SQUAREM.

    Plain MM steps are safe but slow (hundreds to thousands of steps).
    SQUAREM (Varadhan and Roland 2008, Scandinavian Journal of Statistics
    35(2)) takes two MM steps, extrapolates along the direction they travel,
    and keeps the leap only if the likelihood is no worse than after the two
    plain steps (and the leap stays within ``LEAP_LIMIT``, far beyond any
    strength the prior allows); this cuts the work about tenfold and never
    loses ground. The imaginary average entry stays at 0, which pins the scale.
    """
    theta = [0.0] * len(model.wins)
    for _ in range(MAX_STEPS):
        first = model.step(theta)
        change = [a - b for a, b in zip(first, theta, strict=True)]
        if max(map(abs, change), default=0.0) < TOLERANCE:
            return first
        second = model.step(first)
        bend = [c - 2 * b + a for a, b, c in zip(theta, first, second, strict=True)]
        size = math.sqrt(math.fsum(d * d for d in change))
        curve = math.sqrt(math.fsum(d * d for d in bend))
        alpha = min(-size / curve, -1.0) if curve > 0 else -1.0
        jump = [
            t - 2 * alpha * d + alpha * alpha * b
            for t, d, b in zip(theta, change, bend, strict=True)
        ]
        if max(map(abs, jump)) > LEAP_LIMIT:
            theta = second
            continue
        leap = model.step(jump)
        better = model.log_likelihood(leap) >= model.log_likelihood(second)
        theta = leap if better else second
    return theta


def _win_chance(strength: float, against: float) -> float:
    """Return the model's chance that ``strength`` is picked over ``against``."""
    gap = strength - against
    if gap >= 0:
        return 1.0 / (1.0 + math.exp(-gap))
    odds = math.exp(gap)
    return odds / (1.0 + odds)


def fit(
    items: Iterable[Item], choices: Iterable[Choice | tuple]
) -> dict[Item, Strength]:
    """Return each entry's fitted strength, standard error and counts.

    ``choices`` are ``Choice`` objects or tuples: ``(winner, loser)`` for a pick,
    ``(a, b, True)`` for "can't separate". Entries in ``items`` that nobody has
    compared come out at the average with a wide standard error (2.0).
    """
    items = list(dict.fromkeys(items))
    if not items:
        return {}
    wins, met = _tally(items, choices)
    model = _Model(items, wins, met)
    theta = _fit_log_strengths(model)
    centre = math.fsum(theta) / len(theta)
    information = [
        PRIOR_COMPARISONS * _win_chance(t, 0.0) * (1 - _win_chance(t, 0.0))
        for t in theta
    ]
    comparisons = [0] * len(items)
    for a, b, n in model.pairs:
        p = _win_chance(theta[a], theta[b])
        information[a] += n * p * (1 - p)
        information[b] += n * p * (1 - p)
        comparisons[a] += n
        comparisons[b] += n
    return {
        item: Strength(
            mean=theta[i] - centre,
            stderr=1 / math.sqrt(information[i]),
            comparisons=comparisons[i],
            wins=wins[item],
        )
        for i, item in enumerate(items)
    }


def information_gain(a: Strength, b: Strength) -> float:
    """Return how much comparing ``a`` with ``b`` is expected to teach, in nats.

    Treat the gap between the two strengths as a bell curve with variance
    ``v = stderr_a² + stderr_b²``; one comparison whose outcome has chance p
    adds information ``p(1 − p)`` about the gap, so the expected information
    gain is ``½ ln(1 + v p (1 − p))``. It is biggest for pairs that are close
    (p near ½) and still uncertain (v large): the comparisons that most
    sharpen the ranking.
    """
    p = _win_chance(a.mean, b.mean)
    variance = a.stderr**2 + b.stderr**2
    return 0.5 * math.log1p(variance * p * (1 - p))


def next_pair(
    items: Iterable[Item],
    choices: Iterable[Choice | tuple],
    *,
    judge_seen: Iterable[frozenset],
    rng: random.Random,
    strengths: Mapping[Item, Strength] | None = None,
) -> tuple[Item, Item] | None:
    """Return the pair this judge should compare next, or None if none is left.

    The pair with the highest ``information_gain`` among those the judge has
    not compared yet (``judge_seen`` holds the judge's pairs as frozensets).
    Pairs that are equally informative — as all are at the start — are picked
    between with ``rng``, so two judges do not get the same sequence; the
    left-right order is random too, so neither side is favoured by position.
    Pass ``strengths`` from an earlier ``fit`` of the same choices to skip
    refitting.
    """
    items = sorted(dict.fromkeys(items))
    seen = {frozenset(pair) for pair in judge_seen}
    candidates = [
        pair for pair in combinations(items, 2) if frozenset(pair) not in seen
    ]
    if not candidates:
        return None
    if strengths is None:
        strengths = fit(items, choices)
    rng.shuffle(candidates)
    best = max(
        candidates,
        key=lambda pair: round(
            information_gain(strengths[pair[0]], strengths[pair[1]]), 12
        ),
    )
    return best if rng.random() < 0.5 else (best[1], best[0])
