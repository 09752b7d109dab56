"""Appeals: once, by the author, against a moderator's rejection; routed to another
community (or staff); final, recorded, audited and emailed after commit."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from moderation.appeals import appeal_dismiss, appeal_submit, appeal_uphold
from moderation.enums import DecisionKind
from moderation.models import Appeal, ModerationDecision, ModeratorAssignment
from moderation.selectors import appeals_routed_to, appeals_waiting, has_appeals_waiting
from submissions.enums import EntryStatus
from submissions.models import Entry
from submissions.services import entry_withdraw
from tests.factories import EntryFactory, UserFactory
from tests.support.appeals import REJECTION_MESSAGE, build_appeal_world
from tests.support.moderation import build_world
from tests.support.staff import sign_in

STATEMENT = "The number is the shop's, printed on its sign for everyone."
APPEALS = "/admin/moderation/appeals/"


@pytest.fixture
def aw(competition_index):
    return build_appeal_world(build_world(competition_index))


def appeal_url(entry) -> str:
    return reverse(
        "moderation_public:entry_appeal", kwargs={"public_id": entry.public_id}
    )


def decide_url(appeal) -> str:
    return reverse("moderation:appeal", kwargs={"pk": appeal.pk})


def stored(entry) -> Entry:
    return Entry.objects.get(pk=entry.pk)


def appealed(aw, **reject) -> Appeal:
    entry = aw.reject(**reject)
    return appeal_submit(entry=entry, author=aw.world.author, statement=STATEMENT)


def listed(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select("table.listing td.title a")]


def end_assignment(moderator) -> None:
    ended = timezone.now() - timedelta(minutes=1)
    ModeratorAssignment.objects.filter(moderator=moderator).update(
        active_from=ended - timedelta(days=3), active_until=ended
    )


# Appealing ----------------------------------------------------------------------


def test_the_author_appeals_a_rejection_from_the_entry_page(client, aw):
    entry = aw.reject()
    sign_in(client, aw.world.author)
    page = BeautifulSoup(client.get(entry.get_absolute_url()).content, "html.parser")
    (form,) = page.select("form.appeal-form")
    assert form["action"] == appeal_url(entry)

    response = client.post(appeal_url(entry), {"statement": STATEMENT})

    assert response.status_code == 302
    appeal = Appeal.objects.get(entry=entry)
    assert appeal.statement == STATEMENT
    assert appeal.rejection == ModerationDecision.objects.get(entry=entry)
    assert appeal.outcome is None
    content = client.get(entry.get_absolute_url()).content.decode()
    assert "You appealed on" in content
    assert "appeal-form" not in content


def test_me_gives_the_reason_and_leads_to_the_appeal(client, aw):
    """/me/ says what the email says: the reason in plain words, and what next."""
    entry = aw.reject()
    sign_in(client, aw.world.author)

    me = BeautifulSoup(client.get("/me/").content, "html.parser")

    (row,) = [tr for tr in me.select("tr") if entry.title in tr.get_text()]
    words = " ".join(row.get_text(" ", strip=True).split())
    assert "Not accepted: It gives away someone's personal information." in words
    assert REJECTION_MESSAGE in words
    (link,) = row.find_all("a", string="See the decision and what you can do")
    assert link["href"] == entry.get_absolute_url()
    page = BeautifulSoup(client.get(link["href"]).content, "html.parser")
    assert page.select("form.appeal-form")


def test_an_appeal_is_made_once_only(client, aw):
    entry = aw.reject()
    sign_in(client, aw.world.author)
    client.post(appeal_url(entry), {"statement": STATEMENT})

    again = client.post(appeal_url(entry), {"statement": "Please, again."})

    assert again.status_code == 400
    assert "already appealed" in again.content.decode()
    assert "Please, again." in again.content.decode()
    assert Appeal.objects.count() == 1


def test_only_the_author_may_appeal(client, aw):
    entry = aw.reject()
    for who in (UserFactory(), aw.parents_moderator):
        sign_in(client, who)
        assert client.get(appeal_url(entry)).status_code == 404
        assert client.post(appeal_url(entry), {"statement": STATEMENT}).status_code
        assert not Appeal.objects.exists()
    client.logout()
    response = client.post(appeal_url(entry), {"statement": STATEMENT})
    assert response["Location"].startswith(reverse("account_login"))
    with pytest.raises(PermissionDenied):
        appeal_submit(entry=entry, author=UserFactory(), statement=STATEMENT)
    assert not Appeal.objects.exists()


@pytest.mark.parametrize("state", ["submitted", "approved", "changes_requested"])
def test_only_a_rejected_entry_may_be_appealed(client, aw, state):
    entry = EntryFactory(
        competition=aw.world.competition_a, author=aw.world.author, **{state: True}
    )
    sign_in(client, aw.world.author)

    assert client.get(appeal_url(entry))["Location"] == entry.get_absolute_url()
    response = client.post(appeal_url(entry), {"statement": STATEMENT})

    assert response.status_code == 400
    assert "Only a rejected entry can be appealed." in response.content.decode()
    assert not Appeal.objects.exists()


def test_a_rejection_no_moderator_recorded_cannot_be_appealed(client, aw):
    entry = EntryFactory(
        competition=aw.world.competition_a, author=aw.world.author, rejected=True
    )
    sign_in(client, aw.world.author)

    response = client.post(appeal_url(entry), {"statement": STATEMENT})

    assert response.status_code == 400
    assert "not a moderator" in response.content.decode()
    assert "appeal-form" not in client.get(entry.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("statement", "error"),
    [
        pytest.param("   ", "Please say why", id="blank"),
        pytest.param("x" * 2001, "2,000 characters", id="too long"),
    ],
)
def test_the_statement_is_required_and_short(client, aw, statement, error):
    entry = aw.reject()
    sign_in(client, aw.world.author)

    response = client.post(appeal_url(entry), {"statement": statement})

    assert response.status_code == 400
    assert error in response.content.decode()
    assert not Appeal.objects.exists()


# Routing ------------------------------------------------------------------------


def test_an_appeal_goes_to_another_communitys_moderator_only(aw):
    appeal = appealed(aw)

    assert list(appeals_routed_to(aw.parents_moderator)) == [appeal]
    for nobody in (
        aw.world.moderator_a,  # the rejecter
        aw.studyhub_colleague,  # the rejecting community
        aw.world.moderator_b,  # another competition
        aw.world.editor,  # staff: a moderator qualifies
    ):
        assert not appeals_routed_to(nobody).exists()


def test_with_no_other_community_the_appeal_goes_to_staff(aw):
    end_assignment(aw.parents_moderator)
    appeal = appealed(aw)

    assert list(appeals_routed_to(aw.world.editor)) == [appeal]
    assert not appeals_routed_to(aw.parents_moderator).exists()
    assert not appeals_routed_to(aw.studyhub_colleague).exists()


def test_an_editors_rejection_goes_to_any_moderator_but_the_editor(aw):
    appeal = appealed(aw, actor=aw.world.editor)

    for moderator in (aw.world.moderator_a, aw.studyhub_colleague):
        assert list(appeals_routed_to(moderator)) == [appeal]
    assert not appeals_routed_to(aw.world.editor).exists()


def test_the_routed_moderator_sees_the_appeal_in_the_admin(client, aw):
    appeal = appealed(aw)
    sign_in(client, aw.parents_moderator)

    listing = client.get(APPEALS)
    screen = client.get(decide_url(appeal))

    assert listed(listing) == [aw.world.entry_a.title]
    assert decide_url(appeal) in listing.content.decode()
    assert screen.status_code == 200
    content = screen.content.decode()
    assert STATEMENT.replace("'", "&#x27;") in content
    assert REJECTION_MESSAGE in content
    assert "Appeals" in client.get("/admin/").content.decode()


def test_the_rejecting_community_gets_a_404(client, aw):
    appeal = appealed(aw)
    for moderator in (aw.world.moderator_a, aw.studyhub_colleague):
        sign_in(client, moderator)
        assert aw.world.entry_a.title not in client.get(APPEALS).content.decode()
        assert client.get(decide_url(appeal)).status_code == 404
        response = client.post(
            decide_url(appeal), {"outcome": "uphold", "message": "Fine."}
        )
        assert response.status_code == 404
    assert Appeal.objects.get().outcome is None


def test_the_appeals_list_costs_the_same_queries_for_3_or_30(
    client, aw, django_assert_max_num_queries
):
    sign_in(client, aw.parents_moderator)
    client.get(APPEALS)

    def add_appeals(count):
        for _ in range(count):
            entry = EntryFactory(
                competition=aw.world.competition_a, kind="image", submitted=True
            )
            entry = aw.reject(entry)
            appeal_submit(entry=entry, author=entry.author, statement=STATEMENT)

    add_appeals(3)
    with django_assert_max_num_queries(30) as small:
        assert client.get(APPEALS).status_code == 200
    add_appeals(27)
    with django_assert_max_num_queries(30) as large:
        assert client.get(APPEALS).status_code == 200
    assert len(small.captured_queries) == len(large.captured_queries)


# Outcomes -----------------------------------------------------------------------


def test_upholding_approves_the_entry_and_records_it(
    aw, django_capture_on_commit_callbacks
):
    appeal = appealed(aw)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        decision = appeal_uphold(
            appeal=appeal, actor=aw.parents_moderator, message="The number is fine."
        )
        assert mail.outbox == []
    assert callbacks

    entry = stored(aw.world.entry_a)
    assert entry.status == EntryStatus.APPROVED
    assert Entry.objects.public().filter(pk=entry.pk).exists()
    assert (
        decision.kind,
        decision.from_status,
        decision.to_status,
        decision.community,
        decision.actor,
    ) == (
        DecisionKind.APPEAL_UPHELD,
        EntryStatus.REJECTED,
        EntryStatus.APPROVED,
        aw.world.parents,
        aw.parents_moderator,
    )
    assert Appeal.objects.get().outcome == decision
    audit = ModelLogEntry.objects.get(action="moderation.appeal_uphold")
    assert audit.data["decision"] == decision.pk
    assert audit.data["community"] == "parents"
    assert audit.message
    (email,) = mail.outbox
    assert email.to == ["ana.private@example.org"]
    assert "The number is fine." in email.body


def test_dismissing_keeps_the_rejection_and_emails_after_commit(
    aw, django_capture_on_commit_callbacks
):
    appeal = appealed(aw)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks() as callbacks:
        decision = appeal_dismiss(
            appeal=appeal, actor=aw.parents_moderator, message="The rule is clear."
        )
    assert mail.outbox == []
    for callback in callbacks:
        callback()

    assert stored(aw.world.entry_a).status == EntryStatus.REJECTED
    assert (decision.kind, decision.from_status, decision.to_status) == (
        DecisionKind.APPEAL_DISMISSED,
        EntryStatus.REJECTED,
        EntryStatus.REJECTED,
    )
    assert Appeal.objects.get().outcome == decision
    assert ModelLogEntry.objects.filter(action="moderation.appeal_dismiss").exists()
    (email,) = mail.outbox
    assert email.to == ["ana.private@example.org"]
    assert "The rule is clear." in email.body
    assert "final" in email.body
    assert aw.parents_moderator.email not in email.body


def test_a_rolled_back_outcome_sends_no_email(aw, django_capture_on_commit_callbacks):
    """Callbacks of a failed transaction never run, so nobody is told."""
    appeal = appealed(aw)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(ValidationError):
            appeal_dismiss(appeal=appeal, actor=aw.parents_moderator, message=" ")

    assert callbacks == []
    assert mail.outbox == []


def test_the_outcome_is_final(client, aw):
    appeal = appealed(aw)
    appeal_dismiss(appeal=appeal, actor=aw.parents_moderator, message="No.")

    with pytest.raises(ValidationError, match="final"):
        appeal_uphold(appeal=appeal, actor=aw.parents_moderator, message="Yes.")
    sign_in(client, aw.parents_moderator)
    response = client.post(decide_url(appeal), {"outcome": "uphold", "message": "Y"})
    assert response.status_code == 400
    assert stored(aw.world.entry_a).status == EntryStatus.REJECTED
    assert ModerationDecision.objects.filter(kind__startswith="appeal").count() == 1
    with pytest.raises(ValidationError, match="already appealed"):
        appeal_submit(
            entry=stored(aw.world.entry_a), author=aw.world.author, statement="Again"
        )


def test_a_moderator_not_routed_cannot_decide_by_service(aw):
    appeal = appealed(aw)

    for actor in (aw.world.moderator_a, aw.studyhub_colleague, aw.world.editor):
        with pytest.raises(PermissionDenied):
            appeal_uphold(appeal=appeal, actor=actor, message="Approve it.")
    assert Appeal.objects.get().outcome is None
    assert stored(aw.world.entry_a).status == EntryStatus.REJECTED


def test_staff_decide_an_appeal_routed_to_them(aw):
    end_assignment(aw.parents_moderator)
    appeal = appealed(aw)

    decision = appeal_uphold(appeal=appeal, actor=aw.world.editor, message="Fine.")

    assert decision.community is None
    assert stored(aw.world.entry_a).status == EntryStatus.APPROVED


def test_the_decision_screen_records_the_outcome(client, aw):
    appeal = appealed(aw)
    sign_in(client, aw.parents_moderator)

    missing = client.post(decide_url(appeal), {"outcome": "dismiss", "message": ""})
    assert missing.status_code == 400
    assert "Please tell the entrant" in missing.content.decode()

    response = client.post(
        decide_url(appeal), {"outcome": "dismiss", "message": "The rule is clear."}
    )
    assert response.status_code == 302
    assert response["Location"] == APPEALS
    assert Appeal.objects.get().outcome.kind == DecisionKind.APPEAL_DISMISSED
    assert listed(client.get(APPEALS)) == []


@pytest.mark.parametrize(
    ("decide", "wording"),
    [
        pytest.param(appeal_uphold, "Your appeal was upheld", id="upheld"),
        pytest.param(appeal_dismiss, "Your appeal was dismissed", id="dismissed"),
    ],
)
def test_the_author_sees_the_outcome_on_the_entry_page(client, aw, decide, wording):
    appeal = appealed(aw)
    decide(appeal=appeal, actor=aw.parents_moderator, message="Looked again.")
    sign_in(client, aw.world.author)

    content = client.get(aw.world.entry_a.get_absolute_url()).content.decode()

    assert wording in content
    assert "Looked again." in content
    assert "mod_parents" not in content


def test_withdrawing_the_entry_closes_its_appeal_undecided(client, aw):
    """Nothing is left to decide: the appeal leaves the list; both sides are told."""
    appeal = appealed(aw)
    entry_withdraw(entry=stored(aw.world.entry_a), actor=aw.world.author)
    sign_in(client, aw.parents_moderator)

    assert listed(client.get(APPEALS)) == []
    assert not has_appeals_waiting(aw.parents_moderator)
    screen = client.get(decide_url(appeal))
    assert screen.status_code == 200
    page = BeautifulSoup(screen.content, "html.parser")
    assert page.select_one("#decide-appeal") is None
    assert "nothing left to decide" in page.get_text()
    refused = client.post(decide_url(appeal), {"outcome": "uphold", "message": "Y"})
    assert refused.status_code == 400
    assert stored(aw.world.entry_a).status == EntryStatus.WITHDRAWN
    assert Appeal.objects.get().outcome is None

    sign_in(client, aw.world.author)
    content = client.get(aw.world.entry_a.get_absolute_url()).content.decode()
    assert "closed without a decision" in content
    assert "will look at your entry again" not in content


def test_an_outcome_message_too_long_to_send_is_refused(client, aw):
    appeal = appealed(aw)
    sign_in(client, aw.parents_moderator)

    response = client.post(
        decide_url(appeal), {"outcome": "dismiss", "message": "x" * 100_000}
    )

    assert response.status_code == 400
    assert "at most 4000 characters" in response.content.decode()
    assert Appeal.objects.get().outcome is None


def withdraw_url(entry) -> str:
    return reverse("submissions:entry_withdraw", kwargs={"public_id": entry.public_id})


def test_withdrawing_asks_first_and_says_a_waiting_appeal_closes(client, aw):
    appealed(aw)
    entry = aw.world.entry_a
    sign_in(client, aw.world.author)

    confirm = client.get(withdraw_url(entry))

    assert confirm.status_code == 200
    text = BeautifulSoup(confirm.content, "html.parser").get_text(" ", strip=True)
    assert "the appeal is still waiting" in text
    assert "closes without a decision" in text
    client.post(withdraw_url(entry))
    assert stored(entry).status == EntryStatus.WITHDRAWN


def test_no_appeal_warning_without_a_waiting_appeal(client, aw):
    """A rejected entry never appealed, and one whose appeal was decided: no warning."""
    entry = aw.reject()
    sign_in(client, aw.world.author)
    assert "appeal" not in client.get(withdraw_url(entry)).content.decode()

    appeal = appeal_submit(entry=entry, author=aw.world.author, statement=STATEMENT)
    appeal_dismiss(appeal=appeal, actor=aw.parents_moderator, message="Looked.")
    confirm = client.get(withdraw_url(stored(entry)))
    assert confirm.status_code == 200
    assert "still waiting" not in confirm.content.decode()


def test_an_appeal_still_waits_while_its_entry_is_rejected(aw):
    appeal = appealed(aw)

    assert has_appeals_waiting(aw.parents_moderator)
    assert list(appeals_waiting(aw.parents_moderator)) == [appeal]
