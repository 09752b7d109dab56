"""What public pages read on every request, kept per generation of public pages.

The site, its settings and footer links, the home page's children, where view
restrictions may apply and the gallery's filter choices are read once per
generation (``core.pagecache.generation_cached``), with a copy in each worker.
Each event that changes them starts a new generation, so the next page shows the
change. These tests commit (``transactional_db``): inside a transaction every
value is worked out afresh.
"""

import time

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from communities.models import PartnerCommunity
from core import pagecache
from home.models import InformationPage, SiteSettings
from tests.factories import (
    CompetitionIndexPageFactory,
    CompetitionPageFactory,
    EntryFactory,
)
from voting.models import ShowCounts, VotingRules

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def home(home_page):
    """The default site's home page (made again in a flushed database)."""
    return home_page


@pytest.fixture
def competition(home):
    index = CompetitionIndexPageFactory(parent=home)
    competition = CompetitionPageFactory(parent=index, slug="high-street")
    EntryFactory(competition=competition, approved=True, title="Market day")
    return competition


def gallery(competition) -> str:
    return competition.url + "gallery/"


def tables(queries: CaptureQueriesContext) -> str:
    return " ".join(query["sql"] for query in queries.captured_queries)


# --- the values themselves ---------------------------------------------------


def test_a_kept_value_is_served_from_this_worker_without_the_shared_cache(
    monkeypatch,
):
    settings.PUBLIC_PAGE_LOCAL_SECONDS = 60
    reads = []
    real = pagecache.cache.get_many
    monkeypatch.setattr(
        pagecache.cache, "get_many", lambda keys: reads.append(keys) or real(keys)
    )

    values = [pagecache.generation_cached("answer", lambda: {"n": 1}) for _ in range(3)]

    assert values == [{"n": 1}] * 3
    assert len(reads) == 1


def test_each_use_of_a_kept_value_gets_its_own_copy():
    first = pagecache.generation_cached("answer", lambda: {"n": 1})
    first["n"] = 99  # a request changing what it was given

    assert pagecache.generation_cached("answer", lambda: {"n": 2}) == {"n": 1}


def test_a_generation_started_by_another_worker_is_seen_within_the_local_window(
    settings,
):
    settings.PUBLIC_PAGE_LOCAL_SECONDS = 0.2
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert pagecache.generation_cached("answer", compute) == 1
    pagecache.cache.incr(pagecache.GENERATION_KEY)  # another worker, not this one
    assert pagecache.generation_cached("answer", compute) == 1  # within the window
    time.sleep(0.25)

    assert pagecache.generation_cached("answer", compute) == 2


def test_a_new_generation_here_is_seen_at_once(settings):
    settings.PUBLIC_PAGE_LOCAL_SECONDS = 60
    first = pagecache.generation_cached("answer", lambda: 1)
    pagecache._new_generation()

    assert (first, pagecache.generation_cached("answer", lambda: 2)) == (1, 2)


# --- what a public page reads ------------------------------------------------


def test_a_gallery_served_again_reads_none_of_the_kept_rows(client, competition):
    client.get(gallery(competition))  # makes the site's settings row: a generation
    client.get(gallery(competition))
    with CaptureQueriesContext(connection) as again:
        response = client.get(gallery(competition))

    assert response.status_code == 200
    assert "Market day" in response.content.decode()
    read = tables(again)
    for table in (
        "wagtailcore_site",
        "home_sitesettings",
        "wagtailcore_pageviewrestriction",
        "communities_partnercommunity",
        "competitions_competitioncategory",
        "home_homepage",
    ):
        assert f'FROM "{table}"' not in read, table
    assert '"wagtailcore_page"."slug" = \'high-street\'' not in read  # routing
    assert '"wagtailcore_page"."alias_of_id" FROM' not in read


def test_settings_saved_show_on_the_next_page(client, competition):
    client.get(gallery(competition))
    site_settings = SiteSettings.load()
    site_settings.footer_text = "Run with the library service."
    site_settings.save()

    assert "Run with the library service." in client.get(gallery(competition)).text


def test_a_restriction_added_applies_on_the_next_request(client, competition):
    assert client.get(gallery(competition)).status_code == 200
    assert client.get(competition.url).status_code == 200
    PageViewRestriction.objects.create(
        page=competition, restriction_type=PageViewRestriction.LOGIN
    )

    for address in (competition.url, gallery(competition)):
        response = client.get(address)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_a_section_restricted_above_applies_below(client, competition):
    client.get(gallery(competition))
    PageViewRestriction.objects.create(
        page=competition.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )

    assert client.get(competition.url).status_code == 302


def test_an_information_page_published_is_found_and_unpublished_is_gone(client, home):
    assert client.get("/accessibility/").status_code == 404
    page = InformationPage(title="Accessibility", slug="accessibility", body="<p>A</p>")
    home.add_child(instance=page)
    page.save_revision().publish()

    assert client.get("/accessibility/").status_code == 200
    page.unpublish()

    assert client.get("/accessibility/").status_code == 404


def test_a_footer_link_follows_its_page(client, home):
    privacy = InformationPage(title="Privacy notice", slug="privacy", body="<p>P</p>")
    home.add_child(instance=privacy)
    privacy.save_revision().publish()
    site_settings = SiteSettings.load()
    site_settings.privacy_notice = privacy
    site_settings.save()
    assert 'href="/privacy/"' in client.get("/").text

    privacy.unpublish()

    assert 'href="/privacy/"' not in client.get("/").text


def test_a_partner_added_is_a_filter_on_the_next_page(client, competition):
    assert "Walthamstow Forum" not in client.get(gallery(competition)).text
    PartnerCommunity.objects.create(name="Walthamstow Forum", slug="walthamstow")

    assert "Walthamstow Forum" in client.get(gallery(competition)).text


def test_a_site_saved_with_another_host_answers_only_there(client, competition):
    assert client.get(gallery(competition)).status_code == 200
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.is_default_site = "elsewhere.example", False
    site.save()

    assert client.get(gallery(competition)).status_code == 404


def test_voting_rules_saved_apply_on_the_next_page(client, home):
    index = CompetitionIndexPageFactory(parent=home)
    competition = CompetitionPageFactory(parent=index, voting=True, slug="votes")
    EntryFactory(competition=competition, approved=True)
    rules = VotingRules.objects.create(
        competition=competition, show_counts=ShowCounts.DURING
    )
    assert "card__votes" in client.get(gallery(competition)).text
    assert "card__votes" in client.get(gallery(competition)).text  # kept
    rules.show_counts = ShowCounts.NEVER
    rules.save()

    assert "card__votes" not in client.get(gallery(competition)).text


def test_a_competition_changed_in_code_shows_on_the_next_page(client, competition):
    assert "Market day" in client.get(gallery(competition)).text
    competition.title = "Market days"
    competition.save()  # a live page saved whole, with no publishing signal

    assert "Market days" in client.get(gallery(competition)).text


def test_a_draft_saved_leaves_the_kept_pages_alone(client, competition):
    client.get(gallery(competition))
    before = pagecache.cache.get(pagecache.GENERATION_KEY)
    competition.title = "A draft title"
    competition.save_revision()

    assert pagecache.cache.get(pagecache.GENERATION_KEY) == before
    assert "A draft title" not in client.get(competition.url).text


def test_an_unknown_competition_is_not_kept(client, competition, monkeypatch):
    stored = []
    real = pagecache.cache.set
    monkeypatch.setattr(
        pagecache.cache,
        "set",
        lambda key, value, *args, **kwargs: (
            stored.append(value) or real(key, value, *args, **kwargs)
        ),
    )
    address = competition.get_parent().url + "no-such-call/"

    assert client.get(address).status_code == 404
    assert client.get(address).status_code == 404
    assert not any(None in value for value in stored if isinstance(value, tuple))
    assert client.get(competition.url).status_code == 200
