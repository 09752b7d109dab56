"""Publishing results: the date rule, the emails after commit, the audit, the pages."""

import html
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from competitions.enums import PrizeKind
from judging.enums import AwardPlace
from judging.models import Award, ResultsPublication
from judging.results_services import LOG_PUBLISH, results_publish
from tests.factories import CompetitionPageFactory, EntryFactory, UserFactory
from tests.support.judging_results import editor, judge, make_round, prize, score
from tests.support.staff import sign_in


@pytest.fixture
def world(competition_index):
    """A competition whose results date has passed, with a winner and a runner-up."""
    competition = CompetitionPageFactory(parent=competition_index, results=True)
    chair = judge(handle="chair")
    judging_round = make_round(competition, chair=chair, share_comments=True)
    winner, runner, other = (
        EntryFactory(
            competition=competition,
            title=title,
            approved=True,
            author=UserFactory(handle=handle, email=f"{handle}@private.example.org"),
        )
        for title, handle in [
            ("Gold", "gold_author"),
            ("Silver", "silver_author"),
            ("Also ran", "other_author"),
        ]
    )
    EntryFactory(
        competition=competition,
        rejected=True,
        author=UserFactory(email="rejected@private.example.org"),
    )
    score(judging_round, chair, other, 5, 3)  # comment: "chair on Also ran"
    best = prize(competition, "Best story")
    public = prize(competition, "People's choice", kind=PrizeKind.PEOPLES_CHOICE)
    Award.objects.create(prize=best, entry=winner)
    Award.objects.create(prize=best, entry=runner, place=AwardPlace.RUNNER_UP)
    return {
        "competition": competition,
        "winner": winner,
        "runner": runner,
        "other": other,
        "best": best,
        "public": public,
        "editor": editor(handle="ed"),
        "chair": chair,
    }


def results_url(competition) -> str:
    return competition.url + competition.reverse_subpage("results")


def publish_url(competition) -> str:
    return reverse("judging_results:publish", args=[competition.pk])


# The service -----------------------------------------------------------------------


def test_publishing_before_the_results_date_is_refused_naming_it(world):
    competition = world["competition"]
    competition.results_published_at = timezone.now() + timedelta(days=3)
    competition.save()

    with pytest.raises(ValidationError) as refused:
        results_publish(competition=competition, actor=world["editor"])

    local = timezone.localtime(competition.results_published_at, competition.zone)
    assert f"{local:%-d %B %Y, %H:%M}" in refused.value.messages[0]
    assert not ResultsPublication.objects.exists()


def test_publishing_without_a_results_date_is_refused(world):
    competition = world["competition"]
    competition.results_published_at = None
    competition.save()

    with pytest.raises(ValidationError):
        results_publish(competition=competition, actor=world["editor"])


def test_only_editors_publish(world):
    with pytest.raises(PermissionDenied):
        results_publish(competition=world["competition"], actor=world["chair"])
    assert not ResultsPublication.objects.exists()


def test_publishing_twice_is_refused(world):
    results_publish(competition=world["competition"], actor=world["editor"])

    with pytest.raises(ValidationError):
        results_publish(competition=world["competition"], actor=world["editor"])


def test_publishing_is_audited_on_the_competition(world):
    publication = results_publish(
        competition=world["competition"], actor=world["editor"]
    )

    entry = PageLogEntry.objects.get(action=LOG_PUBLISH)
    assert entry.page_id == world["competition"].pk
    assert entry.user == world["editor"]
    assert entry.data["publication"] == publication.pk


def test_emails_go_only_after_commit(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        results_publish(competition=world["competition"], actor=world["editor"])
    assert mailoutbox == []

    for callback in callbacks:
        callback()

    to = sorted(address for message in mailoutbox for address in message.to)
    assert to == [
        "gold_author@private.example.org",
        "other_author@private.example.org",
        "silver_author@private.example.org",
    ]


def test_winners_hear_what_they_won_and_others_that_results_are_out(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        results_publish(competition=world["competition"], actor=world["editor"])

    by_address = {message.to[0]: message for message in mailoutbox}
    gold = by_address["gold_author@private.example.org"]
    other = by_address["other_author@private.example.org"]
    assert gold.subject.startswith("You won")
    assert "Winner of Best story, for “Gold”" in gold.body
    assert "are out" in other.subject
    assert results_url(world["competition"]) in other.body
    # The round shares judges' comments: they come in the entrant's email.
    assert "chair on Also ran" in other.body
    assert "chair on Also ran" not in gold.body


def test_comments_stay_private_when_the_round_does_not_share_them(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    world["competition"].judging_rounds.update(share_comments=False)

    with django_capture_on_commit_callbacks(execute=True):
        results_publish(competition=world["competition"], actor=world["editor"])

    assert not any("chair on Also ran" in message.body for message in mailoutbox)


# The admin view --------------------------------------------------------------------


def test_an_editor_publishes_from_the_admin(client, world):
    sign_in(client, world["editor"])

    assert client.get(publish_url(world["competition"])).status_code == 200
    response = client.post(publish_url(world["competition"]))

    assert response.status_code == 302
    assert ResultsPublication.objects.get().published_by == world["editor"]


def test_an_early_publish_in_the_admin_gets_a_message_not_a_500(client, world):
    world["competition"].results_published_at = timezone.now() + timedelta(days=1)
    world["competition"].save()
    sign_in(client, world["editor"])

    response = client.post(publish_url(world["competition"]))

    assert response.status_code == 400
    assert "cannot be published before" in response.content.decode()


def test_the_chair_cannot_reach_publishing(client, world):
    sign_in(client, world["chair"])

    assert client.post(publish_url(world["competition"])).status_code == 404
    assert not ResultsPublication.objects.exists()


# The public pages ------------------------------------------------------------------


def test_the_results_page_is_a_404_before_publishing(client, world):
    assert client.get(results_url(world["competition"])).status_code == 404


def test_the_results_page_shows_winners_once_published(client, world):
    ResultsPublication.objects.create(competition=world["competition"])

    response = client.get(results_url(world["competition"]))

    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert "Gold" in text and "gold_author" in text
    assert world["winner"].get_absolute_url() in text
    assert "Runners-up" in text and "Silver" in text
    assert "People's choice" in text and "Not decided yet." in text
    assert "private.example.org" not in text


@pytest.mark.parametrize("change", ["hidden", "withdrawn"])
def test_a_winner_hidden_or_withdrawn_later_is_not_shown(client, world, change):
    ResultsPublication.objects.create(competition=world["competition"])
    winner = world["winner"]
    if change == "hidden":
        winner.hidden_at = timezone.now()
    else:
        winner.status = "withdrawn"
    winner.save()

    text = client.get(results_url(world["competition"])).content.decode()
    page = client.get(world["competition"].url).content.decode()

    assert "Gold" not in text and "Gold" not in page
    assert "Silver" in text


def winners_section(response) -> str:
    """Return the competition page's winners section as text, or "" if none."""
    soup = BeautifulSoup(response.content, "html.parser")
    section = soup.select_one('section[aria-labelledby="winners"]')
    return str(section) if section else ""


def test_the_competition_page_shows_winners_once_published(client, world):
    """The entries strip lists approved entries; the winners wait for the results."""
    before = winners_section(client.get(world["competition"].url))
    ResultsPublication.objects.create(competition=world["competition"])

    after = winners_section(client.get(world["competition"].url))

    assert before == ""
    assert "Gold" in after
    assert results_url(world["competition"]) in after


def test_the_home_page_shows_recent_winners(client, world):
    assert "Gold" not in client.get("/").content.decode()
    ResultsPublication.objects.create(competition=world["competition"])

    text = client.get("/").content.decode()

    assert "Recent winners" in text
    assert "Gold" in text
    assert "Silver" not in text  # winners only


def test_recent_winners_cost_the_same_queries_for_one_or_three_competitions(
    client, world, competition_index
):
    ResultsPublication.objects.create(competition=world["competition"])
    client.get("/")  # the first request makes the site settings row
    few = count_home_queries(client)

    for n in range(2):
        competition = CompetitionPageFactory(parent=competition_index, results=True)
        entry = EntryFactory(competition=competition, title=f"Champ {n}", approved=True)
        Award.objects.create(prize=prize(competition, "Best"), entry=entry)
        ResultsPublication.objects.create(competition=competition)
    many = count_home_queries(client)

    assert "Champ 1" in client.get("/").content.decode()
    assert many == few


def count_home_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)
