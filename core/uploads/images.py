"""Photos: decoded within the pixel limit, turned upright, put into sRGB and saved
afresh, so that nothing but the picture is stored."""

import struct
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO

import pillow_heif
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image, UnidentifiedImageError

from .checked import MEGAPIXEL, CheckedUpload, checked, number, read_bounded, too_big
from .colour import in_srgb
from .sniff import image_format

# Pillow format name -> (MIME type, extension, save options).
IMAGE_FORMATS: dict[str, tuple[str, str, dict]] = {
    "JPEG": ("image/jpeg", "jpg", {"quality": 90, "optimize": True}),
    "PNG": ("image/png", "png", {"optimize": True}),
    "WEBP": ("image/webp", "webp", {"quality": 90, "method": 4}),
}
# The format each accepted format is stored in: HEIC is stored as JPEG, which every
# browser shows; the others keep their own.
STORED_AS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "HEIF": "JPEG"}
# Modes each output format stores as they are; anything else becomes RGB(A).
KEPT_MODES: dict[str, frozenset[str]] = {
    "JPEG": frozenset({"L", "RGB"}),
    "PNG": frozenset({"1", "L", "LA", "I;16", "RGB", "RGBA"}),
    "WEBP": frozenset({"RGB", "RGBA"}),
}
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

IMAGE_ACCEPT = (
    "image/jpeg,image/png,image/webp,image/heic,image/heif,"
    ".jpg,.jpeg,.png,.webp,.heic,.heif"
)

# What a truncated or corrupt image makes Pillow (or libheif) raise while reading it.
DAMAGED_IMAGE_ERRORS = (
    UnidentifiedImageError,
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    RuntimeError,
    struct.error,
)

NOT_AN_IMAGE = _(
    "This file is not a JPEG, PNG, WebP or HEIC image. "
    "Please choose a photo in one of those formats."
)
IMAGE_TOO_BIG = _(
    "This image is larger than %(limit)s MB. "
    "Please choose a JPEG, PNG, WebP or HEIC image of %(limit)s MB or less."
)
TOO_MANY_PIXELS = _(
    "This image has too many pixels to process. Please choose a JPEG, PNG, WebP or "
    "HEIC image of at most %(limit)s megapixels (for example, a smaller export)."
)
DAMAGED_IMAGE = _(
    "This image looks damaged or incomplete. "
    "Please choose another copy of it as a JPEG, PNG, WebP or HEIC image."
)


def register_heif_opener() -> None:
    """Teach Pillow to open HEIC/HEIF photos (main picture only, no extras)."""
    pillow_heif.register_heif_opener(
        thumbnails=False, depth_images=False, aux_images=False
    )


def check_image_upload(uploaded: UploadedFile) -> CheckedUpload:
    """Return a re-encoded, metadata-free copy of an image upload, or refuse it."""
    limit = settings.UPLOAD_MAX_IMAGE_BYTES
    data = read_bounded(uploaded, limit, too_big(IMAGE_TOO_BIG, limit))
    format_ = image_format(data)
    if format_ is None:
        raise ValidationError(NOT_AN_IMAGE, code="file_type")
    stored_as = STORED_AS[format_]
    with pillow_errors_as_validation_errors():
        image = _open_within_pixel_limit(data, format_)
        image.load()
        output, width, height = encode_image(image, stored_as)
    mime_type, extension, _options = IMAGE_FORMATS[stored_as]
    return checked("image", output, mime_type, extension, width, height)


@contextmanager
def pillow_errors_as_validation_errors() -> Iterator[None]:
    """Turn decompression bombs and damaged files into form errors."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            yield
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise too_many_pixels() from exc
        except DAMAGED_IMAGE_ERRORS as exc:
            raise ValidationError(DAMAGED_IMAGE, code="damaged") from exc


def too_many_pixels(message=TOO_MANY_PIXELS) -> ValidationError:
    """Return the refusal of a picture over UPLOAD_MAX_IMAGE_PIXELS."""
    limit = settings.UPLOAD_MAX_IMAGE_PIXELS / MEGAPIXEL
    return ValidationError(
        message, code="too_many_pixels", params={"limit": number(limit)}
    )


def encode_image(image: Image.Image, format_: str) -> tuple[bytes, int, int]:
    """Return a decoded image saved afresh: upright, in sRGB, without metadata."""
    image = _upright(image)
    image = in_srgb(image)
    image = _convert_for(image, format_)
    image.info.clear()  # PNG would otherwise copy the ICC profile from here
    _mime, _extension, options = IMAGE_FORMATS[format_]
    output = BytesIO()
    image.save(output, format=format_, **options)
    return output.getvalue(), image.width, image.height


def _open_within_pixel_limit(data: bytes, format_: str) -> Image.Image:
    """Open the image lazily (header only) and refuse it before decoding if huge."""
    image = Image.open(BytesIO(data), formats=[format_])
    width, height = image.size
    if width * height > settings.UPLOAD_MAX_IMAGE_PIXELS:
        raise too_many_pixels()
    return image


def _upright(image: Image.Image) -> Image.Image:
    """Return the image turned as its EXIF orientation says.

    ``ImageOps.exif_transpose`` would also re-serialise the EXIF it is about to lose,
    and fails on the malformed EXIF many real photos carry; this reads only the tag.
    A HEIC photo comes out of libheif already turned by its container's own
    rotation and mirroring, and pillow-heif resets its EXIF tag to 1.
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
