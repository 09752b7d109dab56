"""Films: opened by FFmpeg (through PyAV) as the container their bytes name,
checked, and copied without re-encoding into a fresh file that holds the picture
and sound and nothing else."""

import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import av
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image

from .checked import CheckedUpload, checked, read_bounded, too_big
from .images import encode_image, pillow_errors_as_validation_errors, too_many_pixels
from .sniff import film_container

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FilmFormat:
    """A container the checker accepts: FFmpeg's demuxer and the codecs taken in it."""

    demuxer: str
    video_codecs: frozenset[str]
    audio_codecs: frozenset[str]


@dataclass(frozen=True)
class StoredFormat:
    """How a checked film is written: FFmpeg's muxer, its options and its type."""

    muxer: str
    mime_type: str
    extension: str
    options: dict[str, str] = field(default_factory=dict)


MP4_VIDEO_CODECS = frozenset({"h264", "hevc", "av1", "vp9"})
MP4_AUDIO_CODECS = frozenset({"aac", "mp3", "alac", "opus", "flac", "ac3", "eac3"})
# Uncompressed sound that QuickTime holds but MP4 does not: such a film stays a MOV.
QUICKTIME_ONLY_AUDIO_CODECS = frozenset(
    {"pcm_s16le", "pcm_s16be", "pcm_s24le", "pcm_s24be", "pcm_f32le", "pcm_f32be"}
)
FILM_FORMATS = {
    "mp4": FilmFormat("mov", MP4_VIDEO_CODECS, MP4_AUDIO_CODECS),
    "mov": FilmFormat(
        "mov", MP4_VIDEO_CODECS, MP4_AUDIO_CODECS | QUICKTIME_ONLY_AUDIO_CODECS
    ),
    "webm": FilmFormat(
        "matroska", frozenset({"vp8", "vp9", "av1"}), frozenset({"opus", "vorbis"})
    ),
}
# faststart puts the index first so that a browser can start playing at once;
# bitexact leaves out the muxer's own name and version.
QUICKTIME_OPTIONS = {"movflags": "+faststart", "fflags": "+bitexact"}
STORED_FORMATS = {
    "mp4": StoredFormat("mp4", "video/mp4", "mp4", QUICKTIME_OPTIONS),
    "mov": StoredFormat("mov", "video/quicktime", "mov", QUICKTIME_OPTIONS),
    "webm": StoredFormat("webm", "video/webm", "webm", {"fflags": "+bitexact"}),
}
DEMUXER_OF_STORED = {"mp4": "mov", "mov": "mov", "webm": "matroska"}
# How far a film may run past the limit, or stop short of the length its header
# declares, before it counts as too long or cut off (the last frame's rounding).
DURATION_SLACK_SECONDS = 0.5
# More packets than this per second of the limit is no film a phone or an editor
# makes (240 frames a second and sound in 10 ms packets fit well under it): a file
# of countless tiny packets, or timestamps that never move on, is refused.
MOST_PACKETS_PER_SECOND = 1000
POSTER_AT_SECONDS = 1.0
ROTATIONS = {
    90: Image.Transpose.ROTATE_90,
    -90: Image.Transpose.ROTATE_270,
    180: Image.Transpose.ROTATE_180,
    -180: Image.Transpose.ROTATE_180,
}

FILM_ACCEPT = "video/mp4,video/quicktime,video/webm,.mp4,.m4v,.mov,.webm"

NOT_A_FILM = _(
    "This file is not an MP4, MOV or WebM film. "
    "Please choose a film in one of those formats."
)
FILM_TOO_BIG = _(
    "This film is larger than %(limit)s MB. "
    "Please choose an MP4, MOV or WebM film of %(limit)s MB or less."
)
DAMAGED_FILM = _(
    "This film looks damaged or incomplete. "
    "Please choose another copy of it as an MP4, MOV or WebM film."
)
NO_PICTURE = _(
    "This file has no picture, only sound or nothing at all. "
    "Please choose a film (MP4, MOV or WebM) with video in it."
)
VIDEO_FORMAT = _(
    "This film's video is in a format we cannot show (%(codec)s). Please export it "
    "as an MP4 or MOV with H.264 or HEVC video, or as a WebM with VP8, VP9 or AV1."
)
SOUND_FORMAT = _(
    "This film's sound is in a format we cannot keep (%(codec)s). Please export it "
    "as an MP4 or MOV with AAC sound, or as a WebM with Opus or Vorbis sound."
)
FILM_TOO_LONG = _(
    "This film runs for %(length)s; films may be at most %(limit)s long. "
    "Please trim it and choose it again."
)
FILM_TOO_MANY_PIXELS = _(
    "This film's picture is too large to process. Please choose a film of at most "
    "%(limit)s megapixels a frame (4K or smaller)."
)


@dataclass
class Copied:
    """What copying a film's packets found: how far it ran and what was left out."""

    end_seconds: float = 0.0
    packets: dict[int, int] = field(default_factory=dict)
    stopped_for: str = ""


def check_film_upload(uploaded: UploadedFile) -> CheckedUpload:
    """Return a film copied without its metadata, with a poster frame, or refuse it."""
    limit = settings.UPLOAD_MAX_FILM_BYTES
    data = read_bounded(uploaded, limit, too_big(FILM_TOO_BIG, limit))
    container = film_container(data)
    if container is None:
        raise ValidationError(NOT_A_FILM, code="file_type")
    with _ffmpeg_errors_as_validation_errors():
        with _open(data, FILM_FORMATS[container].demuxer) as source:
            streams = _kept_streams(source, FILM_FORMATS[container])
            _refuse_if_too_long(_declared_seconds(source))
            stored = STORED_FORMATS[_stored_as(container, streams)]
            film = _remux(source, streams, stored)
        poster = _poster(film, DEMUXER_OF_STORED[stored.extension])
    return checked(
        "film",
        film,
        stored.mime_type,
        stored.extension,
        poster.width,
        poster.height,
        poster,
    )


@contextmanager
def _ffmpeg_errors_as_validation_errors() -> Iterator[None]:
    """Turn anything FFmpeg cannot read into the plain "damaged" refusal."""
    try:
        yield
    except (av.FFmpegError, OSError, EOFError, ValueError, IndexError) as exc:
        logger.info("Refused a film FFmpeg could not read: %s", exc)
        raise ValidationError(DAMAGED_FILM, code="damaged") from exc


def _open(data: bytes, demuxer: str) -> av.container.InputContainer:
    """Open ``data`` with the one demuxer named; FFmpeg may open no other file."""
    return av.open(BytesIO(data), format=demuxer, io_open=_no_other_files)


def _no_other_files(url: str, flags: int, options: dict):
    raise PermissionError(f"A film may not refer to another file: {url!r}")


def _kept_streams(source, film_format: FilmFormat) -> list:
    """Return the film's first video stream and first sound stream, checked."""
    if not source.streams:
        raise ValidationError(DAMAGED_FILM, code="damaged")
    video = next((s for s in source.streams.video if not _is_attached_picture(s)), None)
    if video is None:
        raise ValidationError(NO_PICTURE, code="no_video")
    _check_codec(video, film_format.video_codecs, VIDEO_FORMAT, "video_format")
    _check_picture_size(video)
    audio = next(iter(source.streams.audio), None)
    if audio is None:
        return [video]
    _check_codec(audio, film_format.audio_codecs, SOUND_FORMAT, "sound_format")
    return [video, audio]


def _is_attached_picture(stream) -> bool:
    return bool(stream.disposition & av.stream.Disposition.attached_pic)


def _codec_name(stream) -> str:
    codec = stream.codec_context.codec
    return codec.canonical_name or codec.name


def _check_codec(stream, allowed: frozenset[str], message, code: str) -> None:
    name = _codec_name(stream)
    if name not in allowed:
        raise ValidationError(message, code=code, params={"codec": name})


def _check_picture_size(video) -> None:
    width, height = video.codec_context.width, video.codec_context.height
    if width <= 0 or height <= 0:
        raise ValidationError(DAMAGED_FILM, code="damaged")
    if width * height > settings.UPLOAD_MAX_IMAGE_PIXELS:
        raise too_many_pixels(FILM_TOO_MANY_PIXELS)


def _declared_seconds(source) -> float | None:
    """Return the length the container's header declares, if it declares one."""
    if source.duration is None or source.duration <= 0:
        return None
    return source.duration / av.time_base


def _refuse_if_too_long(seconds: float | None) -> None:
    limit = settings.UPLOAD_MAX_FILM_SECONDS
    if seconds is not None and seconds > limit + DURATION_SLACK_SECONDS:
        raise ValidationError(
            FILM_TOO_LONG,
            code="too_long",
            params={"length": _length(seconds), "limit": _length(limit)},
        )


def _length(seconds: float) -> str:
    """Return a film's length as "3 min 20 s", "3 min" or "45 s"."""
    minutes, rest = divmod(round(seconds), 60)
    if not minutes:
        return _("%(seconds)d s") % {"seconds": rest}
    if not rest:
        return _("%(minutes)d min") % {"minutes": minutes}
    return _("%(minutes)d min %(seconds)d s") % {"minutes": minutes, "seconds": rest}


def _stored_as(container: str, streams: list) -> str:
    """Return the container to store in: a MOV becomes an MP4 if its codecs allow."""
    if container != "mov":
        return container
    mp4_codecs = MP4_VIDEO_CODECS | MP4_AUDIO_CODECS
    return "mp4" if all(_codec_name(s) in mp4_codecs for s in streams) else "mov"


def _remux(source, streams: list, stored: StoredFormat) -> bytes:
    """Return the streams copied packet by packet into a new file, metadata-free.

    A new container starts with no metadata; the copied streams get their codec
    parameters (and the display rotation) but not their tags, so GPS (``©xyz``,
    ``location``), the device's make and model and the creation time stay behind,
    as do any other tracks (timecode, Apple's metadata track) and trailing bytes.
    """
    with tempfile.TemporaryDirectory(prefix="opencall-film-") as folder:
        path = Path(folder) / f"film.{stored.extension}"
        with av.open(
            str(path), "w", format=stored.muxer, container_options=stored.options
        ) as output:
            copies = {s.index: output.add_stream_from_template(s) for s in streams}
            for copy in copies.values():
                copy.metadata.clear()
            output.metadata.clear()
            copied = _copy_packets(source, streams, output, copies)
        _refuse_what_copying_found(source, streams, copied)
        return path.read_bytes()


def _copy_packets(source, streams: list, output, copies: dict) -> Copied:
    """Copy every packet of the kept streams; stop at a damaged or over-long one."""
    copied = Copied(packets=dict.fromkeys(copies, 0))
    start = (source.start_time or 0) / av.time_base
    for packet in source.demux(*streams):
        if packet.dts is None:
            continue  # the demuxer's empty packet at the end of a stream
        copied.end_seconds = max(copied.end_seconds, _end(packet) - start)
        copied.stopped_for = _reason_to_stop(packet, copied)
        if copied.stopped_for:
            break
        copied.packets[packet.stream.index] += 1
        packet.stream = copies[packet.stream.index]
        output.mux(packet)
    return copied


def _reason_to_stop(packet, copied: Copied) -> str:
    """Return why copying stops at this packet: "damaged", "too_long", or ""."""
    limit = settings.UPLOAD_MAX_FILM_SECONDS + DURATION_SLACK_SECONDS
    too_many = sum(copied.packets.values()) >= limit * MOST_PACKETS_PER_SECOND
    if packet.is_corrupt or too_many:
        return "damaged"
    return "too_long" if copied.end_seconds > limit else ""


def _end(packet) -> float:
    """Return when a packet's content ends, in seconds from the stream's origin."""
    timestamp = packet.pts if packet.pts is not None else packet.dts
    return float((timestamp + (packet.duration or 0)) * packet.time_base)


def _refuse_what_copying_found(source, streams: list, copied: Copied) -> None:
    """Refuse a film that ran too long or that stops short of what it declares."""
    if copied.stopped_for == "too_long":
        _refuse_if_too_long(copied.end_seconds)
    declared = _declared_seconds(source)
    short_of_header = (
        declared is not None and copied.end_seconds < declared - DURATION_SLACK_SECONDS
    )
    # An MP4 or MOV lists every video frame in its index (a WebM does not): fewer
    # packets than that means the file was cut off.
    video, frames = streams[0], copied.packets[streams[0].index]
    missing_frames = frames == 0 or frames < video.frames
    if copied.stopped_for == "damaged" or short_of_header or missing_frames:
        raise ValidationError(DAMAGED_FILM, code="damaged")


def _poster(film: bytes, demuxer: str) -> CheckedUpload:
    """Return a frame about a second in, turned upright, as a metadata-free JPEG."""
    with _open(film, demuxer) as stored:
        frame = _poster_frame(stored, stored.streams.video[0])
        image = _upright(frame.to_image(), frame.rotation)
    with pillow_errors_as_validation_errors():
        output, width, height = encode_image(image, "JPEG")
    return checked("poster", output, "image/jpeg", "jpg", width, height)


def _poster_frame(stored, video):
    """Return the first keyframe from about a second in, or else the first frame.

    Jumping to a keyframe means decoding one frame, not every frame before it.
    """
    video.codec_context.thread_type = "AUTO"
    length = _declared_seconds(stored) or 0.0
    moment = (stored.start_time or 0) / av.time_base + min(
        POSTER_AT_SECONDS, length / 2
    )
    try:
        stored.seek(round(moment / video.time_base), stream=video, backward=False)
        frame = next(stored.decode(video), None)
    except av.FFmpegError:
        frame = None
    if frame is None:
        stored.seek(0, stream=video)
        frame = next(stored.decode(video), None)
    if frame is None:
        raise ValidationError(DAMAGED_FILM, code="damaged")
    return frame


def _upright(image: Image.Image, rotation: int | float | None) -> Image.Image:
    """Return a frame turned as the film's display rotation (counter-clockwise) says."""
    method = ROTATIONS.get(round(rotation or 0))
    return image if method is None else image.transpose(method)
