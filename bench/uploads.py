"""Benchmark the upload checker: a phone photo, and a decompression bomb.

Reports the time and peak Python memory to check a 12-megapixel JPEG, and the
ratio of the bomb's refusal time to the photo's check time (the bomb must be
refused from its header, far faster than a real photo is re-encoded).
"""

import statistics
import struct
import time
import tracemalloc
import zlib
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.uploads import check_image_upload

REPEATS = 5


def photo_bytes(size=(4000, 3000)) -> bytes:
    """Return a JPEG with real detail (a gradient with noise), like a photo."""
    image = Image.effect_noise(size, 60).convert("RGB")
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def bomb_bytes(side=30_000) -> bytes:
    """Return a tiny PNG whose header claims side × side pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)


def timed(data: bytes, name: str) -> float:
    upload = SimpleUploadedFile(name, data, content_type="image/jpeg")
    start = time.perf_counter()
    try:
        check_image_upload(upload)
    except ValidationError:
        pass
    return time.perf_counter() - start


def measure() -> dict:
    photo, bomb = photo_bytes(), bomb_bytes()
    photo_times = [timed(photo, "p.jpg") for _ in range(REPEATS)]
    bomb_times = [timed(bomb, "b.png") for _ in range(REPEATS)]
    tracemalloc.start()
    timed(photo, "p.jpg")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    photo_ms = statistics.median(photo_times) * 1000
    bomb_ms = statistics.median(bomb_times) * 1000
    return {
        "photo_12mp_ms": photo_ms,
        "photo_12mp_peak_python_mb": peak / 1_000_000,
        "bomb_900mp_ms": bomb_ms,
        "bomb_to_photo_time_ratio": bomb_ms / photo_ms,
    }
