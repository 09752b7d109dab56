"""Competition pages: where they may be created, what they refuse, their phase."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from wagtail.models import Page

from competitions.enums import Phase
from competitions.models import CompetitionIndexPage, CompetitionPage
from home.models import HomePage, InformationPage
from tests.factories import CompetitionPageFactory

SECOND = timedelta(seconds=1)
OPEN = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
CLOSE = datetime(2027, 4, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def competition(competition_index):
    """A competition with a fixed entry window and no other dates."""
    return CompetitionPageFactory(
        parent=competition_index,
        entries_open_at=OPEN,
        entries_close_at=CLOSE,
    )


def refusal(page) -> dict[str, list[str]]:
    """Return the messages ``full_clean`` raises for ``page``, keyed by field."""
    with pytest.raises(ValidationError) as caught:
        page.full_clean()
    return caught.value.message_dict


# Where pages may go.


def test_home_page_holds_only_the_competition_index_and_information_pages():
    """The home page accepts a competition index and information pages, nothing else.

    Information pages hold the privacy notice and the terms of entry (issue 7).
    """
    assert HomePage.allowed_subpage_models() == [CompetitionIndexPage, InformationPage]
    assert InformationPage.allowed_subpage_models() == []


def test_competition_index_holds_only_competitions():
    """The competition index accepts competitions and no other page type."""
    assert CompetitionIndexPage.allowed_subpage_models() == [CompetitionPage]
    assert CompetitionIndexPage.allowed_parent_page_models() == [HomePage]


def test_competition_holds_no_pages():
    """Nothing can be created under a competition."""
    assert CompetitionPage.allowed_subpage_models() == []
    assert CompetitionPage.allowed_parent_page_models() == [CompetitionIndexPage]


def test_competition_can_be_created_only_under_the_index(competition_index):
    """A competition may be added under the index, not under the home page."""
    home = competition_index.get_parent().specific
    assert CompetitionPage.can_create_at(competition_index)
    assert not CompetitionPage.can_create_at(home)
    assert not CompetitionPage.can_create_at(Page.get_first_root_node())


def test_nothing_can_be_created_under_a_competition(competition):
    """No page type of the site can be created under a competition."""
    for model in (HomePage, CompetitionIndexPage, CompetitionPage):
        assert not model.can_create_at(competition)
    assert competition.creatable_subpage_models() == []


def test_competition_index_goes_under_the_home_page_only(home_page):
    """A competition index may be added under the home page, not under the root."""
    assert CompetitionIndexPage.can_create_at(home_page)
    assert not CompetitionIndexPage.can_create_at(Page.get_first_root_node())


def test_there_is_only_one_competition_index(competition_index):
    """A second competition index cannot be added."""
    assert not CompetitionIndexPage.can_create_at(competition_index.get_parent())


def test_there_is_only_one_home_page(home_page):
    """A second home page cannot be added, even under the root."""
    assert not HomePage.can_create_at(Page.get_first_root_node())
    assert not HomePage.can_create_at(home_page)


# What full_clean refuses.


def test_full_clean_accepts_a_sane_competition(competition):
    """A competition made by the factory passes validation."""
    competition.full_clean()


def test_full_clean_refuses_an_out_of_order_timeline(competition):
    """Entries that close before they open are refused on the close date."""
    competition.entries_close_at = competition.entries_open_at - SECOND
    assert refusal(competition) == {
        "entries_close_at": ["Entries close must be after entries open."]
    }


def test_full_clean_refuses_half_a_voting_window(competition):
    """A voting opening date without a closing date is refused on the missing one."""
    competition.voting_opens_at = CLOSE + timedelta(days=1)
    assert refusal(competition) == {
        "voting_closes_at": ["Give both voting dates, or neither."]
    }


def test_full_clean_refuses_results_before_voting_closes(competition):
    """Results due before the vote ends are refused on the results date."""
    competition.voting_opens_at = CLOSE + timedelta(days=1)
    competition.voting_closes_at = CLOSE + timedelta(days=10)
    competition.results_published_at = CLOSE + timedelta(days=5)
    assert refusal(competition) == {
        "results_published_at": ["Results published must be after voting closes."]
    }


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "europe/london", "GMT+25", ""])
def test_full_clean_refuses_a_name_that_is_not_a_time_zone(competition, name):
    """A time zone that is not an IANA name is refused on the time zone field."""
    competition.time_zone = name
    assert "time_zone" in refusal(competition)


def test_bad_time_zone_message_names_the_value_and_an_example(competition):
    """The time zone message repeats what was given and suggests a real zone."""
    competition.time_zone = "Mars/Olympus_Mons"
    assert refusal(competition)["time_zone"] == [
        "“Mars/Olympus_Mons” is not a time zone; choose one such as Europe/London."
    ]


def test_full_clean_accepts_any_iana_time_zone(competition):
    """A real zone far from the site's own is accepted."""
    competition.time_zone = "Pacific/Auckland"
    competition.full_clean()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("entry_kinds", ["poem"]),
        ("entry_kinds", ["story", "poem"]),
        ("entry_kinds", "story"),
        ("entry_kinds", [None]),
        ("licence_options", ["public-domain"]),
        ("licence_options", ["cc-by-4.0", "public-domain"]),
        ("licence_options", "cc-by-4.0"),
        ("licence_options", [None]),
    ],
)
def test_choice_lists_refuse_unknown_values(competition, field, value):
    """Entry kinds and licences accept only the offered choices, as a list."""
    setattr(competition, field, value)
    assert refusal(competition)[field] == ["Choose from the options offered."]


@pytest.mark.parametrize("field", ["entry_kinds", "licence_options"])
def test_choice_lists_refuse_an_empty_list(competition, field):
    """A competition must accept at least one entry kind and offer one licence."""
    setattr(competition, field, [])
    assert field in refusal(competition)


def test_choice_lists_accept_several_known_values(competition):
    """Several offered choices are accepted together."""
    competition.entry_kinds = ["story", "image", "film", "idea"]
    competition.licence_options = ["cc-by-4.0", "showcase-only"]
    competition.full_clean()


# Phase, time zone and timeline rows.


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (OPEN - SECOND, Phase.UPCOMING),
        (OPEN, Phase.OPEN),
        (CLOSE - SECOND, Phase.OPEN),
        (CLOSE, Phase.CLOSED),
    ],
)
def test_phase_is_the_phase_now(competition, moment, expected):
    """The phase property reads the clock."""
    with time_machine.travel(moment, tick=False):
        fresh = CompetitionPage.objects.get(pk=competition.pk)
        assert fresh.phase == expected


def test_phase_is_computed_once_per_object(competition):
    """A page keeps the phase it first computed for the rest of the request."""
    with time_machine.travel(OPEN - SECOND, tick=False):
        assert competition.phase == Phase.UPCOMING
    with time_machine.travel(OPEN + timedelta(days=1), tick=False):
        assert competition.phase == Phase.UPCOMING
        assert CompetitionPage.objects.get(pk=competition.pk).phase == Phase.OPEN


@pytest.mark.parametrize(
    ("moment", "is_open", "is_upcoming"),
    [
        (OPEN - SECOND, False, True),
        (OPEN, True, False),
        (CLOSE - SECOND, True, False),
        (CLOSE, False, False),
    ],
)
def test_listing_filters_agree_with_the_phase(
    competition, moment, is_open, is_upcoming
):
    """The open and upcoming filters put boundaries where the phase does."""
    competitions = CompetitionPage.objects.all()
    assert competitions.open_for_entries_at(moment).exists() == is_open
    assert competitions.upcoming_at(moment).exists() == is_upcoming
    assert (competition.phase_at(moment) == Phase.OPEN) == is_open


def test_local_shows_a_moment_in_the_competition_zone(competition_index):
    """Moments are shown as wall-clock times in the competition's zone."""
    competition = CompetitionPageFactory(
        parent=competition_index,
        time_zone="America/New_York",
        entries_open_at=OPEN,
        entries_close_at=CLOSE,
    )
    local = competition.local(OPEN)
    assert local.tzinfo == ZoneInfo("America/New_York")
    assert (local.hour, local.minute) == (4, 0)
    assert competition.local(None) is None


def test_timeline_rows_list_set_dates_in_order_in_local_time(competition_index):
    """Timeline rows skip unset dates and read in the competition's zone."""
    competition = CompetitionPageFactory(
        parent=competition_index,
        time_zone="Asia/Tokyo",
        entries_open_at=OPEN,
        entries_close_at=CLOSE,
        results_published_at=CLOSE + timedelta(days=30),
    )
    rows = competition.timeline_rows()
    assert [label for label, _moment in rows] == [
        "Entries open",
        "Entries close",
        "Results published",
    ]
    assert rows[0][1].hour == 18
    assert rows[0][1].utcoffset() == timedelta(hours=9)
