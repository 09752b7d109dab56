"""Content for test entries: a story, a film link, and images to upload."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from core.uploads import CheckedUpload, check_image_upload

STORY = "<p>The first snow fell on the quiet harbour town.</p>"
STORY_WORDS = 9
FILM_URL = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
# Where and with what a careless photo was taken: none of it may be stored.
LATITUDE = ((51.0, 30.0, 26.0), "N")
LONGITUDE = ((0.0, 7.0, 39.0), "W")
CAMERA_SERIAL = "SN-0123456789"
# A filename that gives its owner away; it must never be stored or shown.
REVEALING_FILENAME = "IMG_0042 Jane Smith at 12 Acacia Avenue.jpg"


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
