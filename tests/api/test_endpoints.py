"""The public read API: what each answer holds, pages, filters and refusals."""

import pytest
from django.urls import reverse

from tests.api.conftest import ALL_KINDS
from tests.factories import CompetitionPageFactory, EntryFactory
from tests.showcase.builders import award
from voting.models import EntryVoteCount, ShowCounts, VotingRules

pytestmark = pytest.mark.django_db

API = "/api/v1/"


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def by_title(items) -> dict:
    return {item["title"]: item for item in items}


def test_the_index_points_at_every_collection_the_docs_and_the_feeds(client, world):
    index = get_json(client, API)

    assert index["competitions"] == "http://testserver/api/v1/competitions/"
    assert index["entries"] == "http://testserver/api/v1/entries/"
    assert index["docs"] == "http://testserver/api/v1/docs"
    assert index["feeds"]["entries"] == "http://testserver/feeds/entries/"
    assert index["feeds"]["results"] == "http://testserver/feeds/results/"


def test_a_competition_shows_its_phase_timeline_prizes_and_partners(client, world):
    competition = get_json(client, f"{API}competitions/high-street/")

    assert competition["title"] == "Picture your high street"
    assert competition["phase"] == "open"
    assert competition["phase_label"] == "Open for entries"
    assert competition["timeline"]["time_zone"] == "Europe/London"
    assert competition["timeline"]["entries_close_at"].startswith(
        world.competition.entries_close_at.date().isoformat()
    )
    assert competition["entry_kinds"] == ALL_KINDS
    assert [p["title"] for p in competition["prizes"]] == ["Best photograph"]
    assert competition["partners"] == [
        {
            "slug": "studyhub",
            "name": "StudyHub",
            "website": "https://studyhub.example.org",
            "url": "http://testserver/partners/studyhub/",
        }
    ]
    assert competition["categories"] == [
        {"id": world.category.pk, "name": "Photo essay", "description": ""}
    ]
    assert competition["links"]["results"] is None
    assert competition["links"]["feed"] == (
        "http://testserver/competitions/high-street/feed/"
    )


def test_the_competition_list_holds_only_live_public_competitions(client, world):
    listed = get_json(client, f"{API}competitions/")

    slugs = {item["slug"] for item in listed["items"]}
    assert slugs == {"high-street", "after-mode"}
    assert listed["count"] == 2


def test_competitions_filter_by_phase(client, world, competition_index):
    CompetitionPageFactory(parent=competition_index, slug="coming", upcoming=True)

    upcoming = get_json(client, f"{API}competitions/?phase=upcoming")

    assert [item["slug"] for item in upcoming["items"]] == ["coming"]


def test_an_entry_shows_its_public_fields_for_its_kind(client, world):
    listed = get_json(client, f"{API}competitions/high-street/entries/")
    entries = by_title(listed["items"])

    story = entries["Market day"]
    assert story["handle"] == "rowan_reads"
    assert story["kind"] == "story"
    assert story["story"].startswith("<p>The first snow")
    assert story["word_count"] == 9
    assert story["licence"]["code"] == "cc-by-4.0"
    assert story["partner"]["slug"] == "studyhub"
    assert story["image"] is story["idea"] is story["film"] is None
    idea = entries["Night market"]
    assert idea["idea"] == {
        "problem": "Buses stop at ten.",
        "proposal": "Run a night bus.",
        "beneficiaries": "Shift workers.",
        "requirements": "Two drivers.",
    }
    assert entries["Bus stop film"]["film"]["link"].startswith("https://www.youtube")


def test_an_image_entry_links_its_ready_renditions_only(client, world):
    shop = world.entry("Shop fronts")

    image = get_json(client, f"{API}entries/{shop.public_id}/")

    assert image["category"] == {"id": world.category.pk, "name": "Photo essay"}
    assert image["image"]["caption"] == "The baker's at dawn."
    assert set(image["image"]["renditions"]) == {"card", "card_large", "body"}
    card = image["image"]["renditions"]["card"]
    assert card["url"].startswith("http://testserver/media/images/")
    assert (card["width"], card["height"]) == (64, 36)  # a 64×48 photo, cropped


def test_a_missing_rendition_is_left_out_not_made_in_the_request(client, world):
    shop = world.entry("Shop fronts")
    shop.public_image.renditions.all().delete()

    image = get_json(client, f"{API}entries/{shop.public_id}/")

    assert image["image"]["renditions"] == {}
    assert not shop.public_image.renditions.exists()


def test_pages_follow_one_another_without_gaps(client, world):
    first = get_json(client, f"{API}entries/?limit=3")
    second = get_json(client, first["next"])

    assert first["count"] == second["count"] == 4
    assert len(first["items"]) == 3
    assert len(second["items"]) == 1
    assert second["next"] is None
    assert second["previous"] == "http://testserver/api/v1/entries/?limit=3&offset=0"
    titles = [e["title"] for e in first["items"] + second["items"]]
    assert sorted(titles) == sorted(e.title for e in world.approved)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=101", "limit"),
        ("limit=0", "limit"),
        ("offset=-1", "offset"),
        ("limit=ten", "limit"),
        ("kind=poem", "kind"),
        ("category=0", "category"),
        ("category=99999999999999999999999", "category"),
        ("competition=no%20such", "competition"),
    ],
)
def test_a_refused_parameter_is_a_400_that_names_it(client, world, query, field):
    refused = get_json(client, f"{API}entries/?{query}", status=400)

    assert refused["errors"][0]["field"] == field
    assert field in refused["detail"]


def test_a_badly_written_slug_is_refused_in_plain_words(client, world):
    refused = get_json(client, f"{API}entries/?competition=high%20street", status=400)

    assert refused["detail"] == (
        "The parameter “competition” is not valid: "
        "Use only letters, digits, hyphens and underscores."
    )


def test_entries_filter_by_kind_category_and_competition(client, world):
    def titles(query):
        return {e["title"] for e in get_json(client, f"{API}entries/?{query}")["items"]}

    other = CompetitionPageFactory(
        parent=world.competition.get_parent(), slug="night-buses"
    )
    EntryFactory(competition=other, approved=True, title="Last bus")

    assert titles("kind=idea") == {"Night market"}
    assert titles(f"category={world.category.pk}") == {"Shop fronts"}
    assert titles("competition=night-buses") == {"Last bus"}
    assert titles("competition=high-street&kind=story") == {"Market day"}
    assert titles("competition=night-buses&kind=story") == {"Last bus"}


def test_a_competition_that_is_not_public_is_refused_as_a_filter(client, world):
    for slug in ("no-such-call", "not-live", "members-only"):
        refused = get_json(client, f"{API}entries/?competition={slug}", status=400)
        assert refused["detail"] == "No public competition has this slug."


def test_a_category_of_another_competition_is_refused(client, world):
    CompetitionPageFactory(parent=world.competition.get_parent(), slug="night-buses")
    url = f"{API}competitions/night-buses/entries/?category={world.category.pk}"

    refused = get_json(client, url, status=400)

    assert "category" in refused["detail"]


def test_unknown_addresses_are_json_404s(client, world):
    for url in (
        f"{API}competitions/no-such-call/",
        f"{API}competitions/members-only/entries/",
        f"{API}entries/AAAAAAAAAAAAAAAA/",
        f"{API}nothing-here/",
    ):
        assert get_json(client, url, status=404)["detail"]


def test_results_wait_for_publication(client, world):
    shop = world.entry("Shop fronts")
    award(shop, title="Best shop front", published=False)
    url = f"{API}competitions/high-street/results/"

    refused = get_json(client, url, status=404)
    unpublished = get_json(client, f"{API}entries/{shop.public_id}/")

    assert refused["detail"] == "The results of this competition are not published yet."
    assert unpublished["awards"] == []


def test_published_results_list_each_prize_with_its_winner(client, world):
    shop = world.entry("Shop fronts")
    award(shop, title="Best shop front")

    results = get_json(client, f"{API}competitions/high-street/results/")
    entry = get_json(client, f"{API}entries/{shop.public_id}/")
    competition = get_json(client, f"{API}competitions/high-street/")

    prizes = {p["title"]: p for p in results["prizes"]}
    winner = prizes["Best shop front"]["awards"][0]
    assert winner["place"] == 1
    assert winner["entry"]["id"] == shop.public_id
    assert winner["entry"]["handle"] == "rowan_reads"
    assert prizes["Best photograph"]["awards"] == []
    assert entry["awards"] == [
        {
            "prize": "Best shop front",
            "place": 1,
            "place_label": "Winner",
            "by_public": False,
        }
    ]
    assert competition["links"]["results"].endswith(
        "/api/v1/competitions/high-street/results/"
    )


def test_vote_counts_show_only_where_the_competition_shows_them(
    client, competition_index
):
    showing = CompetitionPageFactory(parent=competition_index, slug="open-count")
    hiding = CompetitionPageFactory(parent=competition_index, slug="secret-count")
    VotingRules.objects.create(competition=showing, show_counts=ShowCounts.DURING)
    VotingRules.objects.create(competition=hiding, show_counts=ShowCounts.NEVER)
    for competition in (showing, hiding):
        entry = EntryFactory(competition=competition, approved=True)
        EntryVoteCount.objects.create(entry=entry, valid_votes=7)

    shown = get_json(client, f"{API}competitions/open-count/entries/")["items"]
    hidden = get_json(client, f"{API}competitions/secret-count/entries/")["items"]

    assert [e["votes"] for e in shown] == [7]
    assert [e["votes"] for e in hidden] == [None]


def test_counts_shown_after_voting_wait_until_voting_closes(client, competition_index):
    voting = CompetitionPageFactory(parent=competition_index, slug="vote", voting=True)
    VotingRules.objects.create(competition=voting, show_counts=ShowCounts.AFTER)
    entry = EntryFactory(competition=voting, approved=True)
    EntryVoteCount.objects.create(entry=entry, valid_votes=3)

    during = get_json(client, f"{API}entries/{entry.public_id}/")

    assert during["votes"] is None


def test_the_schema_and_docs_are_this_apis_own(client, world):
    schema = get_json(client, f"{API}openapi.json")
    docs = client.get(f"{API}docs")

    assert schema["info"]["title"] == "OpenCall open data"
    assert "/api/v1/competitions/{slug}/entries/" in schema["paths"]
    assert docs.status_code == 200
    assert b"/static/ninja/swagger-ui-bundle.js" in docs.content
    assert b"cdn." not in docs.content
    assert reverse("api:v1:openapi-json") == "/api/v1/openapi.json"
