"""Films that try to leak where, on what and when they were shot, to smuggle a page
behind a film's header, or to pass as a film without being one, are stopped."""

import struct
from io import BytesIO

import av
import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from core.uploads import check_film_upload
from tests.support.films import (
    FILMED_AT,
    GPS,
    MAKE,
    MODEL,
    PHONE_METADATA,
    REVEALING_BYTES,
    film_bytes,
    film_streams,
    film_tags,
    film_upload,
)

DAMAGED = "This film looks damaged or incomplete."
NO_PICTURE = "This file has no picture, only sound or nothing at all."
HTML = b"<!doctype html><html><script>fetch('/me/').then(r => r.text())</script>"
# QuickTime and MP4 boxes that hold a place, a device or a date, and Apple's keys.
PLACE_AND_DEVICE_BOXES = [b"\xa9xyz", b"loci", b"\xa9mak", b"\xa9mod", b"\xa9day",
                          b"mdta", b"keys"]  # fmt: skip
# Tags a remux may write about itself; none of them says anything about the member.
HARMLESS_TAGS = {
    "major_brand",
    "minor_version",
    "compatible_brands",
    "video:language",
    "audio:language",
    "video:handler_name",
    "audio:handler_name",
    "video:vendor_id",
    "audio:vendor_id",
    "video:DURATION",
    "audio:DURATION",
    "encoder",  # WebM's required "muxing app", written as a bare "Lavf"
}


def refusal(data: bytes, name="IMG_0042.MOV") -> ValidationError:
    """Return the ValidationError the film checker raises for ``data``."""
    with pytest.raises(ValidationError) as caught:
        check_film_upload(film_upload(data, name))
    return caught.value


def movie_header_times(data: bytes) -> tuple[int, int]:
    """Return the creation and modification times in an MP4's ``mvhd`` box."""
    start = data.index(b"mvhd") + 4
    version = data[start]
    fields = ">QQ" if version == 1 else ">II"
    return struct.unpack(fields, data[start + 4 : start + 4 + struct.calcsize(fields)])


@pytest.mark.parametrize(
    ("container", "codec", "sound"),
    [("mov", "hevc", "aac"), ("mp4", "h264", "aac"), ("webm", "vp9", "libopus")],
)
def test_film_location_device_and_filming_time_are_stripped(container, codec, sound):
    """GPS, the phone's make and model and when it was filmed never reach storage."""
    data = film_bytes(container, codec, sound=sound, metadata=PHONE_METADATA)
    tags = film_tags(data)
    assert GPS[:8] in str(tags) and FILMED_AT[:10] in str(tags)
    if container == "mp4":  # MP4 keeps the place as a binary "loci" box
        assert b"loci" in data
    else:  # and has no place for make and model; MOV and WebM have
        assert b"51.5074" in data
        assert MAKE in tags.values() and MODEL in tags.values()

    if container != "webm":  # Matroska keeps its tags as text, tested above
        assert [box for box in PLACE_AND_DEVICE_BOXES if box in data]

    checked = check_film_upload(film_upload(data))

    stored = checked.content.read()
    assert set(film_tags(stored)) <= HARMLESS_TAGS, film_tags(stored)
    assert film_tags(stored).get("encoder", "Lavf") == "Lavf"
    assert not [secret for secret in REVEALING_BYTES if secret in stored]
    assert not [box for box in PLACE_AND_DEVICE_BOXES if box in stored]
    assert b"Lavf6" not in stored  # not even the muxer's version
    if checked.extension == "mp4":
        assert movie_header_times(stored) == (0, 0)
    assert film_streams(stored) == film_streams(data)


def test_the_poster_frame_carries_no_metadata():
    """The poster of a phone's film is a bare JPEG: no EXIF, no profile, no text."""
    data = film_bytes("mov", sound="aac", metadata=PHONE_METADATA)

    poster = check_film_upload(film_upload(data)).poster.content.read()

    picture = Image.open(BytesIO(poster))
    assert picture.format == "JPEG"
    assert len(picture.getexif()) == 0
    assert not {"exif", "icc_profile", "xmp", "comment"} & set(picture.info)
    assert not [secret for secret in REVEALING_BYTES if secret in poster]


@pytest.mark.parametrize(
    "data",
    [
        film_bytes("mp4")[:32] + HTML,
        film_bytes("mov")[:20] + HTML * 20,
        b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41" + HTML,
        b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  " + HTML,
        b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41"
        + b"\x00\x00\x00\x10moov\x00\x00\x00\x08mvhd"
        + HTML,
    ],
    ids=["mp4-header-then-html", "mov-header-then-html", "bare-ftyp-then-html",
         "bare-qt-then-html", "empty-moov-then-html"],
)  # fmt: skip
def test_a_film_header_followed_by_html_is_refused(data):
    """Bytes that only start like an MP4 or MOV are opened, found wanting, refused."""
    error = refusal(data, "film.mp4")

    assert error.code == "damaged"
    assert error.messages[0].startswith(DAMAGED)


def test_a_page_appended_to_a_real_film_does_not_survive():
    """A whole film with HTML after it is stored as the film alone."""
    data = film_bytes("mp4") + HTML * 4

    stored = check_film_upload(film_upload(data, "film.mp4")).content.read()

    assert b"<script>" not in stored and b"fetch(" not in stored


@pytest.mark.parametrize(
    ("layout", "keep"),
    [
        ("index-last", 0.4),
        ("index-last", 0.95),
        ("index-first", 0.4),
        ("index-first", 0.7),
        ("index-first", 0.95),
        ("webm", 0.4),
        ("webm", 0.7),
    ],
)
def test_a_truncated_film_is_refused_as_damaged(layout, keep):
    """A film cut off part-way (index first or last, or a WebM) is damaged."""
    container = "webm" if layout == "webm" else "mp4"
    whole = film_bytes(container, "vp9" if container == "webm" else "h264",
                       frames=48, size=(160, 120))  # fmt: skip
    if layout == "index-first":  # as the checker itself writes: index first
        whole = check_film_upload(film_upload(whole)).content.read()
        assert whole.index(b"moov") < whole.index(b"mdat")

    error = refusal(whole[: int(len(whole) * keep)], f"film.{container}")

    assert error.code == "damaged"


@pytest.mark.parametrize(
    ("container", "sound"), [("mp4", "aac"), ("mov", "aac"), ("webm", "libopus")]
)
def test_sound_without_a_picture_is_refused(container, sound):
    """An audio-only MP4, MOV or WebM is not a film."""
    data = film_bytes(container, sound=sound, video=False)
    assert [kind for kind, _codec in film_streams(data)] == ["audio"]

    error = refusal(data, f"song.{container}")

    assert error.code == "no_video"
    assert error.messages[0].startswith(NO_PICTURE)


@pytest.mark.parametrize(
    ("container", "codec", "sound", "code"),
    [
        ("mp4", "mpeg4", None, "video_format"),
        ("mov", "mpeg2video", None, "video_format"),
        ("mov", "mjpeg", None, "video_format"),
        ("mov", "prores_ks", None, "video_format"),  # an iPhone Pro's ProRes mode
        ("mov", "h264", "mp2", "sound_format"),
        ("mov", "h264", "pcm_alaw", "sound_format"),
        ("mp4", "h264", "pcm_s16le", "sound_format"),
    ],
)
def test_films_in_codecs_we_do_not_take_are_refused_by_name(
    container, codec, sound, code
):
    """An old or unusual video or sound codec is refused with a plain message."""
    data = film_bytes(container, codec, sound=sound)

    error = refusal(data, f"film.{container}")

    assert error.code == code
    assert error.messages[0].startswith("This film's ")
    assert "Please export it" in error.messages[0]


def test_h264_in_a_matroska_file_is_not_taken_as_a_webm():
    """A .mkv renamed .webm is refused from its bytes, before FFmpeg sees it."""
    error = refusal(film_bytes("mkv", "h264"), "film.webm")

    assert error.code == "file_type"


def test_a_film_over_the_length_limit_is_refused_naming_both(settings):
    """A film longer than UPLOAD_MAX_FILM_SECONDS says how long it is and may be."""
    settings.UPLOAD_MAX_FILM_SECONDS = 2
    assert check_film_upload(film_upload(film_bytes(frames=24, rate=12))).kind

    error = refusal(film_bytes(frames=36, rate=12), "long.mp4")

    assert error.code == "too_long"
    assert error.messages == [
        "This film runs for 3 s; films may be at most 2 s long. "
        "Please trim it and choose it again."
    ]


def test_the_default_length_limit_is_three_minutes(settings):
    """By default a film of 3 min 20 s is refused and one of 2 min 30 s accepted."""
    assert settings.UPLOAD_MAX_FILM_SECONDS == 180
    ok = film_bytes(frames=150, rate=1, size=(16, 16))

    assert check_film_upload(film_upload(ok)).kind == "film"
    error = refusal(film_bytes(frames=200, rate=1, size=(16, 16)))
    assert error.code == "too_long"
    assert "3 min 20 s" in error.messages[0] and "at most 3 min" in error.messages[0]


def test_a_film_that_does_not_declare_its_length_is_measured(settings, monkeypatch):
    """A WebM recorded live (no duration in its header) is timed by its packets."""
    settings.UPLOAD_MAX_FILM_SECONDS = 2
    data = film_bytes("webm", "vp8", frames=48, rate=12, seekable=False)
    with av.open(BytesIO(data)) as film:
        assert film.duration is None

    error = refusal(data, "live.webm")

    assert error.code == "too_long"


def test_a_film_of_countless_tiny_packets_is_refused(settings, monkeypatch):
    """Packets far beyond any real film's rate (or stuck timestamps) stop the copy."""
    settings.UPLOAD_MAX_FILM_SECONDS = 2
    monkeypatch.setattr("core.uploads.films.MOST_PACKETS_PER_SECOND", 4)  # 10 in all
    assert check_film_upload(film_upload(film_bytes(frames=10))).kind == "film"

    error = refusal(film_bytes(frames=11), "film.mp4")

    assert error.code == "damaged"


def test_a_film_with_huge_frames_is_refused_before_decoding(settings, monkeypatch):
    """A frame size over the pixel limit is refused from the stream's parameters."""
    settings.UPLOAD_MAX_IMAGE_PIXELS = 64 * 48 - 1

    def no_decoding(*args, **kwargs):
        raise AssertionError("The checker decoded the film.")

    monkeypatch.setattr(av.container.InputContainer, "decode", no_decoding)

    error = refusal(film_bytes(size=(64, 48)), "big.mp4")

    assert error.code == "too_many_pixels"
    assert "too large to process" in error.messages[0]


def test_ffmpeg_is_not_allowed_to_open_any_other_file(monkeypatch):
    """The demuxer gets the upload's bytes and a refusal for every other file."""
    opened = []
    real_open = av.open

    def recording_open(*args, **kwargs):
        opened.append(kwargs)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(av, "open", recording_open)

    check_film_upload(film_upload(film_bytes("mov")))

    readers = [kwargs for kwargs in opened if "io_open" in kwargs]
    assert len(readers) == 2  # the upload, then the checker's own copy
    with pytest.raises(PermissionError):
        readers[0]["io_open"]("file:///etc/passwd", 1, {})
    assert {kwargs["format"] for kwargs in readers} == {"mov"}
