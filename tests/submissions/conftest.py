"""Entries in every status, members and moderators, and images to upload.

``EntryFactory`` makes an entry ready to submit (title, licence, consents and the
content its kind needs), with one Trait per status: ``EntryFactory(approved=True)``.
"""

from io import BytesIO

import factory
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.tasks.signals import task_finished
from django.utils import timezone
from factory.django import DjangoModelFactory
from PIL import ExifTags, Image
from wagtail.models import Page

from competitions.enums import EntryKind, Licence
from competitions.models import CompetitionIndexPage
from core.uploads import CheckedUpload, check_image_upload
from submissions.enums import AgeBand, EntryStatus
from submissions.models import Entry
from tests.factories import (
    CompetitionIndexPageFactory,
    CompetitionPageFactory,
    HomePageFactory,
    UserFactory,
)

STORY = "<p>The first snow fell on the quiet harbour town.</p>"
STORY_WORDS = 9
FILM_URL = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
# Where and with what a careless photo was taken: none of it may be stored.
LATITUDE = ((51.0, 30.0, 26.0), "N")
LONGITUDE = ((0.0, 7.0, 39.0), "W")
CAMERA_SERIAL = "SN-0123456789"
# A filename that gives its owner away; it must never be stored or shown.
REVEALING_FILENAME = "IMG_0042 Jane Smith at 12 Acacia Avenue.jpg"


# Images -------------------------------------------------------------------------


def image_bytes(format_="JPEG", size=(64, 48), colour=(200, 40, 40), exif=None):
    """Return a small, valid image encoded by Pillow."""
    output = BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, colour).save(output, format_, **options)
    return output.getvalue()


def gps_exif() -> Image.Exif:
    """Return EXIF with a GPS position and a camera serial number."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Canon"
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.BodySerialNumber] = CAMERA_SERIAL
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(
        {
            ExifTags.GPS.GPSLatitude: LATITUDE[0],
            ExifTags.GPS.GPSLatitudeRef: LATITUDE[1],
            ExifTags.GPS.GPSLongitude: LONGITUDE[0],
            ExifTags.GPS.GPSLongitudeRef: LONGITUDE[1],
        }
    )
    return exif


def gps_jpeg(size=(64, 48)) -> bytes:
    """Return a JPEG that carries a GPS position and a camera serial in its EXIF."""
    data = image_bytes("JPEG", size=size, exif=gps_exif())
    assert Image.open(BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    return data


def has_gps(data: bytes) -> bool:
    """Return whether the image in ``data`` carries any GPS EXIF or the serial."""
    image = Image.open(BytesIO(data))
    exif = image.getexif()
    return bool(exif.get_ifd(ExifTags.IFD.GPSInfo)) or CAMERA_SERIAL.encode() in data


def image_upload(data=None, name=REVEALING_FILENAME, content_type="image/jpeg"):
    """Return an image as a browser would upload it."""
    return SimpleUploadedFile(
        name, image_bytes() if data is None else data, content_type=content_type
    )


def checked_image(data=None, name=REVEALING_FILENAME) -> CheckedUpload:
    """Return an image upload that passed the upload checker, as entry_save takes."""
    return check_image_upload(image_upload(data, name))


# Factories ----------------------------------------------------------------------


def default_competition_parent():
    """Return the /competitions/ page, making the home and index pages if needed."""
    index = CompetitionIndexPage.objects.first()
    if index is None:
        home = HomePageFactory(parent=Page.get_first_root_node())
        index = CompetitionIndexPageFactory(parent=home)
    return index


def _content(kind: str, value):
    """Return ``value`` for entries of ``kind``, blank for the others."""
    return factory.LazyAttribute(lambda o: value() if o.kind == kind else "")


class EntryFactory(DjangoModelFactory):
    """An entry, complete enough to submit, in the competition's first kind."""

    competition = factory.SubFactory(
        CompetitionPageFactory,
        parent=factory.LazyFunction(default_competition_parent),
    )
    author = factory.SubFactory(UserFactory)
    kind = factory.LazyAttribute(lambda o: o.competition.entry_kinds[0])
    title = factory.Sequence(lambda n: f"Entry {n}")
    licence = factory.LazyAttribute(lambda o: o.competition.licence_options[0])
    rules_accepted = True
    age_band = AgeBand.ADULT
    story = _content(EntryKind.STORY, lambda: STORY)
    word_count = factory.LazyAttribute(
        lambda o: STORY_WORDS if o.kind == EntryKind.STORY else 0
    )
    image = _content(EntryKind.IMAGE, lambda: checked_image().content)
    image_alt_text = _content(EntryKind.IMAGE, lambda: "A red square.")
    film_url = _content(EntryKind.FILM, lambda: FILM_URL)
    idea_problem = _content(EntryKind.IDEA, lambda: "Buses stop at ten.")
    idea_proposal = _content(EntryKind.IDEA, lambda: "Run a night bus.")
    idea_beneficiaries = _content(EntryKind.IDEA, lambda: "Shift workers.")
    idea_requirements = _content(EntryKind.IDEA, lambda: "Two drivers.")

    class Meta:
        model = Entry

    class Params:
        draft = factory.Trait(status=EntryStatus.DRAFT)
        submitted = factory.Trait(
            status=EntryStatus.SUBMITTED,
            submitted_at=factory.LazyFunction(timezone.now),
        )
        approved = factory.Trait(
            status=EntryStatus.APPROVED,
            submitted_at=factory.LazyFunction(timezone.now),
            decided_at=factory.LazyFunction(timezone.now),
        )
        rejected = factory.Trait(
            status=EntryStatus.REJECTED,
            submitted_at=factory.LazyFunction(timezone.now),
            decided_at=factory.LazyFunction(timezone.now),
            feedback="This is not on the competition's theme.",
        )
        changes_requested = factory.Trait(
            status=EntryStatus.CHANGES_REQUESTED,
            submitted_at=factory.LazyFunction(timezone.now),
            decided_at=factory.LazyFunction(timezone.now),
            feedback="Please remove the surname in paragraph two.",
        )
        withdrawn = factory.Trait(
            status=EntryStatus.WITHDRAWN,
            withdrawn_at=factory.LazyFunction(timezone.now),
        )


# Fixtures -----------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _private_media_in_tmp(_isolated_media_and_cache, settings):
    """Keep private files under the temporary PRIVATE_MEDIA_ROOT for this test."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": settings.PRIVATE_MEDIA_ROOT, "base_url": None},
        },
    }


@pytest.fixture(autouse=True)
def _no_oembed_requests(monkeypatch):
    """Record the films whose embed is fetched, instead of asking the network."""
    fetched: list[str] = []
    monkeypatch.setattr("submissions.tasks.get_embed", fetched.append)
    return fetched


@pytest.fixture
def fetched_embeds(_no_oembed_requests) -> list[str]:
    """The film links whose oEmbed the tasks asked for."""
    return _no_oembed_requests


@pytest.fixture
def competition(competition_index):
    """An open competition taking every kind, with a 50-word limit for stories."""
    return CompetitionPageFactory(
        parent=competition_index,
        title="Rivers and Streams",
        entry_kinds=[kind.value for kind in EntryKind],
        licence_options=[Licence.CC_BY.value, Licence.CC_BY_SA.value],
        story_word_limit=50,
    )


@pytest.fixture
def author(db):
    """The member who enters."""
    return UserFactory(handle="ana_writes", email="ana.private@example.org")


@pytest.fixture
def other_member(db):
    """Another member, who must not touch the author's entries."""
    return UserFactory(handle="benshoots", email="ben.private@example.org")


@pytest.fixture
def moderator(db):
    """Staff granted the moderate_entry permission, but not a superuser."""
    user = UserFactory(
        handle="mod_studyhub", email="mod.private@example.org", is_staff=True
    )
    user.user_permissions.add(
        Permission.objects.get(
            codename="moderate_entry", content_type__app_label="submissions"
        )
    )
    return type(user).objects.get(pk=user.pk)  # drop the cached permissions


@pytest.fixture
def finished_tasks():
    """The tasks run while the test runs: (dotted path, keyword arguments, status)."""
    finished: list[tuple[str, dict, str]] = []

    def record(sender, task_result, **kwargs):
        finished.append(
            (
                task_result.task.module_path,
                task_result.kwargs,
                task_result.status.value,
            )
        )

    task_finished.connect(record)
    yield finished
    task_finished.disconnect(record)
