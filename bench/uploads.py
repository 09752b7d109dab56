"""Benchmark the upload checker: phone photos, a phone film, and a decompression bomb.

Reports the time and peak Python memory to check a 12-megapixel JPEG; the time to
check the same picture as an iPhone's HEIC and as a Display P3 JPEG (ratios to the
plain JPEG: decoding HEVC and converting colours); the time to check a 10-second
720p film (remux and poster) as a fraction of its running time; and the ratio of
the bomb's refusal time to the photo's check time (the bomb must be refused from
its header, far faster than a real photo is re-encoded).
"""

import statistics
import struct
import time
import tracemalloc
import zlib
from io import BytesIO

import av
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.uploads import check_film_upload, check_image_upload, register_heif_opener

REPEATS = 5
FILM_SECONDS, FILM_RATE, FILM_SIZE = 10, 30, (1280, 720)


def photo(size=(4000, 3000)) -> Image.Image:
    """Return a picture with real detail (noise), like a photo."""
    return Image.effect_noise(size, 60).convert("RGB")


def photo_bytes(size=(4000, 3000), format_="JPEG", **options) -> bytes:
    """Return the photo encoded as ``format_``."""
    buffer = BytesIO()
    photo(size).save(buffer, format_, quality=88, **options)
    return buffer.getvalue()


def p3_profile() -> bytes:
    from tests.support.colour import display_p3_profile

    return display_p3_profile()


def film_bytes() -> bytes:
    """Return a 10-second 720p H.264 MOV with sound, as a phone might record it."""
    buffer = BytesIO()
    frames = [photo(FILM_SIZE) for _ in range(4)]
    with av.open(buffer, "w", format="mov") as film:
        video = film.add_stream("libx264", rate=FILM_RATE, options={"preset": "fast"})
        video.width, video.height = FILM_SIZE
        video.pix_fmt = "yuv420p"
        for index in range(FILM_SECONDS * FILM_RATE):
            frame = av.VideoFrame.from_image(frames[index % len(frames)])
            film.mux(video.encode(frame))
        film.mux(video.encode(None))
    return buffer.getvalue()


def bomb_bytes(side=30_000) -> bytes:
    """Return a tiny PNG whose header claims side × side pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)


def timed(data: bytes, name: str, check=check_image_upload) -> float:
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    start = time.perf_counter()
    try:
        check(upload)
    except ValidationError:
        pass
    return time.perf_counter() - start


def median_ms(data: bytes, name: str, check=check_image_upload) -> float:
    return statistics.median(timed(data, name, check) for _ in range(REPEATS)) * 1000


def measure() -> dict:
    register_heif_opener()
    jpeg, bomb = photo_bytes(), bomb_bytes()
    photo_ms, bomb_ms = median_ms(jpeg, "p.jpg"), median_ms(bomb, "b.png")
    tracemalloc.start()
    timed(jpeg, "p.jpg")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    heic_ms = median_ms(photo_bytes(format_="HEIF"), "p.heic")
    p3_ms = median_ms(photo_bytes(icc_profile=p3_profile()), "p3.jpg")
    film_ms = median_ms(film_bytes(), "f.mov", check_film_upload)
    return {
        "photo_12mp_ms": photo_ms,
        "photo_12mp_peak_python_mb": peak / 1_000_000,
        "heic_12mp_ms": heic_ms,
        "heic_to_jpeg_time_ratio": heic_ms / photo_ms,
        "p3_jpeg_12mp_ms": p3_ms,
        "p3_to_srgb_jpeg_time_ratio": p3_ms / photo_ms,
        "film_10s_720p_ms": film_ms,
        "film_check_to_running_time_ratio": film_ms / (FILM_SECONDS * 1000),
        "bomb_900mp_ms": bomb_ms,
        "bomb_to_photo_time_ratio": bomb_ms / photo_ms,
    }


def summary(uploads: dict) -> str:
    """Return the benchmark's results as the lines ``make bench`` prints."""
    return (
        f"upload check     12 MP photo {uploads['photo_12mp_ms']:.0f} ms, "
        f"peak {uploads['photo_12mp_peak_python_mb']:.0f} MB in Python; "
        f"900 MP bomb refused in {uploads['bomb_900mp_ms']:.1f} ms "
        f"(×{uploads['bomb_to_photo_time_ratio']:.4f} of the photo)\n"
        f"                 12 MP HEIC {uploads['heic_12mp_ms']:.0f} ms "
        f"(×{uploads['heic_to_jpeg_time_ratio']:.2f}); 12 MP Display P3 JPEG "
        f"{uploads['p3_jpeg_12mp_ms']:.0f} ms "
        f"(×{uploads['p3_to_srgb_jpeg_time_ratio']:.2f})\n"
        f"                 10 s 720p MOV film {uploads['film_10s_720p_ms']:.0f} ms "
        f"(×{uploads['film_check_to_running_time_ratio']:.3f} of its running time)"
    )
