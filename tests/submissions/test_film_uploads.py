"""A film file from a phone is stored privately as a clean MP4 with its poster, and
a file that only pretends to be a film gets a plain message, never a 500."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from PIL import Image

from competitions.enums import EntryKind, Licence
from core.uploads import check_film_upload
from members.services import member_email_mark_verified
from submissions.enums import AgeBand
from submissions.models import Entry
from submissions.services import entry_save
from tests.factories import CompetitionPageFactory, EntryFactory, UserFactory
from tests.support.entries import FILM_URL
from tests.support.films import (
    PHONE_METADATA,
    REVEALING_BYTES,
    film_bytes,
    film_tags,
    film_upload,
)

DAMAGED = "This film looks damaged or incomplete."
NO_PICTURE = "This file has no picture, only sound or nothing at all."


@pytest.fixture
def film_competition(competition_index):
    return CompetitionPageFactory(
        parent=competition_index,
        entry_kinds=[EntryKind.FILM.value],
        licence_options=[Licence.CC_BY.value],
    )


@pytest.fixture
def member_client(client, author):
    member_email_mark_verified(user=author)
    client.force_login(author)
    return client


def film_entry_data(**overrides) -> dict:
    return {
        "kind": EntryKind.FILM,
        "title": "Night shift",
        "licence": Licence.CC_BY.value,
        "age_band": AgeBand.ADULT.value,
        "rules_accepted": "on",
        "film_url": FILM_URL,
        "action": "save",
        **overrides,
    }


def private_file(name: str) -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / name


def text(response) -> str:
    page = BeautifulSoup(response.content, "html.parser")
    return " ".join(page.get_text(" ").split())


def test_a_phone_film_is_stored_as_a_clean_mp4_with_a_private_poster(
    member_client, film_competition
):
    """An iPhone MOV sent through the form is kept as MP4 and JPEG, both private."""
    phone_film = film_upload(film_bytes("mov", "hevc", sound="aac",
                                        metadata=PHONE_METADATA))  # fmt: skip

    response = member_client.post(
        f"{film_competition.url}enter/", film_entry_data(film_upload=phone_film)
    )

    (entry,) = Entry.objects.all()
    assert response.status_code == 302
    assert entry.film_mime_type == "video/mp4"
    assert entry.film_file.name.endswith(".mp4")
    assert entry.film_poster.name.endswith(".jpg")
    film = private_file(entry.film_file.name).read_bytes()
    assert not [secret for secret in REVEALING_BYTES if secret in film]
    assert "location" not in film_tags(film) and "make" not in film_tags(film)
    poster = Image.open(private_file(entry.film_poster.name))
    assert poster.format == "JPEG" and len(poster.getexif()) == 0
    assert not (Path(settings.MEDIA_ROOT) / entry.film_poster.name).exists()


@pytest.fixture
def film_entry(film_competition, author):
    entry = EntryFactory(competition=film_competition, author=author, submitted=True)
    checked = check_film_upload(film_upload(film_bytes("mov")))
    return entry_save(entry=entry, actor=author, changes={}, film_file=checked)


def test_the_poster_is_served_to_the_author_and_shown_on_the_entry_page(
    client, film_entry, author
):
    """The author's entry page shows the film with its poster, served privately."""
    client.force_login(author)
    poster_url = film_entry.media_url("poster")

    page = client.get(film_entry.get_absolute_url())
    poster = client.get(poster_url)

    video = BeautifulSoup(page.content, "html.parser").find("video")
    assert video["src"] == film_entry.film_file_url
    assert video["poster"] == poster_url
    assert poster.status_code == 200
    assert poster["Cache-Control"] == "private, no-store"
    assert b"".join(poster.streaming_content).startswith(b"\xff\xd8\xff")


@pytest.mark.parametrize("viewer", ["anonymous", "other member"])
def test_nobody_else_gets_the_poster_of_an_unapproved_film(client, film_entry, viewer):
    """Like the film, its poster is a 404 to anyone who may not see the entry yet."""
    if viewer == "other member":
        client.force_login(UserFactory(handle="benshoots"))

    response = client.get(film_entry.media_url("poster"))

    assert response.status_code == 404


def test_a_new_film_replaces_the_old_film_and_its_poster(
    film_entry, author, django_capture_on_commit_callbacks
):
    """Both old files are deleted once the new film and poster are saved."""
    old_film, old_poster = film_entry.film_file.name, film_entry.film_poster.name
    new = check_film_upload(film_upload(film_bytes("webm", "vp9"), "take2.webm"))

    with django_capture_on_commit_callbacks(execute=True):
        entry = entry_save(entry=film_entry, actor=author, changes={}, film_file=new)

    assert (entry.film_file.name, entry.film_poster.name) == (
        new.content.name,
        new.poster.content.name,
    )
    assert entry.film_mime_type == "video/webm"
    assert not private_file(old_film).exists()
    assert not private_file(old_poster).exists()
    assert private_file(entry.film_poster.name).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (film_bytes("mp4")[:32] + b"<html><script>alert(1)</script></html>", DAMAGED),
        (film_bytes("mp4", sound="aac", video=False), NO_PICTURE),
        (film_bytes("mp4", frames=48)[:1500], DAMAGED),
    ],
    ids=["mp4-header-then-html", "sound-only", "cut-off"],
)
def test_a_file_that_is_not_a_whole_film_gets_a_message_and_keeps_the_typing(
    member_client, film_competition, data, message
):
    """The form says what is wrong (400, not 500), keeps the title, stores nothing."""
    response = member_client.post(
        f"{film_competition.url}enter/",
        film_entry_data(film_upload=film_upload(data, "film.mp4")),
    )

    assert response.status_code == 400
    assert message in text(response)
    assert "Night shift" in response.content.decode()
    assert not Entry.objects.exclude(film_file="").exists()
    assert not list(Path(settings.PRIVATE_MEDIA_ROOT).rglob("*.*"))
