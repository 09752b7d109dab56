"""A film with no stored embed is shown as a plain, translatable link."""

from types import SimpleNamespace

import pytest

from submissions.templatetags import entry_tags

FILM_URL = "https://vimeo.com/1?a=1&b=2"


@pytest.mark.django_db
def test_a_film_without_an_embed_is_a_plain_link():
    """The link names the film's address and says what it is."""
    html = entry_tags.film_embed(SimpleNamespace(film_url=FILM_URL))

    assert html == (
        '<p class="film-link"><a href="https://vimeo.com/1?a=1&amp;b=2" '
        'rel="nofollow ugc noopener">Watch the film</a></p>'
    )


@pytest.mark.django_db
def test_the_film_link_text_is_translated(monkeypatch):
    """The link's words go through gettext, so Welsh can replace them."""
    welsh = {"Watch the film": "Gwylio’r ffilm"}
    monkeypatch.setattr(entry_tags, "gettext", lambda text: welsh.get(text, text))

    html = entry_tags.film_embed(SimpleNamespace(film_url=FILM_URL))

    assert ">Gwylio’r ffilm</a>" in html
