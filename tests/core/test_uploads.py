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

MB = 1024 * 1024
STORAGE_NAME = re.compile(r"^entries/[0-9a-f]{2}/[0-9a-f]{32}\.(jpg|png|webp)$")


def image_bytes(format_="JPEG", size=(64, 48), mode="RGB", **options) -> bytes:
    """Return an image of ``size`` encoded by Pillow."""
    output = BytesIO()
    Image.new(mode, size, "teal").save(output, format_, **options)
    return output.getvalue()


def mp4_bytes(brand=b"isom") -> bytes:
    """Return the opening boxes of an MP4 file with the given major brand."""
    ftyp = b"ftyp" + brand + b"\x00\x00\x02\x00" + b"isomiso2avc1mp41"
    return len(ftyp + b"1234").to_bytes(4, "big") + ftyp + bytes(8) + b"free"


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
    ("data", "mime_type", "extension"),
    [
        (mp4_bytes(b"isom"), "video/mp4", "mp4"),
        (mp4_bytes(b"mp42"), "video/mp4", "mp4"),
        (mp4_bytes(b"avc1"), "video/mp4", "mp4"),
        (mp4_bytes(b"M4V "), "video/mp4", "mp4"),
        (webm_bytes(), "video/webm", "webm"),
    ],
)
def test_good_film_is_accepted_unchanged(data, mime_type, extension):
    """An MP4 or WebM film is kept byte for byte and described by its real type."""
    checked = check_film_upload(upload(data, "film.bin", "application/octet-stream"))

    assert (checked.kind, checked.mime_type, checked.extension) == (
        "film",
        mime_type,
        extension,
    )
    assert checked.content.read() == data
    assert checked.size == len(data)
    assert (checked.width, checked.height) == (None, None)


@pytest.mark.parametrize("data", [mp4_bytes(b"qt  "), webm_bytes(b"matroska")])
def test_other_containers_of_the_same_family_are_refused(data):
    """A QuickTime .mov or a Matroska .mkv is not accepted as an MP4 or WebM."""
    error = refusal(check_film_upload, upload(data, "film.mp4", "video/mp4"))

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
    data = mp4_bytes()
    at_limit = data + bytes(MB // 2 - len(data))

    assert check_film_upload(upload(at_limit, "f.mp4", "video/mp4")).size == MB // 2
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
    files = {"photo": upload(image_bytes()), "film": upload(webm_bytes(), "f.webm")}
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
        "This file is not a JPEG, PNG or WebP image. "
        "Please choose a photo in one of those formats."
    ]
    assert form.errors["film"] == [
        "This file is not an MP4 or WebM film. "
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

    assert 'accept="image/jpeg,image/png,image/webp,' in str(form["photo"])
    assert 'accept="video/mp4,video/webm,' in str(form["film"])
    assert 'type="checkbox"' not in str(form["photo"])
