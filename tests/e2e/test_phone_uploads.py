"""A member enters the photo and the film their iPhone saved (HEIC and MOV) from the
file input, and what is stored is a plain JPEG and MP4 with nothing about them."""

import re
from io import BytesIO
from pathlib import Path

import av
import pytest
from django.conf import settings as django_settings
from django.test import Client
from PIL import ExifTags, Image
from playwright.sync_api import Page, expect

from competitions.enums import EntryKind, Licence
from members.services import member_email_mark_verified
from submissions.enums import EntryStatus
from submissions.models import Entry
from tests.factories import CompetitionPageFactory, UserFactory
from tests.support.entries import FILM_URL
from tests.support.films import PHONE_METADATA, REVEALING_BYTES, film_bytes, film_tags
from tests.support.photos import (
    PHONE_MAKE,
    PHONE_MODEL,
    heic_bytes,
    phone_exif,
    sideways_picture,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ALT_TEXT = "A bus shelter in the rain, lit from inside."
# Tags that would say where, on what or when the film was shot.
REVEALING_TAGS = re.compile(r"location|make|model|creation_time|date", re.IGNORECASE)


@pytest.fixture
def signed_in(page: Page, live_server, site_tree, settings):
    """A verified member, signed in in the browser through a session cookie."""
    settings.RECAPTCHA_ENABLED = False  # The browser here cannot reach Google.
    member = UserFactory(handle="night_owl", email="owl@example.org")
    member_email_mark_verified(user=member)
    client = Client()
    client.force_login(member)
    page.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return member


@pytest.fixture(autouse=True)
def _no_oembed_requests(monkeypatch):
    """The film link's embed is not fetched from the network."""
    monkeypatch.setattr("submissions.tasks.get_embed", lambda url: None)


def competition_for(site_tree, kind: str, title: str):
    return CompetitionPageFactory(
        parent=site_tree.competitions,
        title=title,
        entry_kinds=[kind],
        licence_options=[Licence.CC_BY.value],
    )


def fill_the_small_print(page: Page, title: str) -> None:
    page.get_by_label("Title").fill(title)
    page.get_by_label("Licence").select_option(Licence.CC_BY.value)
    page.get_by_label("18 or over").check()
    page.get_by_label("I accept the rules").check()


def private_bytes(name: str) -> bytes:
    return (Path(django_settings.PRIVATE_MEDIA_ROOT) / name).read_bytes()


def test_a_heic_photo_from_an_iphone_is_entered_and_stored_as_a_bare_jpeg(
    page: Page, live_server, site_tree, signed_in, console_errors
):
    """The HEIC goes in through the file input; a JPEG without EXIF comes out."""
    competition = competition_for(site_tree, EntryKind.IMAGE, "Picture your street")
    photo = heic_bytes(sideways_picture((80, 40)), exif=phone_exif(orientation=6))

    page.goto(f"{competition.url}enter/")
    fill_the_small_print(page, "Rain on Mill Road")
    page.get_by_label(re.compile("Description for people who cannot see")).fill(
        ALT_TEXT
    )
    chooser = page.get_by_label("Your image")
    # The file chooser is drawn like the form's other controls, finger-high.
    assert chooser.bounding_box()["height"] >= 44
    assert chooser.evaluate("el => getComputedStyle(el).borderTopStyle") == "dashed"
    chooser.set_input_files(
        files=[{"name": "IMG_4512.HEIC", "mimeType": "image/heic", "buffer": photo}]
    )
    page.get_by_role("button", name="Submit entry").click()

    expect(page.get_by_role("status")).to_contain_text("Your entry is submitted.")
    expect(page.get_by_role("img", name=ALT_TEXT)).to_be_visible()
    shown = page.get_by_role("img", name=ALT_TEXT).element_handle()
    # Visible is not loaded: wait for the bytes, then check they decoded.
    page.wait_for_function("img => img.complete", arg=shown)
    assert shown.evaluate("img => img.naturalWidth") > 0
    entry = Entry.objects.get()
    assert entry.status == EntryStatus.SUBMITTED
    stored = private_bytes(entry.image.name)
    picture = Image.open(BytesIO(stored))
    assert (picture.format, entry.image.name[-4:]) == ("JPEG", ".jpg")
    assert picture.size == (40, 80)  # turned upright, as the phone showed it
    assert len(picture.getexif()) == 0
    assert not picture.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert not {"exif", "xmp", "icc_profile"} & set(picture.info)
    assert PHONE_MAKE.encode() not in stored and PHONE_MODEL.encode() not in stored
    assert console_errors == []


def test_a_mov_film_from_an_iphone_is_entered_and_stored_as_a_bare_mp4(
    page: Page, live_server, site_tree, signed_in, console_errors
):
    """The MOV goes in through the file input; an MP4 without tags comes out."""
    competition = competition_for(site_tree, EntryKind.FILM, "Apprenticeship films")
    film = film_bytes("mov", "hevc", sound="aac", metadata=PHONE_METADATA)
    assert REVEALING_TAGS.search(" ".join(film_tags(film)))

    page.goto(f"{competition.url}enter/")
    fill_the_small_print(page, "First day on site")
    page.get_by_label("Film link").fill(FILM_URL)
    page.get_by_label("A short film file (optional)").set_input_files(
        files=[{"name": "IMG_4513.MOV", "mimeType": "video/quicktime", "buffer": film}]
    )
    page.get_by_role("button", name="Submit entry").click()

    expect(page.get_by_role("status")).to_contain_text("Your entry is submitted.")
    entry = Entry.objects.get()
    assert (entry.status, entry.film_mime_type) == (EntryStatus.SUBMITTED, "video/mp4")
    stored = private_bytes(entry.film_file.name)
    assert stored[4:8] == b"ftyp" and entry.film_file.name.endswith(".mp4")
    with av.open(BytesIO(stored)) as reopened:
        assert reopened.format.name.startswith("mov,mp4")
        tags = {**reopened.metadata}
        for stream in reopened.streams:
            tags.update(stream.metadata)
    assert not [tag for tag in tags if REVEALING_TAGS.search(tag)], tags
    assert not [secret for secret in REVEALING_BYTES if secret in stored]
    poster = Image.open(BytesIO(private_bytes(entry.film_poster.name)))
    assert poster.format == "JPEG" and len(poster.getexif()) == 0

    video = page.locator("video")
    expect(video).to_have_attribute("poster", entry.media_url("poster"))
    poster_response = page.request.get(entry.media_url("poster"))
    assert poster_response.status == 200
    assert poster_response.headers["content-type"] == "image/jpeg"
    assert console_errors == []
