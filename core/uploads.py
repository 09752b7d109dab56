"""The one checker every member upload passes before it is stored.

Policy: the type comes from the file's bytes, never from its name or the browser;
sizes are checked before anything is parsed; images are decoded only after their
header shows a sane pixel count, then re-encoded so EXIF (GPS, serials, names) and
anything appended to the image data are gone; every file is stored under a random
key and the original filename is dropped.
"""

import secrets
import struct
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image, UnidentifiedImageError

MEGABYTE = 1024 * 1024
MEGAPIXEL = 1_000_000

# Pillow format name -> (MIME type, extension, save options).
IMAGE_FORMATS: dict[str, tuple[str, str, dict]] = {
    "JPEG": ("image/jpeg", "jpg", {"quality": 90, "optimize": True}),
    "PNG": ("image/png", "png", {"optimize": True}),
    "WEBP": ("image/webp", "webp", {"quality": 90, "method": 4}),
}
# Modes each output format stores as they are; anything else becomes RGB(A).
KEPT_MODES: dict[str, frozenset[str]] = {
    "JPEG": frozenset({"L", "RGB"}),
    "PNG": frozenset({"1", "L", "LA", "I;16", "RGB", "RGBA"}),
    "WEBP": frozenset({"RGB", "RGBA"}),
}
# Major brands of ISO BMFF files that are MP4 video (not HEIC, AVIF or QuickTime).
MP4_BRANDS = frozenset(
    {b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42"}
    | {b"avc1", b"M4V ", b"M4VH", b"M4VP", b"MSNV"}
)
# EXIF orientation -> the transpose that shows the picture upright.
ORIENTATION_TRANSPOSES = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
EBML_MAGIC = b"\x1a\x45\xdf\xa3"
EBML_DOCTYPE_ID = 0x4282

IMAGE_ACCEPT = "image/jpeg,image/png,image/webp,.jpg,.jpeg,.png,.webp"
FILM_ACCEPT = "video/mp4,video/webm,.mp4,.m4v,.webm"

# What a truncated or corrupt image makes Pillow raise while reading it.
DAMAGED_IMAGE_ERRORS = (
    UnidentifiedImageError,
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    struct.error,
)

NOT_AN_IMAGE = _(
    "This file is not a JPEG, PNG or WebP image. "
    "Please choose a photo in one of those formats."
)
IMAGE_TOO_BIG = _(
    "This image is larger than %(limit)s MB. "
    "Please choose a JPEG, PNG or WebP image of %(limit)s MB or less."
)
TOO_MANY_PIXELS = _(
    "This image has too many pixels to process. Please choose a JPEG, PNG or WebP "
    "image of at most %(limit)s megapixels (for example, a smaller export)."
)
DAMAGED_IMAGE = _(
    "This image looks damaged or incomplete. "
    "Please choose another copy of it as a JPEG, PNG or WebP image."
)
NOT_A_FILM = _(
    "This file is not an MP4 or WebM film. "
    "Please choose a film in one of those formats."
)
FILM_TOO_BIG = _(
    "This film is larger than %(limit)s MB. "
    "Please choose an MP4 or WebM film of %(limit)s MB or less."
)


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed the checker, ready to store under ``content.name``."""

    content: ContentFile
    kind: str
    mime_type: str
    extension: str
    size: int
    width: int | None
    height: int | None


def random_storage_name(extension: str, *, prefix: str = "entries") -> str:
    """Return a random storage key such as ``entries/3f/3f9a…e1.jpg``."""
    if not extension.isascii() or not extension.isalnum():
        raise ValueError(f"Not a file extension: {extension!r}")
    token = secrets.token_hex(16)
    return f"{prefix.strip('/')}/{token[:2]}/{token}.{extension.lower()}"


def check_image_upload(uploaded: UploadedFile) -> CheckedUpload:
    """Return a re-encoded, metadata-free copy of an image upload, or refuse it."""
    limit = settings.UPLOAD_MAX_IMAGE_BYTES
    data = _read_bounded(uploaded, limit, _too_big(IMAGE_TOO_BIG, limit))
    format_ = _sniff_image_format(data)
    if format_ is None:
        raise ValidationError(NOT_AN_IMAGE, code="file_type")
    with _pillow_errors_as_validation_errors():
        image = _open_within_pixel_limit(data, format_)
        output, width, height = _reencode(image, format_)
    mime_type, extension, _options = IMAGE_FORMATS[format_]
    return _checked("image", output, mime_type, extension, width, height)


def check_film_upload(uploaded: UploadedFile) -> CheckedUpload:
    """Return a film upload under a random key if it is an MP4 or WebM, or refuse it.

    Films are not re-encoded: only their type and size are checked.
    """
    limit = settings.UPLOAD_MAX_FILM_BYTES
    data = _read_bounded(uploaded, limit, _too_big(FILM_TOO_BIG, limit))
    if _is_mp4(data):
        return _checked("film", data, "video/mp4", "mp4", None, None)
    if _is_webm(data):
        return _checked("film", data, "video/webm", "webm", None, None)
    raise ValidationError(NOT_A_FILM, code="file_type")


def _checked(kind, data, mime_type, extension, width, height) -> CheckedUpload:
    content = ContentFile(data, name=random_storage_name(extension))
    return CheckedUpload(
        content=content,
        kind=kind,
        mime_type=mime_type,
        extension=extension,
        size=len(data),
        width=width,
        height=height,
    )


def _too_big(message, limit: int) -> ValidationError:
    return ValidationError(
        message, code="too_large", params={"limit": _number(limit / MEGABYTE)}
    )


def _number(value: float) -> str:
    """Return ``value`` with at most two decimals and no trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _read_bounded(uploaded: UploadedFile, limit: int, too_big) -> bytes:
    """Return the upload's bytes, refusing it as soon as it exceeds ``limit``."""
    if uploaded.size is not None and uploaded.size > limit:
        raise too_big
    chunks, total = [], 0
    for chunk in uploaded.chunks():
        total += len(chunk)
        if total > limit:
            raise too_big
        chunks.append(chunk)
    return b"".join(chunks)


def _sniff_image_format(data: bytes) -> str | None:
    """Return the Pillow format name the magic bytes show, if it is allowed."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


@contextmanager
def _pillow_errors_as_validation_errors() -> Iterator[None]:
    """Turn decompression bombs and damaged files into form errors."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            yield
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_many_pixels() from exc
        except DAMAGED_IMAGE_ERRORS as exc:
            raise ValidationError(DAMAGED_IMAGE, code="damaged") from exc


def _too_many_pixels() -> ValidationError:
    limit = settings.UPLOAD_MAX_IMAGE_PIXELS / MEGAPIXEL
    return ValidationError(
        TOO_MANY_PIXELS, code="too_many_pixels", params={"limit": _number(limit)}
    )


def _open_within_pixel_limit(data: bytes, format_: str) -> Image.Image:
    """Open the image lazily (header only) and refuse it before decoding if huge."""
    image = Image.open(BytesIO(data), formats=[format_])
    width, height = image.size
    if width * height > settings.UPLOAD_MAX_IMAGE_PIXELS:
        raise _too_many_pixels()
    return image


def _reencode(image: Image.Image, format_: str) -> tuple[bytes, int, int]:
    """Return the image saved afresh, upright and without any metadata."""
    image.load()
    image = _upright(image)
    image = _convert_for(image, format_)
    image.info.clear()  # PNG would otherwise copy the ICC profile from here
    _mime, _extension, options = IMAGE_FORMATS[format_]
    output = BytesIO()
    image.save(output, format=format_, **options)
    return output.getvalue(), image.width, image.height


def _upright(image: Image.Image) -> Image.Image:
    """Return the image turned as its EXIF orientation says.

    ``ImageOps.exif_transpose`` would also re-serialise the EXIF it is about to lose,
    and fails on the malformed EXIF many real photos carry; this reads only the tag.
    """
    method = ORIENTATION_TRANSPOSES.get(_orientation(image))
    return image if method is None else image.transpose(method)


def _orientation(image: Image.Image) -> int | None:
    """Return the EXIF orientation tag, or None when absent or unreadable."""
    try:
        value = image.getexif().get(ExifTags.Base.Orientation)
    except Exception:  # metadata is discarded anyway: unreadable means upright
        return None
    return value if isinstance(value, int) else None


def _convert_for(image: Image.Image, format_: str) -> Image.Image:
    """Return the image in a mode ``format_`` stores, keeping transparency if it can."""
    has_alpha = "A" in image.mode or "transparency" in image.info
    if image.mode in KEPT_MODES[format_] and "transparency" not in image.info:
        return image
    if has_alpha and format_ != "JPEG":
        return image.convert("RGBA")
    return image.convert("RGB")


def _is_mp4(data: bytes) -> bool:
    """Tell whether the bytes open with an ``ftyp`` box of a known MP4 brand."""
    if len(data) < 16 or data[4:8] != b"ftyp":
        return False
    box_size = int.from_bytes(data[:4], "big")
    return 16 <= box_size <= len(data) and data[8:12] in MP4_BRANDS


def _is_webm(data: bytes) -> bool:
    """Tell whether the bytes open with an EBML header whose DocType is ``webm``."""
    if not data.startswith(EBML_MAGIC):
        return False
    header = _ebml_vint(data, len(EBML_MAGIC), marker=False)
    if header is None:
        return False
    size, position = header
    return _ebml_doctype(data[position : position + size]) == b"webm"


def _ebml_doctype(header: bytes) -> bytes | None:
    """Return the DocType value among the EBML header's child elements."""
    position = 0
    while position < len(header):
        element_id = _ebml_vint(header, position, marker=True)
        if element_id is None:
            return None
        size = _ebml_vint(header, element_id[1], marker=False)
        if size is None:
            return None
        start, end = size[1], size[1] + size[0]
        if element_id[0] == EBML_DOCTYPE_ID:
            return header[start:end].rstrip(b"\x00")
        position = end
    return None


def _ebml_vint(data: bytes, position: int, *, marker: bool) -> tuple[int, int] | None:
    """Return ``(value, next_position)`` of the EBML variable-length integer there.

    IDs keep their length marker bit (``marker=True``); sizes drop it.
    """
    if position >= len(data) or data[position] == 0:
        return None
    length = 9 - data[position].bit_length()
    if position + length > len(data):
        return None
    value = int.from_bytes(data[position : position + length], "big")
    if not marker:
        value &= (1 << (7 * length)) - 1
    return value, position + length
