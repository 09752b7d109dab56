"""The admin shows no Gravatar avatar: the CSP blocks it, and it tells Gravatar who."""

from tests.factories import UserFactory
from tests.support.staff import sign_in


def test_admin_pages_load_no_gravatar(client, db):
    """No admin page points an image at gravatar.com."""
    sign_in(client, UserFactory(editor=True))

    page = client.get("/admin/").content.decode()

    assert "gravatar" not in page.lower()
