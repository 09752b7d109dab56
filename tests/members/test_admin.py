import pytest

from members.models import User
from tests.factories import UserFactory
from tests.support.staff import staff_login


@pytest.fixture
def editor_client(client, db):
    staff_login(client, UserFactory(editor=True))
    return client


def test_user_admin_creates_staff_with_handle(editor_client):
    """An editor can give a new staff account its public handle in the admin."""
    response = editor_client.post(
        "/admin/users/new/",
        {
            "email": "mod.new@example.org",
            "handle": "new_moderator",
            "grant_reserved_handle": "on",
            "first_name": "Nia",
            "last_name": "Okoye",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(email="mod.new@example.org").handle == "new_moderator"


def test_user_admin_refuses_taken_handle_and_keeps_input(editor_client):
    """A handle taken in another case is refused with a message; input is kept."""
    UserFactory(handle="night_owl")
    response = editor_client.post(
        "/admin/users/new/",
        {
            "email": "owl@example.org",
            "handle": "Night_Owl",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        },
    )
    assert response.status_code == 200
    assert "That handle is already taken." in response.content.decode()
    assert 'value="owl@example.org"' in response.content.decode()
    assert not User.objects.filter(email="owl@example.org").exists()


def new_staff_data(**overrides) -> dict[str, str]:
    return {
        "email": "mod.new@example.org",
        "handle": "studyhub-moderator",
        "first_name": "Nia",
        "last_name": "Okoye",
        "password1": "a-long-enough-passphrase",
        "password2": "a-long-enough-passphrase",
        **overrides,
    }


def test_a_reserved_handle_needs_the_editors_grant(editor_client):
    """Without the tick a staff-looking handle is refused here too; input is kept."""
    response = editor_client.post("/admin/users/new/", new_staff_data())

    assert response.status_code == 200
    assert "That handle is reserved. Please choose another." in (
        response.content.decode()
    )
    assert 'value="mod.new@example.org"' in response.content.decode()
    assert not User.objects.filter(email="mod.new@example.org").exists()


def test_an_editor_grants_a_reserved_handle(editor_client):
    """With "Allow a reserved handle" ticked the editor's choice is saved."""
    response = editor_client.post(
        "/admin/users/new/", new_staff_data(grant_reserved_handle="on")
    )

    assert response.status_code == 302
    user = User.objects.get(email="mod.new@example.org")
    assert (user.handle, user.handle_skeleton) == (
        "studyhub-moderator",
        "studyhubmoderator",
    )


def test_a_granted_handle_stays_when_the_account_is_edited(editor_client):
    """Editing a granted account's other details needs no second tick."""
    moderator = UserFactory(handle="judge_one", email="judge.one@example.org")

    response = editor_client.post(
        f"/admin/users/edit/{moderator.pk}/",
        {
            "email": "judge.one@example.org",
            "handle": "judge_one",
            "first_name": "June",
            "last_name": "Odu",
            "is_active": "on",
        },
    )

    assert response.status_code == 302, response.content.decode()
    moderator.refresh_from_db()
    assert (moderator.handle, moderator.first_name) == ("judge_one", "June")


def test_even_a_granted_handle_cannot_look_like_anothers(editor_client):
    """The grant lifts the reserved-word rule, never the look-alike rule."""
    UserFactory(handle="studyhub_moderator")

    response = editor_client.post(
        "/admin/users/new/", new_staff_data(grant_reserved_handle="on")
    )

    assert response.status_code == 200
    assert "That handle is already taken." in response.content.decode()
    assert not User.objects.filter(email="mod.new@example.org").exists()
