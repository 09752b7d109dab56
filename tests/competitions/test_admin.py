"""Creating and editing competitions in the Wagtail page editor."""

import html
from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from competitions.models import CompetitionCategory, CompetitionPage, Prize
from tests.factories import CompetitionPageFactory, UserFactory
from tests.support.staff import staff_login

# A wall-clock time that does not exist in London: the clocks go from 01:00 to 02:00.
SKIPPED = "2027-03-28 01:30"


@pytest.fixture
def editor_client(client, db):
    """A client logged in as an editor with full access to the admin."""
    staff_login(client, UserFactory(editor=True))
    return client


def add_url(index) -> str:
    return f"/admin/pages/add/competitions/competitionpage/{index.id}/"


def edit_url(page) -> str:
    return f"/admin/pages/{page.id}/edit/"


def page_text(response) -> str:
    """Return the response body with HTML entities decoded."""
    return html.unescape(response.content.decode())


def competition_form(**overrides) -> dict:
    """Return POST data for the add form of a valid competition, published.

    Checkbox groups (``entry_kinds``, ``licence_options``) are lists, posted as
    repeated keys; everything else goes through ``nested_form_data``.
    """
    data = {
        "title": "Stories of the river",
        "slug": "stories-of-the-river",
        "summary": "Tell us about the river.",
        "hero_image": "",
        "body": streamfield([("heading", "Why rivers")]),
        "entry_kinds": ["story", "image"],
        "licence_options": ["cc-by-4.0"],
        "entry_limit_per_member": "2",
        "story_word_limit": "",
        "moderation_mode": "before",
        "hide_after_reports": "3",
        "rules": rich_text("<p>Be kind.</p>"),
        "eligibility": rich_text("<p>Anyone.</p>"),
        "time_zone": "Europe/London",
        "entries_open_at": "2027-03-01 09:00",
        "entries_close_at": "2027-04-01 17:00",
        "voting_opens_at": "",
        "voting_closes_at": "",
        "judging_closes_at": "",
        "results_published_at": "",
        "categories": inline_formset([]),
        "prizes": inline_formset([]),
        "partnerships": inline_formset([]),
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        "action-publish": "publish",
    }
    data.update(overrides)
    checkboxes = {
        name: data.pop(name)
        for name in ("entry_kinds", "licence_options")
        if name in data
    }
    return nested_form_data(data) | checkboxes


def edit_form_data(client, page) -> dict:
    """Return the edit form of ``page`` as the browser would post it, to publish.

    The StreamField editor is drawn by JavaScript, so its (empty) body is added.
    """
    response = client.get(edit_url(page))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data.update(nested_form_data({"body": streamfield([])}))
    data["action-publish"] = "publish"
    return data


def saved(slug: str = "stories-of-the-river") -> CompetitionPage:
    return CompetitionPage.objects.get(slug=slug)


# Creating a competition.


def test_editor_can_publish_a_competition(editor_client, competition_index):
    """A complete form creates a live competition under the index."""
    response = editor_client.post(add_url(competition_index), competition_form())
    assert response.status_code == 302
    competition = saved()
    assert competition.live
    assert competition.get_parent().id == competition_index.id
    assert competition.entry_kinds == ["story", "image"]
    assert competition.licence_options == ["cc-by-4.0"]


def test_timeline_is_read_in_the_competition_time_zone(
    editor_client, competition_index
):
    """09:00 in New York on 1 March 2027 is stored as 14:00 UTC."""
    response = editor_client.post(
        add_url(competition_index),
        competition_form(
            time_zone="America/New_York",
            entries_open_at="2027-03-01 09:00",
            entries_close_at="2027-03-20 23:59",
        ),
    )
    assert response.status_code == 302
    competition = saved()
    assert competition.time_zone == "America/New_York"
    assert competition.entries_open_at == datetime(2027, 3, 1, 14, 0, tzinfo=UTC)
    # 20 March is after the US change to daylight time (14 March): UTC-4.
    assert competition.entries_close_at == datetime(2027, 3, 21, 3, 59, tzinfo=UTC)


def test_timeline_follows_the_clocks_going_back(editor_client, competition_index):
    """Noon in London is 11:00 UTC in summer time and 12:00 UTC the day after."""
    response = editor_client.post(
        add_url(competition_index),
        competition_form(
            time_zone="Europe/London",
            entries_open_at="2026-10-24 12:00",
            entries_close_at="2026-10-25 12:00",
        ),
    )
    assert response.status_code == 302
    competition = saved()
    assert competition.entries_open_at == datetime(2026, 10, 24, 11, 0, tzinfo=UTC)
    assert competition.entries_close_at == datetime(2026, 10, 25, 12, 0, tzinfo=UTC)


def test_a_repeated_hour_means_its_first_occurrence(editor_client, competition_index):
    """01:30 on the night the clocks go back is read as summer time."""
    response = editor_client.post(
        add_url(competition_index),
        competition_form(
            time_zone="Europe/London",
            entries_open_at="2026-10-20 09:00",
            entries_close_at="2026-10-25 01:30",
        ),
    )
    assert response.status_code == 302
    assert saved().entries_close_at == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("field", "dates"),
    [
        ("entries_open_at", {"entries_close_at": "2027-04-01 17:00"}),
        ("entries_close_at", {"entries_open_at": "2027-03-01 09:00"}),
        (
            "results_published_at",
            {
                "entries_open_at": "2027-03-01 09:00",
                "entries_close_at": "2027-03-20 17:00",
            },
        ),
    ],
)
def test_a_time_the_clocks_skip_is_refused(
    editor_client, competition_index, field, dates
):
    """01:30 on the night the clocks go forward gives a form error, not a 500."""
    response = editor_client.post(
        add_url(competition_index),
        competition_form(time_zone="Europe/London", **dates, **{field: SKIPPED}),
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [
        "2027-03-28 01:30 does not exist in Europe/London: the clocks go forward "
        "then. Choose a time outside the skipped hour."
    ]
    assert "the clocks go forward" in page_text(response)
    assert not CompetitionPage.objects.exists()


def test_an_out_of_order_timeline_is_shown_back_with_the_input(
    editor_client, competition_index
):
    """Entries closing before they open re-render the form with what was typed."""
    response = editor_client.post(
        add_url(competition_index),
        competition_form(
            title="A backwards call",
            entries_open_at="2027-04-01 09:00",
            entries_close_at="2027-03-01 09:00",
        ),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["entries_close_at"] == [
        "Entries close must be after entries open."
    ]
    text = page_text(response)
    assert "Entries close must be after entries open." in text
    assert 'value="A backwards call"' in text
    assert 'value="2027-03-01 09:00"' in text
    assert 'value="2027-04-01 09:00"' in text
    assert not CompetitionPage.objects.exists()


def test_voting_before_entries_close_is_refused_on_voting_opens(
    editor_client, competition_index
):
    """A voting window that opens during the entry window is refused."""
    response = editor_client.post(
        add_url(competition_index),
        competition_form(
            voting_opens_at="2027-03-15 09:00",
            voting_closes_at="2027-04-15 09:00",
        ),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["voting_opens_at"] == [
        "Voting opens must be after entries close."
    ]
    assert not CompetitionPage.objects.exists()


def test_an_unknown_time_zone_is_refused(editor_client, competition_index):
    """A time zone that is not in the list is refused without a 500."""
    response = editor_client.post(
        add_url(competition_index), competition_form(time_zone="Mars/Olympus_Mons")
    )
    assert response.status_code == 200
    assert "time_zone" in response.context["form"].errors
    assert not CompetitionPage.objects.exists()


def test_at_least_one_entry_kind_is_required(editor_client, competition_index):
    """A competition that accepts nothing is refused on the entry kinds."""
    data = competition_form()
    del data["entry_kinds"]
    response = editor_client.post(add_url(competition_index), data)
    assert response.status_code == 200
    assert "entry_kinds" in response.context["form"].errors
    assert not CompetitionPage.objects.exists()


def test_an_unknown_entry_kind_is_refused(editor_client, competition_index):
    """An entry kind not offered by the checkboxes is refused."""
    response = editor_client.post(
        add_url(competition_index), competition_form(entry_kinds=["story", "poem"])
    )
    assert response.status_code == 200
    assert "entry_kinds" in response.context["form"].errors
    assert not CompetitionPage.objects.exists()


def test_the_add_form_offers_every_entry_kind_and_the_timeline_fields(
    editor_client, competition_index
):
    """The add form has the fields the tests post, under the names they use."""
    response = editor_client.get(add_url(competition_index))
    assert response.status_code == 200
    text = page_text(response)
    for kind in ("story", "image", "film", "idea"):
        assert f'name="entry_kinds" value="{kind}"' in text
    for name in (
        "entries_open_at",
        "entries_close_at",
        "voting_opens_at",
        "voting_closes_at",
        "judging_closes_at",
        "results_published_at",
    ):
        assert f'name="{name}"' in text
    for formset in ("categories", "prizes", "partnerships"):
        assert f'name="{formset}-TOTAL_FORMS"' in text
    assert '<option value="Europe/London" selected>' in text
    zone = BeautifulSoup(response.content, "html.parser").select_one(
        "select[name=time_zone]"
    )
    assert zone is not None and not zone.has_attr("maxlength")  # not a text box's


# Prizes and categories.


def test_a_prize_for_an_unknown_category_is_refused(editor_client, competition_index):
    """A prize naming a category the competition lacks gets a clear error."""
    response = editor_client.post(
        add_url(competition_index),
        competition_form(
            categories=inline_formset([{"name": "Under 18", "description": ""}]),
            prizes=inline_formset(
                [
                    {
                        "title": "Young writer",
                        "description": "",
                        "value": "£100",
                        "kind": "judges",
                        "category_name": "Under 21",
                    }
                ]
            ),
        ),
    )
    assert response.status_code == 200
    prize_form = response.context["form"].formsets["prizes"].forms[0]
    message = (
        "“Under 21” is not one of this competition's categories. "
        "Add it under Categories, or leave this empty."
    )
    assert prize_form.errors["category_name"] == [message]
    assert message in page_text(response)
    assert not CompetitionPage.objects.exists()


def test_a_prize_may_name_a_category_in_any_case(editor_client, competition_index):
    """A prize naming one of the competition's categories is saved with it."""
    response = editor_client.post(
        add_url(competition_index),
        competition_form(
            categories=inline_formset([{"name": "Under 18", "description": ""}]),
            prizes=inline_formset(
                [
                    {
                        "title": "Young writer",
                        "description": "",
                        "value": "£100",
                        "kind": "judges",
                        "category_name": "under 18",
                    },
                    {
                        "title": "People's choice",
                        "description": "",
                        "value": "",
                        "kind": "peoples_choice",
                        "category_name": "",
                    },
                ]
            ),
        ),
    )
    assert response.status_code == 302
    competition = saved()
    assert [c.name for c in competition.categories.all()] == ["Under 18"]
    assert [p.title for p in competition.prizes.all()] == [
        "Young writer",
        "People's choice",
    ]


def test_a_prize_cannot_name_a_category_being_deleted(editor_client, competition_index):
    """A category removed in the same save no longer counts for prizes."""
    response = editor_client.post(
        add_url(competition_index),
        competition_form(
            categories=inline_formset(
                [{"name": "Under 18", "description": "", "DELETE": "1"}]
            ),
            prizes=inline_formset(
                [
                    {
                        "title": "Young writer",
                        "description": "",
                        "value": "",
                        "kind": "judges",
                        "category_name": "Under 18",
                    }
                ]
            ),
        ),
    )
    assert response.status_code == 200
    prize_form = response.context["form"].formsets["prizes"].forms[0]
    assert "category_name" in prize_form.errors
    assert not CompetitionPage.objects.exists()


# Editing a competition.


@pytest.fixture
def new_york_competition(competition_index):
    """A competition in New York whose entries open at 14:00 UTC on 1 March 2027."""
    return CompetitionPageFactory(
        parent=competition_index,
        title="Harbour lights",
        slug="harbour-lights",
        time_zone="America/New_York",
        entries_open_at=datetime(2027, 3, 1, 14, 0, tzinfo=UTC),
        entries_close_at=datetime(2027, 4, 1, 3, 59, tzinfo=UTC),
    )


def test_edit_form_shows_the_timeline_in_the_competition_zone(
    editor_client, new_york_competition
):
    """The edit form shows 09:00 for entries that open at 14:00 UTC in New York."""
    response = editor_client.get(edit_url(new_york_competition))
    assert response.status_code == 200
    text = page_text(response)
    assert 'name="entries_open_at" value="2027-03-01 09:00"' in text
    assert 'name="entries_close_at" value="2027-03-31 23:59"' in text
    assert "2027-03-01 14:00" not in text
    assert '<option value="America/New_York" selected>' in text


def test_saving_the_edit_form_unchanged_keeps_the_timeline(
    editor_client, new_york_competition
):
    """Publishing the edit form as shown leaves every date where it was."""
    data = edit_form_data(editor_client, new_york_competition)
    response = editor_client.post(edit_url(new_york_competition), data)
    assert response.status_code == 302
    new_york_competition.refresh_from_db()
    assert new_york_competition.entries_open_at == datetime(
        2027, 3, 1, 14, 0, tzinfo=UTC
    )
    assert new_york_competition.entries_close_at == datetime(
        2027, 4, 1, 3, 59, tzinfo=UTC
    )


def test_editing_a_time_reads_it_in_the_competition_zone(
    editor_client, new_york_competition
):
    """A changed wall-clock time is stored as the instant it names in New York."""
    data = edit_form_data(editor_client, new_york_competition)
    data["entries_open_at"] = "2027-03-02 08:30"
    response = editor_client.post(edit_url(new_york_competition), data)
    assert response.status_code == 302
    new_york_competition.refresh_from_db()
    assert new_york_competition.entries_open_at == datetime(
        2027, 3, 2, 13, 30, tzinfo=UTC
    )


def test_changing_the_zone_rereads_the_wall_clock_times(
    editor_client, new_york_competition
):
    """Switching the zone keeps the wall-clock times and moves the instants."""
    data = edit_form_data(editor_client, new_york_competition)
    data["time_zone"] = "Europe/London"
    response = editor_client.post(edit_url(new_york_competition), data)
    assert response.status_code == 302
    new_york_competition.refresh_from_db()
    assert new_york_competition.time_zone == "Europe/London"
    assert new_york_competition.entries_open_at == datetime(
        2027, 3, 1, 9, 0, tzinfo=UTC
    )


def test_an_out_of_order_edit_is_refused_and_not_saved(
    editor_client, new_york_competition
):
    """An edit that closes entries before they open changes nothing."""
    data = edit_form_data(editor_client, new_york_competition)
    data["entries_close_at"] = "2027-02-28 09:00"
    response = editor_client.post(edit_url(new_york_competition), data)
    assert response.status_code == 200
    assert "Entries close must be after entries open." in page_text(response)
    assert 'name="entries_close_at" value="2027-02-28 09:00"' in page_text(response)
    new_york_competition.refresh_from_db()
    assert new_york_competition.entries_close_at == datetime(
        2027, 4, 1, 3, 59, tzinfo=UTC
    )


def test_renaming_a_category_a_prize_names_is_refused_on_edit(
    editor_client, new_york_competition
):
    """Renaming a category leaves its prize pointing nowhere, which is refused."""
    CompetitionCategory.objects.create(page=new_york_competition, name="Under 18")
    Prize.objects.create(
        page=new_york_competition, title="Young writer", category_name="Under 18"
    )
    new_york_competition.save_revision().publish()
    data = edit_form_data(editor_client, new_york_competition)
    assert data["categories-INITIAL_FORMS"] == "1"
    assert data["prizes-0-category_name"] == "Under 18"

    unchanged = editor_client.post(edit_url(new_york_competition), data)
    assert unchanged.status_code == 302

    data["categories-0-name"] = "Under 16"
    response = editor_client.post(edit_url(new_york_competition), data)
    assert response.status_code == 200
    prize_form = response.context["form"].formsets["prizes"].forms[0]
    assert "category_name" in prize_form.errors
    stored = CompetitionCategory.objects.filter(page=new_york_competition)
    assert [category.name for category in stored] == ["Under 18"]


@pytest.mark.parametrize(
    ("time_zone", "value"),
    [("Europe/Berlin", "0001-01-01 00:30"), ("America/New_York", "9999-12-31 23:30")],
)
def test_a_date_at_the_end_of_the_calendar_is_refused_not_a_500(
    editor_client, competition_index, time_zone, value
):
    """A date the time zone cannot convert gives a form error, and saves nothing."""
    response = editor_client.post(
        add_url(competition_index),
        competition_form(time_zone=time_zone, entries_open_at=value),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["entries_open_at"] == [
        "Choose a date between the years 1900 and 9998."
    ]
    assert not CompetitionPage.objects.exists()
