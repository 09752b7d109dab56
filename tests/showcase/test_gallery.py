"""The gallery and /showcase/: what they list, how they filter, sort and page."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.urls import reverse
from wagtail.models import PageViewRestriction

from competitions.models import CompetitionCategory
from showcase.selectors import MAX_QUERY_LENGTH, SORT_MOST_VOTED
from tests.factories import (
    CompetitionPageFactory,
    EntryFactory,
    PartnerCommunityFactory,
    days_from_now,
)

from .builders import award, image_entry

SHOWCASE = "/showcase/"


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def titles(response) -> list[str]:
    return [
        a.get_text(strip=True)
        for a in soup(response).select(".entry-card .card__title a")
    ]


def gallery_url(competition) -> str:
    return competition.url + competition.reverse_subpage("gallery")


def test_the_showcase_is_at_its_public_address():
    assert reverse("showcase:index") == SHOWCASE


def test_the_showcase_lists_approved_entries_only(client, competition):
    EntryFactory(competition=competition, approved=True, title="Harbour snow")
    EntryFactory(competition=competition, submitted=True, title="Waiting")
    EntryFactory(competition=competition, draft=True, title="A draft")
    EntryFactory(competition=competition, rejected=True, title="Turned down")
    EntryFactory(competition=competition, withdrawn=True, title="Taken back")
    EntryFactory(
        competition=competition,
        approved=True,
        title="Reported",
        hidden_at=days_from_now(0),
    )

    response = client.get(SHOWCASE)

    assert response.status_code == 200
    assert titles(response) == ["Harbour snow"]


def test_a_gallery_lists_its_own_competitions_entries(
    client, competition, other_competition
):
    EntryFactory(competition=competition, approved=True, title="Ours")
    EntryFactory(competition=other_competition, approved=True, title="Theirs")

    response = client.get(gallery_url(competition))

    assert response.status_code == 200
    assert titles(response) == ["Ours"]


def test_entries_of_competitions_the_public_cannot_see_never_appear(
    client, competition_index, competition
):
    EntryFactory(competition=competition, approved=True, title="Public")
    draft_page = CompetitionPageFactory(parent=competition_index, live=False)
    EntryFactory(competition=draft_page, approved=True, title="Unpublished call")
    locked = CompetitionPageFactory(parent=competition_index)
    PageViewRestriction.objects.create(
        page=locked, restriction_type=PageViewRestriction.PASSWORD, password="letmein"
    )
    EntryFactory(competition=locked, approved=True, title="Password call")

    response = client.get(SHOWCASE)

    assert titles(response) == ["Public"]
    competitions = [
        o.get_text() for o in soup(response).select("#id_competition option")
    ]
    assert locked.title not in competitions
    assert draft_page.title not in competitions


def test_a_password_protected_gallery_lists_nothing_even_once_unlocked(
    client, competition_index
):
    locked = CompetitionPageFactory(parent=competition_index)
    restriction = PageViewRestriction.objects.create(
        page=locked, restriction_type=PageViewRestriction.PASSWORD, password="letmein"
    )
    EntryFactory(competition=locked, approved=True, title="Password call")
    session = client.session
    session[PageViewRestriction.passed_view_restrictions_session_key] = [restriction.pk]
    session.save()

    response = client.get(gallery_url(locked))

    assert response.status_code == 200
    assert titles(response) == []


def test_the_kind_filter(client, competition):
    EntryFactory(competition=competition, approved=True, kind="story", title="A story")
    EntryFactory(competition=competition, approved=True, kind="idea", title="An idea")

    response = client.get(SHOWCASE, {"kind": "idea"})

    assert titles(response) == ["An idea"]


def test_the_competition_filter(client, competition, other_competition):
    EntryFactory(competition=competition, approved=True, title="Ours")
    EntryFactory(competition=other_competition, approved=True, title="Theirs")

    response = client.get(SHOWCASE, {"competition": other_competition.slug})

    assert titles(response) == ["Theirs"]


def test_the_category_filter_in_a_gallery(client, competition):
    shops = CompetitionCategory.objects.create(page=competition, name="Shops")
    parks = CompetitionCategory.objects.create(page=competition, name="Parks")
    EntryFactory(competition=competition, approved=True, category=shops, title="Baker")
    EntryFactory(competition=competition, approved=True, category=parks, title="Swings")

    response = client.get(gallery_url(competition), {"category": parks.pk})

    assert titles(response) == ["Swings"]


def test_the_partner_filter(client, competition):
    forum = PartnerCommunityFactory(name="Harbour forum")
    EntryFactory(
        competition=competition,
        approved=True,
        referral_partner=forum,
        title="Via forum",
    )
    EntryFactory(competition=competition, approved=True, title="Direct")

    response = client.get(SHOWCASE, {"partner": forum.slug})

    assert titles(response) == ["Via forum"]
    assert "Harbour forum" in response.content.decode()


def test_the_winners_filter_needs_published_results(
    client, competition, other_competition
):
    winner = EntryFactory(competition=competition, approved=True, title="Winner")
    award(winner)
    not_yet = EntryFactory(
        competition=other_competition, approved=True, title="Not yet"
    )
    award(not_yet, published=False)
    EntryFactory(competition=competition, approved=True, title="Also ran")

    response = client.get(SHOWCASE, {"winners": "on"})

    assert titles(response) == ["Winner"]


def test_winners_only_is_offered_once_there_are_public_winners(
    client, competition, other_competition
):
    """Before any results, the filter could only show nothing: it is not offered."""
    entry = EntryFactory(competition=competition, approved=True, title="Harbour")
    award(entry, published=False)
    EntryFactory(competition=other_competition, approved=True, title="Market")

    before = client.get(SHOWCASE, {"winners": "on"})

    assert soup(before).select_one("input[name=winners]") is None
    assert sorted(titles(before)) == ["Harbour", "Market"]  # the filter is ignored
    assert "Clear filters" not in before.content.decode()

    award(entry)  # the results are published
    cache.clear()
    after = client.get(SHOWCASE)
    elsewhere = client.get(gallery_url(other_competition))

    assert soup(after).select_one("input[name=winners]") is not None
    assert titles(client.get(SHOWCASE, {"winners": "on"})) == ["Harbour"]
    assert soup(elsewhere).select_one("input[name=winners]") is None
    assert soup(client.get(gallery_url(competition))).select_one("input[name=winners]")


def test_search_matches_the_title_and_the_story(client, competition):
    EntryFactory(
        competition=competition,
        approved=True,
        title="Lighthouse",
        story="<p>Gulls.</p>",
    )
    EntryFactory(
        competition=competition,
        approved=True,
        title="Market",
        story="<p>A lighthouse keeper.</p>",
    )
    EntryFactory(
        competition=competition, approved=True, title="Bakery", story="<p>Bread.</p>"
    )

    response = client.get(SHOWCASE, {"q": "LIGHTHOUSE"})

    assert sorted(titles(response)) == ["Lighthouse", "Market"]


@pytest.mark.parametrize(
    "query",
    [
        "a" * 10_000,
        ('((("night" AND bus) OR -ferry) | !tram & ') * 250,
        "%_\\" * 3000,
    ],
)
def test_a_pathological_search_answers_with_a_bounded_query(client, competition, query):
    """Its query budget is in test_search.py: counted queries, not a stopwatch."""
    EntryFactory(competition=competition, approved=True, title="Night bus")

    response = client.get(SHOWCASE, {"q": query})

    assert response.status_code == 200
    field = soup(response).select_one("#id_q")
    assert len(field["value"]) <= MAX_QUERY_LENGTH


def test_a_long_search_still_finds_its_start(client, competition):
    EntryFactory(competition=competition, approved=True, title="Night bus")

    response = client.get(SHOWCASE, {"q": "night bus" + " " * 50 + "x" * 10_000})

    assert titles(response) == []  # the cut query still contains the x's
    response = client.get(SHOWCASE, {"q": "Night" + " " * 10_000})
    assert titles(response) == ["Night bus"]


def test_newest_first_by_approval(client, competition):
    EntryFactory(
        competition=competition,
        approved=True,
        title="Older",
        decided_at=days_from_now(-3),
    )
    EntryFactory(
        competition=competition,
        approved=True,
        title="Newest",
        decided_at=days_from_now(-1),
    )
    EntryFactory(
        competition=competition,
        approved=True,
        title="Middle",
        decided_at=days_from_now(-2),
    )

    response = client.get(SHOWCASE, {"sort": "newest"})

    assert titles(response) == ["Newest", "Middle", "Older"]


def test_the_shuffle_is_stable_for_a_seed_and_differs_between_seeds(
    client, competition
):
    for number in range(20):
        EntryFactory(competition=competition, approved=True, title=f"Entry {number:02}")

    first = titles(client.get(SHOWCASE, {"sort": "random", "seed": "alpha"}))
    again = titles(client.get(SHOWCASE, {"sort": "random", "seed": "alpha"}))
    other = titles(client.get(SHOWCASE, {"sort": "random", "seed": "beta"}))
    newest = titles(client.get(SHOWCASE))

    assert first == again
    assert sorted(first) == sorted(other) == sorted(newest)
    assert first != other
    assert first != newest


def test_the_shuffle_keeps_its_seed_across_pages(client, competition):
    for number in range(30):
        EntryFactory(competition=competition, approved=True, title=f"Entry {number:02}")

    page_one = client.get(SHOWCASE, {"sort": "random"})
    next_link = soup(page_one).select_one("a[rel=next]")["href"]
    page_two = client.get(SHOWCASE + next_link)

    assert "seed=" in next_link
    assert "page=2" in next_link
    shown = titles(page_one) + titles(page_two)
    assert len(titles(page_one)) == 24
    assert sorted(shown) == sorted(f"Entry {n:02}" for n in range(30))


def test_pagination_keeps_the_filters(client, competition):
    for number in range(26):
        EntryFactory(
            competition=competition,
            approved=True,
            kind="idea",
            title=f"Idea {number:02}",
        )
    EntryFactory(competition=competition, approved=True, kind="story", title="Story")

    page_one = client.get(SHOWCASE, {"kind": "idea"})
    next_link = soup(page_one).select_one("a[rel=next]")["href"]
    page_two = client.get(SHOWCASE + next_link)

    assert "kind=idea" in next_link
    assert len(titles(page_one)) == 24
    assert len(titles(page_two)) == 2
    assert "Story" not in titles(page_one) + titles(page_two)


@pytest.mark.parametrize("page", ["abc", "-1", "0", "999999", "1e9", "２"])
def test_a_bad_page_number_still_shows_a_page(client, competition, page):
    EntryFactory(competition=competition, approved=True, title="Only one")

    response = client.get(SHOWCASE, {"page": page})

    assert response.status_code == 200
    assert titles(response) == ["Only one"]


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "nonsense"},
        {"competition": "no-such-call"},
        {"partner": "no-such-forum"},
        {"sort": "sideways"},
        {"seed": "s" * 500},
    ],
)
def test_a_filter_not_understood_is_explained_and_left_out(client, competition, params):
    EntryFactory(competition=competition, approved=True, title="Still here")

    response = client.get(SHOWCASE, params)

    assert response.status_code == 400
    assert titles(response) == ["Still here"]
    assert "were not understood" in response.content.decode()


def test_a_bad_category_in_a_gallery_is_left_out(client, competition):
    CompetitionCategory.objects.create(page=competition, name="Shops")
    EntryFactory(competition=competition, approved=True, title="Still here")

    response = client.get(gallery_url(competition), {"category": "abc"})

    assert response.status_code == 400
    assert titles(response) == ["Still here"]


def test_cards_show_a_webp_srcset_of_ready_renditions(client, competition):
    entry = image_entry(competition, title="Red square")

    card = soup(client.get(SHOWCASE)).select_one(".entry-card img")

    urls = {r.url for r in entry.public_image.renditions.all()}
    assert card["src"] in urls
    sources = [part.strip().split(" ")[0] for part in card["srcset"].split(",")]
    assert sources and set(sources) <= urls
    assert all(source.endswith(".webp") for source in sources)
    assert card["alt"] == entry.image_alt_text


def test_cards_show_story_and_idea_excerpts_and_the_handle(client, competition):
    EntryFactory(
        competition=competition,
        approved=True,
        kind="story",
        title="Snow",
        story="<p>The first snow fell on the quiet harbour town.</p>",
    )
    EntryFactory(
        competition=competition,
        approved=True,
        kind="idea",
        title="Bus",
        idea_proposal="Run a night bus.",
    )

    page = client.get(SHOWCASE).content.decode()

    assert "The first snow fell on the quiet harbour town." in page
    assert "&lt;p&gt;" not in page
    assert "Run a night bus." in page


def test_no_rendition_is_made_in_the_request(client, competition):
    """A card whose renditions are not made yet shows no image; the worker does."""
    entry = image_entry(competition, title="Not ready")
    entry.public_image.renditions.all().delete()
    cache.clear()

    response = client.get(SHOWCASE)

    assert titles(response) == ["Not ready"]
    assert soup(response).select(".entry-card img") == []
    assert not entry.public_image.renditions.exists()


def test_filters_sent_empty_lead_to_the_one_address_of_that_view(client, competition):
    response = client.get("/showcase/?q=&kind=image&partner=&sort=newest&seed=")

    assert response.status_code == 302
    assert response["Location"] == "/showcase/?kind=image&sort=newest"


def test_a_form_sent_with_nothing_chosen_leads_to_the_plain_gallery(
    client, competition
):
    gallery = competition.url + "gallery/"

    response = client.get(gallery + "?q=&kind=&category=")

    assert response.status_code == 302
    assert response["Location"] == gallery


def test_the_showcase_feed_address_leads_to_the_entries_feed(client, db):
    response = client.get("/showcase/feed/")

    assert response.status_code == 301
    assert response["Location"] == "/feeds/entries/"


def test_a_filter_left_out_is_described_by_its_explanation(client, competition):
    """A screen reader on the refused filter hears why it was left out."""
    response = client.get(SHOWCASE, {"sort": SORT_MOST_VOTED})

    page = soup(response)
    described = page.select_one("#id_sort")["aria-describedby"]
    explanation = page.find(id=described)
    assert explanation is not None and explanation.name == "li"
    assert "Most votes first is offered only" in explanation.get_text()
