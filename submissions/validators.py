import re
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

YOUTUBE_ID = re.compile(r"\A[A-Za-z0-9_-]{11}\Z")
VIMEO_ID = re.compile(r"\A[0-9]{4,12}\Z")
YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}


def film_provider(url: str) -> str | None:
    """Return "youtube" or "vimeo" for a link to one film there, else None."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme != "https" or parts.username or parts.port:
        return None
    host, path = (parts.hostname or "").lower(), parts.path.rstrip("/")
    if host == "youtu.be":
        return "youtube" if YOUTUBE_ID.match(path.lstrip("/")) else None
    if host in YOUTUBE_HOSTS:
        video = parse_qs(parts.query).get("v", [""])[0] if path == "/watch" else ""
        for prefix in ("/shorts/", "/embed/", "/live/"):
            if path.startswith(prefix):
                video = path.removeprefix(prefix)
        return "youtube" if YOUTUBE_ID.match(video) else None
    if host in VIMEO_HOSTS:
        video = path.removeprefix("/video/").lstrip("/")
        return "vimeo" if VIMEO_ID.match(video) else None
    return None


def validate_film_url(url: str) -> None:
    """Accept only a https link to one YouTube or Vimeo film."""
    if film_provider(url) is None:
        raise ValidationError(
            _(
                "Please give a link to your film on YouTube or Vimeo, such as "
                "https://www.youtube.com/watch?v=… or https://vimeo.com/123456789."
            ),
            code="film_url",
        )
