"""What the showcase adds to the competition page and to an entry's page."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from competitions.models import Prize
from showcase.sections import days_left
from tests.factories import CompetitionPageFactory, EntryFactory

from .builders import award, image_entry


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def test_the_competition_page_counts_and_shows_a_strip_of_entries(client, competition):
    for number in range(8):
        EntryFactory(competition=competition, approved=True, title=f"Entry {number}")
    EntryFactory(competition=competition, submitted=True, title="Waiting")

    section = soup(client.get(competition.url)).select_one(".competition-entries")

    assert "8 approved entries" in section.get_text()
    assert len(section.select(".entry-card")) == 6
    gallery = competition.url + competition.reverse_subpage("gallery")
    assert section.select_one(f'a[href="{gallery}"]') is not None


def test_a_competition_without_entries_says_so_and_links_nowhere(client, competition):
    section = soup(client.get(competition.url)).select_one(".competition-entries")

    assert "0 approved entries" in section.get_text()
    assert section.select(".entry-card") == []


def test_days_left_is_computed_on_the_server(client, competition_index):
    open_call = CompetitionPageFactory(
        parent=competition_index,
        entries_close_at=timezone.now() + timedelta(days=4, hours=3),
    )

    text = soup(client.get(open_call.url)).select_one(".competition-entries").get_text()

    assert "5 days left to enter" in text


@pytest.mark.parametrize(
    ("remaining", "expected"),
    [
        (timedelta(hours=2), 1),
        (timedelta(days=1), 1),
        (timedelta(days=1, seconds=1), 2),
    ],
)
def test_days_left_rounds_up(competition, remaining, expected):
    now = competition.entries_close_at - remaining
    assert days_left(competition, now) == expected


def test_a_closed_call_shows_no_days_left(client, competition_index):
    closed = CompetitionPageFactory(parent=competition_index, closed=True)

    assert days_left(closed) is None
    assert "left to enter" not in client.get(closed.url).content.decode()


def test_an_entry_that_won_shows_its_prize_badge(client, competition):
    entry = EntryFactory(competition=competition, approved=True)
    award(entry, title="Best story")

    badges = soup(client.get(entry.get_absolute_url())).select(".entry-prizes .badge")

    assert [b.get_text(strip=True) for b in badges] == ["Winner: Best story"]


def test_no_badge_before_the_results_are_published(client, competition):
    entry = EntryFactory(competition=competition, approved=True)
    award(entry, title="Best story", published=False)

    page = soup(client.get(entry.get_absolute_url()))

    assert page.select(".entry-prizes") == []
    assert page.select_one(".entry-share") is not None


def test_share_links_are_plain_links_to_the_entry(client, competition):
    entry = EntryFactory(competition=competition, approved=True, title="Harbour snow")

    page = soup(client.get(entry.get_absolute_url()))

    share = page.select_one(".entry-share")
    mailto = share.select_one('a[href^="mailto:"]')["href"]
    link = share.select_one("#entry-share-link")["value"]
    assert link == "http://testserver" + entry.get_absolute_url()
    assert "Harbour%20snow" in mailto
    assert entry.public_id in mailto
    assert share.select("script") == []


def test_an_entry_that_is_not_public_has_no_share_links(client, competition):
    entry = EntryFactory(competition=competition, submitted=True)
    client.force_login(entry.author)

    page = soup(client.get(entry.get_absolute_url()))

    assert page.select_one(".entry-share") is None


def render_meta(entry) -> BeautifulSoup:
    request = RequestFactory().get("/")
    template = Template("{% load showcase_tags %}{% entry_social_meta entry %}")
    html = template.render(Context({"entry": entry, "request": request}))
    return BeautifulSoup(html, "html.parser")


def test_social_meta_tags_describe_a_public_image_entry(competition):
    entry = image_entry(competition, title="Red square")

    tags = {
        tag.get("property") or tag.get("name"): tag["content"]
        for tag in render_meta(entry).select("meta")
    }

    assert tags["og:title"] == "Red square"
    assert tags["og:url"] == "http://testserver" + entry.get_absolute_url()
    assert tags["og:image"].endswith(".webp")
    assert tags["twitter:card"] == "summary_large_image"


def test_social_meta_tags_say_nothing_of_an_entry_not_yet_public(competition):
    entry = EntryFactory(competition=competition, submitted=True, title="Secret")

    assert render_meta(entry).select("meta") == []


def test_the_entry_page_carries_its_social_tags_in_its_head(client, competition):
    entry = image_entry(competition, title="Red square")

    head = soup(client.get(entry.get_absolute_url())).select_one("head")

    titles = [tag["content"] for tag in head.select('meta[property="og:title"]')]
    assert titles == ["Red square"]


def test_the_competition_page_shows_the_prize_total(client, competition):
    for title, value in [("First", "£250"), ("Runner-up", "£100"), ("Visit", "")]:
        Prize.objects.create(page=competition, title=title, value=value)

    section = soup(client.get(competition.url)).select_one(".competition-entries")

    assert "£350 in prizes" in section.get_text()


def test_no_prize_total_when_the_prizes_are_no_amounts(client, competition):
    Prize.objects.create(page=competition, title="A day at the studio")

    section = soup(client.get(competition.url)).select_one(".competition-entries")

    assert "in prizes" not in section.get_text()
