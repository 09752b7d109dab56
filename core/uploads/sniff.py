"""What a file is, from its first bytes: the only evidence the checker trusts."""

# Major brands of ISO BMFF files that are MP4 video (not HEIC, AVIF or QuickTime).
MP4_BRANDS = frozenset(
    {b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42"}
    | {b"avc1", b"M4V ", b"M4VH", b"M4VP", b"MSNV"}
)
QUICKTIME_BRANDS = frozenset({b"qt  "})
# Brands of HEIF still images coded in HEVC (what phones save). AVIF shares the
# container but not the codec: a file naming an AVIF brand is not taken as HEIC.
HEIC_BRANDS = frozenset(
    {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"heif"}
)
HEIF_STRUCTURAL_BRANDS = frozenset({b"mif1", b"msf1"})
AVIF_BRANDS = frozenset({b"avif", b"avis"})
EBML_MAGIC = b"\x1a\x45\xdf\xa3"
EBML_DOCTYPE_ID = 0x4282
FTYP_MOST_BRANDS = 64


def image_format(data: bytes) -> str | None:
    """Return the Pillow format name the magic bytes show, if it is allowed."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if _is_heic(data):
        return "HEIF"
    return None


def film_container(data: bytes) -> str | None:
    """Return ``mp4``, ``mov`` or ``webm`` as the magic bytes show, or None."""
    brands = ftyp_brands(data)
    if brands is not None and brands[0] in MP4_BRANDS:
        return "mp4"
    if brands is not None and brands[0] in QUICKTIME_BRANDS:
        return "mov"
    if _is_webm(data):
        return "webm"
    return None


def ftyp_brands(data: bytes) -> tuple[bytes, frozenset[bytes]] | None:
    """Return the major and compatible brands of an opening ``ftyp`` box, or None."""
    if len(data) < 16 or data[4:8] != b"ftyp":
        return None
    box_size = int.from_bytes(data[:4], "big")
    if not 16 <= box_size <= min(len(data), 16 + 4 * FTYP_MOST_BRANDS):
        return None
    compatible = data[16:box_size]
    return data[8:12], frozenset(
        compatible[i : i + 4] for i in range(0, len(compatible) - 3, 4)
    )


def _is_heic(data: bytes) -> bool:
    """Tell whether an ``ftyp`` box names HEIC (HEVC-coded HEIF), not AVIF."""
    brands = ftyp_brands(data)
    if brands is None:
        return False
    major, compatible = brands
    if major in HEIC_BRANDS:
        return True
    return major in HEIF_STRUCTURAL_BRANDS and not compatible & AVIF_BRANDS


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
