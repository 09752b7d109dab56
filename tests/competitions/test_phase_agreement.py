"""The phase in SQL agrees with ``Timeline.phase_at`` on and around every boundary.

Each example stores a generated timeline on one competition row and asks the
database, at a moment on a date, a microsecond either side of it, between two
dates or far outside them, for the phase (the annotation), each per-phase
filter and each predicate; every answer must equal the Python one.
"""

from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from django.db.models import DateTimeField, Value
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from competitions.enums import Phase
from competitions.models import CompetitionPage
from competitions.querysets import accepts_votes, phase_expression
from competitions.timeline import TIMELINE_FIELDS, Timeline
from submissions.models import Entry
from tests.factories import CompetitionPageFactory, EntryFactory

MICROSECOND = timedelta(microseconds=1)
SECOND = timedelta(seconds=1)
DAY = timedelta(days=1)
START = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
PREDICATES = (
    "accepts_entries_at",
    "accepts_votes_at",
    "accepts_scores_at",
    "results_out_at",
)
REQUIRED = ("entries_open_at", "entries_close_at")  # NOT NULL columns
ZONES = (UTC, ZoneInfo("Europe/London"), ZoneInfo("America/New_York"))

# The row is made once per test by a function-scoped fixture and deliberately
# shared by every example: each example overwrites all six dates with one
# UPDATE before it asks anything, so no example sees another's state, and
# making a Wagtail page per example would cost most of the time budget.
AGREEMENT = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

# Gaps between consecutive dates: often none or a microsecond, so that dates
# coincide and boundaries sit side by side, as well as whole days apart.
gaps = st.sampled_from([timedelta(0), MICROSECOND, SECOND, 3 * DAY])
positive_gaps = st.sampled_from([MICROSECOND, SECOND, 3 * DAY])

# Instants for timelines in any order: mostly a few steps from START, so that
# dates collide and cross, and sometimes anywhere in a century.
near_start = st.builds(
    lambda steps, unit: START + steps * unit,
    st.integers(-3, 3),
    st.sampled_from([MICROSECOND, SECOND, DAY]),
)
anywhere = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.just(UTC),
)
instants = st.one_of(near_start, near_start, near_start, anywhere)
maybe_instants = st.none() | instants
signs = st.sampled_from([-1, 1])


@st.composite
def valid_timelines(draw) -> Timeline:
    """Draw a timeline an editor could save: every ordering rule holds."""
    opens = START + draw(st.integers(-2, 2)) * draw(positive_gaps)
    closes = opens + draw(positive_gaps)
    voting_opens = voting_closes = judging_closes = results = None
    if draw(st.booleans()):
        voting_opens = closes + draw(gaps)
        voting_closes = voting_opens + draw(positive_gaps)
    if draw(st.booleans()):
        # Judging closes after entries close and, when there is a vote, not
        # before voting closes.
        after = closes + draw(positive_gaps)
        judging_closes = (
            max(after, voting_closes + draw(gaps)) if voting_closes else after
        )
    if draw(st.booleans()):
        earliest = [closes + MICROSECOND, voting_closes, judging_closes]
        results = max(d for d in earliest if d is not None) + draw(gaps)
    return Timeline(opens, closes, voting_opens, voting_closes, judging_closes, results)


@st.composite
def storable_timelines(draw) -> Timeline:
    """Draw dates in any order; only the two the columns require are always set.

    Each date of a valid timeline is kept, shifted past its neighbours, moved
    anywhere or unset, so the dates break the rules in every way but still
    often make windows (voting, judging) that a moment can fall into.
    """
    dates = asdict(draw(valid_timelines()))
    for name, date in dates.items():
        choices = [st.just(date), st.just(date), instants]
        if date is not None:
            shifted = st.builds(
                lambda sign, gap, date=date: date + sign * gap, signs, gaps
            )
            choices.append(shifted)
        if name not in REQUIRED:
            choices.append(st.none())
        dates[name] = draw(st.one_of(choices))
    return Timeline(**dates)


def moments(timeline: Timeline) -> st.SearchStrategy[datetime]:
    """Draw moments on each date, a microsecond either side, between and outside."""
    dates = sorted({d for d in asdict(timeline).values() if d is not None})
    near = st.builds(
        lambda date, nudge: date + nudge,
        st.sampled_from(dates),
        st.sampled_from([-MICROSECOND, timedelta(0), MICROSECOND]),
    )
    between = [a + (b - a) / 2 for a, b in pairwise(dates)]
    outside = [dates[0] - 30 * DAY, dates[-1] + 30 * DAY]
    moment = st.one_of(near, near, st.sampled_from(between + outside))
    return st.builds(lambda m, zone: m.astimezone(zone), moment, st.sampled_from(ZONES))


@pytest.fixture
def row(competition_index):
    """One competition whose dates each example overwrites."""
    competition = CompetitionPageFactory(parent=competition_index)
    return CompetitionPage.objects.filter(pk=competition.pk)


def assert_sql_agrees(row, timeline: Timeline, moment: datetime) -> None:
    """Store ``timeline`` on the row; every SQL answer equals the Python one."""
    row.update(**asdict(timeline))
    expected = timeline.phase_at(moment)
    event(f"phase {expected.value}")  # shown by --hypothesis-show-statistics
    event(f"on a date: {moment in asdict(timeline).values()}")
    annotated = row.with_phase_at(moment).values_list("timeline_phase", flat=True)
    assert annotated.get() == expected
    assert {phase for phase in Phase if row.in_phase_at(phase, moment).exists()} == {
        expected
    }
    assert {name: getattr(row, name)(moment).exists() for name in PREDICATES} == {
        name: getattr(timeline, name)(moment) for name in PREDICATES
    }
    assert row.open_for_entries_at(moment).exists() == (expected == Phase.OPEN)
    assert row.upcoming_at(moment).exists() == (expected == Phase.UPCOMING)


@AGREEMENT
@given(timeline=valid_timelines(), data=st.data())
def test_sql_agrees_with_python_on_valid_timelines(row, timeline, data):
    """On every timeline an editor can save, SQL and Python give the same phase."""
    assert timeline.errors() == {}
    assert_sql_agrees(row, timeline, data.draw(moments(timeline), label="moment"))


@AGREEMENT
@given(timeline=storable_timelines(), data=st.data())
def test_sql_agrees_with_python_on_dates_in_any_order(row, timeline, data):
    """Unset, equal or out-of-order dates get the same phase in SQL and Python."""
    assert_sql_agrees(row, timeline, data.draw(moments(timeline), label="moment"))


@AGREEMENT
@given(
    timeline=st.builds(Timeline, *[maybe_instants] * len(TIMELINE_FIELDS)),
    data=st.data(),
)
def test_sql_reads_unset_entry_dates_as_python_does(row, timeline, data):
    """With any of the six dates unset, even the required two, SQL agrees.

    The entry dates are NOT NULL columns, so the dates are given as SQL
    values under other names and the expression reads them through its prefix.
    """
    dates = [d for d in asdict(timeline).values() if d is not None]
    moment = data.draw(moments(timeline) if dates else st.just(START), label="moment")
    given_dates = {
        f"given_{name}": Value(date, output_field=DateTimeField())
        for name, date in asdict(timeline).items()
    }
    phase = row.alias(**given_dates).annotate(
        phase=phase_expression(moment, prefix="given_")
    )
    assert phase.values_list("phase", flat=True).get() == timeline.phase_at(moment)


def test_predicates_reach_through_a_relation(competition_index):
    """A higher app can ask about an entry's competition in the same query."""
    voting = CompetitionPageFactory(parent=competition_index, voting=True)
    open_now = CompetitionPageFactory(parent=competition_index)
    in_voting = EntryFactory(competition=voting)
    EntryFactory(competition=open_now)
    now = timezone.now()
    entries = Entry.objects.filter(accepts_votes(now, prefix="competition__"))
    assert list(entries) == [in_voting]
    assert list(
        Entry.objects.annotate(phase=phase_expression(now, prefix="competition__"))
        .values_list("phase", flat=True)
        .order_by("phase")
    ) == [Phase.OPEN, Phase.VOTING]
