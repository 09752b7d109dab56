"""Photos as phones save them: HEIC with EXIF, and pictures tagged Display P3."""

from io import BytesIO

from PIL import ExifTags, Image

from core.uploads import register_heif_opener

from .colour import adobe_rgb_profile, display_p3_profile
from .entries import CAMERA_SERIAL, gps_exif

register_heif_opener()  # also done at start-up; here so the helpers stand alone

PHONE_MAKE, PHONE_MODEL = "Apple", "iPhone 15 Pro"
# A saturated red as a P3 phone records it; a green as an Adobe RGB camera does.
P3_RED = (230, 51, 51)
ADOBE_RGB_GREEN = (60, 180, 90)


def sideways_picture(size=(40, 20)) -> Image.Image:
    """Return a picture whose left half is red and right half blue."""
    picture = Image.new("RGB", size, (0, 0, 230))
    picture.paste((230, 0, 0), (0, 0, size[0] // 2, size[1]))
    return picture


def phone_exif(orientation: int | None = 6) -> bytes:
    """Return EXIF a phone writes: GPS, make, model, serial and an orientation."""
    exif = gps_exif()
    exif[ExifTags.Base.Make] = PHONE_MAKE
    exif[ExifTags.Base.Model] = PHONE_MODEL
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    return exif.tobytes()


def heic_bytes(
    picture: Image.Image | None = None,
    *,
    exif: bytes | None = None,
    icc_profile: bytes | None = None,
    **nclx: int,
) -> bytes:
    """Return a HEIC photo encoded by pillow-heif.

    EXIF is passed as bytes so that pillow-heif, like an iPhone, also records the
    orientation as the container's own rotation (``irot``).
    """
    picture = picture or sideways_picture()
    options = {"quality": 95, **nclx}
    if exif is not None:
        options["exif"] = exif
    if icc_profile is not None:
        options["icc_profile"] = icc_profile
    output = BytesIO()
    picture.save(output, "HEIF", **options)
    return output.getvalue()


def colour_tagged(format_: str, colour, profile: bytes, size=(16, 16)) -> bytes:
    """Return a flat picture of ``colour`` carrying the ICC ``profile``."""
    picture = Image.new("RGB", size, colour)
    if format_ == "HEIF":
        return heic_bytes(picture, icc_profile=profile)
    options = {"JPEG": {"quality": 100}, "WEBP": {"lossless": True}}.get(format_, {})
    output = BytesIO()
    picture.save(output, format_, icc_profile=profile, **options)
    return output.getvalue()


def reveals_anything(data: bytes) -> list[str]:
    """Return what of the phone's EXIF survives in a stored image."""
    image = Image.open(BytesIO(data))
    found = [name for name in ("exif", "xmp", "icc_profile") if image.info.get(name)]
    if len(image.getexif()):
        found.append("EXIF tags")
    found += [
        secret
        for secret in (PHONE_MAKE, PHONE_MODEL, CAMERA_SERIAL)
        if secret.encode() in data
    ]
    return found


P3_PROFILE = display_p3_profile()
ADOBE_RGB_PROFILE = adobe_rgb_profile()
