"""Every role reads the same open data: signing in shows nothing more.

The API never looks at who is asking, so an editor, a moderator of the
competition, a judge and the author of the unapproved entries are all answered
exactly as an anonymous visitor is.
"""

import pytest

from tests.api.conftest import SECRET_EMAIL, hidden_titles
from tests.factories import ModeratorAssignmentFactory, UserFactory
from tests.support import judging, moderation
from tests.support.staff import sign_in

pytestmark = pytest.mark.django_db

ADDRESSES = [
    "/api/v1/entries/?limit=100",
    "/api/v1/competitions/",
    "/api/v1/competitions/high-street/entries/?limit=100",
]


def people(world) -> dict:
    moderator = moderation.admin_moderator(handle="mod_sam")
    ModeratorAssignmentFactory(competition=world.competition, moderator=moderator)
    return {
        "member": UserFactory(handle="just_a_member"),
        "author": world.author,
        "moderator": moderator,
        "judge": judging.judge("judge_jo"),
        "editor": judging.editor(),
        "superuser": UserFactory(is_staff=True, is_superuser=True, handle="root"),
    }


def answers(client, world) -> list[bytes]:
    bodies = [client.get(url).content for url in ADDRESSES]
    bodies += [
        client.get(f"/api/v1/entries/{entry.public_id}/").content
        for entry in world.unapproved
    ]
    return bodies


@pytest.mark.parametrize(
    "role", ["member", "author", "moderator", "judge", "editor", "superuser"]
)
def test_signed_in_people_see_what_anonymous_visitors_see(client, world, role):
    anonymous = answers(client, world)
    sign_in(client, people(world)[role])

    signed_in = answers(client, world)

    assert signed_in == anonymous
    body = b"".join(signed_in).decode()
    assert SECRET_EMAIL not in body
    assert [title for title in hidden_titles(world) if title in body] == []
