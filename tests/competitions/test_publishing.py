"""Every way of publishing a competition keeps the categories entries are filed under.

The edit form refused to remove such a category, but an older revision published
by a workflow's approval or by ``publish_scheduled`` dropped it and raised
ProtectedError: a 500 in the admin, a crashed command.
"""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.models import (
    GroupApprovalTask,
    PageLogEntry,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from competitions.models import CompetitionCategory, CompetitionPage
from core.refusals import Refusal
from tests.competitions.test_admin import edit_form_data, edit_url
from tests.factories import CompetitionPageFactory, EntryFactory, UserFactory
from tests.support.staff import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    return UserFactory(editor=True)


@pytest.fixture
def editor_client(client, editor):
    sign_in(client, editor)
    return client


@pytest.fixture
def competition(competition_index):
    """A live competition with the categories "Poems" and "Prose"."""
    page = CompetitionPageFactory(parent=competition_index, title="River call")
    for name in ("Poems", "Prose"):
        CompetitionCategory.objects.create(page=page, name=name)
    page.save_revision().publish()
    return CompetitionPage.objects.get(pk=page.pk)


def revision_without_poems(competition, user=None):
    """Save a draft that drops "Poems" (drafts leave the live rows alone)."""
    draft = CompetitionPage.objects.get(pk=competition.pk)
    draft.categories = [c for c in draft.categories.all() if c.name != "Poems"]
    return draft.save_revision(user=user)


def file_an_entry_under_poems(competition):
    poems = CompetitionCategory.objects.get(page=competition, name="Poems")
    return EntryFactory(competition=competition, category=poems, submitted=True)


def category_names(competition) -> list[str]:
    return sorted(
        CompetitionCategory.objects.filter(page=competition).values_list(
            "name", flat=True
        )
    )


def test_publishing_an_old_revision_that_drops_a_used_category_is_refused(
    competition,
):
    """The refusal names the category; nothing is published or deleted."""
    revision = revision_without_poems(competition)
    file_an_entry_under_poems(competition)
    live_before = CompetitionPage.objects.get(pk=competition.pk).live_revision_id

    with pytest.raises(Refusal, match="“Poems”"):
        revision.publish()

    assert category_names(competition) == ["Poems", "Prose"]
    assert CompetitionPage.objects.get(pk=competition.pk).live_revision_id == (
        live_before
    )


def test_an_old_revision_that_drops_an_unused_category_still_publishes(competition):
    """Only categories with entries are kept back."""
    revision = revision_without_poems(competition)

    revision.publish()

    assert category_names(competition) == ["Prose"]


def test_a_scheduled_publication_that_drops_a_used_category_is_taken_off(
    competition, competition_index
):
    """publish_scheduled goes on with other pages and records why it skipped this."""
    revision = revision_without_poems(competition)
    file_an_entry_under_poems(competition)
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.save()
    other = CompetitionPageFactory(parent=competition_index, title="Other call")
    other_draft = CompetitionPage.objects.get(pk=other.pk)
    other_draft.title = "Other call, renamed"
    other_revision = other_draft.save_revision()
    other_revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    other_revision.save()

    call_command("publish_scheduled")

    assert category_names(competition) == ["Poems", "Prose"]
    revision.refresh_from_db()
    assert revision.approved_go_live_at is None  # not retried on every run
    refusal = PageLogEntry.objects.get(
        page=competition, action="competitions.publish_refused"
    )
    assert "“Poems”" in refusal.message
    assert CompetitionPage.objects.get(pk=other.pk).title == "Other call, renamed"


def test_approving_a_workflow_that_drops_a_used_category_shows_a_message(
    editor_client, editor, competition, competition_index
):
    """The approval is refused with a message; the workflow waits, nothing is lost."""
    workflow = Workflow.objects.create(name="Review")
    task = GroupApprovalTask.objects.create(name="Approve")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=competition_index)
    revision_without_poems(competition, user=editor)
    state = workflow.start(CompetitionPage.objects.get(pk=competition.pk), editor)
    file_an_entry_under_poems(competition)

    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[competition.pk, "approve", state.current_task_state.pk],
    )
    response = editor_client.post(
        url, {"comment": ""}, HTTP_REFERER=edit_url(competition)
    )

    assert response.status_code == 302
    assert response["Location"] == edit_url(competition)
    page = editor_client.get(response["Location"]).content.decode()
    assert "it removes the categories" in page
    assert category_names(competition) == ["Poems", "Prose"]
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


# Deleting competitions with entries from the page listing -------------------------


def bulk_delete_url(page) -> str:
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    return f"{url}?id={page.pk}"


def test_bulk_deleting_the_page_above_a_competition_with_entries_is_refused(
    editor_client, competition, competition_index
):
    """The listing's bulk delete gets the same refusal as the page's own delete."""
    EntryFactory(competition=competition, submitted=True)
    home = competition_index.get_parent()

    response = editor_client.post(
        bulk_delete_url(competition_index), {"next": f"/admin/pages/{home.pk}/"}
    )

    assert response.status_code == 302
    page = editor_client.get(response["Location"]).content.decode()
    assert "entries have been made to River call" in page
    assert CompetitionPage.objects.filter(pk=competition.pk).exists()


def test_bulk_deleting_a_competition_with_entries_is_refused(
    editor_client, competition
):
    """Selecting the competition itself is refused too; nothing is deleted."""
    EntryFactory(competition=competition, submitted=True)

    response = editor_client.post(bulk_delete_url(competition))

    assert response.status_code == 302
    assert CompetitionPage.objects.filter(pk=competition.pk).exists()


def test_bulk_deleting_a_competition_without_entries_still_works(
    editor_client, competition_index
):
    empty = CompetitionPageFactory(parent=competition_index)

    response = editor_client.post(bulk_delete_url(empty))

    assert response.status_code == 302
    assert not CompetitionPage.objects.filter(pk=empty.pk).exists()


# Category names compare without case --------------------------------------------


def test_two_categories_differing_only_in_case_are_refused_in_the_form(
    editor_client, competition
):
    """The editor is told which name is taken, beside the field."""
    data = edit_form_data(editor_client, competition)
    total = int(data["categories-TOTAL_FORMS"])
    data.update(
        {
            f"categories-{total}-name": "poems",
            f"categories-{total}-description": "",
            f"categories-{total}-ORDER": str(total + 1),
            f"categories-{total}-id": "",
            f"categories-{total}-DELETE": "",
            "categories-TOTAL_FORMS": str(total + 1),
        }
    )

    response = editor_client.post(edit_url(competition), data)

    assert response.status_code == 200
    assert "There is already a category called “poems”" in response.content.decode()
    assert category_names(competition) == ["Poems", "Prose"]


def test_the_database_refuses_a_category_differing_only_in_case(competition):
    with pytest.raises(IntegrityError), transaction.atomic():
        CompetitionCategory.objects.create(page=competition, name="POEMS")
