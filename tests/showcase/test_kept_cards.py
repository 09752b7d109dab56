"""Entry cards and the filter form are kept as HTML by what they show.

``showcase.cards``, ``showcase.fragments``.

These tests commit (``transactional_db``): inside a transaction nothing is kept.
"""

import pytest
from bs4 import BeautifulSoup
from django.test.signals import template_rendered
from wagtail.models import Page

from core import pagecache
from showcase import cards
from showcase.templatetags.showcase_tags import FILTERS_TEMPLATE
from submissions.models import Entry
from voting.models import EntryVoteCount, ShowCounts

from .builders import image_entry
from .test_most_voted import voting_competition

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def pages_made_afresh(settings):
    """No whole-page cache: each gallery here is made, as on a cache miss."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def renders():
    """The names of the templates rendered so far."""
    rendered = []

    def seen(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(seen)
    yield rendered
    template_rendered.disconnect(seen)


def card_count(renders) -> int:
    return renders.count(cards.CARD_TEMPLATE)


def gallery(client, competition, path="gallery/") -> BeautifulSoup:
    response = client.get(competition.url + path)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def card_texts(page: BeautifulSoup) -> list[str]:
    return [card.get_text(" ", strip=True) for card in page.select(".entry-card")]


def test_cards_are_rendered_once_then_kept(client, competition, renders):
    gallery(client, competition)  # the site's settings made, as on any first page
    image_entry(competition, title="Red square")
    image_entry(competition, title="Blue door")

    first = gallery(client, competition)
    rendered_first = card_count(renders)
    again = gallery(client, competition)

    assert rendered_first == 2
    assert card_count(renders) == 2  # the second gallery rendered no card
    assert str(first.select_one(".gallery__grid")) == str(
        again.select_one(".gallery__grid")
    )
    assert sorted(a.get_text() for a in again.select(".card__title a")) == [
        "Blue door",
        "Red square",
    ]


def test_a_title_changed_without_any_signal_shows_at_once(client, competition):
    entry = image_entry(competition, title="Red square")
    gallery(client, competition)
    generation = pagecache.cache.get(pagecache.GENERATION_KEY)

    Entry.objects.filter(pk=entry.pk).update(title="Green square")  # no signal

    assert pagecache.cache.get(pagecache.GENERATION_KEY) == generation
    assert [
        a.get_text() for a in gallery(client, competition).select(".card__title a")
    ] == ["Green square"]


def test_a_count_that_moves_shows_on_the_next_gallery(client, competition_index):
    competition = voting_competition(competition_index, show_counts=ShowCounts.DURING)
    entry = image_entry(competition, title="Red square")
    EntryVoteCount.objects.create(entry=entry, valid_votes=3)
    assert "3 votes" in card_texts(gallery(client, competition))[0]

    EntryVoteCount.objects.filter(entry=entry).update(valid_votes=4)

    assert "4 votes" in card_texts(gallery(client, competition))[0]


def test_a_handle_changed_shows_on_the_next_gallery(client, competition):
    entry = image_entry(competition, title="Red square")
    assert f"by {entry.author.handle}" in card_texts(gallery(client, competition))[0]

    type(entry.author).objects.filter(pk=entry.author_id).update(handle="new_name")

    assert "by new_name" in card_texts(gallery(client, competition))[0]


def test_the_showcase_card_follows_its_competitions_title(client, competition):
    image_entry(competition, title="Red square")
    showcase = "/showcase/"
    assert competition.title in card_texts(_page(client, showcase))[0]

    Page.objects.filter(pk=competition.pk).update(title="Night markets")

    assert "Night markets" in card_texts(_page(client, showcase))[0]


def test_the_same_cards_alone_and_in_the_showcase_are_kept_apart(
    client, competition, renders
):
    """Cards listing their competition are not the gallery's cards."""
    image_entry(competition, title="Red square")
    gallery(client, competition)
    showcase = _page(client, "/showcase/")

    assert card_count(renders) == 2
    assert competition.title in card_texts(showcase)[0]


def test_cards_render_while_the_cache_is_unreachable(client, competition, redis_down):
    image_entry(competition, title="Red square")

    for _ in range(2):
        page = gallery(client, competition)
        assert [a.get_text() for a in page.select(".card__title a")] == ["Red square"]


def test_the_key_is_the_same_for_the_same_cards_loaded_twice(competition):
    """Nothing in a card's inputs differs between two loads of one entry."""
    entry = image_entry(competition, title="Red square")

    def loaded():
        found = Entry.objects.select_related(
            "author", "competition", "referral_partner"
        ).get(pk=entry.pk)
        return cards.cards_key([found], show_counts=False, show_competition=False)

    assert loaded() == loaded()


def _page(client, path) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_cards_are_kept_apart_per_host(competition):
    """A card links its competition relative to the site asked for."""
    entry = image_entry(competition, title="Red square")

    def key(host):
        return cards.cards_key(
            [entry], show_counts=False, show_competition=True, host=host
        )

    assert key("opencall.example") != key("other.example")


def filter_form_renders(renders) -> int:
    return renders.count(FILTERS_TEMPLATE)


def test_the_filter_form_is_rendered_once_then_kept(client, competition, renders):
    image_entry(competition, title="Red square")
    gallery(client, competition)  # the site's settings made, as on any first page
    pagecache._new_generation()  # nothing kept from it
    renders.clear()

    first = gallery(client, competition)
    again = gallery(client, competition)

    assert filter_form_renders(renders) == 1
    assert str(first.select_one("form.gallery__filters")) == str(
        again.select_one("form.gallery__filters")
    )


def test_each_filter_state_has_its_own_form(client, competition):
    image_entry(competition, title="Red square")

    plain = gallery(client, competition)
    images = gallery(client, competition, "gallery/?kind=image")

    assert plain.select_one("#id_kind option[selected]")["value"] == ""
    assert images.select_one("#id_kind option[selected]")["value"] == "image"
    assert images.select_one("form.gallery__filters a").get_text() == "Clear filters"
    assert plain.select_one("form.gallery__filters a") is None


@pytest.mark.parametrize(
    "query", ["q=red", "kind=painting", "seed=a-visitors-own"], ids=str
)
def test_a_visitors_own_text_is_never_kept(client, competition, renders, query):
    """A search, a value not understood or a made-up seed is drawn afresh."""
    image_entry(competition, title="Red square")
    for _ in range(2):
        client.get(f"{competition.url}gallery/?{query}")

    assert filter_form_renders(renders) == 2


def test_a_search_is_echoed_in_its_own_form(client, competition):
    image_entry(competition, title="Red square")
    gallery(client, competition, "gallery/?q=red")

    again = gallery(client, competition, "gallery/?q=blue")

    assert again.select_one("#id_q")["value"] == "blue"
