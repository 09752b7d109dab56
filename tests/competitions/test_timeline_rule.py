"""Judging closes after voting closes, and results come after both.

The rule is one line of ``competitions.timeline.ORDER_RULES``; these tests hold
it at each place a timeline is written: the model, the page editor, the demo.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from competitions.demo import COMPETITIONS
from competitions.enums import Phase
from competitions.models import CompetitionPage
from competitions.timeline import TIMELINE_FIELDS, Timeline
from tests.competitions.test_admin import add_url, competition_form, page_text
from tests.factories import CompetitionPageFactory, UserFactory
from tests.support.staff import staff_login

DAY = timedelta(days=1)
CLOSE = datetime(2027, 4, 1, 12, 0, tzinfo=UTC)


def timeline(**dates) -> Timeline:
    return Timeline(entries_open_at=CLOSE - 30 * DAY, entries_close_at=CLOSE, **dates)


def test_judging_closing_before_voting_closes_is_refused_on_judging_closes():
    """The panel may not finish before the public does."""
    errors = timeline(
        voting_opens_at=CLOSE + DAY,
        voting_closes_at=CLOSE + 10 * DAY,
        judging_closes_at=CLOSE + 9 * DAY,
    ).errors()
    assert errors == {
        "judging_closes_at": ["Judging closes must be after voting closes."]
    }


def test_judging_may_close_with_voting_or_later():
    """Closing together, or judging later, is accepted."""
    for judging_closes in (CLOSE + 10 * DAY, CLOSE + 11 * DAY):
        assert (
            timeline(
                voting_opens_at=CLOSE + DAY,
                voting_closes_at=CLOSE + 10 * DAY,
                judging_closes_at=judging_closes,
                results_published_at=CLOSE + 12 * DAY,
            ).errors()
            == {}
        )


def test_results_before_either_close_name_both_fields():
    """Results before voting and judging close are refused, naming each date."""
    errors = timeline(
        voting_opens_at=CLOSE + DAY,
        voting_closes_at=CLOSE + 10 * DAY,
        judging_closes_at=CLOSE + 12 * DAY,
        results_published_at=CLOSE + 5 * DAY,
    ).errors()
    assert errors == {
        "results_published_at": [
            "Results published must be after voting closes.",
            "Results published must be after judging closes.",
        ]
    }


def test_the_model_refuses_the_out_of_order_timeline(competition_index):
    """``full_clean`` (the admin, revisions, anything) raises on the field."""
    page = CompetitionPageFactory.build(
        entries_open_at=CLOSE - 30 * DAY,
        entries_close_at=CLOSE,
        voting_opens_at=CLOSE + DAY,
        voting_closes_at=CLOSE + 10 * DAY,
        judging_closes_at=CLOSE + 2 * DAY,
    )
    with pytest.raises(ValidationError) as raised:
        page.clean()
    assert raised.value.message_dict == {
        "judging_closes_at": ["Judging closes must be after voting closes."]
    }


def test_the_page_editor_shows_the_refusal_and_keeps_the_input(
    client, competition_index
):
    """The editor gets the form back with the message and what they typed."""
    staff_login(client, UserFactory(editor=True))
    response = client.post(
        add_url(competition_index),
        competition_form(
            voting_opens_at="2027-04-02 09:00",
            voting_closes_at="2027-04-20 09:00",
            judging_closes_at="2027-04-10 09:00",
            results_published_at="2027-04-30 09:00",
        ),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["judging_closes_at"] == [
        "Judging closes must be after voting closes."
    ]
    text = page_text(response)
    assert "Judging closes must be after voting closes." in text
    assert 'value="2027-04-10 09:00"' in text
    assert not CompetitionPage.objects.exists()


# The phase each demo competition must be in (README's demo world).
DEMO_PHASES = {
    "apprenticeship-films": Phase.UPCOMING,
    "first-year-stories": Phase.OPEN,
    "picture-your-high-street": Phase.VOTING,
    "greener-commutes": Phase.JUDGING,
    "kindness-of-strangers": Phase.RESULTS,
}


@pytest.mark.parametrize("spec", COMPETITIONS, ids=lambda spec: spec["slug"])
def test_every_demo_competition_keeps_the_rules_and_its_phase(spec):
    """The demo's day offsets obey every ordering rule, the new one included."""
    now = timezone.now()
    dates = {
        name: None if days is None else now + days * DAY
        for name, days in zip(TIMELINE_FIELDS, spec["days"], strict=True)
    }
    demo = Timeline(**dates)
    assert demo.errors() == {}
    assert demo.phase_at(now) == DEMO_PHASES[spec["slug"]]
