"""Against S3, the export reads the member's files and erasure deletes every object.

moto's threaded server stands in for S3 on loopback, with the production
storages (django-storages' S3Storage, path-style, s3v4), as in
tests/security/test_private_media_s3.py, whose fixtures tests/members/conftest.py
brings here.
"""

import io
import json
import zipfile

import pytest
from django.core.files.storage import storages

from members.data_rights import data_export_build, member_erase
from tests.support.data_rights import build_world

pytestmark = pytest.mark.usefixtures("buckets")


def keys(buckets, bucket: str) -> set[str]:
    listing = buckets["client"].list_objects_v2(Bucket=buckets[bucket])
    return {item["Key"] for item in listing.get("Contents", [])}


def entry_keys(world) -> dict[str, set[str]]:
    """Return the S3 keys of each of Ana's entries' files, public and private."""
    found = {}
    for entry in world.ana_entries:
        entry.refresh_from_db()
        names = {
            getattr(entry, field).name
            for field in ("image", "film_file", "film_poster")
            if getattr(entry, field)
        }
        if entry.public_image_id:
            names.add(entry.public_image.file.name)
            names |= {r.file.name for r in entry.public_image.renditions.all()}
        found[entry.title] = names
    return found


@pytest.fixture
def world(competition_index):
    return build_world(competition_index)


def test_the_export_zip_is_written_to_the_private_bucket_with_the_files(world, buckets):
    export = data_export_build(user=world.ana)

    assert export.file_name in keys(buckets, "private")
    assert export.file_name not in keys(buckets, "public")
    with storages["private"].open(export.file_name, "rb") as stored:
        archive = zipfile.ZipFile(io.BytesIO(stored.read()))
    data = json.loads(archive.read("data.json"))
    paths = {
        entry[field]
        for entry in data["entries"]
        for field in ("image", "film_file", "film_poster")
        if entry[field]
    }
    assert len(paths) == 6
    assert paths == set(archive.namelist()) - {"data.json"}


def test_erasure_deletes_every_object_but_the_kept_winners(
    world, buckets, django_capture_on_commit_callbacks
):
    """Originals, poster, showcase copies and renditions leave both buckets."""
    before = entry_keys(world)
    export = data_export_build(user=world.ana)
    gone = set().union(
        *(names for title, names in before.items() if title != "Kept winner")
    )
    # Two published images (original, showcase copy, two renditions each), the
    # draft's original, the film and its poster.
    assert len(gone) == 11
    stored = keys(buckets, "private") | keys(buckets, "public")
    assert gone | before["Kept winner"] | {export.file_name} <= stored

    with django_capture_on_commit_callbacks(execute=True):
        member_erase(user=world.ana)

    after = keys(buckets, "private") | keys(buckets, "public")
    assert not gone & after
    assert export.file_name not in after
    assert before["Kept winner"] <= after
