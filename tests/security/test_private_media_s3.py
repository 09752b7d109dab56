"""Against S3, an unapproved entry's image is only reachable through a signed URL.

moto's threaded server stands in for S3 on loopback; the storages are the
production ones (django-storages' S3Storage, path-style, s3v4 signatures).
"""

import secrets
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
import requests
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage, storages
from django.utils.functional import empty
from moto.server import ThreadedMotoServer

from competitions.enums import EntryKind
from moderation.services import decision_approve
from submissions.models import Entry
from submissions.services import entry_save, entry_submit
from tests.factories import CompetitionPageFactory, EntryFactory, UserFactory
from tests.support.entries import checked_image, gps_jpeg, has_gps

S3 = "storages.backends.s3.S3Storage"
EXPIRY_SECONDS = 300


@pytest.fixture(scope="module")
def s3_endpoint():
    """The URL of a moto S3 server on a free loopback port."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def forget_storages() -> None:
    """Drop every storage instance built from the previous STORAGES."""
    storages._storages = {}
    storages.__dict__.pop("backends", None)
    default_storage._wrapped = empty


@pytest.fixture
def buckets(s3_endpoint, monkeypatch, settings):
    """Fresh public and private buckets, with STORAGES pointing at them."""
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    }.items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_PROFILE", "AWS_CA_BUNDLE", "HTTP_PROXY", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    suffix = secrets.token_hex(4)
    public, private = f"opencall-public-{suffix}", f"opencall-private-{suffix}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=public)
    client.create_bucket(Bucket=private)
    common = {
        "endpoint_url": s3_endpoint,
        "region_name": "us-east-1",
        "addressing_style": "path",
        "signature_version": "s3v4",
        "file_overwrite": False,
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": S3,
            "OPTIONS": common | {"bucket_name": public, "querystring_auth": False},
        },
        "private": {
            "BACKEND": S3,
            "OPTIONS": common
            | {
                "bucket_name": private,
                "querystring_auth": True,
                "querystring_expire": EXPIRY_SECONDS,
                "default_acl": "private",
            },
        },
    }
    forget_storages()
    yield {"client": client, "public": public, "private": private}
    forget_storages()


@pytest.fixture
def competition(competition_index):
    return CompetitionPageFactory(
        parent=competition_index, entry_kinds=[EntryKind.IMAGE.value]
    )


@pytest.fixture
def author(db):
    return UserFactory(handle="ana_writes")


@pytest.fixture
def other_member(db):
    return UserFactory(handle="benshoots")


@pytest.fixture
def moderator(db):
    user = UserFactory(handle="mod_one", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(
            codename="moderate_entry", content_type__app_label="submissions"
        )
    )
    return type(user).objects.get(pk=user.pk)


def keys(buckets, which: str) -> list[str]:
    listing = buckets["client"].list_objects_v2(Bucket=buckets[which])
    return [item["Key"] for item in listing.get("Contents", [])]


@pytest.fixture
def image_entry(buckets, competition, author):
    """A submitted image entry whose image (a JPEG with GPS) went through entry_save."""
    entry = EntryFactory(competition=competition, author=author, image="")
    entry_save(entry=entry, actor=author, changes={}, image=checked_image(gps_jpeg()))
    entry = entry_submit(entry=entry, actor=author)
    assert entry.image.storage.bucket_name == buckets["private"]
    return entry


def test_an_entry_image_is_stored_in_the_private_bucket(buckets, image_entry):
    """The upload is an object in the private bucket, and nothing is public."""
    assert keys(buckets, "private") == [image_entry.image.name]
    assert keys(buckets, "public") == []
    stored = buckets["client"].get_object(
        Bucket=buckets["private"], Key=image_entry.image.name
    )
    assert not has_gps(stored["Body"].read())


def test_an_unsigned_request_for_the_object_is_refused(
    s3_endpoint, buckets, image_entry
):
    """Guessing the object's address gets S3's 403, not the image."""
    address = f"{s3_endpoint}/{buckets['private']}/{image_entry.image.name}"

    response = requests.get(address, timeout=10)

    assert response.status_code == 403
    assert b"JFIF" not in response.content


def test_the_author_is_redirected_to_a_short_lived_signed_url(
    client, buckets, image_entry, author
):
    """The media view sends the author to an s3v4 URL valid for five minutes."""
    client.force_login(author)

    response = client.get(image_entry.image_url)

    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    signed = response["Location"]
    query = parse_qs(urlsplit(signed).query)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert query["X-Amz-Expires"] == [str(EXPIRY_SECONDS)]
    assert query["X-Amz-Signature"]
    assert urlsplit(signed).path == f"/{buckets['private']}/{image_entry.image.name}"
    fetched = requests.get(signed, timeout=10)
    assert fetched.status_code == 200
    assert fetched.content == image_entry.image.open("rb").read()


@pytest.mark.parametrize("viewer", ["other_member", "anonymous"])
def test_nobody_else_gets_a_signed_url(request, client, image_entry, viewer):
    """Another member and an anonymous visitor get 404 and no signed URL."""
    if viewer != "anonymous":
        client.force_login(request.getfixturevalue(viewer))

    response = client.get(image_entry.image_url)

    assert response.status_code == 404
    assert "X-Amz-Signature" not in response.get("Location", "")


def test_approval_copies_a_clean_image_into_the_public_bucket(
    buckets, image_entry, moderator, django_capture_on_commit_callbacks
):
    """The showcase copy (and its renditions) go to the public bucket, EXIF-free."""
    with django_capture_on_commit_callbacks(execute=True):
        decision_approve(entry=image_entry, actor=moderator)

    public = Entry.objects.get(pk=image_entry.pk).public_image
    public_keys = keys(buckets, "public")
    assert public.file.name in public_keys
    assert len(public_keys) > 1  # the renditions, made by the task
    assert keys(buckets, "private") == [image_entry.image.name]
    for key in public_keys:
        body = buckets["client"].get_object(Bucket=buckets["public"], Key=key)
        assert not has_gps(body["Body"].read())
