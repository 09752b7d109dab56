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
