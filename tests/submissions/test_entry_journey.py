"""The rough edges of entering: one form makes one draft, every missing field is
named at once, and a draft can be deleted."""

import pytest

from competitions.enums import EntryKind, Licence
from members.services import member_email_mark_verified
from submissions.enums import EntryStatus
from submissions.models import Entry
from tests.factories import CompetitionPageFactory, EntryFactory, UserFactory
from tests.submissions import test_views
from tests.submissions.test_views import KEPT, enter_url, entry_data, soup, text
from tests.support.entries import image_upload

FILL_IN = "Please fill this in before submitting."

# The entry-flow fixtures of test_views, shared rather than written again.
member = test_views.member
member_client = test_views.member_client
story_competition = test_views.story_competition
competition_for = test_views.competition_for


def draft_token(response) -> str:
    field = soup(response).find("input", attrs={"name": "draft_token"})
    assert field is not None, "The new-entry form carries no draft token."
    return field["value"]


def test_a_failed_submit_sent_again_works_on_the_same_draft(
    member_client, story_competition, recaptcha
):
    """Three tries of a refused submit from /enter/ leave one draft, not three."""
    token = draft_token(member_client.get(enter_url(story_competition)))
    refused = entry_data(
        EntryKind.STORY, action="submit", rules_accepted=None, draft_token=token
    ) | recaptcha.data("entry_submit")

    for _ in range(3):
        response = member_client.post(enter_url(story_competition), refused)
        assert response.status_code == 400
        assert KEPT in text(response)

    (draft,) = Entry.objects.all()
    assert draft.status == EntryStatus.DRAFT
    assert draft.title == "Harbour lights"


def test_the_refused_form_sends_its_next_try_to_the_draft(
    member_client, story_competition, recaptcha
):
    """Once a draft exists, the form on the page posts to the draft's own address."""
    response = member_client.post(
        enter_url(story_competition),
        entry_data(EntryKind.STORY, action="submit", rules_accepted=None)
        | recaptcha.data("entry_submit"),
    )

    draft = Entry.objects.get()
    assert soup(response).select_one("form.entry-form")["action"] == (
        draft.get_edit_url()
    )


def test_two_new_entry_forms_make_two_drafts(member_client, story_competition):
    """Each freshly opened form is a new entry; only a resend reuses its draft."""
    first = draft_token(member_client.get(enter_url(story_competition)))
    second = draft_token(member_client.get(enter_url(story_competition)))
    assert first != second

    for token in (first, second):
        member_client.post(
            enter_url(story_competition),
            entry_data(EntryKind.STORY, draft_token=token),
        )

    assert Entry.objects.count() == 2


def test_a_token_from_someone_else_starts_a_new_draft(
    client, member_client, member, story_competition
):
    """A token remembered in one member's session means nothing in another's."""
    token = draft_token(member_client.get(enter_url(story_competition)))
    member_client.post(
        enter_url(story_competition), entry_data(EntryKind.STORY, draft_token=token)
    )
    other = UserFactory()
    member_email_mark_verified(user=other)
    client.force_login(other)

    client.post(
        enter_url(story_competition), entry_data(EntryKind.STORY, draft_token=token)
    )

    assert Entry.objects.filter(author=other, status=EntryStatus.DRAFT).count() == 1
    assert Entry.objects.filter(author=member).count() == 1


def test_submitting_an_empty_form_names_every_missing_field(
    member_client, competition_index, recaptcha
):
    """Title, image, description, licence, age and the rules: all named in one go."""
    competition = CompetitionPageFactory(
        parent=competition_index,
        entry_kinds=[EntryKind.IMAGE.value],
        licence_options=[Licence.CC_BY.value],
    )

    response = member_client.post(
        enter_url(competition),
        {"kind": "image", "action": "submit"} | recaptcha.data("entry_submit"),
    )

    assert response.status_code == 400
    page = soup(response)
    flagged = {
        field["id"]
        for field in page.select(".field--error [id^=id_]")
        if field.name in ("input", "select", "textarea")
    }
    for name in ("title", "image_upload", "image_alt_text", "licence"):
        assert f"id_{name}" in flagged, name
    assert "Please accept the rules to enter." in text(response)
    assert FILL_IN in text(response)
    assert not Entry.objects.exists()


def test_a_saved_draft_is_not_told_about_missing_fields(
    member_client, story_competition
):
    """Saving a draft asks only for a title; the rest can wait until submitting."""
    response = member_client.post(
        enter_url(story_competition),
        {"kind": "story", "action": "save", "title": ""},
    )

    assert response.status_code == 400
    assert FILL_IN not in text(response)


def test_a_member_deletes_a_draft_and_its_image(
    member_client, member, competition_for, django_capture_on_commit_callbacks
):
    """GET asks first; POST deletes the draft and, after commit, its private file."""
    competition = competition_for(EntryKind.IMAGE)
    member_client.post(
        enter_url(competition),
        entry_data(EntryKind.IMAGE, image_upload=image_upload()),
    )
    draft = Entry.objects.get()
    storage, name = draft.image.storage, draft.image.name
    assert storage.exists(name)
    url = f"/entries/{draft.public_id}/delete/"

    confirm = member_client.get(url)
    assert confirm.status_code == 200
    assert "Delete “Harbour lights”?" in text(confirm)

    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(url)

    assert response.url == "/me/"
    assert not Entry.objects.exists()
    assert not storage.exists(name)
    assert "Your draft is deleted." in text(member_client.get("/me/"))


@pytest.mark.parametrize("status", ["submitted", "approved", "withdrawn"])
def test_only_drafts_can_be_deleted(member_client, member, story_competition, status):
    """An entry that was submitted keeps its record: delete is a 404 for it."""
    entry = EntryFactory(competition=story_competition, author=member, **{status: True})

    assert member_client.get(f"/entries/{entry.public_id}/delete/").status_code == 404
    assert member_client.post(f"/entries/{entry.public_id}/delete/").status_code == 404
    assert Entry.objects.filter(pk=entry.pk).exists()


def test_nobody_else_can_delete_a_members_draft(client, member, story_competition):
    """Another member, or a visitor, gets a 404 and the draft stays."""
    draft = EntryFactory(competition=story_competition, author=member)
    url = f"/entries/{draft.public_id}/delete/"

    assert client.post(url).status_code == 404
    client.force_login(EntryFactory(competition=story_competition).author)
    assert client.post(url).status_code == 404
    assert Entry.objects.filter(pk=draft.pk).exists()


def test_the_draft_page_offers_delete(member_client, member, story_competition):
    """A draft's own page links to deleting it."""
    draft = EntryFactory(competition=story_competition, author=member)

    page = soup(member_client.get(draft.get_absolute_url()))

    assert page.find("a", string="Delete draft")["href"] == (
        f"/entries/{draft.public_id}/delete/"
    )
