"""Escalation: a moderator passes an entry to staff with a note; it leaves the
moderators' queue for the editors', and an editor's decision settles it."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from wagtail.models import ModelLogEntry

from moderation.enums import DecisionKind
from moderation.forms import EscalateForm
from moderation.models import Escalation, ModerationDecision
from moderation.services import decision_approve, decision_escalate
from submissions.enums import EntryStatus
from submissions.models import Entry
from tests.factories import EntryFactory, UserFactory
from tests.support.moderation import as_seen, build_world
from tests.support.staff import sign_in

QUEUE = "/admin/moderation/"
NOTE = "The author may be under 13; please check."


@pytest.fixture
def world(competition_index):
    return build_world(competition_index)


def review(entry) -> str:
    return reverse("moderation:review", kwargs={"public_id": entry.public_id})


def stored(entry) -> Entry:
    return Entry.objects.get(pk=entry.pk)


def queue_rows(response) -> dict[str, str]:
    """Return each listed entry's title and its "Needs" cell."""
    soup = BeautifulSoup(response.content, "html.parser")
    rows = {}
    for row in soup.select("table.listing tbody tr"):
        title = row.select_one("td.title a").get_text(strip=True)
        rows[title] = row.get_text(" ", strip=True)
    return rows


def escalate(world, entry=None):
    return decision_escalate(
        entry=entry or world.entry_a, actor=world.moderator_a, note=NOTE
    )


def test_a_moderator_passes_an_entry_to_staff(world, mailoutbox):
    """A decision of kind escalation, status unchanged, the note kept, audited."""
    decision = escalate(world)

    assert (
        decision.kind,
        decision.from_status,
        decision.to_status,
        decision.internal_note,
        decision.community,
    ) == (
        DecisionKind.ESCALATION,
        EntryStatus.SUBMITTED,
        EntryStatus.SUBMITTED,
        NOTE,
        world.studyhub,
    )
    escalation = Escalation.objects.get(entry=world.entry_a)
    assert (escalation.decision, escalation.resolved_by) == (decision, None)
    assert stored(world.entry_a).status == EntryStatus.SUBMITTED
    audit = ModelLogEntry.objects.get(object_id=str(world.entry_a.pk))
    assert audit.action == "moderation.escalate"
    assert audit.data["kind"] == "escalation"
    assert audit.message
    assert mailoutbox == []  # the entrant is told nothing


def test_escalating_needs_a_note(world):
    with pytest.raises(ValidationError) as refused:
        decision_escalate(entry=world.entry_a, actor=world.moderator_a, note="  ")

    assert "note" in refused.value.message_dict
    assert not ModerationDecision.objects.exists()


def test_an_entry_is_escalated_once_while_open(world):
    escalate(world)

    with pytest.raises(ValidationError, match="already with staff"):
        escalate(world)
    assert Escalation.objects.count() == 1


@pytest.mark.parametrize("state", ["rejected", "changes_requested"])
def test_only_an_entry_waiting_for_a_decision_is_escalated(world, state):
    entry = EntryFactory(competition=world.competition_a, **{state: True})

    with pytest.raises(ValidationError, match="not waiting"):
        escalate(world, entry)
    assert not Escalation.objects.exists()


def test_editors_and_outsiders_do_not_escalate(world):
    with pytest.raises(ValidationError, match="Editors decide"):
        decision_escalate(entry=world.entry_a, actor=world.editor, note=NOTE)
    for actor in (world.moderator_b, UserFactory()):
        with pytest.raises(PermissionDenied):
            decision_escalate(entry=world.entry_a, actor=actor, note=NOTE)
    assert not Escalation.objects.exists()


def test_an_escalated_entry_leaves_the_moderators_queue_for_the_editors(client, world):
    escalate(world)

    sign_in(client, world.moderator_a)
    assert world.entry_a.title not in queue_rows(client.get(QUEUE))
    assert world.entry_a.title in queue_rows(client.get(QUEUE, {"status": "submitted"}))
    assert client.get(review(world.entry_a)).status_code == 200

    sign_in(client, world.editor)
    rows = queue_rows(client.get(QUEUE))
    assert "With staff" in rows[world.entry_a.title]
    assert "With staff" not in rows[world.entry_b.title]


def test_an_editors_decision_settles_the_escalation(world):
    escalate(world)

    decision = decision_approve(entry=stored(world.entry_a), actor=world.editor)

    assert Escalation.objects.get().resolved_by == decision


def test_a_moderators_later_decision_leaves_it_with_staff(world):
    escalate(world)

    decision_approve(entry=stored(world.entry_a), actor=world.moderator_a)

    assert Escalation.objects.get().resolved_by is None


def test_the_review_screen_takes_the_escalate_action(client, world):
    sign_in(client, world.moderator_a)

    missing = client.post(review(world.entry_a), {"action": "escalate"})
    assert missing.status_code == 400
    assert not Escalation.objects.exists()

    response = client.post(
        review(world.entry_a),
        as_seen(world.entry_a, {"action": "escalate", "escalate-note": NOTE}),
    )
    assert response.status_code == 302
    assert Escalation.objects.get().decision.internal_note == NOTE


def test_the_escalate_include_shows_the_form_or_the_state(world):
    entry = world.entry_a
    context = {"entry": entry, "escalate_form": EscalateForm(prefix="escalate")}

    form = render_to_string(
        "moderation/includes/review_escalate.html", {**context, "can_escalate": True}
    )
    nothing = render_to_string(
        "moderation/includes/review_escalate.html", {**context, "can_escalate": False}
    )
    escalate(world)
    state = render_to_string(
        "moderation/includes/review_escalate.html",
        {**context, "escalation": Escalation.objects.get(), "can_escalate": False},
    )

    soup = BeautifulSoup(form, "html.parser")
    assert soup.select_one("form")["action"] == review(entry)
    assert soup.select('textarea[name="escalate-note"]')
    assert soup.select('input[name="action"][value="escalate"]')
    assert "<form" not in nothing
    assert "Passed to staff on" in state
