"""Display P3 and Adobe RGB colour profiles built here (no downloads), and the sRGB
their colours should become, worked out from the colour spaces' definitions."""

import struct

from PIL import ImageCms

# Chromaticities (x, y) of the primaries; both spaces share the D65 white point.
P3_PRIMARIES = ((0.680, 0.320), (0.265, 0.690), (0.150, 0.060))
ADOBE_RGB_PRIMARIES = ((0.640, 0.330), (0.210, 0.710), (0.150, 0.060))
SRGB_PRIMARIES = ((0.640, 0.330), (0.300, 0.600), (0.150, 0.060))
ADOBE_RGB_GAMMA = 563 / 256  # 2.19921875, as the specification gives it
D65 = (0.3127, 0.3290)
D50_XYZ = (0.9642, 1.0, 0.8249)
BRADFORD = (
    (0.8951, 0.2664, -0.1614),
    (-0.7502, 1.7135, 0.0367),
    (0.0389, -0.0685, 1.0296),
)

Matrix = tuple[tuple[float, float, float], ...]


def display_p3_profile() -> bytes:
    """Return an ICC profile for Display P3: sRGB's curves with P3's primaries."""
    return _profile(P3_PRIMARIES, "Display P3 v1")


def adobe_rgb_profile() -> bytes:
    """Return an ICC profile for Adobe RGB (1998): wider greens, a pure 2.2 curve."""
    return _profile(ADOBE_RGB_PRIMARIES, "Adobe RGB 98 ", gamma=ADOBE_RGB_GAMMA)


def to_srgb(rgb: tuple[int, int, int], space: str) -> tuple[int, int, int]:
    """Return the 8-bit sRGB value that shows the same colour as ``rgb`` in ``space``.

    ``space`` is ``"p3"`` or ``"adobe"``; both share sRGB's D65 white, so the
    conversion is one matrix between the linear values.
    """
    primaries, gamma = {
        "p3": (P3_PRIMARIES, None),
        "adobe": (ADOBE_RGB_PRIMARIES, ADOBE_RGB_GAMMA),
    }[space]
    linear = [_decode(value / 255, gamma) for value in rgb]
    to_srgb = _multiply(_inverse(_rgb_to_xyz(SRGB_PRIMARIES)), _rgb_to_xyz(primaries))
    mixed = [sum(to_srgb[row][i] * linear[i] for i in range(3)) for row in range(3)]
    return tuple(round(_encode(min(max(v, 0.0), 1.0)) * 255) for v in mixed)


def _profile(primaries, name: str, gamma: float | None = None) -> bytes:
    """Return LittleCMS's sRGB profile with other primaries (and curve), renamed.

    The colorant tags hold the primaries adapted to ICC's D50 white; the curve
    tags (one shared ``para`` of type 3) get a pure power law when ``gamma`` is
    given.
    """
    profile = bytearray(
        ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    )
    colorants = _multiply(_d65_to_d50(), _rgb_to_xyz(primaries))
    for channel, signature in enumerate((b"rXYZ", b"gXYZ", b"bXYZ")):
        offset = _tag_offset(profile, signature)
        values = [colorants[row][channel] for row in range(3)]
        profile[offset + 8 : offset + 20] = b"".join(_s15f16(v) for v in values)
    if gamma is not None:
        offset = _tag_offset(profile, b"rTRC")
        parameters = (gamma, 1.0, 0.0, 0.0, 0.0)  # (aX + b)^g for X >= d = 0
        profile[offset + 12 : offset + 32] = b"".join(_s15f16(v) for v in parameters)
    _rename(profile, name)
    profile[84:100] = bytes(16)  # the profile ID (an MD5 of the old bytes)
    return bytes(profile)


def _decode(value: float, gamma: float | None = None) -> float:
    """Undo the transfer curve: sRGB's (also Display P3's), or a power law."""
    if gamma is not None:
        return value**gamma
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def _encode(value: float) -> float:
    return value * 12.92 if value <= 0.0031308 else 1.055 * value ** (1 / 2.4) - 0.055


def _xyz(x: float, y: float) -> tuple[float, float, float]:
    return (x / y, 1.0, (1 - x - y) / y)


def _rgb_to_xyz(primaries) -> Matrix:
    """Return the matrix taking linear RGB to XYZ, white (1, 1, 1) to D65."""
    columns = [_xyz(*primary) for primary in primaries]
    unscaled = tuple(tuple(columns[c][r] for c in range(3)) for r in range(3))
    scale = _apply(_inverse(unscaled), _xyz(*D65))
    return tuple(tuple(unscaled[r][c] * scale[c] for c in range(3)) for r in range(3))


def _d65_to_d50() -> Matrix:
    """Return the Bradford adaptation from D65 to ICC's D50 white."""
    source, target = _apply(BRADFORD, _xyz(*D65)), _apply(BRADFORD, D50_XYZ)
    gains = tuple(tuple(target[r] / source[r] if r == c else 0.0 for c in range(3))
                  for r in range(3))  # fmt: skip
    return _multiply(_inverse(BRADFORD), _multiply(gains, BRADFORD))


def _apply(matrix: Matrix, vector) -> tuple[float, float, float]:
    return tuple(sum(matrix[r][c] * vector[c] for c in range(3)) for r in range(3))


def _multiply(a: Matrix, b: Matrix) -> Matrix:
    return tuple(
        tuple(sum(a[r][k] * b[k][c] for k in range(3)) for c in range(3))
        for r in range(3)
    )


def _inverse(m: Matrix) -> Matrix:
    (a, b, c), (d, e, f), (g, h, i) = m
    det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
    adjugate = (
        (e * i - f * h, c * h - b * i, b * f - c * e),
        (f * g - d * i, a * i - c * g, c * d - a * f),
        (d * h - e * g, b * g - a * h, a * e - b * d),
    )
    return tuple(tuple(value / det for value in row) for row in adjugate)


def _s15f16(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _tag_offset(profile: bytearray, signature: bytes) -> int:
    (count,) = struct.unpack(">I", profile[128:132])
    for index in range(count):
        entry = 132 + 12 * index
        tag, offset, _size = struct.unpack(">4sII", profile[entry : entry + 12])
        if tag == signature:
            return offset
    raise KeyError(signature)


def _rename(profile: bytearray, name: str) -> None:
    """Overwrite the description (a same-length UTF-16 string in an ``mluc``)."""
    old = "sRGB built-in".encode("utf-16-be")
    new = name.encode("utf-16-be")
    assert len(new) == len(old)
    start = profile.index(old)
    profile[start : start + len(old)] = new
