"""The upload checker and its form fields accept good media and describe it."""

import re
from io import BytesIO

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from core.forms import CheckedFilmField, CheckedImageField
from core.uploads import (
    CheckedUpload,
    check_film_upload,
    check_image_upload,
    random_storage_name,
)
from tests.support.colour import to_srgb
from tests.support.films import film_bytes, film_frames, film_streams
from tests.support.photos import (
    ADOBE_RGB_GREEN,
    ADOBE_RGB_PROFILE,
    P3_PROFILE,
    P3_RED,
    colour_tagged,
    heic_bytes,
    phone_exif,
    sideways_picture,
)

MB = 1024 * 1024
STORAGE_NAME = re.compile(r"^entries/[0-9a-f]{2}/[0-9a-f]{32}\.(jpg|png|webp)$")


def image_bytes(format_="JPEG", size=(64, 48), mode="RGB", **options) -> bytes:
    """Return an image of ``size`` encoded by Pillow."""
    output = BytesIO()
    Image.new(mode, size, "teal").save(output, format_, **options)
    return output.getvalue()


def padding_box(size: int) -> bytes:
    """Return an MP4 ``free`` box of ``size`` bytes, which players skip."""
    return size.to_bytes(4, "big") + b"free" + bytes(size - 8)


def webm_bytes(doctype=b"webm") -> bytes:
    """Return an EBML header with the given DocType, then the start of a Segment."""
    children = (
        b"\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08"
        + b"\x42\x82"
        + bytes([0x80 | len(doctype)])
        + doctype
        + b"\x42\x87\x81\x04\x42\x85\x81\x02"
    )
    header = b"\x1a\x45\xdf\xa3" + bytes([0x80 | len(children)]) + children
    return header + b"\x18\x53\x80\x67\x01\xff\xff\xff\xff\xff\xff\xff"


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg"):
    """Return ``data`` as the browser would send it."""
    return SimpleUploadedFile(name, data, content_type=content_type)


def refusal(check, uploaded) -> ValidationError:
    """Return the ValidationError the checker raises for ``uploaded``."""
    with pytest.raises(ValidationError) as caught:
        check(uploaded)
    return caught.value


@pytest.mark.parametrize(
    ("format_", "mime_type", "extension"),
    [
        ("JPEG", "image/jpeg", "jpg"),
        ("PNG", "image/png", "png"),
        ("WEBP", "image/webp", "webp"),
    ],
)
def test_good_image_is_accepted_in_its_own_format(format_, mime_type, extension):
    """A JPEG, PNG or WebP comes back re-encoded in the same format, described."""
    checked = check_image_upload(upload(image_bytes(format_, size=(64, 48))))

    stored = checked.content.read()
    assert isinstance(checked, CheckedUpload)
    assert (checked.kind, checked.mime_type, checked.extension) == (
        "image",
        mime_type,
        extension,
    )
    assert (checked.width, checked.height) == (64, 48)
    assert checked.size == len(stored) == checked.content.size
    assert Image.open(BytesIO(stored)).format == format_
    assert checked.content.name.endswith(f".{extension}")


@pytest.mark.parametrize(
    ("container", "codec", "sound", "mime_type", "extension"),
    [
        ("mp4", "h264", None, "video/mp4", "mp4"),
        ("mp4", "hevc", "aac", "video/mp4", "mp4"),
        ("mov", "h264", "aac", "video/mp4", "mp4"),
        ("mov", "hevc", None, "video/mp4", "mp4"),
        ("webm", "vp8", None, "video/webm", "webm"),
        ("webm", "vp9", "libopus", "video/webm", "webm"),
    ],
)
def test_good_film_is_accepted_with_its_picture_and_sound(
    container, codec, sound, mime_type, extension
):
    """An MP4, MOV or WebM film is copied whole and described as it is stored."""
    data = film_bytes(container, codec, sound=sound, frames=12, size=(64, 48))

    checked = check_film_upload(upload(data, "film.bin", "application/octet-stream"))

    stored = checked.content.read()
    assert (checked.kind, checked.mime_type, checked.extension) == (
        "film",
        mime_type,
        extension,
    )
    assert checked.size == len(stored) == checked.content.size
    assert checked.content.name.endswith(f".{extension}")
    assert (checked.width, checked.height) == (64, 48)
    assert film_streams(stored) == film_streams(data)
    assert film_frames(stored) == film_frames(data) == 12


def test_mov_from_a_phone_is_stored_as_mp4():
    """An iPhone's QuickTime film becomes an MP4 (ftyp isom), picture unchanged."""
    data = film_bytes("mov", "hevc", sound="aac")
    assert data[8:12] == b"qt  "

    checked = check_film_upload(upload(data, "IMG_0042.MOV", "video/quicktime"))

    stored = checked.content.read()
    assert (checked.mime_type, checked.extension) == ("video/mp4", "mp4")
    assert stored[4:12] == b"ftypisom"
    assert film_streams(stored) == [("video", "hevc"), ("audio", "aac")]


def test_mov_whose_sound_mp4_cannot_hold_stays_a_mov():
    """A MOV with uncompressed sound is kept as a MOV rather than lose the sound."""
    data = film_bytes("mov", "h264", sound="pcm_s16le")

    checked = check_film_upload(upload(data, "clip.mov", "video/quicktime"))

    assert (checked.mime_type, checked.extension) == ("video/quicktime", "mov")
    assert film_streams(checked.content.read()) == [
        ("video", "h264"),
        ("audio", "pcm_s16le"),
    ]


def test_film_comes_with_a_poster_frame_as_a_checked_jpeg():
    """The poster is a JPEG of the film's own frame size, stored under its own key."""
    checked = check_film_upload(upload(film_bytes(size=(64, 48))))

    poster = checked.poster
    assert isinstance(poster, CheckedUpload)
    assert (poster.kind, poster.mime_type, poster.extension) == (
        "poster",
        "image/jpeg",
        "jpg",
    )
    assert STORAGE_NAME.match(poster.content.name)
    assert poster.content.name != checked.content.name
    picture = Image.open(poster.content)
    assert (picture.format, picture.size) == ("JPEG", (64, 48))
    red, _green, blue = picture.convert("RGB").getpixel((8, 24))
    assert red > 180 and blue < 80  # the film's left half is red


def test_poster_is_taken_about_a_second_in_not_from_the_first_frame():
    """The first frame is often black; the poster is the keyframe at one second."""
    data = film_bytes("mp4", frames=36, keyframe_every=6)  # cyan from 1 s to 2 s

    poster = Image.open(check_film_upload(upload(data)).poster.content)

    _red, green, _blue = poster.convert("RGB").getpixel((48, 24))
    assert green > 150  # cyan: the second second, not the first (blue)


def test_poster_of_a_film_shot_upright_is_upright():
    """A portrait film (rotated 90° for display) gets a portrait poster."""
    data = film_bytes("mov", size=(64, 48), rotation=-90)

    checked = check_film_upload(upload(data, "IMG_0043.MOV", "video/quicktime"))

    picture = Image.open(checked.poster.content).convert("RGB")
    assert picture.size == (48, 64) == (checked.width, checked.height)
    red, _green, blue = picture.getpixel((24, 8))
    assert red > 180 and blue < 80  # the left half is now at the top


def test_heic_photo_is_stored_as_an_upright_jpeg():
    """An iPhone's HEIC photo, turned by its orientation, comes back as a JPEG."""
    data = heic_bytes(sideways_picture((40, 20)), exif=phone_exif(orientation=6))

    checked = check_image_upload(upload(data, "IMG_0042.HEIC", "image/heic"))

    stored = Image.open(checked.content)
    assert (checked.kind, checked.mime_type, checked.extension) == (
        "image",
        "image/jpeg",
        "jpg",
    )
    assert STORAGE_NAME.match(checked.content.name)
    assert stored.format == "JPEG"
    assert (checked.width, checked.height) == (20, 40) == stored.size
    red, _green, blue = stored.convert("RGB").getpixel((10, 5))
    assert red > 200 and blue < 60  # the left half is now at the top


def stored_colour(checked: CheckedUpload) -> tuple[int, int, int]:
    """Return the colour in the middle of a stored picture, as sRGB 8-bit values."""
    picture = Image.open(checked.content)
    assert "icc_profile" not in picture.info
    return picture.convert("RGB").getpixel((8, 8))


def close_to(found, expected, tolerance: int) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(found, expected, strict=True))


@pytest.mark.parametrize(
    ("format_", "tolerance"), [("PNG", 1), ("WEBP", 4), ("JPEG", 4), ("HEIF", 6)]
)
def test_display_p3_photo_is_converted_to_srgb_before_its_profile_goes(
    format_, tolerance
):
    """A phone's saturated P3 red is stored as the sRGB red that looks the same."""
    expected = to_srgb(P3_RED, "p3")
    assert expected == (251, 4, 37)  # far from the raw (230, 51, 51): not dull
    data = colour_tagged(format_, P3_RED, P3_PROFILE)

    found = stored_colour(check_image_upload(upload(data)))

    assert close_to(found, expected, tolerance), (found, expected)


def test_heic_tagged_display_p3_by_nclx_is_converted_to_srgb():
    """A HEIC naming P3 in its nclx colour tags (no ICC profile) is converted too."""
    data = heic_bytes(
        Image.new("RGB", (16, 16), P3_RED),
        color_primaries=12,  # Display P3 (ITU-T H.273)
        transfer_characteristics=13,  # the sRGB curve
    )
    assert "icc_profile" not in Image.open(BytesIO(data)).info

    found = stored_colour(check_image_upload(upload(data, "p3.heic", "image/heic")))

    assert close_to(found, to_srgb(P3_RED, "p3"), 6), found


def test_adobe_rgb_photo_is_converted_to_srgb():
    """A camera's Adobe RGB green is stored as the sRGB green that looks the same."""
    expected = to_srgb(ADOBE_RGB_GREEN, "adobe")
    assert not close_to(expected, ADOBE_RGB_GREEN, 20)
    data = colour_tagged("PNG", ADOBE_RGB_GREEN, ADOBE_RGB_PROFILE)

    found = stored_colour(check_image_upload(upload(data, "camera.png", "image/png")))

    assert close_to(found, expected, 1), (found, expected)


def test_photo_without_a_profile_keeps_its_colours():
    """An untagged photo is taken as sRGB already: its colours do not move."""
    data = image_bytes("PNG", size=(16, 16))

    found = stored_colour(check_image_upload(upload(data, "p.png", "image/png")))

    assert found == (0, 128, 128)  # Pillow's "teal"


@pytest.mark.parametrize("data", [webm_bytes(b"matroska"), "mkv-film"])
def test_other_containers_of_the_same_family_are_refused(data):
    """A Matroska .mkv (film or bare header) is not accepted as a WebM."""
    if data == "mkv-film":
        data = film_bytes("mkv", "vp9")

    error = refusal(check_film_upload, upload(data, "film.webm", "video/webm"))

    assert error.code == "file_type"


def test_exif_orientation_is_applied():
    """A photo taken on its side (Orientation 6) comes out upright: turned clockwise."""
    picture = Image.new("RGB", (40, 20), "blue")
    picture.paste("red", (0, 0, 20, 20))  # left half red
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    output = BytesIO()
    picture.save(output, "JPEG", exif=exif, quality=95)

    checked = check_image_upload(upload(output.getvalue()))

    upright = Image.open(checked.content).convert("RGB")
    assert (checked.width, checked.height) == (20, 40) == upright.size
    red, _green, blue = upright.getpixel((10, 5))
    assert red > 200 and blue < 60  # the left half is now at the top


@pytest.mark.parametrize(
    ("format_", "mode", "options", "stored_mode"),
    [
        ("JPEG", "CMYK", {}, "RGB"),
        ("JPEG", "L", {}, "L"),
        ("PNG", "P", {}, "RGB"),
        ("PNG", "P", {"transparency": 0}, "RGBA"),
        ("PNG", "RGB", {"transparency": (0, 128, 128)}, "RGBA"),
        ("PNG", "LA", {}, "LA"),
        ("PNG", "1", {}, "1"),
        ("WEBP", "LA", {}, "RGB"),
    ],
)
def test_image_modes_are_converted_to_what_the_format_stores(
    format_, mode, options, stored_mode
):
    """CMYK and palette images become RGB, keeping transparency where it exists."""
    data = image_bytes(format_, mode=mode, **options)

    stored = Image.open(check_image_upload(upload(data)).content)

    assert (stored.format, stored.mode) == (format_, stored_mode)


@pytest.mark.parametrize(
    ("format_", "mode", "options"),
    [("PNG", "P", {"transparency": 0}), ("WEBP", "RGBA", {"lossless": True})],
)
def test_transparent_pixels_stay_transparent(format_, mode, options):
    """A transparent pixel in a PNG or WebP stays see-through; opaque ones stay put."""
    picture = Image.new(mode, (4, 4), 1 if mode == "P" else (0, 128, 128, 255))
    picture.putpixel((0, 0), 0 if mode == "P" else (0, 0, 0, 0))
    data = BytesIO()
    picture.save(data, format_, **options)

    stored = Image.open(check_image_upload(upload(data.getvalue())).content)

    assert stored.mode == "RGBA"
    assert stored.getpixel((0, 0))[3] == 0
    assert stored.getpixel((2, 2))[3] == 255


def test_each_upload_gets_a_new_random_name_free_of_the_filename():
    """Two uploads of the same file get different random keys, nothing from its name."""
    data = image_bytes()
    first = check_image_upload(upload(data, "ana-holiday-brighton.jpg"))
    second = check_image_upload(upload(data, "ana-holiday-brighton.jpg"))

    assert first.content.name != second.content.name
    for checked in (first, second):
        assert STORAGE_NAME.match(checked.content.name)
        assert not {"ana", "holiday", "brighton"} & set(
            re.split(r"[/._-]", repr(checked))
        )


def test_random_storage_name_uses_the_prefix_and_extension():
    """A storage key is <prefix>/<2 hex>/<32 hex>.<extension>, unique per call."""
    names = {random_storage_name("webp", prefix="showcase/") for _ in range(50)}

    assert len(names) == 50
    assert all(re.match(r"^showcase/[0-9a-f]{2}/[0-9a-f]{32}\.webp$", n) for n in names)


@pytest.mark.parametrize("extension", ["", "jpg/../x", "php.", "jp g"])
def test_random_storage_name_refuses_anything_but_a_plain_extension(extension):
    """An extension that could carry a path or a second suffix is refused."""
    with pytest.raises(ValueError, match="Not a file extension"):
        random_storage_name(extension)


def test_image_over_the_byte_limit_is_refused_naming_the_limit(settings):
    """An image one byte over UPLOAD_MAX_IMAGE_BYTES is refused with the limit in MB."""
    settings.UPLOAD_MAX_IMAGE_BYTES = 2 * MB
    data = image_bytes()
    at_limit = data + bytes(2 * MB - len(data))

    assert check_image_upload(upload(at_limit)).kind == "image"
    error = refusal(check_image_upload, upload(at_limit + b"\x00"))
    assert error.code == "too_large"
    assert "larger than 2 MB" in error.messages[0]


def test_film_over_the_byte_limit_is_refused_naming_the_limit(settings):
    """A film one byte over UPLOAD_MAX_FILM_BYTES is refused with the limit in MB."""
    settings.UPLOAD_MAX_FILM_BYTES = MB // 2
    data = film_bytes("mp4")
    at_limit = data + padding_box(MB // 2 - len(data))

    assert len(at_limit) == MB // 2
    assert check_film_upload(upload(at_limit, "f.mp4", "video/mp4")).kind == "film"
    error = refusal(check_film_upload, upload(at_limit + b"\x00", "f.mp4"))
    assert error.code == "too_large"
    assert "larger than 0.5 MB" in error.messages[0]


def test_image_over_the_pixel_limit_is_refused_naming_the_limit(settings):
    """An image one pixel row over UPLOAD_MAX_IMAGE_PIXELS is refused in megapixels."""
    settings.UPLOAD_MAX_IMAGE_PIXELS = 1_000_000

    assert check_image_upload(upload(image_bytes(size=(1000, 1000)))).width == 1000
    error = refusal(check_image_upload, upload(image_bytes(size=(1000, 1001))))
    assert error.code == "too_many_pixels"
    assert "at most 1 megapixels" in error.messages[0]


class EntryMediaForm(forms.Form):
    photo = CheckedImageField()
    film = CheckedFilmField(required=False)


def test_form_fields_clean_to_checked_uploads():
    """A valid form's cleaned data holds CheckedUploads, None for an empty option."""
    form = EntryMediaForm(data={}, files={"photo": upload(image_bytes("PNG"))})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["photo"].mime_type == "image/png"
    assert form.cleaned_data["film"] is None


def test_form_field_clean_to_a_checked_film():
    """A film field cleans a WebM upload to a CheckedUpload of kind film."""
    webm = film_bytes("webm", "vp9")
    files = {"photo": upload(image_bytes()), "film": upload(webm, "f.webm")}
    form = EntryMediaForm(data={}, files=files)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["film"].mime_type == "video/webm"


def test_form_fields_show_the_checkers_message_as_a_field_error():
    """A refused file becomes an error on its own field, in the checker's words."""
    files = {
        "photo": upload(b"<html></html>", "photo.jpg"),
        "film": upload(image_bytes(), "film.mp4", "video/mp4"),
    }
    form = EntryMediaForm(data={}, files=files)

    assert not form.is_valid()
    assert form.errors["photo"] == [
        "This file is not a JPEG, PNG, WebP or HEIC image. "
        "Please choose a photo in one of those formats."
    ]
    assert form.errors["film"] == [
        "This file is not an MP4, MOV or WebM film. "
        "Please choose a film in one of those formats."
    ]


def test_required_form_field_without_a_file_is_an_error():
    """A required photo field with nothing sent says so."""
    form = EntryMediaForm(data={}, files={})

    assert not form.is_valid()
    assert form.errors["photo"] == ["This field is required."]


def test_form_field_with_a_stored_file_and_no_new_upload_cleans_to_none():
    """With a file already stored (initial) and none sent, there is nothing to store."""
    form = EntryMediaForm(data={}, files={}, initial={"photo": "entries/ab/ab.jpg"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["photo"] is None


def test_file_inputs_list_what_they_accept():
    """The browser's file picker is told which types each field accepts."""
    form = EntryMediaForm()

    assert 'accept="image/jpeg,image/png,image/webp,image/heic,image/heif,' in str(
        form["photo"]
    )
    assert ".heic,.heif" in str(form["photo"])
    assert 'accept="video/mp4,video/quicktime,video/webm,' in str(form["film"])
    assert ".mov," in str(form["film"])
    assert 'type="checkbox"' not in str(form["photo"])
