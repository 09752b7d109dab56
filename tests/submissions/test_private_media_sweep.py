"""Private files no entry refers to any more are swept, once they are an hour old."""

import os
import time
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from competitions.enums import EntryKind
from core.uploads import check_film_upload, random_storage_name
from submissions.media import private_media_sweep
from submissions.models import Entry
from submissions.services import entry_save
from submissions.storage import private_storage
from submissions.tasks import sweep_private_media
from tests.factories import CompetitionPageFactory, EntryFactory
from tests.security import test_private_media_s3 as s3_tests
from tests.support.entries import checked_image
from tests.support.films import film_bytes, film_upload

TWO_HOURS = 2 * 60 * 60


def private_path(name: str) -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / name


def age(name: str, seconds: int = TWO_HOURS) -> None:
    """Make a private file look ``seconds`` old."""
    then = time.time() - seconds
    os.utime(private_path(name), (then, then))


def stray_file(extension: str = "jpg", *, old: bool = True) -> str:
    """Store a file in private storage that no row refers to; return its name."""
    name = private_storage().save(random_storage_name(extension), ContentFile(b"x"))
    if old:
        age(name)
    return name


@pytest.fixture
def entries_in_use(competition_index, author):
    """An image entry and a film entry whose files (and poster) are all old."""
    image_competition = CompetitionPageFactory(
        parent=competition_index, entry_kinds=[EntryKind.IMAGE.value]
    )
    film_competition = CompetitionPageFactory(
        parent=competition_index, entry_kinds=[EntryKind.FILM.value]
    )
    image_entry = EntryFactory(competition=image_competition, author=author)
    film_entry = EntryFactory(competition=film_competition, author=author)
    film = check_film_upload(film_upload(film_bytes("mp4")))
    film_entry = entry_save(entry=film_entry, actor=author, changes={}, film_file=film)
    names = [image_entry.image.name, film_entry.film_file.name]
    names.append(film_entry.film_poster.name)
    for name in names:
        age(name)
    return names


def test_only_old_files_no_entry_refers_to_are_deleted(entries_in_use):
    """Files in use stay, a stray file an hour old goes, a fresh stray file stays."""
    old_stray, fresh_stray = stray_file(), stray_file("mp4", old=False)

    removed = private_media_sweep()

    assert removed == [old_stray]
    assert not private_path(old_stray).exists()
    assert private_path(fresh_stray).exists()
    assert all(private_path(name).exists() for name in entries_in_use)


def test_a_dry_run_lists_what_would_go_and_deletes_nothing(entries_in_use):
    """--dry-run's list is exactly what a real sweep then deletes."""
    strays = sorted([stray_file(), stray_file("webm")])

    assert private_media_sweep(dry_run=True) == strays
    assert all(private_path(name).exists() for name in strays)
    assert private_media_sweep() == strays
    assert private_media_sweep() == []


def test_files_outside_the_uploads_folder_are_never_touched(entries_in_use):
    """Only checked uploads' own folder is swept: other private files are safe."""
    name = private_storage().save("exports/report.csv", ContentFile(b"a,b\n"))
    age(name)

    assert private_media_sweep() == []
    assert private_path(name).exists()


def test_the_file_a_refused_save_leaves_behind_is_swept_an_hour_later(
    competition, author
):
    """A save refused after its file was written leaves it unreferenced: swept."""
    entry = EntryFactory(competition=competition, author=author, kind=EntryKind.IMAGE)
    upload = checked_image()
    with pytest.raises(ValidationError):
        entry_save(
            entry=entry, actor=author, changes={"title": "x" * 121}, image=upload
        )
    left_behind = upload.content.name
    assert private_path(left_behind).exists()
    assert not Entry.objects.filter(image=left_behind).exists()

    assert private_media_sweep() == []  # too recent: the save might still be running
    age(left_behind)
    assert private_media_sweep() == [left_behind]


def test_the_command_reports_a_dry_run_and_a_sweep(entries_in_use):
    """manage.py private_media_sweep --dry-run names the files, then the sweep goes."""
    stray = stray_file()
    output = StringIO()

    call_command("private_media_sweep", "--dry-run", stdout=output)
    assert output.getvalue().splitlines() == [
        f"Would delete {stray}",
        "Would delete 1 private file(s) no entry refers to.",
    ]
    assert private_path(stray).exists()

    output = StringIO()
    call_command("private_media_sweep", stdout=output)
    assert f"Deleted {stray}" in output.getvalue()
    assert not private_path(stray).exists()

    output = StringIO()
    call_command("private_media_sweep", stdout=output)
    assert "No private files to delete" in output.getvalue()


def test_the_periodic_task_sweeps(entries_in_use):
    """The task the scheduler enqueues deletes the strays and counts them."""
    stray_file(), stray_file("mp4")

    result = sweep_private_media.enqueue()

    assert result.return_value == 2
    assert all(private_path(name).exists() for name in entries_in_use)


def test_an_empty_private_storage_is_fine(db):
    """Before anything was ever uploaded there is nothing to sweep, and no error."""
    assert private_media_sweep() == []


# S3 -------------------------------------------------------------------------------

# moto's S3 server and fresh buckets, as the private-media S3 tests set them up.
s3_endpoint, buckets = s3_tests.s3_endpoint, s3_tests.buckets


def test_the_sweep_works_on_the_private_bucket(buckets, competition, author):
    """On S3 the listing's own times decide; a stray object goes an hour later."""
    entry = EntryFactory(
        competition=competition, author=author, kind=EntryKind.IMAGE, image=""
    )
    entry = entry_save(entry=entry, actor=author, changes={}, image=checked_image())
    stray = private_storage().save(random_storage_name("jpg"), ContentFile(b"x"))
    assert sorted(s3_tests.keys(buckets, "private")) == sorted(
        [entry.image.name, stray]
    )

    assert private_media_sweep() == []
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert private_media_sweep(dry_run=True) == [stray]
        assert private_media_sweep() == [stray]

    assert s3_tests.keys(buckets, "private") == [entry.image.name]
