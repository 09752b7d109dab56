"""Member uploads that try to leak, smuggle, disguise or exhaust are stopped."""

import struct
import zipfile
import zlib
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageFile, PngImagePlugin

from core.uploads import check_film_upload, check_image_upload
from tests.support.photos import PHONE_MAKE, PHONE_MODEL, heic_bytes, phone_exif

MB = 1024 * 1024
NOT_AN_IMAGE = "This file is not a JPEG, PNG, WebP or HEIC image."
NOT_A_FILM = "This file is not an MP4, MOV or WebM film."
DAMAGED = "This image looks damaged or incomplete."
TOO_MANY_PIXELS = "This image has too many pixels to process."

# What a careless upload gives away: where, with what and by whom it was taken.
LATITUDE = ((51.0, 30.0, 26.0), "N")
LONGITUDE = ((0.0, 7.0, 39.0), "W")
PERSONAL_STRINGS = [b"Canon", b"EOS 5D Mark IV", b"SN-0123456789", b"Jane Q. Member"]


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg"):
    """Return ``data`` as the browser would send it."""
    return SimpleUploadedFile(name, data, content_type=content_type)


def refusal(check, uploaded) -> ValidationError:
    """Return the ValidationError the checker raises for ``uploaded``."""
    with pytest.raises(ValidationError) as caught:
        check(uploaded)
    return caught.value


def encode(image: Image.Image, format_: str, **options) -> bytes:
    output = BytesIO()
    image.save(output, format_, **options)
    return output.getvalue()


def noisy_jpeg(size=(256, 256)) -> bytes:
    """Return a JPEG whose data cannot be compressed away (so it truncates badly)."""
    return encode(Image.effect_noise(size, 64).convert("RGB"), "JPEG", quality=95)


def revealing_exif() -> Image.Exif:
    """Return EXIF with GPS position, camera make, model, serial number and artist."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Canon"
    exif[ExifTags.Base.Model] = "EOS 5D Mark IV"
    exif[ExifTags.Base.Artist] = "Jane Q. Member"
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.BodySerialNumber] = "SN-0123456789"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(
        {
            ExifTags.GPS.GPSLatitude: LATITUDE[0],
            ExifTags.GPS.GPSLatitudeRef: LATITUDE[1],
            ExifTags.GPS.GPSLongitude: LONGITUDE[0],
            ExifTags.GPS.GPSLongitudeRef: LONGITUDE[1],
        }
    )
    return exif


def gps_latitude_bytes(data: bytes) -> bytes:
    """Return the latitude rationals as they are packed in the EXIF of ``data``."""
    order = "<" if b"II*\x00" in data else ">"
    degrees, minutes, seconds = (int(part) for part in LATITUDE[0])
    return struct.pack(f"{order}6L", degrees, 1, minutes, 1, seconds, 1)


def png_chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body)
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def pixel_bomb_png(width: int, height: int) -> bytes:
    """Return a valid 1-bit black PNG of width x height: tiny on disk, huge decoded."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = bytes(1 + (width + 7) // 8)  # filter byte + packed pixels, all zero
    compressor = zlib.compressobj(9)
    rows_at_once = 100
    body = b"".join(
        compressor.compress(row * rows_at_once) for _ in range(height // rows_at_once)
    )
    body += compressor.compress(row * (height % rows_at_once)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", body)
        + png_chunk(b"IEND", b"")
    )


def no_decoding(monkeypatch):
    """Make any attempt to decode pixel data fail the test."""

    def refuse_to_decode(self):
        raise AssertionError("The checker decoded the image.")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse_to_decode)


def no_parsing(monkeypatch, uploaded):
    """Make opening the image or reading the upload fail the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("The checker read a file over the byte limit.")

    monkeypatch.setattr(Image, "open", refuse)
    monkeypatch.setattr(uploaded, "chunks", refuse)
    monkeypatch.setattr(uploaded.file, "read", refuse)


def photo_with_personal_metadata(format_: str) -> bytes:
    picture = Image.effect_noise((64, 48), 32).convert("RGB")
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Jane Q. Member")
    options = {
        "JPEG": {"xmp": b"<x:xmpmeta>Jane Q. Member</x:xmpmeta>"},
        "PNG": {"pnginfo": text},
        "WEBP": {"xmp": b"<x:xmpmeta>Jane Q. Member</x:xmpmeta>"},
    }[format_]
    return encode(picture, format_, exif=revealing_exif(), **options)


@pytest.mark.parametrize("format_", ["JPEG", "PNG", "WEBP"])
def test_photo_location_camera_and_name_are_stripped(format_):
    """GPS position, camera serial and the author's name never reach storage."""
    data = photo_with_personal_metadata(format_)
    assert Image.open(BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert gps_latitude_bytes(data) in data
    assert all(secret in data for secret in PERSONAL_STRINGS)

    stored = check_image_upload(upload(data)).content.read()

    assert len(Image.open(BytesIO(stored)).getexif()) == 0
    assert gps_latitude_bytes(data) not in stored
    assert not [secret for secret in PERSONAL_STRINGS if secret in stored]
    assert b"Exif\x00\x00" not in stored and b"xmpmeta" not in stored


@pytest.mark.parametrize("format_", ["JPEG", "PNG", "WEBP"])
def test_payload_hidden_in_a_colour_profile_is_dropped(format_):
    """An ICC profile (a container for arbitrary bytes) is not carried over."""
    payload = b"<script>alert(1)</script>" * 20
    data = encode(Image.new("RGB", (16, 16)), format_, icc_profile=payload)
    assert Image.open(BytesIO(data)).info["icc_profile"] == payload

    stored = check_image_upload(upload(data)).content.read()

    assert "icc_profile" not in Image.open(BytesIO(stored)).info
    assert b"alert(1)" not in stored


@pytest.mark.parametrize(
    ("width", "height"),
    [
        (7_000, 7_000),  # 49 MP: over our 40 MP, under Pillow's own warning
        (10_000, 10_000),  # 100 MP: Pillow warns (turned into an error)
        (20_000, 20_000),  # 400 MP: Pillow raises DecompressionBombError
    ],
)
def test_pixel_bomb_is_refused_from_its_header_without_decoding(
    monkeypatch, width, height
):
    """A PNG of a few kilobytes that would decode to hundreds of MB is refused."""
    data = pixel_bomb_png(width, height)
    assert len(data) < 100_000
    no_decoding(monkeypatch)

    error = refusal(check_image_upload, upload(data, "bomb.png", "image/png"))

    assert error.code == "too_many_pixels"
    assert TOO_MANY_PIXELS in error.messages[0]
    assert "at most 40 megapixels" in error.messages[0]


def test_pillow_bomb_warning_is_a_refusal_even_under_a_raised_limit(
    settings, monkeypatch
):
    """Above Pillow's own bomb threshold the image is refused, whatever the setting."""
    settings.UPLOAD_MAX_IMAGE_PIXELS = 200_000_000
    no_decoding(monkeypatch)

    error = refusal(check_image_upload, upload(pixel_bomb_png(10_000, 10_000)))

    assert error.code == "too_many_pixels"


@pytest.mark.parametrize("keep", [0.5, 0.9])
def test_truncated_jpeg_is_a_damaged_image_not_a_server_error(keep):
    """A JPEG cut off part-way through is refused as damaged."""
    data = noisy_jpeg()
    assert Image.open(BytesIO(data)).size == (256, 256)  # the header is intact

    error = refusal(check_image_upload, upload(data[: int(len(data) * keep)]))

    assert error.code == "damaged"
    assert error.messages[0].startswith(DAMAGED)


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xd8\xff" + b"<html><script>alert(1)</script></html>",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
        b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\xff" * 8,
        b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"<html></html>",
        heic_bytes()[:200],
    ],
    ids=[
        "jpeg-magic-then-html",
        "png-magic-then-zeros",
        "webp-magic-then-junk",
        "heic-magic-then-html",
        "heic-cut-short",
    ],
)
def test_right_magic_with_rubbish_after_it_is_a_damaged_image(data):
    """Bytes that only start like an image are refused as damaged."""
    error = refusal(check_image_upload, upload(data))

    assert error.code == "damaged"


def test_html_named_photo_jpg_is_refused():
    """An HTML page sent as photo.jpg with type image/jpeg is not an image."""
    page = b"<!doctype html><html><script>fetch('/me/')</script></html>"

    error = refusal(check_image_upload, upload(page, "photo.jpg", "image/jpeg"))

    assert error.code == "file_type"
    assert error.messages == [
        "This file is not a JPEG, PNG, WebP or HEIC image. "
        "Please choose a photo in one of those formats."
    ]


def test_jpeg_zip_polyglot_loses_its_zip():
    """A JPEG with a ZIP archive appended is stored as the picture alone."""
    archive = BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("payload.html", "<script>alert(document.cookie)</script>")
    polyglot = noisy_jpeg((64, 64)) + archive.getvalue()
    assert zipfile.is_zipfile(BytesIO(polyglot))

    checked = check_image_upload(upload(polyglot))

    stored = checked.content.read()
    assert (checked.mime_type, checked.width, checked.height) == ("image/jpeg", 64, 64)
    assert b"PK\x03\x04" not in stored
    assert b"payload.html" not in stored and b"alert" not in stored


SVG = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">
<script>alert(document.domain)</script></svg>"""


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        (SVG, "photo.svg", "image/svg+xml"),
        (SVG, "photo.png", "image/png"),
        (encode(Image.new("P", (8, 8)), "GIF"), "photo.gif", "image/gif"),
        (encode(Image.new("RGB", (8, 8)), "BMP"), "photo.jpg", "image/jpeg"),
        (encode(Image.new("RGB", (8, 8)), "TIFF"), "photo.jpg", "image/jpeg"),
        (b"\x00\x00\x00\x18ftypavif\x00\x00\x00\x00mif1avif", "photo.heic", ""),
        (b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1avif", "photo.heic", ""),
        (b"%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj", "photo.jpg", "image/jpeg"),
        (b"PK\x03\x04" + bytes(26), "photo.jpg", "image/jpeg"),
        (b"", "photo.jpg", "image/jpeg"),
    ],
    ids=["svg", "svg-as-png", "gif", "bmp", "tiff", "avif", "avif-as-mif1", "pdf",
         "zip", "empty"],
)  # fmt: skip
def test_files_that_are_not_jpeg_png_webp_or_heic_are_refused(data, name, content_type):
    """Only JPEG, PNG, WebP and HEIC bytes pass as an image, whatever the name says."""
    error = refusal(check_image_upload, upload(data, name, content_type))

    assert error.code == "file_type"
    assert error.messages[0].startswith(NOT_AN_IMAGE)


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(48),
        b"<!doctype html><html><script>alert(1)</script></html>",
        b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic",
        b"\x00\x00\x00\x18ftypavif\x00\x00\x00\x00mif1avif",
        b"\x00\x00\x00\x10ftyp<htm\x00\x00\x00\x00<script>alert(1)</script>",
        b"\xff\xff\xff\xffftypisom" + bytes(8),
        b"\x1a\x45\xdf\xa3\x85\x42\x82\x82no",
        b"\x1a\x45\xdf\xa3",
        b"\xff\xd8\xff\xe0",
    ],
    ids=["exe", "html", "heic", "avif", "ftyp-html", "bad-box", "ebml-not-webm",
         "ebml-cut", "jpeg"],
)  # fmt: skip
def test_renamed_files_are_not_accepted_as_films(data):
    """An EXE, HTML page or other container renamed to .mp4 is refused."""
    error = refusal(check_film_upload, upload(data, "film.mp4", "video/mp4"))

    assert error.code == "file_type"
    assert error.messages[0].startswith(NOT_A_FILM)


def test_image_over_the_byte_limit_is_refused_before_it_is_opened(
    settings, monkeypatch
):
    """A huge image is refused from its declared size: never read, never opened."""
    settings.UPLOAD_MAX_IMAGE_BYTES = MB
    oversized = upload(noisy_jpeg((32, 32)) + bytes(MB))
    no_parsing(monkeypatch, oversized)

    error = refusal(check_image_upload, oversized)

    assert error.code == "too_large"
    assert "1 MB" in error.messages[0]


def test_film_over_the_byte_limit_is_refused_before_it_is_read(settings, monkeypatch):
    """A huge film is refused from its declared size without reading it."""
    settings.UPLOAD_MAX_FILM_BYTES = MB
    oversized = upload(b"\x1a\x45\xdf\xa3" + bytes(MB), "film.webm", "video/webm")
    no_parsing(monkeypatch, oversized)

    error = refusal(check_film_upload, oversized)

    assert error.code == "too_large"


@pytest.mark.parametrize("check", [check_image_upload, check_film_upload])
def test_upload_that_understates_its_size_is_refused_while_reading(settings, check):
    """A file claiming to be small stops being read once it passes the limit."""
    settings.UPLOAD_MAX_IMAGE_BYTES = settings.UPLOAD_MAX_FILM_BYTES = MB
    liar = upload(noisy_jpeg((32, 32)) + bytes(2 * MB))
    liar.size = 1_000

    error = refusal(check, liar)

    assert error.code == "too_large"


def test_heic_photo_loses_its_location_phone_and_serial():
    """An iPhone's HEIC, GPS and all, is stored as a JPEG with no EXIF at all."""
    data = heic_bytes(exif=phone_exif())
    assert all(secret in data for secret in (b"Apple", b"iPhone 15 Pro", b"SN-01"))

    stored = check_image_upload(upload(data, "IMG_0042.HEIC", "image/heic"))

    body = stored.content.read()
    picture = Image.open(BytesIO(body))
    assert picture.format == "JPEG"
    assert len(picture.getexif()) == 0
    assert not picture.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert b"Exif\x00\x00" not in body
    assert not [s for s in (PHONE_MAKE, PHONE_MODEL, "SN-0123") if s.encode() in body]


def test_heic_over_the_pixel_limit_is_refused_from_its_header(settings, monkeypatch):
    """A HEIC declaring more pixels than allowed is refused before it is decoded."""
    from pillow_heif.as_plugin import HeifImageFile

    data = heic_bytes()  # 40 x 20 = 800 pixels
    settings.UPLOAD_MAX_IMAGE_PIXELS = 799
    no_decoding(monkeypatch)
    monkeypatch.setattr(HeifImageFile, "load", ImageFile.ImageFile.load)

    error = refusal(check_image_upload, upload(data, "IMG_0042.HEIC", "image/heic"))

    assert error.code == "too_many_pixels"
