"""The competition timeline: the phase at a moment, and the ordering rules."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from competitions.enums import Phase
from competitions.timeline import TIMELINE_FIELDS, Timeline

SECOND = timedelta(seconds=1)
DAY = timedelta(days=1)

OPEN = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
CLOSE = datetime(2027, 4, 1, 12, 0, tzinfo=UTC)
VOTING_OPENS = datetime(2027, 4, 5, 12, 0, tzinfo=UTC)
VOTING_CLOSES = datetime(2027, 4, 12, 12, 0, tzinfo=UTC)
JUDGING_CLOSES = datetime(2027, 4, 20, 12, 0, tzinfo=UTC)
RESULTS = datetime(2027, 4, 30, 12, 0, tzinfo=UTC)

FULL = Timeline(
    entries_open_at=OPEN,
    entries_close_at=CLOSE,
    voting_opens_at=VOTING_OPENS,
    voting_closes_at=VOTING_CLOSES,
    judging_closes_at=JUDGING_CLOSES,
    results_published_at=RESULTS,
)
WITHOUT_RESULTS = Timeline(
    entries_open_at=OPEN,
    entries_close_at=CLOSE,
    voting_opens_at=VOTING_OPENS,
    voting_closes_at=VOTING_CLOSES,
    judging_closes_at=JUDGING_CLOSES,
)


@pytest.mark.parametrize(
    ("timeline", "boundary", "before", "at", "after"),
    [
        (FULL, OPEN, Phase.UPCOMING, Phase.OPEN, Phase.OPEN),
        (FULL, CLOSE, Phase.OPEN, Phase.JUDGING, Phase.JUDGING),
        (FULL, VOTING_OPENS, Phase.JUDGING, Phase.VOTING, Phase.VOTING),
        (FULL, VOTING_CLOSES, Phase.VOTING, Phase.JUDGING, Phase.JUDGING),
        (WITHOUT_RESULTS, JUDGING_CLOSES, Phase.JUDGING, Phase.CLOSED, Phase.CLOSED),
        (FULL, RESULTS, Phase.JUDGING, Phase.RESULTS, Phase.RESULTS),
    ],
    ids=[
        "entries_open_at",
        "entries_close_at",
        "voting_opens_at",
        "voting_closes_at",
        "judging_closes_at",
        "results_published_at",
    ],
)
def test_each_boundary_belongs_to_the_later_phase(
    timeline, boundary, before, at, after
):
    """One second before a date is the earlier phase; the date itself is the later."""
    assert timeline.phase_at(boundary - SECOND) == before
    assert timeline.phase_at(boundary) == at
    assert timeline.phase_at(boundary + SECOND) == after


def test_judging_lasts_until_the_results_when_they_are_due():
    """After judging closes the competition stays in judging until results appear."""
    assert FULL.phase_at(JUDGING_CLOSES) == Phase.JUDGING
    assert FULL.phase_at(RESULTS - SECOND) == Phase.JUDGING


def test_every_phase_is_reached_in_order_over_a_full_timeline():
    """A full timeline passes through every phase but closed, in the order given."""
    moments = [
        OPEN - SECOND,
        OPEN,
        CLOSE,
        VOTING_OPENS,
        VOTING_CLOSES,
        RESULTS,
    ]
    assert [FULL.phase_at(moment) for moment in moments] == [
        Phase.UPCOMING,
        Phase.OPEN,
        Phase.JUDGING,
        Phase.VOTING,
        Phase.JUDGING,
        Phase.RESULTS,
    ]


def test_voting_that_opens_as_entries_close_starts_at_once():
    """Voting that opens at the close of entries is the phase from that second."""
    timeline = Timeline(
        entries_open_at=OPEN,
        entries_close_at=CLOSE,
        voting_opens_at=CLOSE,
        voting_closes_at=VOTING_CLOSES,
    )
    assert timeline.phase_at(CLOSE - SECOND) == Phase.OPEN
    assert timeline.phase_at(CLOSE) == Phase.VOTING


def test_results_published_as_voting_closes_follow_at_once():
    """Results due at the close of voting are the phase from that second."""
    timeline = Timeline(
        entries_open_at=OPEN,
        entries_close_at=CLOSE,
        voting_opens_at=VOTING_OPENS,
        voting_closes_at=RESULTS,
        results_published_at=RESULTS,
    )
    assert timeline.phase_at(RESULTS - SECOND) == Phase.VOTING
    assert timeline.phase_at(RESULTS) == Phase.RESULTS


def test_voting_only_competition_closes_when_voting_closes():
    """With voting but no judging or results, the end of voting closes it."""
    timeline = Timeline(
        entries_open_at=OPEN,
        entries_close_at=CLOSE,
        voting_opens_at=VOTING_OPENS,
        voting_closes_at=VOTING_CLOSES,
    )
    assert timeline.phase_at(VOTING_CLOSES - SECOND) == Phase.VOTING
    assert timeline.phase_at(VOTING_CLOSES) == Phase.CLOSED


def test_entry_window_only_competition_closes_when_entries_close():
    """Without voting, judging or results dates, the close of entries closes it."""
    timeline = Timeline(entries_open_at=OPEN, entries_close_at=CLOSE)
    assert timeline.phase_at(OPEN - SECOND) == Phase.UPCOMING
    assert timeline.phase_at(OPEN) == Phase.OPEN
    assert timeline.phase_at(CLOSE - SECOND) == Phase.OPEN
    assert timeline.phase_at(CLOSE) == Phase.CLOSED
    assert timeline.phase_at(CLOSE + timedelta(days=365)) == Phase.CLOSED


def test_competition_without_voting_or_judging_is_judged_until_results():
    """Without voting or judging dates, the span before the results is judging."""
    timeline = Timeline(
        entries_open_at=OPEN, entries_close_at=CLOSE, results_published_at=RESULTS
    )
    assert timeline.phase_at(CLOSE) == Phase.JUDGING
    assert timeline.phase_at(RESULTS - SECOND) == Phase.JUDGING
    assert timeline.phase_at(RESULTS) == Phase.RESULTS


def test_phase_does_not_depend_on_the_zone_the_moment_is_written_in():
    """The same instant written in another zone gives the same phase."""
    new_york = ZoneInfo("America/New_York")
    assert FULL.phase_at(OPEN.astimezone(new_york)) == Phase.OPEN
    assert FULL.phase_at((OPEN - SECOND).astimezone(new_york)) == Phase.UPCOMING


def test_a_sane_timeline_has_no_errors():
    """A full timeline in order raises nothing."""
    assert FULL.errors() == {}
    assert Timeline(entries_open_at=OPEN, entries_close_at=CLOSE).errors() == {}


@pytest.mark.parametrize(
    ("given", "missing"),
    [
        ({"voting_opens_at": VOTING_OPENS}, "voting_closes_at"),
        ({"voting_closes_at": VOTING_CLOSES}, "voting_opens_at"),
    ],
)
def test_voting_dates_come_as_a_pair(given, missing):
    """One voting date without the other is refused on the missing one."""
    timeline = Timeline(entries_open_at=OPEN, entries_close_at=CLOSE, **given)
    assert timeline.errors() == {missing: ["Give both voting dates, or neither."]}


# (earlier, later, strictly, other dates, message on ``later``)
ORDERING_CASES = [
    (
        "entries_open_at",
        "entries_close_at",
        True,
        {},
        "Entries close must be after entries open.",
    ),
    (
        "entries_close_at",
        "voting_opens_at",
        False,
        {"entries_open_at": OPEN, "voting_closes_at": RESULTS},
        "Voting opens must be after entries close.",
    ),
    (
        "voting_opens_at",
        "voting_closes_at",
        True,
        {"entries_open_at": OPEN, "entries_close_at": CLOSE},
        "Voting closes must be after voting opens.",
    ),
    (
        "entries_close_at",
        "judging_closes_at",
        True,
        {"entries_open_at": OPEN},
        "Judging closes must be after entries close.",
    ),
    (
        "voting_closes_at",
        "judging_closes_at",
        False,
        {
            "entries_open_at": OPEN,
            "entries_close_at": CLOSE,
            "voting_opens_at": VOTING_OPENS,
        },
        "Judging closes must be after voting closes.",
    ),
    (
        "entries_close_at",
        "results_published_at",
        True,
        {"entries_open_at": OPEN},
        "Results published must be after entries close.",
    ),
    (
        "voting_closes_at",
        "results_published_at",
        False,
        {
            "entries_open_at": OPEN,
            "entries_close_at": CLOSE,
            "voting_opens_at": VOTING_OPENS,
        },
        "Results published must be after voting closes.",
    ),
    (
        "judging_closes_at",
        "results_published_at",
        False,
        {"entries_open_at": OPEN, "entries_close_at": CLOSE},
        "Results published must be after judging closes.",
    ),
]
ORDERING_IDS = [f"{earlier}<{later}" for earlier, later, *_rest in ORDERING_CASES]


@pytest.mark.parametrize(
    ("earlier", "later", "strictly", "others", "message"),
    ORDERING_CASES,
    ids=ORDERING_IDS,
)
def test_a_date_before_the_one_it_follows_is_refused_on_the_later_field(
    earlier, later, strictly, others, message
):
    """A date one second too early is refused, keyed by the later field."""
    boundary = JUDGING_CLOSES
    timeline = Timeline(**others, **{earlier: boundary, later: boundary - SECOND})
    assert timeline.errors() == {later: [message]}


@pytest.mark.parametrize(
    ("earlier", "later", "strictly", "others", "message"),
    ORDERING_CASES,
    ids=ORDERING_IDS,
)
def test_a_date_equal_to_the_one_it_follows_is_refused_only_if_strict(
    earlier, later, strictly, others, message
):
    """Equal dates are refused where the rule is strict and allowed otherwise."""
    boundary = JUDGING_CLOSES
    timeline = Timeline(**others, **{earlier: boundary, later: boundary})
    expected = {later: [message]} if strictly else {}
    assert timeline.errors() == expected


@pytest.mark.parametrize(
    ("earlier", "later", "strictly", "others", "message"),
    ORDERING_CASES,
    ids=ORDERING_IDS,
)
def test_a_date_one_second_after_the_one_it_follows_is_accepted(
    earlier, later, strictly, others, message
):
    """A date one second after the one it must follow raises nothing."""
    boundary = JUDGING_CLOSES
    timeline = Timeline(**others, **{earlier: boundary, later: boundary + SECOND})
    assert timeline.errors() == {}


def test_every_broken_rule_is_reported_on_its_field():
    """Several dates out of order each get their own message on their own field."""
    timeline = Timeline(
        entries_open_at=CLOSE,
        entries_close_at=OPEN,
        voting_opens_at=VOTING_CLOSES,
        voting_closes_at=VOTING_OPENS,
        judging_closes_at=JUDGING_CLOSES,
        results_published_at=JUDGING_CLOSES - SECOND,
    )
    errors = timeline.errors()
    assert set(errors) == {
        "entries_close_at",
        "voting_closes_at",
        "results_published_at",
    }
    assert errors["results_published_at"] == [
        "Results published must be after judging closes."
    ]


def test_messages_name_the_fields_in_plain_english():
    """No message shows a field's code name; each ends with a full stop."""
    timeline = Timeline(
        entries_open_at=RESULTS,
        entries_close_at=OPEN,
        voting_opens_at=OPEN - SECOND,
        voting_closes_at=OPEN - 2 * SECOND,
        judging_closes_at=OPEN - SECOND,
        results_published_at=OPEN - 3 * SECOND,
    )
    messages = [message for found in timeline.errors().values() for message in found]
    assert len(messages) >= 6
    for message in messages:
        assert message.endswith(".")
        assert not any(name in message for name in TIMELINE_FIELDS)
        assert "_" not in message


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (OPEN - SECOND, False),
        (OPEN, True),
        (CLOSE - SECOND, True),
        (CLOSE, False),
    ],
)
def test_entries_are_accepted_from_opening_until_the_close(moment, expected):
    """Members may enter from the opening moment until, not at, the close."""
    assert FULL.accepts_entries_at(moment) == expected


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (VOTING_OPENS - SECOND, False),
        (VOTING_OPENS, True),
        (VOTING_CLOSES - SECOND, True),
        (VOTING_CLOSES, False),
    ],
)
def test_votes_are_accepted_inside_the_voting_window_only(moment, expected):
    """The public may vote from voting opens until, not at, voting closes."""
    assert FULL.accepts_votes_at(moment) == expected


def test_votes_are_refused_without_both_voting_dates():
    """A timeline with only one voting date never takes a vote."""
    timeline = Timeline(
        entries_open_at=OPEN, entries_close_at=CLOSE, voting_opens_at=VOTING_OPENS
    )
    assert not timeline.accepts_votes_at(VOTING_OPENS)
    assert not timeline.accepts_votes_at(VOTING_CLOSES)


def test_votes_are_refused_once_results_are_out_even_inside_the_window():
    """Results published during the voting window end the vote."""
    timeline = Timeline(
        entries_open_at=OPEN,
        entries_close_at=CLOSE,
        voting_opens_at=VOTING_OPENS,
        voting_closes_at=RESULTS,
        results_published_at=VOTING_CLOSES,
    )
    assert timeline.accepts_votes_at(VOTING_CLOSES - SECOND)
    assert not timeline.accepts_votes_at(VOTING_CLOSES)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (CLOSE - SECOND, False),
        (CLOSE, True),
        (VOTING_OPENS, True),
        (VOTING_CLOSES - SECOND, True),
        (JUDGING_CLOSES - SECOND, True),
        (JUDGING_CLOSES, False),
        (RESULTS, False),
    ],
)
def test_scores_are_accepted_from_the_close_until_judging_closes(moment, expected):
    """Judges score from the close of entries, beside the vote, until judging closes."""
    assert FULL.accepts_scores_at(moment) == expected


def test_scores_are_accepted_until_results_when_judging_has_no_date():
    """Without a judging date, scoring ends when the results are published."""
    timeline = Timeline(
        entries_open_at=OPEN, entries_close_at=CLOSE, results_published_at=RESULTS
    )
    assert timeline.judging_ends_at == RESULTS
    assert timeline.accepts_scores_at(RESULTS - SECOND)
    assert not timeline.accepts_scores_at(RESULTS)


def test_scores_are_refused_when_the_timeline_plans_no_judging():
    """With neither a judging nor a results date, judges never score."""
    timeline = Timeline(
        entries_open_at=OPEN,
        entries_close_at=CLOSE,
        voting_opens_at=VOTING_OPENS,
        voting_closes_at=VOTING_CLOSES,
    )
    assert timeline.judging_ends_at is None
    assert timeline.phase_at(CLOSE) == Phase.JUDGING
    assert not timeline.accepts_scores_at(CLOSE)
    assert not timeline.accepts_scores_at(VOTING_OPENS)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [(RESULTS - SECOND, False), (RESULTS, True), (RESULTS + 365 * DAY, True)],
)
def test_results_are_out_from_their_date_on(moment, expected):
    """Results are out from the publication moment, and stay out."""
    assert FULL.results_out_at(moment) == expected
