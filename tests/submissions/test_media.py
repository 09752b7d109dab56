"""An entry's image stays private until approval, then a clean public copy is made."""

import re
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image
from wagtail.images import get_image_model

from competitions.enums import EntryKind
from core.images import RENDITION_SPECS
from submissions.models import Entry
from submissions.services import (
    entry_decide,
    entry_save,
    entry_withdraw,
)
from tests.factories import EntryFactory
from tests.support.entries import (
    REVEALING_FILENAME,
    checked_image,
    gps_jpeg,
    has_gps,
    image_bytes,
)

RANDOM_NAME = re.compile(r"\Aentries/([0-9a-f]{2})/\1[0-9a-f]{30}\.jpg\Z")
FILENAME_WORDS = ("IMG", "0042", "Jane", "Smith", "Acacia")


def private_path(name: str) -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / name


def public_path(name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / name


def files_under(root) -> list[Path]:
    return [path for path in Path(root).rglob("*") if path.is_file()]


def stored(entry) -> Entry:
    return Entry.objects.get(pk=entry.pk)


@pytest.fixture
def image_entry(competition, author):
    """A submitted image entry whose private image came from a JPEG with GPS EXIF."""
    return EntryFactory(
        competition=competition,
        author=author,
        kind=EntryKind.IMAGE,
        title="Harbour at dawn",
        image=checked_image(gps_jpeg()).content,
        submitted=True,
    )


@pytest.fixture
def approved_image_entry(image_entry, moderator, django_capture_on_commit_callbacks):
    """The image entry, approved, with its public image and renditions made."""
    with django_capture_on_commit_callbacks(execute=True):
        entry_decide(entry=image_entry, actor=moderator, to_status="approved")
    return stored(image_entry)


# Private storage ----------------------------------------------------------------


def test_an_uploaded_image_is_stored_privately_under_a_random_name(competition, author):
    """The file lands in private storage, named at random, never in MEDIA_ROOT."""
    entry = EntryFactory(
        competition=competition, author=author, kind=EntryKind.IMAGE, image=""
    )

    entry_save(
        entry=entry,
        actor=author,
        changes={},
        image=checked_image(gps_jpeg(size=(80, 60)), name=REVEALING_FILENAME),
    )

    entry = stored(entry)
    name = entry.image.name
    assert RANDOM_NAME.match(name), name
    assert not [word for word in FILENAME_WORDS if word in name]
    assert private_path(name).is_file()
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == [private_path(name)]
    assert files_under(settings.MEDIA_ROOT) == []
    assert (entry.image_width, entry.image_height) == (80, 60)
    assert not has_gps(private_path(name).read_bytes())


def test_two_uploads_of_the_same_file_get_different_names(competition, author):
    """Names are random, so one upload cannot be found from another's name."""
    first = EntryFactory(competition=competition, author=author, kind="image")
    second = EntryFactory(competition=competition, author=author, kind="image")
    data = image_bytes()

    entry_save(entry=first, actor=author, changes={}, image=checked_image(data))
    entry_save(entry=second, actor=author, changes={}, image=checked_image(data))

    assert stored(first).image.name != stored(second).image.name


def test_replacing_the_image_deletes_the_old_file_after_commit(
    competition, author, django_capture_on_commit_callbacks
):
    """The old private file is kept until the new one is committed, then removed."""
    entry = EntryFactory(competition=competition, author=author, kind="image")
    old = entry.image.name
    assert private_path(old).is_file()

    with django_capture_on_commit_callbacks() as callbacks:
        entry_save(
            entry=entry,
            actor=author,
            changes={},
            image=checked_image(image_bytes(colour=(0, 0, 255))),
        )
        assert private_path(old).is_file()
    for callback in callbacks:
        callback()

    new = stored(entry).image.name
    assert new != old
    assert not private_path(old).exists()
    assert private_path(new).is_file()


# Publishing on approval ---------------------------------------------------------


def test_approval_makes_a_showcase_image_titled_after_the_entry(approved_image_entry):
    """The public copy is a Wagtail image in "Showcase", titled by the entry."""
    public = approved_image_entry.public_image

    assert public is not None
    assert public.title == "Harbour at dawn"
    assert public.collection.name == "Showcase"
    assert public.uploaded_by_user is None
    assert not [word for word in FILENAME_WORDS if word in public.file.name]
    assert not [word for word in FILENAME_WORDS if word in public.title]
    assert public_path(public.file.name).is_file()
    assert (public.width, public.height) == (64, 48)


def test_the_public_image_carries_no_exif_or_gps(approved_image_entry):
    """A JPEG uploaded with GPS EXIF is public without any EXIF at all."""
    data = public_path(approved_image_entry.public_image.file.name).read_bytes()

    assert not has_gps(data)
    assert len(Image.open(BytesIO(data)).getexif()) == 0


def test_renditions_are_made_by_the_task_after_commit_without_exif(
    image_entry, moderator, finished_tasks, django_capture_on_commit_callbacks
):
    """No rendition is made during approval; make_renditions makes them all after."""
    with django_capture_on_commit_callbacks() as callbacks:
        entry_decide(entry=image_entry, actor=moderator, to_status="approved")
        public = stored(image_entry).public_image
        assert public.renditions.count() == 0
    for callback in callbacks:
        callback()

    assert ("core.tasks.make_renditions", {"image_id": public.pk}, "SUCCESSFUL") in (
        finished_tasks
    )
    renditions = list(public.renditions.all())
    assert len(renditions) == len(RENDITION_SPECS)
    for rendition in renditions:
        data = public_path(rendition.file.name).read_bytes()
        assert not has_gps(data)
        assert len(Image.open(BytesIO(data)).getexif()) == 0


def test_approving_an_entry_without_an_image_makes_no_public_image(
    competition, author, moderator, django_capture_on_commit_callbacks
):
    """Stories, films and ideas have nothing to copy into the showcase."""
    entry = EntryFactory(competition=competition, author=author, submitted=True)

    with django_capture_on_commit_callbacks(execute=True):
        entry_decide(entry=entry, actor=moderator, to_status="approved")

    assert stored(entry).public_image is None
    assert get_image_model().objects.count() == 0


def test_approving_twice_keeps_one_public_image(
    approved_image_entry, moderator, django_capture_on_commit_callbacks
):
    """Confirming an approval does not copy the image again."""
    with django_capture_on_commit_callbacks(execute=True):
        entry_decide(
            entry=approved_image_entry,
            actor=moderator,
            to_status="approved",
            feedback="Still good.",
        )

    assert get_image_model().objects.count() == 1
    assert stored(approved_image_entry).public_image == (
        approved_image_entry.public_image
    )


# Unpublishing -------------------------------------------------------------------


def reject(entry, author, moderator):
    entry_decide(
        entry=entry, actor=moderator, to_status="rejected", feedback="Off topic."
    )


def request_changes(entry, author, moderator):
    entry_decide(
        entry=entry,
        actor=moderator,
        to_status="changes_requested",
        feedback="Crop it.",
    )


def withdraw(entry, author, moderator):
    entry_withdraw(entry=entry, actor=author)


@pytest.mark.parametrize("unpublish", [reject, request_changes, withdraw])
def test_leaving_the_showcase_deletes_the_public_image_and_its_files(
    approved_image_entry,
    author,
    moderator,
    unpublish,
    django_capture_on_commit_callbacks,
):
    """Rejecting, returning or withdrawing removes the public copy and renditions."""
    public = approved_image_entry.public_image
    public_files = [public.file.name] + [r.file.name for r in public.renditions.all()]
    assert len(public_files) == 1 + len(RENDITION_SPECS)
    assert all(public_path(name).is_file() for name in public_files)

    with django_capture_on_commit_callbacks(execute=True):
        unpublish(approved_image_entry, author, moderator)

    entry = stored(approved_image_entry)
    assert entry.public_image is None
    assert not get_image_model().objects.filter(pk=public.pk).exists()
    assert files_under(settings.MEDIA_ROOT) == []
    assert private_path(entry.image.name).is_file()  # the author still has it


# The media view (local private storage) -----------------------------------------


def test_the_author_gets_their_private_image_through_the_view(
    client, image_entry, author
):
    """The view streams the private file to its author, never to be cached."""
    client.force_login(author)

    response = client.get(image_entry.image_url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == (
        private_path(image_entry.image.name).read_bytes()
    )
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("method", ["get", "head"])
@pytest.mark.parametrize("viewer", ["other_member", "anonymous"])
def test_nobody_else_gets_an_unapproved_image(
    request, client, image_entry, viewer, method
):
    """Another member and an anonymous visitor get a 404, not the file.

    HEAD is refused as GET is, without even the file's size.
    """
    if viewer != "anonymous":
        client.force_login(request.getfixturevalue(viewer))

    response = getattr(client, method)(image_entry.image_url)

    assert response.status_code == 404
    assert response.get("Content-Length") != str(image_entry.image.size)


def test_head_on_the_private_image_answers_as_get_for_its_author(
    client, image_entry, author
):
    """A HEAD gets GET's status, type, length and no-store caching, no bytes."""
    client.force_login(author)

    head = client.head(image_entry.image_url)
    get = client.get(image_entry.image_url)

    assert head.status_code == get.status_code == 200
    for name in ("Content-Type", "Content-Length", "Cache-Control"):
        assert head[name] == get[name], name
    assert int(head["Content-Length"]) == len(b"".join(get.streaming_content))
    assert head["Cache-Control"] == "private, no-store"
