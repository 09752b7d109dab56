"""The one checker every member upload passes before it is stored.

Policy: the type comes from the file's bytes, never from its name or the browser;
sizes are checked before anything is parsed; every file is stored under a random
key and the original filename is dropped.

- Photos (JPEG, PNG, WebP, and HEIC/HEIF as phones save them) are decoded only
  after their header shows a sane pixel count, turned upright, converted from
  their colour space (ICC profile, or a HEIC's nclx Display P3 tag) into sRGB,
  then saved afresh (HEIC as JPEG), so EXIF (GPS, serials, names), the profile
  and anything appended to the image data are gone.
- Films (MP4, QuickTime MOV, WebM) are opened by FFmpeg with the one demuxer their
  bytes name and no access to any other file; they must hold a video stream in an
  allowed codec (H.264, HEVC, AV1 or VP9 in MP4/MOV; VP8, VP9 or AV1 in WebM), at
  most ``UPLOAD_MAX_FILM_SECONDS`` of it, and sound, if any, in a codec the
  container is meant for. The picture and sound are copied without re-encoding
  into a new file, so every metadata atom (GPS, device make and model, creation
  time), every other track and anything appended are gone; a MOV is stored as MP4
  when its codecs allow. A frame about a second in becomes the film's poster, a
  checked JPEG. Anything FFmpeg cannot read is refused as damaged.
"""

from .checked import CheckedUpload, random_storage_name
from .films import FILM_ACCEPT, check_film_upload
from .images import IMAGE_ACCEPT, check_image_upload, register_heif_opener

__all__ = [
    "FILM_ACCEPT",
    "IMAGE_ACCEPT",
    "CheckedUpload",
    "check_film_upload",
    "check_image_upload",
    "random_storage_name",
    "register_heif_opener",
]
