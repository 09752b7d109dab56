"""The judges' workspace: my rounds, a round's entries, the scoring page, conflicts."""

import json
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from competitions.enums import EntryKind
from judging.enums import ConflictSource
from judging.models import (
    Comparison,
    Conflict,
    CriterionScore,
    JudgeAssignment,
    ScoreSheet,
)
from judging.sheets import sheet_save
from tests.factories import EntryFactory
from tests.support.judging_workspace import (
    ENTRANT_HANDLE,
    assign,
    build_world,
    judging_round,
    pairwise_round,
    seat,
)
from tests.support.moderation import admin_moderator
from tests.support.staff import sign_in

ROUNDS = "/admin/judging/"


@pytest.fixture
def world(competition_index):
    return build_world(competition_index)


def round_page(judging_round) -> str:
    return reverse("judging:round", kwargs={"round_id": judging_round.pk})


def score_page(assignment) -> str:
    return reverse("judging:score", kwargs={"assignment_id": assignment.pk})


def conflict_page(assignment) -> str:
    return reverse("judging:conflict", kwargs={"assignment_id": assignment.pk})


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def text_of(response) -> str:
    return " ".join(soup_of(response).get_text(" ").split())


def criteria_of(assignment) -> list:
    return list(assignment.round.criteria.order_by("sort_order"))


def submit_full(assignment, user) -> ScoreSheet:
    first, second = criteria_of(assignment)
    return sheet_save(
        assignment=assignment,
        judge=user,
        scores={first.pk: 7, second.pk: 3},
        submit=True,
    )


# My rounds ----------------------------------------------------------------------


def test_my_rounds_shows_each_round_with_its_deadline_and_progress(client, world):
    """“n of m scored” counts submitted sheets only; a draft does not count."""
    first, second, third = world.assignments_a
    submit_full(first, world.judge_a)
    criterion = criteria_of(second)[0]
    sheet_save(assignment=second, judge=world.judge_a, scores={criterion.pk: 4})
    sign_in(client, world.judge_a)

    response = client.get(ROUNDS)

    assert response.status_code == 200
    text = text_of(response)
    assert "Round 1" in text
    assert "Greener commutes" in text
    assert "1 of 3 scored" in text
    assert "Open until" in text


def test_my_rounds_lists_only_the_rounds_the_judge_sits_on(client, world):
    other = judging_round(world.competition, position=2, name="The final")
    seat(other, world.judge_b)
    sign_in(client, world.judge_a)

    text = text_of(client.get(ROUNDS))

    assert "Round 1" in text
    assert "The final" not in text


def test_the_judging_menu_is_shown_to_panel_members_only(client, world):
    home = reverse("wagtailadmin_home")
    sign_in(client, world.judge_a)
    assert ROUNDS in client.get(home).content.decode()

    client.logout()
    sign_in(client, admin_moderator(handle="mod_x", email="mod_x@example.org"))
    assert ROUNDS not in client.get(home).content.decode()


def main_menu(response) -> list[str]:
    """Return the names of the admin sidebar's main menu items."""
    props = soup_of(response).find("script", id="wagtail-sidebar-props").string
    modules = json.loads(props)["modules"]
    (menu,) = [m for m in modules if m["_type"] == "wagtail.sidebar.MainMenuModule"]
    return [item["_args"][0]["name"] for item in menu["_args"][0]]


def test_a_judge_gets_the_judging_area_and_nothing_else_of_the_admin(client, world):
    """No pages, snippets, images or documents: only their workspace (and help).

    Judge A chairs the round, so the results of it are theirs too; judge B
    only judges.
    """
    home = reverse("wagtailadmin_home")
    sign_in(client, world.judge_b)
    assert main_menu(client.get(home)) == ["judging", "help"]
    client.logout()
    sign_in(client, world.judge_a)

    assert main_menu(client.get(home)) == ["judging", "results", "help"]
    for name in (
        "wagtailadmin_explore_root",
        "wagtailsnippets:index",
        "wagtailimages:index",
        "wagtaildocs:index",
        "wagtailusers_users:index",
    ):
        assert client.get(reverse(name)).status_code in (302, 403), name


def test_an_editor_menu_has_more_than_the_judging_area(client, world, admin_user):
    """A control for the test above: the menu does list pages for an editor."""
    sign_in(client, admin_user)

    assert "explorer" in main_menu(client.get(reverse("wagtailadmin_home")))


# A round ------------------------------------------------------------------------


def test_a_round_lists_the_judges_own_entries_and_where_each_stands(client, world):
    first, second, _third = world.assignments_a
    submit_full(first, world.judge_a)
    criterion = criteria_of(second)[0]
    sheet_save(assignment=second, judge=world.judge_a, scores={criterion.pk: 4})
    sign_in(client, world.judge_a)

    response = client.get(round_page(world.blind_round))

    rows = [
        " ".join(row.get_text(" ").split())
        for row in soup_of(response).select("table.listing tbody tr")
    ]
    assert len(rows) == 3
    assert "Bikes at dawn" in rows[0] and "Submitted" in rows[0]
    assert "The long walk" in rows[1] and "Saved, not submitted" in rows[1]
    assert "The night bus" in rows[2] and "Not started" in rows[2]
    assert "1 of 3 entries scored" in text_of(response)


def test_another_judges_entries_are_not_listed(client, world):
    sign_in(client, world.judge_b)

    text = text_of(client.get(round_page(world.blind_round)))

    assert "Bikes at dawn" in text
    assert "The long walk" not in text
    assert "The night bus" not in text


def test_an_entry_no_longer_approved_drops_out_of_the_judges_list(client, world):
    world.story_entry.status = "withdrawn"
    world.story_entry.save()
    sign_in(client, world.judge_a)

    text = text_of(client.get(round_page(world.blind_round)))

    assert "The long walk" not in text
    assert "Bikes at dawn" in text


def test_a_round_that_is_not_blind_shows_the_entrants_handle(client, world):
    world.blind_round.blind = False
    world.blind_round.save()
    sign_in(client, world.judge_a)

    assert ENTRANT_HANDLE in text_of(client.get(round_page(world.blind_round)))
    page = client.get(score_page(world.assignments_a[0]))
    assert f"By {ENTRANT_HANDLE}" in text_of(page)


def list_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_assignments(world, count: int) -> None:
    entries = EntryFactory.create_batch(
        count,
        competition=world.competition,
        kind=EntryKind.STORY,
        approved=True,
    )
    assign(world.blind_round, world.judge_c, *entries)


def test_a_rounds_list_costs_the_same_queries_for_3_or_30_entries(client, world):
    sign_in(client, world.judge_c)
    url = round_page(world.blind_round)
    client.get(url)  # warm the session and the content types

    add_assignments(world, 3)
    small = list_queries(client, url)
    add_assignments(world, 27)
    large = list_queries(client, url)

    assert len(soup_of(client.get(url)).select("table.listing tbody tr")) == 30
    assert small == large


def test_my_rounds_costs_the_same_queries_for_3_or_30_rounds(client, world):
    """Each round's progress is counted in the one query that lists the rounds."""
    sign_in(client, world.judge_c)
    client.get(ROUNDS)

    def add_rounds(start: int, count: int) -> None:
        for position in range(start, start + count):
            extra = judging_round(world.competition, position=position)
            seat(extra, world.judge_c)
            assign(extra, world.judge_c, world.image_entry)

    add_rounds(2, 2)  # with the world's round: 3
    small = list_queries(client, ROUNDS)
    add_rounds(4, 27)
    large = list_queries(client, ROUNDS)

    assert len(soup_of(client.get(ROUNDS)).select("table.listing tbody tr")) == 30
    assert small == large


# The scoring page ------------------------------------------------------------------


def test_the_scoring_page_shows_the_entry_beside_one_score_per_criterion(client, world):
    sign_in(client, world.judge_a)

    response = client.get(score_page(world.assignments_a[1]))

    assert response.status_code == 200
    page = soup_of(response)
    entry = page.select_one(".judging-score__entry")
    assert "The first snow fell" in entry.get_text()
    inputs = page.select("#score-form input[type=number]")
    assert [(i["min"], i["max"], i["step"]) for i in inputs] == [
        ("0", "10", "1"),
        ("0", "5", "1"),
    ]
    text = text_of(response)
    assert "Something we have not seen before." in text
    assert "Weight 2 (67% of the total)" in text
    assert "Weight 1 (33% of the total)" in text
    assert page.select_one("#score-form textarea[name=comment]") is not None
    assert page.select_one("button[value=save]").get_text(strip=True) == (
        "Save and come back later"
    )
    assert page.select_one("button[value=submit]").get_text(strip=True) == (
        "Submit scores"
    )


def test_the_scoring_page_shows_an_image_and_a_film_with_its_poster(client, world):
    sign_in(client, world.judge_a)

    image = soup_of(client.get(score_page(world.assignments_a[0])))
    film = soup_of(client.get(score_page(world.assignments_a[2])))

    assert image.select_one(".judging-entry img")["src"] == (
        world.image_entry.media_url("image")
    )
    video = film.select_one(".judging-entry video")
    assert video["src"] == world.film_entry.media_url("film")
    assert video["poster"] == world.film_entry.media_url("poster")


def test_the_scoring_page_goes_to_the_previous_and_next_entries(client, world):
    first, second, third = world.assignments_a
    sign_in(client, world.judge_a)

    page = soup_of(client.get(score_page(second)))

    previous = page.select_one("a[rel=prev]")
    following = page.select_one("a[rel=next]")
    assert previous["href"] == score_page(first)
    assert previous["data-judging-key"] == "p"
    assert following["href"] == score_page(third)
    assert following["data-judging-key"] == "n"
    assert page.select_one("button[value=save]")["data-judging-key"] == "s"
    assert "entry 2 of 3" in page.get_text()
    first_page = soup_of(client.get(score_page(first)))
    assert first_page.select_one("a[rel=prev]") is None


def test_the_keyboard_script_and_styles_are_files_not_inline(client, world):
    """The page loads its script and styles by address (a strict CSP allows it)."""
    sign_in(client, world.judge_a)

    page = soup_of(client.get(score_page(world.assignments_a[0])))

    scripts = [tag.get("src", "") for tag in page.find_all("script")]
    assert any(src.endswith("judging/workspace.js") for src in scripts)
    styles = [tag.get("href", "") for tag in page.find_all("link")]
    assert any(href.endswith("judging/workspace.css") for href in styles)
    for name in ("judging/workspace.js", "judging/workspace.css"):
        assert finders.find(name), name
    ours = page.select_one(".judging-score").find_all("script")
    assert ours == []


def test_the_score_inputs_come_before_the_buttons_in_the_tab_order(client, world):
    """Number inputs, the comment, then save and submit: no tabindex reshuffles."""
    sign_in(client, world.judge_a)

    form = soup_of(client.get(score_page(world.assignments_a[0]))).select_one(
        "#score-form"
    )

    order = [
        tag.get("value") if tag.name == "button" else tag.get("name")
        for tag in form.select("input:not([type=hidden]), textarea, button")
    ]
    first, second = criteria_of(world.assignments_a[0])
    assert order == [f"score_{first.pk}", f"score_{second.pk}", "comment", "save"] + [
        "submit"
    ]
    assert not form.select("[tabindex]")


def test_an_upcoming_round_is_visible_but_cannot_be_scored(client, world):
    world.blind_round.opens_at = timezone.now() + timedelta(days=1)
    world.blind_round.closes_at = timezone.now() + timedelta(days=3)
    world.blind_round.save()
    sign_in(client, world.judge_a)

    assert "Opens on" in text_of(client.get(ROUNDS))
    page = soup_of(client.get(score_page(world.assignments_a[0])))

    assert page.select_one("#score-form fieldset").has_attr("disabled")
    assert page.select_one("button[value=submit]") is None
    assert "has not opened yet" in page.get_text()


def test_a_submitted_sheet_shows_its_scores_read_only(client, world):
    assignment = world.assignments_a[0]
    submit_full(assignment, world.judge_a)
    sign_in(client, world.judge_a)

    page = soup_of(client.get(score_page(assignment)))

    assert page.select_one("#score-form fieldset").has_attr("disabled")
    values = [i["value"] for i in page.select("#score-form input[type=number]")]
    assert values == ["7", "3"]
    assert "They are final." in page.get_text()
    # (2 × 7/10 + 1 × 3/5) / 3 × 100 = 66.7
    assert "Your weighted score: 67 out of 100." in page.get_text()


def test_a_draft_with_a_blank_score_has_no_weighted_score_yet(client, world):
    assignment = world.assignments_a[0]
    criterion = criteria_of(assignment)[0]
    sheet_save(assignment=assignment, judge=world.judge_a, scores={criterion.pk: 9})
    sign_in(client, world.judge_a)

    assert "weighted score" not in text_of(client.get(score_page(assignment)))


def test_a_pairwise_assignment_opens_the_comparison_page(client, world):
    pairs = pairwise_round(world.competition)
    seat(pairs, world.judge_a)
    (assignment,) = assign(pairs, world.judge_a, world.image_entry)
    sign_in(client, world.judge_a)

    response = client.get(score_page(assignment))

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "judging:compare", kwargs={"round_id": pairs.pk}
    )


# Declaring a conflict of interest -----------------------------------------------


def test_the_conflict_page_asks_before_anything_changes(client, world):
    assignment = world.assignments_a[0]
    sign_in(client, world.judge_a)

    response = client.get(conflict_page(assignment))

    assert response.status_code == 200
    assert "Yes, I have a conflict of interest" in text_of(response)
    assert JudgeAssignment.objects.filter(pk=assignment.pk).exists()
    assert not Conflict.objects.exists()


def test_declaring_a_conflict_removes_the_entry_and_gives_it_to_a_free_judge(
    client, world
):
    """Judge C has nothing assigned, so C takes the entry; A never sees it again."""
    assignment = world.assignments_a[1]  # the story: judge B does not have it
    criterion = criteria_of(assignment)[0]
    sheet_save(assignment=assignment, judge=world.judge_a, scores={criterion.pk: 5})
    sign_in(client, world.judge_a)

    response = client.post(
        conflict_page(assignment), {"note": "I taught the entrant."}, follow=True
    )

    assert response.status_code == 200
    assert "has gone to another judge on the panel" in text_of(response)
    conflict = Conflict.objects.get()
    assert (conflict.judge, conflict.entry) == (world.judge_a, world.story_entry)
    assert conflict.source == ConflictSource.DECLARED
    assert conflict.note == "I taught the entrant."
    assert not JudgeAssignment.objects.filter(pk=assignment.pk).exists()
    assert not ScoreSheet.objects.filter(assignment_id=assignment.pk).exists()
    assert not CriterionScore.objects.exists()
    taken = JudgeAssignment.objects.get(
        round=world.blind_round, entry=world.story_entry
    )
    assert taken.judge == world.judge_c
    assert "The long walk" not in text_of(client.get(round_page(world.blind_round)))
    assert client.get(score_page(assignment)).status_code == 404


def test_the_least_loaded_free_judge_takes_the_entry(client, world):
    """B holds one entry and C three: the story goes to B."""
    busy = EntryFactory.create_batch(
        3, competition=world.competition, kind=EntryKind.STORY, approved=True
    )
    assign(world.blind_round, world.judge_c, *busy)
    sign_in(client, world.judge_a)

    client.post(conflict_page(world.assignments_a[1]), {"note": ""})

    taken = JudgeAssignment.objects.get(
        round=world.blind_round, entry=world.story_entry
    )
    assert taken.judge == world.judge_b


def test_with_nobody_free_the_judge_is_told_the_organisers_will_find_someone(
    client, world
):
    world.blind_round.panel.filter(judge=world.judge_c).delete()
    sign_in(client, world.judge_a)

    response = client.post(
        conflict_page(world.assignments_a[0]), {"note": ""}, follow=True
    )

    assert "the organisers will find someone" in text_of(response)
    holders = JudgeAssignment.objects.filter(entry=world.image_entry)
    assert [a.judge for a in holders] == [world.judge_b]


def test_a_judge_who_declared_a_conflict_is_not_given_the_entry_back(client, world):
    """B declares on the image; A had it already, C is free: C takes it, not A."""
    sign_in(client, world.judge_b)

    client.post(conflict_page(world.assignments_b[0]), {"note": ""})

    holders = sorted(
        a.judge.handle for a in JudgeAssignment.objects.filter(entry=world.image_entry)
    )
    assert holders == ["judge_alpha", "judge_gamma"]


def test_the_entrant_on_the_panel_is_never_given_their_own_entry(client, world):
    """The only other judge on the panel wrote the entry: nobody takes it."""
    world.blind_round.panel.exclude(judge=world.judge_a).delete()
    seat(world.blind_round, world.author)
    sign_in(client, world.judge_a)

    client.post(conflict_page(world.assignments_a[1]), {"note": ""})

    assert not JudgeAssignment.objects.filter(entry=world.story_entry).exists()


def test_a_submitted_sheet_cannot_be_withdrawn_by_a_conflict(client, world):
    assignment = world.assignments_a[0]
    submit_full(assignment, world.judge_a)
    sign_in(client, world.judge_a)

    response = client.post(conflict_page(assignment), {"note": "Oops"})

    assert response.status_code == 400
    assert "so they stand" in text_of(response)
    assert JudgeAssignment.objects.filter(pk=assignment.pk).exists()
    assert not Conflict.objects.exists()


def test_a_conflict_note_that_is_too_long_keeps_what_was_typed(client, world):
    sign_in(client, world.judge_a)
    note = "I know them. " * 30

    response = client.post(conflict_page(world.assignments_a[0]), {"note": note})

    assert response.status_code == 400
    assert "Please keep the note under 255 characters." in text_of(response)
    assert (
        soup_of(response).select_one("textarea[name=note]").get_text().lstrip("\n")
        == note
    )
    assert not Conflict.objects.exists()


def test_no_conflict_can_be_declared_once_the_round_has_closed(client, world):
    world.blind_round.opens_at = timezone.now() - timedelta(days=5)
    world.blind_round.closes_at = timezone.now() - timedelta(days=1)
    world.blind_round.save()
    sign_in(client, world.judge_a)

    response = client.post(conflict_page(world.assignments_a[0]), {"note": ""})

    assert response.status_code == 400
    assert "This round has closed." in text_of(response)
    assert JudgeAssignment.objects.filter(judge=world.judge_a).count() == 3


def test_a_conflict_in_a_pairwise_round_removes_the_judges_comparisons(client, world):
    pairs = pairwise_round(world.competition)
    seat(pairs, world.judge_a)
    image, story, film = assign(pairs, world.judge_a, *world.entries)
    Comparison.objects.create(
        round=pairs,
        judge=world.judge_a,
        first=world.image_entry,
        second=world.story_entry,
        winner=world.image_entry,
    )
    Comparison.objects.create(
        round=pairs,
        judge=world.judge_a,
        first=world.story_entry,
        second=world.film_entry,
        winner=None,
    )
    sign_in(client, world.judge_a)

    client.post(conflict_page(image), {"note": ""})

    left = Comparison.objects.get()
    assert (left.first, left.second) == (world.story_entry, world.film_entry)
