"""A partner community's roster of moderators, kept by editors in the admin."""

import html

import pytest
from django.urls import reverse

from communities.models import CommunityModerator
from tests.factories import (
    CommunityModeratorFactory,
    PartnerCommunityFactory,
    UserFactory,
)
from tests.support.staff import sign_in


@pytest.fixture
def editor_client(client, db):
    sign_in(client, UserFactory(editor=True))
    return client


def test_an_editor_adds_a_person_to_a_roster(editor_client):
    community = PartnerCommunityFactory(name="StudyHub")
    person = UserFactory(handle="new_mod", is_staff=True)

    response = editor_client.post(
        reverse("moderator_rosters:add"),
        {"community": community.pk, "user": person.pk, "active": "on"},
    )

    assert response.status_code == 302
    row = CommunityModerator.objects.get()
    assert (row.community, row.user, row.active) == (community, person, True)
    listing = editor_client.get(reverse("moderator_rosters:index"))
    assert "new_mod" in listing.content.decode()


def test_the_same_person_twice_on_one_roster_is_a_message(editor_client):
    """A duplicate is refused with a sentence, not a database error."""
    existing = CommunityModeratorFactory()

    response = editor_client.post(
        reverse("moderator_rosters:add"),
        {"community": existing.community.pk, "user": existing.user.pk},
    )

    assert response.status_code == 200
    assert "already on that community's roster" in html.unescape(
        response.content.decode()
    )
    assert CommunityModerator.objects.count() == 1


def test_the_active_roster_leaves_out_the_inactive_and_switched_off(db):
    on = CommunityModeratorFactory()
    CommunityModeratorFactory(active=False)
    switched_off = CommunityModeratorFactory()
    switched_off.user.is_active = False
    switched_off.user.save()

    assert list(CommunityModerator.objects.active()) == [on]
