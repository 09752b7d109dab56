import pytest
from django.core.exceptions import ValidationError
from wagtail.models import PageViewRestriction

from submissions.services import entry_start
from tests.factories import EntryFactory, PartnerCommunityFactory, UserFactory


def test_an_approved_entry_of_an_unpublished_competition_is_not_public(
    client, competition
):
    """Unpublishing a competition takes its entries and their files out of view."""
    entry = EntryFactory(competition=competition, kind="image", approved=True)
    competition.unpublish()

    assert client.get(entry.get_absolute_url()).status_code == 404
    assert client.get(entry.media_url("image")).status_code == 404


def test_an_approved_entry_of_a_restricted_competition_is_not_public(
    client, competition
):
    """A competition behind a password keeps its entries behind it too."""
    entry = EntryFactory(competition=competition, approved=True)
    PageViewRestriction.objects.create(
        page=competition, restriction_type="password", password="secret"
    )

    assert client.get(entry.get_absolute_url()).status_code == 404


def test_files_of_an_entry_published_before_moderation_wait_for_approval(
    client, competition, author
):
    """Text shows at once in after-moderation mode; uploaded files do not."""
    competition.moderation_mode = "after"
    competition.save()
    entry = EntryFactory(
        competition=competition, author=author, kind="image", submitted=True
    )

    page = client.get(entry.get_absolute_url())
    assert page.status_code == 200
    assert entry.media_url("image") not in page.content.decode()
    assert "once a moderator has approved" in page.content.decode()
    assert client.get(entry.media_url("image")).status_code == 404
    client.force_login(author)
    assert client.get(entry.media_url("image")).status_code == 200


def test_a_member_cannot_pile_up_drafts(competition, author):
    """Beyond the entry limit plus two, a new draft is refused with a reason."""
    competition.entry_limit_per_member = 1
    competition.save()
    for _ in range(3):
        entry_start(competition=competition, author=author, kind="story")

    with pytest.raises(ValidationError, match="You already have 3 drafts here"):
        entry_start(competition=competition, author=author, kind="story")


def test_an_entry_credits_the_partner_the_member_joined_through(client, competition):
    """Without a referral in this visit, the member's own referral is credited."""
    from members.services import member_email_mark_verified

    partner = PartnerCommunityFactory()
    member = UserFactory(referred_by=partner)
    member_email_mark_verified(user=member)
    client.force_login(member)

    client.post(
        competition.url + "enter/",
        {"kind": "story", "title": "A river", "action": "save"},
    )

    assert member.entries.get().referral_partner == partner
