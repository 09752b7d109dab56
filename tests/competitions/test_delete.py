import pytest

from competitions.models import CompetitionIndexPage, CompetitionPage
from tests.factories import CompetitionPageFactory, EntryFactory, UserFactory
from tests.support.staff import staff_login


@pytest.fixture
def editor_client(client, db):
    staff_login(client, UserFactory(editor=True))
    return client


def test_deleting_the_index_above_a_competition_with_entries_is_refused(
    editor_client, competition_index
):
    """Entries are never deleted with their competition: the admin says why."""
    competition = CompetitionPageFactory(parent=competition_index, title="River call")
    EntryFactory(competition=competition, submitted=True)

    response = editor_client.post(
        f"/admin/pages/{competition_index.pk}/delete/", follow=True
    )

    assert response.status_code == 200
    assert "entries have been made to River call" in response.content.decode()
    assert CompetitionIndexPage.objects.filter(pk=competition_index.pk).exists()
    assert CompetitionPage.objects.filter(pk=competition.pk).exists()


def test_a_competition_without_entries_can_still_be_deleted(
    editor_client, competition_index
):
    """The refusal is only for competitions that have entries."""
    competition = CompetitionPageFactory(parent=competition_index)

    response = editor_client.post(f"/admin/pages/{competition.pk}/delete/")

    assert response.status_code == 302
    assert not CompetitionPage.objects.filter(pk=competition.pk).exists()
