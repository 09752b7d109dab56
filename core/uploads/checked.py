"""The value every checker returns, and the helpers they share."""

import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile

MEGABYTE = 1024 * 1024
MEGAPIXEL = 1_000_000


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed the checker, ready to store under ``content.name``.

    A film carries its poster frame, itself a checked JPEG, in ``poster``.
    """

    content: ContentFile
    kind: str
    mime_type: str
    extension: str
    size: int
    width: int | None
    height: int | None
    poster: "CheckedUpload | None" = None


def random_storage_name(extension: str, *, prefix: str = "entries") -> str:
    """Return a random storage key such as ``entries/3f/3f9a…e1.jpg``."""
    if not extension.isascii() or not extension.isalnum():
        raise ValueError(f"Not a file extension: {extension!r}")
    token = secrets.token_hex(16)
    return f"{prefix.strip('/')}/{token[:2]}/{token}.{extension.lower()}"


def checked(
    kind: str,
    data: bytes,
    mime_type: str,
    extension: str,
    width: int | None,
    height: int | None,
    poster: CheckedUpload | None = None,
) -> CheckedUpload:
    """Return ``data`` as a CheckedUpload under a new random name."""
    content = ContentFile(data, name=random_storage_name(extension))
    return CheckedUpload(
        content=content,
        kind=kind,
        mime_type=mime_type,
        extension=extension,
        size=len(data),
        width=width,
        height=height,
        poster=poster,
    )


def too_big(message, limit: int) -> ValidationError:
    """Return the refusal of a file over ``limit`` bytes, naming the limit in MB."""
    return ValidationError(
        message, code="too_large", params={"limit": number(limit / MEGABYTE)}
    )


def number(value: float) -> str:
    """Return ``value`` with at most two decimals and no trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def read_bounded(uploaded: UploadedFile, limit: int, refusal) -> bytes:
    """Return the upload's bytes, refusing it as soon as it exceeds ``limit``."""
    if uploaded.size is not None and uploaded.size > limit:
        raise refusal
    chunks, total = [], 0
    for chunk in uploaded.chunks():
        total += len(chunk)
        if total > limit:
            raise refusal
        chunks.append(chunk)
    return b"".join(chunks)
