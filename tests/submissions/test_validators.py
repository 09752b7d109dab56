"""Film links are accepted only as https links to one YouTube or Vimeo film."""

import pytest
from django.core.exceptions import ValidationError

from submissions.validators import film_provider, validate_film_url

YOUTUBE = [
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s",
    "https://m.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PL590L5WQmH8fJ54F369BLDSqIwcs-TCfs",
    "https://www.youtube.com/shorts/dQw4w9WgXcQ",
    "https://www.youtube.com/embed/dQw4w9WgXcQ",
    "https://www.youtube.com/live/dQw4w9WgXcQ",
    "https://youtu.be/dQw4w9WgXcQ",
    "https://youtu.be/dQw4w9WgXcQ?si=abc",
    "https://WWW.YouTube.com/watch?v=dQw4w9WgXcQ",
    "  https://youtu.be/dQw4w9WgXcQ  ",
]
VIMEO = [
    "https://vimeo.com/123456789",
    "https://www.vimeo.com/123456789/",
    "https://player.vimeo.com/video/123456789",
]
REFUSED = [
    pytest.param("http://www.youtube.com/watch?v=dQw4w9WgXcQ", id="http-youtube"),
    pytest.param("http://vimeo.com/123456789", id="http-vimeo"),
    pytest.param("https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ", id="suffix"),
    pytest.param("https://evil.example/youtube.com/watch?v=dQw4w9WgXcQ", id="path"),
    pytest.param("https://vimeo.com@evil.example/123456789", id="userinfo-host"),
    pytest.param("https://user:pw@vimeo.com/123456789", id="userinfo"),
    pytest.param("https://evilyoutube.com/watch?v=dQw4w9WgXcQ", id="lookalike"),
    pytest.param("https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ", id="port"),
    pytest.param("https://www.youtube.com/playlist?list=PL590L5WQmH8f", id="playlist"),
    pytest.param("https://www.youtube.com/watch?list=PL590L5WQmH8f", id="no-video"),
    pytest.param("https://www.youtube.com/watch?v=short", id="bad-video-id"),
    pytest.param("https://www.youtube.com/watch?v=dQw4w9WgXcQ<x>", id="id-junk"),
    pytest.param("https://www.youtube.com/@somechannel", id="channel"),
    pytest.param("https://youtu.be/", id="youtu-be-empty"),
    pytest.param("https://vimeo.com/channels/staffpicks", id="vimeo-channel"),
    pytest.param("https://vimeo.com/12", id="vimeo-short-id"),
    pytest.param("javascript:alert(1)", id="javascript"),
    pytest.param("JaVaScRiPt://www.youtube.com/%0aalert(1)", id="javascript-host"),
    pytest.param("data:text/html,<script>alert(1)</script>", id="data"),
    pytest.param("//www.youtube.com/watch?v=dQw4w9WgXcQ", id="no-scheme"),
    pytest.param("https://[::1/", id="broken-ipv6"),
    pytest.param("not a link at all", id="garbage"),
    pytest.param("", id="empty"),
]


@pytest.mark.parametrize("url", YOUTUBE)
def test_youtube_film_links_are_accepted(url):
    """Watch, shorts, embed, live and youtu.be links to one film are YouTube."""
    assert film_provider(url) == "youtube"
    validate_film_url(url)


@pytest.mark.parametrize("url", VIMEO)
def test_vimeo_film_links_are_accepted(url):
    """vimeo.com and player.vimeo.com links to one film are Vimeo."""
    assert film_provider(url) == "vimeo"
    validate_film_url(url)


@pytest.mark.parametrize("url", REFUSED)
def test_anything_else_is_refused_with_a_helpful_message(url):
    """Other hosts, schemes, playlists and junk are refused, with an example."""
    assert film_provider(url) is None

    with pytest.raises(ValidationError) as caught:
        validate_film_url(url)

    assert caught.value.code == "film_url"
    assert "YouTube or Vimeo" in caught.value.messages[0]
    assert "https://vimeo.com/123456789" in caught.value.messages[0]
