"""Reminders: judges with work still to do hear once before their round closes."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from judging.comparisons import comparison_record, pairwise_share
from judging.enums import RoundMethod
from judging.reminders import (
    LOG_REMINDER,
    reminders_send,
    seats_to_remind,
)
from judging.sheets import sheet_save
from judging.tasks import send_judging_reminders
from tests.support.judging_workspace import assign, build_world

HOUR = timedelta(hours=1)


@pytest.fixture
def world(competition_index):
    return build_world(competition_index)


def closing_in(world, hours: float) -> None:
    """Make the world's round close ``hours`` from now (open since yesterday)."""
    world.blind_round.opens_at = timezone.now() - 24 * HOUR
    world.blind_round.closes_at = timezone.now() + hours * HOUR
    world.blind_round.save()


def submit(assignment, judge) -> None:
    scores = {c.pk: 1 for c in assignment.round.criteria.all()}
    sheet_save(assignment=assignment, judge=judge, scores=scores, submit=True)


def send(django_capture_on_commit_callbacks) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        return reminders_send()


def test_judges_with_entries_to_score_are_emailed_before_the_round_closes(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    closing_in(world, 30)
    submit(world.assignments_a[0], world.judge_a)

    sent = send(django_capture_on_commit_callbacks)

    assert sent == 2  # A (two left) and B (one left); C has nothing assigned
    by_judge = {message.to[0]: message for message in mailoutbox}
    assert set(by_judge) == {world.judge_a.email, world.judge_b.email}
    message = by_judge[world.judge_a.email]
    assert message.subject == "Judging for Greener commutes closes soon"
    assert "Hello judge_alpha," in message.body
    assert "You still have 2 entries to score in “Round 1”" in message.body
    link = reverse("judging:round", kwargs={"round_id": world.blind_round.pk})
    assert link in message.body
    html, mime = message.alternatives[0]
    assert mime == "text/html"
    assert link in html and "<strong>Greener commutes</strong>" in html
    assert "1 entry to score" in by_judge[world.judge_b.email].body


def test_the_email_is_sent_only_once_the_reminder_is_recorded(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    closing_in(world, 30)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reminders_send()

    assert mailoutbox == []
    assert len(callbacks) == 2
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 2


def test_each_judge_is_reminded_once_per_round(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    closing_in(world, 30)
    send(django_capture_on_commit_callbacks)
    mailoutbox.clear()

    assert send(django_capture_on_commit_callbacks) == 0
    closing_in(world, 2)
    assert send(django_capture_on_commit_callbacks) == 0

    assert mailoutbox == []
    logged = ModelLogEntry.objects.filter(action=LOG_REMINDER)
    assert logged.count() == 2


@pytest.mark.parametrize(
    "opens_in, closes_in",
    [
        pytest.param(-24, 60, id="closes-after-the-window"),
        pytest.param(-48, -1, id="closed"),
        pytest.param(2, 20, id="not-open-yet"),
    ],
)
def test_nobody_is_reminded_outside_the_window(
    world, mailoutbox, django_capture_on_commit_callbacks, opens_in, closes_in
):
    world.blind_round.opens_at = timezone.now() + opens_in * HOUR
    world.blind_round.closes_at = timezone.now() + closes_in * HOUR
    world.blind_round.save()

    assert send(django_capture_on_commit_callbacks) == 0
    assert mailoutbox == []


def test_the_window_comes_from_the_settings(
    world, mailoutbox, settings, django_capture_on_commit_callbacks
):
    closing_in(world, 60)
    settings.JUDGING_REMINDER_HOURS = 72

    assert send(django_capture_on_commit_callbacks) == 2


def test_a_judge_who_has_submitted_everything_is_not_reminded(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    closing_in(world, 30)
    submit(world.assignments_b[0], world.judge_b)

    send(django_capture_on_commit_callbacks)

    assert [message.to for message in mailoutbox] == [[world.judge_a.email]]


def test_a_saved_but_unsubmitted_sheet_still_needs_a_reminder(
    world, django_capture_on_commit_callbacks
):
    closing_in(world, 30)
    (assignment,) = world.assignments_b
    criterion = assignment.round.criteria.first()
    sheet_save(assignment=assignment, judge=world.judge_b, scores={criterion.pk: 3})

    seats = {
        seat.judge_id: seat.unscored for seat in seats_to_remind(now=timezone.now())
    }

    assert seats[world.judge_b.pk] == 1
    assert seats[world.judge_a.pk] == 3


def test_switched_off_judges_get_no_reminder(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    closing_in(world, 30)
    world.judge_b.is_active = False
    world.judge_b.save()

    assert send(django_capture_on_commit_callbacks) == 1
    assert [message.to for message in mailoutbox] == [[world.judge_a.email]]


def pairwise(world):
    """Turn the world's round pairwise: A has three entries, B one, C none."""
    closing_in(world, 30)
    world.blind_round.method = RoundMethod.PAIRWISE
    world.blind_round.save()
    return world.blind_round


def compare(world, judging_round, judge, *pairs) -> None:
    mine = {a.entry_id: a for a in judging_round.assignments.filter(judge=judge)}
    for left, right in pairs:
        comparison_record(
            judging_round=judging_round,
            judge=judge,
            left=mine[left.pk],
            right=mine[right.pk],
            choice="left",
        )


@pytest.mark.parametrize(
    "assigned, share", [(0, 0), (1, 0), (2, 1), (3, 3), (4, 4), (10, 10)]
)
def test_a_pairwise_share_is_one_comparison_per_entry_or_every_pair(assigned, share):
    assert pairwise_share(assigned) == share


def test_a_pairwise_judge_short_of_their_share_is_reminded_to_compare(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    judging_round = pairwise(world)
    compare(world, judging_round, world.judge_a, (world.image_entry, world.story_entry))

    seats = {seat.judge_id: seat for seat in seats_to_remind(now=timezone.now())}
    assert set(seats) == {world.judge_a.pk}  # B has one entry: nothing to compare
    assert (seats[world.judge_a.pk].compared, seats[world.judge_a.pk].share) == (1, 3)

    assert send(django_capture_on_commit_callbacks) == 1
    (message,) = mailoutbox
    assert message.to == [world.judge_a.email]
    assert "You have compared 1 of the 3 pairs asked of you in “Round 1”" in (
        message.body
    )
    link = reverse("judging:compare", kwargs={"round_id": judging_round.pk})
    assert link in message.body and link in message.alternatives[0][0]
    assert "entries to score" not in message.body


def compare_every_pair(world, judging_round) -> None:
    """Judge A compares each pair of their three entries: their whole share."""
    image, story, film = world.image_entry, world.story_entry, world.film_entry
    compare(
        world,
        judging_round,
        world.judge_a,
        (image, story),
        (story, film),
        (film, image),
    )


def test_a_pairwise_judge_who_has_done_their_share_is_not_reminded(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    judging_round = pairwise(world)
    compare_every_pair(world, judging_round)

    assert send(django_capture_on_commit_callbacks) == 0
    assert mailoutbox == []


def test_a_pairwise_judge_with_two_entries_owes_one_comparison(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    judging_round = pairwise(world)
    assign(judging_round, world.judge_b, world.story_entry)

    assert {s.judge_id for s in seats_to_remind(now=timezone.now())} == {
        world.judge_a.pk,
        world.judge_b.pk,
    }
    compare(world, judging_round, world.judge_b, (world.image_entry, world.story_entry))
    assert {s.judge_id for s in seats_to_remind(now=timezone.now())} == {
        world.judge_a.pk
    }


def test_a_pairwise_share_reached_after_the_reminder_sends_no_email(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    judging_round = pairwise(world)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert reminders_send() == 1
    compare_every_pair(world, judging_round)
    for callback in callbacks:
        callback()

    assert mailoutbox == []


def test_the_command_and_the_task_send_the_reminders(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    closing_in(world, 30)
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("judging_reminders", stdout=out)

    assert "Reminded 2 judge(s)" in out.getvalue()
    assert len(mailoutbox) == 2

    out = StringIO()
    call_command("judging_reminders", stdout=out)
    assert "No judge needs a reminder now." in out.getvalue()
    assert send_judging_reminders.enqueue().return_value == 0
