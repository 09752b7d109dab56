"""Rubric arithmetic: one judge's score, fair averages, agreement and the ranking.

Everything here works on plain data (ids, numbers, dates), so views, exports and
tests call it without the database. A *sheet* is one judge's finished scoring of
one entry, given as a ``(judge, entry, score)`` triple where ``score`` is that
judge's weighted score for the entry (``weighted_score``). A sheet whose score
is ``None`` is unfinished: the averages and the agreement ignore it and
``missing_scores`` reports it.

The chair sees two averages per entry:

- the *raw mean*, the plain average of the judges' weighted scores;
- the *normalised mean*, which first turns each judge's scores into z-scores
  across that judge's own entries (how many standard deviations above or below
  the judge's own average each entry sits) and then averages those. A harsh
  judge who gives everything 40 and a generous one who gives everything 80 then
  count the same: what matters is how an entry compares with the other entries
  the same judge saw. Entries do not sink because they drew a harsh judge.

The ranking uses the normalised mean, with the tie-break in ``TIE_BREAK_RULE``.
"""

import math
import statistics
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from typing import Protocol

type Judge = Hashable
type Entry = Hashable
type Sheet = tuple[Judge, Entry, float | None]


def gettext_noop(message: str) -> str:
    """Mark text for translation without importing Django.

    ``makemessages`` collects strings wrapped in ``gettext_noop``; a template
    shows them translated with ``{% translate value %}``.
    """
    return message


AGREEMENT_NAME = gettext_noop("Krippendorff's alpha (interval)")

TIE_BREAK_RULE = gettext_noop(
    "Entries are ranked by their normalised mean, highest first. When two entries "
    "have the same normalised mean, the one that more judges gave their highest "
    "score comes first; if that is level too, the one submitted earlier comes "
    "first; and if they were submitted at the same moment, the one with the "
    "lower entry number comes first."
)

# The steps of TIE_BREAK_RULE, in order, as ``Ranked.decided_by`` names them.
TIE_BREAK_STEPS = (
    gettext_noop("normalised mean"),
    gettext_noop("top scores"),
    gettext_noop("earlier submission"),
    gettext_noop("entry number"),
)

# Normalised means equal to this many decimal places count as level, so that
# rounding noise in the z-scores cannot decide a place the tie-break should.
MEAN_PLACES = 9


def _number(value: object, what: str) -> float:
    """Return ``value`` as a float, refusing booleans, text, NaN and infinity."""
    if isinstance(value, bool) or not isinstance(
        value, int | float | Decimal | Fraction
    ):
        raise ValueError(f"{what} must be a number, not {value!r}.")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{what} must be a finite number, not {value!r}.")
    return number


@dataclass(frozen=True)
class CriterionSpec:
    """One rubric criterion: its key, its weight and the highest score it allows."""

    key: Hashable
    weight: float
    maximum: float

    def __post_init__(self) -> None:
        for name in ("weight", "maximum"):
            if not _number(getattr(self, name), f"A criterion's {name}") > 0:
                raise ValueError(f"A criterion's {name} must be above zero.")


def weighted_score(
    scores: Mapping[Hashable, float | None], criteria: Iterable[CriterionSpec]
) -> float | None:
    """Return one judge's score for one entry on a 0–100 scale, or None if unfinished.

    Each criterion's score is first read as a share of its maximum (7 out of 10
    is 0.7), so criteria marked out of 5 and out of 20 are comparable; the
    shares are then averaged with the criteria's weights and multiplied by 100:
    ``sum(weight × score / maximum) / sum(weight) × 100``. A sheet with any
    criterion left blank (missing or None) has no score yet. A score below zero
    or above its criterion's maximum, or for a criterion not in the rubric, is
    refused with ``ValueError`` rather than quietly clipped.
    """
    criteria = tuple(criteria)
    if not criteria:
        raise ValueError("A rubric needs at least one criterion.")
    keys = [criterion.key for criterion in criteria]
    if len(set(keys)) != len(keys):
        raise ValueError("Each criterion of a rubric needs its own key.")
    unknown = set(scores) - set(keys)
    if unknown:
        raise ValueError(
            f"There is a score for a criterion not in the rubric: {unknown!r}."
        )
    given = {}
    for criterion in criteria:
        value = scores.get(criterion.key)
        if value is None:
            continue
        number = _number(value, f"The score for {criterion.key!r}")
        if not 0 <= number <= criterion.maximum:
            raise ValueError(
                f"The score for {criterion.key!r} must be between 0 and "
                f"{criterion.maximum:g}, not {number:g}."
            )
        given[criterion.key] = number
    if len(given) < len(criteria):
        return None
    total = math.fsum(c.weight * given[c.key] / c.maximum for c in criteria)
    return total / math.fsum(c.weight for c in criteria) * 100


def _scores_by_judge(sheets: Iterable[Sheet]) -> dict[Judge, dict[Entry, float]]:
    """Group the finished sheets by judge, refusing a judge scoring an entry twice."""
    by_judge: dict[Judge, dict[Entry, float]] = defaultdict(dict)
    for judge, entry, score in sheets:
        if score is None:
            continue
        if entry in by_judge[judge]:
            raise ValueError(f"Judge {judge!r} has two sheets for entry {entry!r}.")
        by_judge[judge][entry] = _number(score, "A sheet's score")
    return dict(by_judge)


def _z_scores_of(scores: Mapping[Entry, float]) -> dict[Entry, float]:
    """Return one judge's scores as z-scores across that judge's own entries.

    Only finished sheets count, so while a judge is part-way through, their
    z-scores (and the normalised means) move as they finish more.

    The population standard deviation is used: the judge's entries are all of
    that judge's scores, not a sample of them. A judge who scored one entry, or
    gave every entry the same score, tells us nothing about which of their
    entries is better, so each of their entries gets 0 (exactly "average for
    this judge"): they neither lift nor sink anything.
    """
    values = list(scores.values())
    spread = statistics.pstdev(values) if len(values) > 1 else 0.0
    if spread == 0:
        return dict.fromkeys(scores, 0.0)
    centre = statistics.fmean(values)
    return {entry: (value - centre) / spread for entry, value in scores.items()}


def z_scores(sheets: Iterable[Sheet]) -> dict[tuple[Judge, Entry], float]:
    """Return each finished sheet's score as a z-score within its judge's scores."""
    return {
        (judge, entry): z
        for judge, scores in _scores_by_judge(sheets).items()
        for entry, z in _z_scores_of(scores).items()
    }


@dataclass(frozen=True)
class EntrySummary:
    """What the results page shows for one entry of a rubric round.

    ``scores`` maps each judge to their weighted score; ``judges`` is how many
    finished a sheet; ``top_scores`` is how many of those judges gave this entry
    their highest score (only judges whose scores differ count: a judge who gave
    everything the same picked no favourite).
    """

    entry: Entry
    scores: Mapping[Judge, float] = field(repr=False)
    raw_mean: float
    normalised_mean: float
    judges: int
    top_scores: int


def summarise(sheets: Iterable[Sheet]) -> dict[Entry, EntrySummary]:
    """Return the raw mean, normalised mean, judge count and top scores per entry."""
    by_judge = _scores_by_judge(sheets)
    scores: dict[Entry, dict[Judge, float]] = defaultdict(dict)
    normalised: dict[Entry, list[float]] = defaultdict(list)
    tops: dict[Entry, int] = defaultdict(int)
    for judge, own in by_judge.items():
        for entry, z in _z_scores_of(own).items():
            scores[entry][judge] = own[entry]
            normalised[entry].append(z)
        highest, lowest = max(own.values()), min(own.values())
        if highest > lowest:
            for entry, value in own.items():
                if value == highest:
                    tops[entry] += 1
    return {
        entry: EntrySummary(
            entry=entry,
            scores=given,
            raw_mean=statistics.fmean(given.values()),
            normalised_mean=statistics.fmean(normalised[entry]),
            judges=len(given),
            top_scores=tops[entry],
        )
        for entry, given in scores.items()
    }


def raw_means(sheets: Iterable[Sheet]) -> dict[Entry, float]:
    """Return the plain average of the judges' weighted scores for each entry."""
    return {entry: s.raw_mean for entry, s in summarise(sheets).items()}


def normalised_means(sheets: Iterable[Sheet]) -> dict[Entry, float]:
    """Return the average of each entry's z-scores (see the module docstring).

    0 means "as good as the average entry its judges saw"; +1 means one
    standard deviation better than those judges' usual score.
    """
    return {entry: s.normalised_mean for entry, s in summarise(sheets).items()}


@dataclass(frozen=True)
class Agreement:
    """How far the judges agree, with the name to print beside the number.

    ``value`` is None when agreement cannot be measured: fewer than two entries
    scored by two or more judges, or every score the same. ``entries`` and
    ``scores`` say how much data the figure rests on.
    """

    name: str
    value: float | None
    entries: int
    scores: int


def _ordered_pair_squares(values: list[float]) -> float:
    """Return the sum of (a − b)² over all ordered pairs of distinct positions."""
    centre = statistics.fmean(values)
    return 2 * len(values) * math.fsum((v - centre) ** 2 for v in values)


def agreement(sheets: Iterable[Sheet]) -> Agreement:
    """Return Krippendorff's alpha for interval data over the judges' scores.

    Alpha compares how much the scores of the *same* entry differ (observed
    disagreement) with how much any two scores in the round differ (the
    disagreement expected if judges scored at random from the same pool):
    ``alpha = 1 − observed / expected``. 1 is perfect agreement, 0 is no better
    than chance, below 0 is systematic disagreement. It copes with each judge
    seeing only some entries: an entry counts if two or more judges scored it.
    Raw weighted scores are used, so a harsh and a generous judge scoring the
    same entries lower the agreement — which is the honest reading, and why the
    ranking uses normalised means. As a guide, Krippendorff suggests relying on
    data with alpha of at least 0.8 and drawing only tentative conclusions
    between 0.667 and 0.8.
    """
    by_entry: dict[Entry, list[float]] = defaultdict(list)
    for own in _scores_by_judge(sheets).values():
        for entry, score in own.items():
            by_entry[entry].append(score)
    units = [values for values in by_entry.values() if len(values) >= 2]
    pooled = [value for values in units for value in values]
    result = Agreement(AGREEMENT_NAME, None, entries=len(units), scores=len(pooled))
    if len(units) < 2 or max(pooled) == min(pooled):
        return result
    n = len(pooled)
    observed = math.fsum(_ordered_pair_squares(u) / (len(u) - 1) for u in units) / n
    expected = _ordered_pair_squares(pooled) / (n * (n - 1))
    return Agreement(AGREEMENT_NAME, 1 - observed / expected, len(units), n)


class Rankable(Protocol):
    """Anything with the four facts the tie-break reads (``RankRow`` or a model)."""

    entry_id: Hashable
    normalised_mean: float | None
    top_scores: int
    submitted_at: datetime | None


@dataclass(frozen=True)
class RankRow:
    """One entry as the ranking sees it."""

    entry_id: Hashable
    normalised_mean: float | None
    top_scores: int = 0
    submitted_at: datetime | None = None


@dataclass(frozen=True)
class Ranked[R: Rankable]:
    """A row in its place: ``decided_by`` names the step that put it below the
    row above (one of ``TIE_BREAK_STEPS``), or is None for first place."""

    position: int
    row: R
    decided_by: str | None


def _rank_key(row: Rankable) -> tuple:
    """Sort key for TIE_BREAK_RULE; entries with no mean or no date go last."""
    mean = row.normalised_mean
    return (
        (1, 0.0) if mean is None else (0, -round(mean, MEAN_PLACES)),
        -row.top_scores,
        (1, 0) if row.submitted_at is None else (0, row.submitted_at),
        row.entry_id,
    )


def rank[R: Rankable](rows: Iterable[R]) -> list[Ranked[R]]:
    """Return the rows in ranking order by TIE_BREAK_RULE, each with its place.

    Every place is distinct: the last step (entry number) always separates two
    entries. ``decided_by`` lets the results page say why two close entries
    are in the order they are.
    """
    keyed = sorted(((_rank_key(row), row) for row in rows), key=lambda kr: kr[0])
    ids = [row.entry_id for _, row in keyed]
    if len(set(ids)) != len(ids):
        raise ValueError("Each row of a ranking needs its own entry id.")
    ranked: list[Ranked[R]] = []
    previous: tuple | None = None
    for position, (key, row) in enumerate(keyed, start=1):
        decided_by = None
        if previous is not None:
            step = next(
                i for i, (a, b) in enumerate(zip(previous, key, strict=True)) if a != b
            )
            decided_by = TIE_BREAK_STEPS[step]
        ranked.append(Ranked(position, row, decided_by))
        previous = key
    return ranked


def missing_scores(
    assignments: Iterable[tuple[Judge, Entry]], sheets: Iterable[Sheet]
) -> set[tuple[Judge, Entry]]:
    """Return the (judge, entry) assignments that have no finished sheet."""
    finished = {(judge, entry) for judge, entry, score in sheets if score is not None}
    return {pair for pair in assignments if tuple(pair) not in finished}
