"""The digest email to moderators whose competitions have entries waiting too long."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from moderation.digest import digests_send, moderators_due
from moderation.models import ModeratorAssignment
from moderation.tasks import send_moderation_digests
from tests.factories import EntryFactory, ModeratorAssignmentFactory, days_from_now
from tests.support.moderation import admin_moderator, build_world

BASE_URL = "https://opencall.example.gov.uk"


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.WAGTAILADMIN_BASE_URL = BASE_URL


@pytest.fixture
def world(competition_index):
    """A's entry has waited 30 hours; B's was submitted just now."""
    world = build_world(competition_index)
    world.entry_a.submitted_at = timezone.now() - timedelta(hours=30)
    world.entry_a.save()
    return world


def send(capture) -> int:
    with capture(execute=True):
        return digests_send()


def recipients(mailoutbox) -> list[str]:
    return sorted(address for message in mailoutbox for address in message.to)


def test_a_moderator_hears_of_entries_waiting_longer_than_a_day(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    assert send(django_capture_on_commit_callbacks) == 1

    assert recipients(mailoutbox) == [world.moderator_a.email]
    message = mailoutbox[0]
    assert message.subject == "1 entry is waiting for a moderator"
    assert "Hello mod_a," in message.body
    assert "more than 24 hours" in message.body
    assert "- Picture your high street: 1 entry" in message.body
    assert f"{BASE_URL}/admin/moderation/" in message.body
    html, mime = message.alternatives[0]
    assert mime == "text/html"
    link = f"{BASE_URL}/admin/moderation/?competition={world.competition_a.pk}"
    assert link in html
    assert world.entry_b.competition.title not in message.body


def test_the_digest_lists_each_of_a_moderators_competitions_once(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    ModeratorAssignmentFactory(
        competition=world.competition_b,
        community=world.studyhub,
        moderator=world.moderator_a,
    )
    for _ in range(2):
        EntryFactory(
            competition=world.competition_b,
            submitted=True,
            submitted_at=days_from_now(-3),
        )

    send(django_capture_on_commit_callbacks)

    by_person = {message.to[0]: message for message in mailoutbox}
    assert set(by_person) == {world.moderator_a.email, world.moderator_b.email}
    body = by_person[world.moderator_a.email].body
    assert "- Mountains at night: 2 entries" in body
    assert "- Picture your high street: 1 entry" in body
    assert by_person[world.moderator_a.email].subject.startswith("3 entries")


def test_nobody_hears_when_nothing_has_waited_long(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    world.entry_a.submitted_at = timezone.now() - timedelta(hours=23)
    world.entry_a.save()
    EntryFactory(
        competition=world.competition_a, approved=True, submitted_at=days_from_now(-5)
    )
    EntryFactory(competition=world.competition_a, draft=True)

    assert send(django_capture_on_commit_callbacks) == 0
    assert mailoutbox == []


def test_an_ended_assignment_gets_no_digest(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    world.assignment_of(world.moderator_a).delete()
    former = admin_moderator(handle="mod_former")
    ModeratorAssignmentFactory(
        competition=world.competition_a,
        community=world.studyhub,
        moderator=former,
        active_from=days_from_now(-10),
        active_until=days_from_now(-1),
    )

    assert send(django_capture_on_commit_callbacks) == 0
    assert mailoutbox == []


def test_a_moderator_off_the_roster_gets_no_digest(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    world.studyhub.roster.filter(user=world.moderator_a).update(active=False)

    assert send(django_capture_on_commit_callbacks) == 0


def test_a_moderator_emailed_recently_is_not_emailed_again(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    send(django_capture_on_commit_callbacks)
    send(django_capture_on_commit_callbacks)  # the next hourly run

    assert recipients(mailoutbox) == [world.moderator_a.email]
    assignment = world.assignment_of(world.moderator_a)
    assert assignment.last_digest_at is not None


def test_a_moderator_hears_again_once_the_interval_has_passed(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    ModeratorAssignment.objects.filter(moderator=world.moderator_a).update(
        last_digest_at=timezone.now() - timedelta(hours=25)
    )

    assert send(django_capture_on_commit_callbacks) == 1
    assert recipients(mailoutbox) == [world.moderator_a.email]


def test_a_recent_digest_on_any_assignment_counts(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    """A moderator of two competitions is one person: one digest a day."""
    other = ModeratorAssignmentFactory(
        competition=world.competition_b,
        community=world.studyhub,
        moderator=world.moderator_a,
    )
    ModeratorAssignment.objects.filter(pk=other.pk).update(
        last_digest_at=timezone.now() - timedelta(hours=2)
    )

    assert send(django_capture_on_commit_callbacks) == 0


def test_the_waiting_time_is_a_setting(
    world, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.MODERATION_DIGEST_AFTER_HOURS = 48

    assert send(django_capture_on_commit_callbacks) == 0

    settings.MODERATION_DIGEST_AFTER_HOURS = 1
    world.entry_b.submitted_at = timezone.now() - timedelta(hours=2)
    world.entry_b.save()

    assert send(django_capture_on_commit_callbacks) == 2
    assert "more than 1 hour for" in mailoutbox[0].body


def test_the_digest_is_emailed_only_once_the_transaction_commits(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        digests_send()

    assert mailoutbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert recipients(mailoutbox) == [world.moderator_a.email]


def test_the_command_sends_the_digest_and_says_so(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("moderation_digest", stdout=out)

    assert "Sent the digest to 1 moderator(s)." in out.getvalue()
    assert recipients(mailoutbox) == [world.moderator_a.email]

    out = StringIO()
    call_command("moderation_digest", stdout=out)
    assert "No digest due" in out.getvalue()


def test_the_task_sends_the_digest(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = send_moderation_digests.enqueue()

    assert result.return_value == 1
    assert recipients(mailoutbox) == [world.moderator_a.email]


def test_finding_who_is_due_costs_two_queries_for_any_number_of_moderators(
    world, django_assert_max_num_queries
):
    for number in range(10):
        ModeratorAssignmentFactory(
            competition=world.competition_a,
            community=world.studyhub,
            moderator=admin_moderator(handle=f"mod_extra_{number}"),
        )

    with django_assert_max_num_queries(2):
        due = moderators_due()

    assert len(due) == 11


def test_a_zero_setting_still_waits_an_hour(
    world, settings, django_capture_on_commit_callbacks
):
    """Less than an hour would email the same people at every run."""
    settings.MODERATION_DIGEST_AFTER_HOURS = 0
    world.entry_b.submitted_at = timezone.now() - timedelta(minutes=30)
    world.entry_b.save()

    assert send(django_capture_on_commit_callbacks) == 1  # A's 30-hour wait only
