"""Tiny films made with PyAV for the tests, and a reader of what a film reveals."""

from io import BytesIO

import av
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

# What a phone writes into a film: where, on what and when it was filmed.
GPS = "+51.5074-000.1278+011.000/"
MAKE, MODEL = "Apple", "iPhone 15 Pro"
FILMED_AT = "2026-05-01T10:00:00.000000Z"
PHONE_METADATA = {
    "location": GPS,
    "location-eng": GPS,
    "make": MAKE,
    "model": MODEL,
    "creation_time": FILMED_AT,
    "com.apple.quicktime.make": MAKE,
    "com.apple.quicktime.model": MODEL,
    "com.apple.quicktime.location.ISO6709": GPS,
}
STREAM_METADATA = {"creation_time": FILMED_AT, "handler_name": "Core Media Video"}
REVEALING_BYTES = [GPS.encode(), b"51.5074", MAKE.encode(), MODEL.encode(), b"2026"]
FORMATS = {"mp4": "mp4", "mov": "mov", "webm": "webm", "mkv": "matroska"}
CODECS = {"h264": "libx264", "hevc": "libx265", "vp8": "libvpx", "vp9": "libvpx-vp9"}
PIXEL_FORMATS = {"mjpeg": "yuvj420p", "prores_ks": "yuv422p10le"}


def film_bytes(
    container: str = "mp4",
    codec: str = "h264",
    *,
    frames: int = 12,
    rate: int = 12,
    size: tuple[int, int] = (64, 48),
    sound: str | None = None,
    video: bool = True,
    metadata: dict | None = None,
    rotation: int = 0,
    seekable: bool = True,
    keyframe_every: int | None = None,
) -> bytes:
    """Return a small film: the left half red, the right half changing each second
    (at the default 12 frames a second)."""
    output = BytesIO() if seekable else _Unseekable()
    # As an iPhone does, a MOV keeps its tags as QuickTime "mdta" keys.
    options = {"movflags": "use_metadata_tags"} if container == "mov" else {}
    with av.open(output, "w", format=FORMATS[container], options=options) as film:
        film.metadata.update(metadata or {})
        if video:
            picture = _video_stream(film, codec, rate, size, rotation, metadata)
            if keyframe_every:
                picture.codec_context.gop_size = keyframe_every
        audio = _audio_stream(film, sound, metadata) if sound else None
        for index in range(frames if video else 0):
            _mux(film, picture, av.VideoFrame.from_image(_picture(index, size)))
        if video:
            _mux(film, picture, None)
        if audio is not None:
            _write_sound(film, audio, seconds=frames / rate)
    return output.getvalue()


def film_upload(data: bytes, name: str = "IMG_0042.MOV", content_type="video/mp4"):
    """Return a film as the browser would upload it."""
    return SimpleUploadedFile(name, data, content_type=content_type)


def film_tags(data: bytes) -> dict[str, str]:
    """Return every metadata tag of the film's container and streams, merged."""
    with av.open(BytesIO(data)) as film:
        tags = dict(film.metadata)
        for stream in film.streams:
            tags.update({f"{stream.type}:{k}": v for k, v in stream.metadata.items()})
    return tags


def film_streams(data: bytes) -> list[tuple[str, str]]:
    """Return ``(type, codec)`` of each stream in the film."""
    with av.open(BytesIO(data)) as film:
        return [(s.type, s.codec_context.codec.canonical_name) for s in film.streams]


def film_frames(data: bytes) -> int:
    """Return how many video frames the film decodes to."""
    with av.open(BytesIO(data)) as film:
        return sum(1 for _ in film.decode(video=0))


def film_seconds(data: bytes) -> float:
    with av.open(BytesIO(data)) as film:
        return film.duration / av.time_base


class _Unseekable:
    """A write-only output, like a live recording: the muxer cannot go back."""

    def __init__(self) -> None:
        self.buffer = BytesIO()

    def write(self, data: bytes) -> int:
        return self.buffer.write(data)

    def getvalue(self) -> bytes:
        return self.buffer.getvalue()


def _video_stream(film, codec, rate, size, rotation, metadata):
    picture = film.add_stream(CODECS.get(codec, codec), rate=rate)
    picture.width, picture.height = size
    picture.pix_fmt = PIXEL_FORMATS.get(codec, "yuv420p")
    if rotation:
        picture.set_display_rotation(rotation)
    if metadata:
        picture.metadata.update(STREAM_METADATA)
    return picture


def _audio_stream(film, sound: str, metadata):
    audio = film.add_stream(sound, rate=8000 if sound == "aac" else 48000)
    audio.layout = "mono"
    if metadata:
        audio.metadata.update(STREAM_METADATA)
    return audio


def _picture(index: int, size: tuple[int, int]) -> Image.Image:
    """Return frame ``index``: its right half turns from blue to cyan each second."""
    green = 40 if (index // 12) % 2 == 0 else 200
    picture = Image.new("RGB", size, (20, green, 200))
    picture.paste((230, 20, 20), (0, 0, size[0] // 2, size[1]))
    return picture


def _mux(film, stream, frame) -> None:
    for packet in stream.encode(frame):
        film.mux(packet)


def _write_sound(film, audio, *, seconds: float) -> None:
    samples = audio.codec_context.frame_size or 1024
    sample_format = audio.codec_context.format.name
    count = max(1, round(seconds * audio.rate / samples))
    for index in range(count):
        frame = av.AudioFrame(format=sample_format, layout="mono", samples=samples)
        for plane in frame.planes:
            plane.update(bytes(plane.buffer_size))
        frame.sample_rate, frame.pts = audio.rate, index * samples
        _mux(film, audio, frame)
    _mux(film, audio, None)
