"""Colours: what a photo's values mean (its ICC profile, or a HEIC's nclx colour
tags), so that they can be put into sRGB before the profile is dropped."""

import struct
from functools import cache
from io import BytesIO

from PIL import Image, ImageCms

SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
# Modes whose colour profile is honoured; other profiles (grey, palette) are dropped.
COLOUR_MANAGED_MODES = frozenset({"RGB", "RGBA", "CMYK"})
# nclx tags (ITU-T H.273) of a Display P3 photo as phones save HEIC: P3 primaries
# with the D65 white, and sRGB's transfer curve.
NCLX_DISPLAY_P3 = {"color_primaries": 12, "transfer_characteristics": 13}
# Display P3's primaries as ICC colorants (XYZ adapted to the D50 white, Bradford).
DISPLAY_P3_COLORANTS = {
    b"rXYZ": (0.515121, 0.241196, -0.001053),
    b"gXYZ": (0.291977, 0.692245, 0.041885),
    b"bXYZ": (0.157104, 0.066574, 0.784073),
}


def in_srgb(image: Image.Image) -> Image.Image:
    """Return the image's colours converted from its own colour space into sRGB.

    The profile is about to be dropped: without this a Display P3 photo from a
    phone, or an Adobe RGB one from a camera, would look dull. A profile that
    cannot be read is ignored (the colours are taken as sRGB already).
    """
    profile = _profile_of(image)
    if profile is None:
        return image
    try:
        return ImageCms.profileToProfile(
            image,
            profile,
            SRGB,
            renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
            outputMode="RGBA" if image.mode == "RGBA" else "RGB",
        )
    except (ImageCms.PyCMSError, ValueError, OSError):
        return image


def _profile_of(image: Image.Image) -> ImageCms.ImageCmsProfile | None:
    """Return the profile the image's values are in, if it matters and is known."""
    if image.mode not in COLOUR_MANAGED_MODES:
        return None
    if icc := image.info.get("icc_profile"):
        return _readable(icc, "CMYK" if image.mode == "CMYK" else "RGB")
    nclx = image.info.get("nclx_profile") or {}
    if all(nclx.get(key) == value for key, value in NCLX_DISPLAY_P3.items()):
        return display_p3()
    return None


def _readable(icc: bytes, colour_space: str) -> ImageCms.ImageCmsProfile | None:
    try:
        profile = ImageCms.ImageCmsProfile(BytesIO(icc))
    except (ImageCms.PyCMSError, ValueError, OSError, TypeError):
        return None
    if profile.profile.xcolor_space.strip() != colour_space:
        return None
    return profile


@cache
def display_p3() -> ImageCms.ImageCmsProfile:
    """Return a Display P3 profile: LittleCMS's sRGB with P3's primaries.

    Both share the D65 white and the sRGB transfer curve, so only the three
    colorant tags differ.
    """
    profile = bytearray(SRGB.tobytes())
    (count,) = struct.unpack(">I", profile[128:132])
    for index in range(count):
        entry = 132 + 12 * index
        tag, offset, _size = struct.unpack(">4sII", profile[entry : entry + 12])
        if tag in DISPLAY_P3_COLORANTS:
            values = DISPLAY_P3_COLORANTS[tag]
            packed = b"".join(struct.pack(">i", round(v * 65536)) for v in values)
            profile[offset + 8 : offset + 20] = packed
    profile[84:100] = bytes(16)  # the profile ID, an MD5 of the sRGB bytes
    return ImageCms.ImageCmsProfile(BytesIO(bytes(profile)))
