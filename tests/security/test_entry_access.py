"""Someone who learns an entry's address cannot read, change or download it.

Every refusal is a 404 that looks like any other missing page (never a 403, which
would confirm the entry exists), and nothing about the entry leaks into it.
"""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.core import mail

from competitions.enums import EntryKind, Licence, ModerationMode
from moderation.services import (
    decision_approve,
    decision_reject,
    decision_request_changes,
)
from submissions.enums import EntryStatus
from submissions.models import Entry
from submissions.services import entry_submit
from tests.factories import CompetitionPageFactory, EntryFactory, UserFactory

UNAPPROVED = ["draft", "submitted", "rejected", "changes_requested", "withdrawn"]
SECRET_TITLE = "Letters to my sister in Leeds"
URL_SAFE = re.compile(r"\A[A-Za-z0-9_-]+\Z")


@pytest.fixture
def competition(competition_index):
    """An open image competition that moderates before publication."""
    return CompetitionPageFactory(
        parent=competition_index,
        title="Picture your high street",
        entry_kinds=[EntryKind.IMAGE.value],
        licence_options=[Licence.CC_BY.value],
    )


@pytest.fixture
def author(db):
    """The member whose entries are under attack; her real name is on file."""
    return UserFactory(
        handle="ana_writes",
        email="ana.private@example.org",
        first_name="Anastasia",
        last_name="Quarrington",
    )


@pytest.fixture
def attacker(db):
    return UserFactory(handle="benshoots", email="ben.private@example.org")


@pytest.fixture
def moderator(db):
    """Staff granted the moderate_entry permission, not a superuser."""
    user = UserFactory(handle="mod_one", email="mod@example.org", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(
            codename="moderate_entry", content_type__app_label="submissions"
        )
    )
    return type(user).objects.get(pk=user.pk)


def make_entry(competition, author, status: str) -> Entry:
    return EntryFactory(
        competition=competition, author=author, title=SECRET_TITLE, **{status: True}
    )


def stored(entry) -> Entry:
    return Entry.objects.get(pk=entry.pk)


def snapshot(entry) -> tuple:
    entry = stored(entry)
    return (entry.status, entry.title, entry.withdrawn_at, entry.submitted_at)


def assert_not_found(response, entry) -> None:
    """A plain 404 page that gives nothing of the entry away."""
    assert response.status_code == 404
    body = response.content.decode()
    assert SECRET_TITLE not in body
    assert entry.author.handle not in body
    assert entry.public_id not in body


# Another member ---------------------------------------------------------------


@pytest.mark.parametrize("status", UNAPPROVED)
def test_another_member_cannot_open_an_unapproved_entry(
    client, competition, author, attacker, status
):
    """Guessing or being sent the address of my entry gets another member a 404."""
    entry = make_entry(competition, author, status)
    client.force_login(attacker)

    assert_not_found(client.get(entry.get_absolute_url()), entry)


@pytest.mark.parametrize("status", [*UNAPPROVED, "approved"])
def test_another_member_cannot_open_the_edit_page(
    client, competition, author, attacker, status
):
    """The edit page of someone else's entry is a 404, approved or not."""
    entry = make_entry(competition, author, status)
    client.force_login(attacker)

    assert_not_found(client.get(entry.get_edit_url()), entry)
    response = client.post(
        entry.get_edit_url(),
        {"title": "Defaced", "licence": Licence.CC_BY.value, "action": "save"},
    )
    assert_not_found(response, entry)
    assert stored(entry).title == SECRET_TITLE


@pytest.mark.parametrize("status", [*UNAPPROVED, "approved"])
@pytest.mark.parametrize("with_token", [True, False], ids=["token", "no token"])
def test_another_member_cannot_submit_my_entry(
    client, competition, author, attacker, recaptcha, status, with_token
):
    """POSTing to my entry's submit address is a 404 that shows not my edit form."""
    entry = make_entry(competition, author, status)
    before = snapshot(entry)
    client.force_login(attacker)

    data = recaptcha.data("entry_submit") if with_token else {}
    response = client.post(f"/entries/{entry.public_id}/submit/", data)

    assert_not_found(response, entry)
    assert b"age_band" not in response.content
    assert snapshot(entry) == before


@pytest.mark.parametrize("status", [*UNAPPROVED, "approved"])
def test_another_member_cannot_withdraw_my_entry(
    client, competition, author, attacker, status
):
    """Neither the confirmation nor the POST of my entry's withdraw page works."""
    entry = make_entry(competition, author, status)
    before = snapshot(entry)
    client.force_login(attacker)

    url = f"/entries/{entry.public_id}/withdraw/"
    assert_not_found(client.get(url), entry)
    assert_not_found(client.post(url), entry)
    assert snapshot(entry) == before


@pytest.mark.parametrize("status", UNAPPROVED)
def test_another_member_cannot_download_unapproved_media(
    client, competition, author, attacker, status
):
    """The private image of someone else's entry is a 404."""
    entry = make_entry(competition, author, status)
    client.force_login(attacker)

    response = client.get(entry.image_url)

    assert response.status_code == 404
    assert not hasattr(response, "streaming_content")


def test_staff_without_the_moderation_permission_get_a_404(client, competition, author):
    """Being staff is not enough: only moderators see unpublished entries."""
    entry = make_entry(competition, author, "submitted")
    client.force_login(UserFactory(is_staff=True))

    assert_not_found(client.get(entry.get_absolute_url()), entry)
    assert client.get(entry.image_url).status_code == 404


# Anonymous visitors -----------------------------------------------------------


@pytest.mark.parametrize("status", UNAPPROVED)
def test_anonymous_visitors_cannot_open_unapproved_entries_or_media(
    client, competition, author, status
):
    """Without signing in, an unapproved entry and its image are both 404."""
    entry = make_entry(competition, author, status)

    assert_not_found(client.get(entry.get_absolute_url()), entry)
    assert client.get(entry.image_url).status_code == 404


def test_a_field_that_is_not_media_is_not_served(client, competition, author):
    """Only the image and film fields are served, even to the author."""
    entry = make_entry(competition, author, "draft")
    client.force_login(author)

    for field in ["story", "title", "author", "film", "../image"]:
        response = client.get(f"/entries/{entry.public_id}/media/{field}/")
        assert response.status_code == 404, field


# Those who may see it -----------------------------------------------------------


@pytest.mark.parametrize("viewer", ["author", "moderator"])
def test_the_author_and_moderators_get_unapproved_media_privately(
    request, client, competition, author, viewer
):
    """The author and moderators get the image, marked never to be cached."""
    entry = make_entry(competition, author, "submitted")
    client.force_login(request.getfixturevalue(viewer))

    response = client.get(entry.image_url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8\xff")


@pytest.fixture
def approved_entry(
    competition, author, moderator, django_capture_on_commit_callbacks
) -> Entry:
    """An approved image entry whose showcase image and renditions are made."""
    entry = make_entry(competition, author, "submitted")
    with django_capture_on_commit_callbacks(execute=True):
        decision_approve(entry=entry, actor=moderator)
    return stored(entry)


def test_an_approved_entry_and_its_media_are_public(client, approved_entry):
    """Once approved, anyone may see the entry, and the media view serves it."""
    page = client.get(approved_entry.get_absolute_url())
    media = client.get(approved_entry.image_url)

    assert page.status_code == 200
    assert SECRET_TITLE in page.content.decode()
    assert media.status_code == 200
    assert media["Content-Type"] == "image/jpeg"
    assert media["Cache-Control"] == "private, no-store"


def test_the_public_page_shows_the_showcase_rendition_not_the_private_file(
    client, approved_entry
):
    """The public page's image is a rendition of the showcase copy."""
    public = approved_entry.public_image
    assert public.renditions.exists()

    page = BeautifulSoup(
        client.get(approved_entry.get_absolute_url()).content, "html.parser"
    )

    sources = [img["src"] for img in page.select(".entry-image img")]
    rendition_urls = {rendition.url for rendition in public.renditions.all()}
    assert len(sources) == 1
    assert sources[0] in rendition_urls
    assert approved_entry.image_url not in page.decode()


def test_an_after_publication_entry_is_public_once_submitted(
    client, competition_index, author, attacker
):
    """A submitted entry public under after-moderation is still the author's alone."""
    competition = CompetitionPageFactory(
        parent=competition_index,
        entry_kinds=[EntryKind.STORY.value],
        moderation_mode=ModerationMode.AFTER_PUBLICATION,
    )
    entry = make_entry(competition, author, "submitted")
    client.force_login(attacker)

    assert client.get(entry.get_absolute_url()).status_code == 200
    assert_not_found(client.get(entry.get_edit_url()), entry)
    assert_not_found(client.post(f"/entries/{entry.public_id}/submit/"), entry)
    assert_not_found(client.post(f"/entries/{entry.public_id}/withdraw/"), entry)
    assert stored(entry).status == EntryStatus.SUBMITTED


# Identifiers ----------------------------------------------------------------------


def test_public_ids_are_random_and_long(competition, author):
    """Public ids are ≥16 URL-safe characters with no order to walk through."""
    ids = [make_entry(competition, author, "draft").public_id for _ in range(20)]

    assert len(set(ids)) == len(ids)
    assert all(len(public_id) >= 16 and URL_SAFE.match(public_id) for public_id in ids)
    assert not any(public_id.isdigit() for public_id in ids)
    assert ids != sorted(ids) and ids != sorted(ids, reverse=True)
    # A counter would change only the last characters from one entry to the next.
    assert all(a[:-2] != b[:-2] for a, b in zip(ids, ids[1:], strict=False))


def test_numeric_database_ids_are_not_accepted(client, competition, author):
    """/entries/<pk>/ is not an entry, even for the author."""
    entry = make_entry(competition, author, "approved")
    client.force_login(author)

    for url in [
        f"/entries/{entry.pk}/",
        f"/entries/{entry.pk}/edit/",
        f"/entries/{entry.pk}/media/image/",
    ]:
        assert client.get(url).status_code == 404, url


# Names and emails -----------------------------------------------------------------


PRIVATE_WORDS = ["Anastasia", "Quarrington", "ana.private@example.org"]


def shows_nothing_private(content: str) -> bool:
    return not [word for word in PRIVATE_WORDS if word in content]


@pytest.mark.parametrize("status", ["draft", "submitted", "approved"])
def test_entry_pages_show_the_handle_never_the_name_or_email(
    client, competition, author, status
):
    """The author's own view of an entry, and its edit page, name her by handle."""
    entry = make_entry(competition, author, status)
    client.force_login(author)

    for url in [entry.get_absolute_url(), entry.get_edit_url(), "/me/"]:
        content = client.get(url).content.decode()
        assert shows_nothing_private(content), url
    assert "ana_writes" in client.get(entry.get_absolute_url()).content.decode()


def test_the_public_entry_page_names_the_handle_only(client, approved_entry):
    """Anonymous visitors see "By ana_writes" and nothing more of who she is."""
    content = client.get(approved_entry.get_absolute_url()).content.decode()

    assert "By ana_writes" in content
    assert shows_nothing_private(content)


def test_emails_about_an_entry_use_the_handle_only(
    competition, author, moderator, django_capture_on_commit_callbacks
):
    """Receipt and decision emails greet the handle, not the real name."""
    first = make_entry(competition, author, "draft")
    second = make_entry(competition, author, "submitted")
    third = make_entry(competition, author, "submitted")
    competition.entry_limit_per_member = 3
    competition.save()
    with django_capture_on_commit_callbacks(execute=True):
        entry_submit(entry=first, actor=author)
        decision_approve(entry=stored(first), actor=moderator)
        decision_reject(
            entry=second, actor=moderator, reason="off_topic", message="Off theme."
        )
        decision_request_changes(entry=third, actor=moderator, message="Crop it.")

    assert len(mail.outbox) == 4
    for message in mail.outbox:
        html = "".join(str(content) for content, _type in message.alternatives)
        assert message.to == ["ana.private@example.org"]
        assert "Hello ana_writes" in message.body
        assert shows_nothing_private(message.subject + message.body + html)
