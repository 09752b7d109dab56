import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import Site
from wagtail_factories import ImageFactory

from communities.models import PartnerCommunity
from core.images import make_all_renditions
from tests.factories import (
    CompetitionPageFactory,
    CompetitionPartnershipFactory,
    PartnerCommunityFactory,
    UserFactory,
)
from tests.support.staff import staff_login


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def links_to(soup: BeautifulSoup, href: str) -> list:
    return soup.find_all("a", href=href)


@pytest.fixture
def studyhub(db):
    return PartnerCommunityFactory(
        name="StudyHub",
        slug="studyhub",
        website="https://studyhub.example.org",
        partnership_offer="<p>A badge for every entrant and a reciprocal link.</p>",
    )


def test_partner_page_shows_the_community_and_its_offer(client, home_page, studyhub):
    """/partners/<slug>/ shows the partner's name and what the partnership offers."""
    response = client.get("/partners/studyhub/")
    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.h1.get_text(strip=True) == "StudyHub"
    assert "A badge for every entrant and a reciprocal link." in soup.get_text()


def test_partner_page_links_back_with_a_followed_link(client, home_page, studyhub):
    """The link back to the partner's website passes credit: no rel="nofollow"."""
    soup = soup_of(client.get("/partners/studyhub/"))
    [link] = links_to(soup, "https://studyhub.example.org")
    assert "nofollow" not in (link.get("rel") or [])
    assert "ugc" not in (link.get("rel") or [])
    assert "StudyHub" in link.get_text()


def test_partner_page_lists_only_its_live_competitions(
    client, competition_index, studyhub
):
    """Another partner's call and an unpublished call are not listed."""
    ours = CompetitionPageFactory(parent=competition_index, title="Our call")
    withdrawn = CompetitionPageFactory(parent=competition_index, title="Withdrawn")
    theirs = CompetitionPageFactory(parent=competition_index, title="Their call")
    CompetitionPageFactory(parent=competition_index, title="Nobody's call")
    CompetitionPartnershipFactory(page=ours, partner=studyhub)
    CompetitionPartnershipFactory(page=withdrawn, partner=studyhub)
    CompetitionPartnershipFactory(page=theirs)
    withdrawn.unpublish()

    soup = soup_of(client.get("/partners/studyhub/"))

    titles = [a.get_text(strip=True) for a in soup.select(".card__title a")]
    assert titles == ["Our call"]
    assert links_to(soup, ours.url)
    assert not links_to(soup, withdrawn.url)
    assert not links_to(soup, theirs.url)


def test_partner_without_competitions_says_so(client, home_page, studyhub):
    """A partner with no live competitions shows an empty-state line."""
    soup = soup_of(client.get("/partners/studyhub/"))
    assert not soup.select(".card")
    assert "No competitions yet." in soup.get_text()


def test_unknown_partner_gets_the_sites_404_page(client, home_page, studyhub):
    """An unknown slug is a 404 rendered by the site's own template."""
    response = client.get("/partners/no-such-community/")
    assert response.status_code == 404
    assert b"There is nothing at this address." in response.content
    assert b"StudyHub" not in response.content


def test_competition_page_links_to_its_partners(client, competition_index, studyhub):
    """A competition lists each partner with its /partners/ page and its website."""
    other = PartnerCommunityFactory(
        name="Parents Together",
        slug="parents-together",
        website="https://parents-together.example.org",
    )
    outsider = PartnerCommunityFactory(name="Not A Partner", slug="outsider")
    competition = CompetitionPageFactory(parent=competition_index)
    CompetitionPartnershipFactory(page=competition, partner=studyhub)
    CompetitionPartnershipFactory(page=competition, partner=other)

    response = client.get(competition.url)

    assert response.status_code == 200
    section = soup_of(response).find("section", attrs={"aria-labelledby": "partners"})
    assert section is not None
    for partner in (studyhub, other):
        [page_link] = links_to(section, f"/partners/{partner.slug}/")
        assert page_link.get_text(strip=True) == partner.name
        [website_link] = links_to(section, partner.website)
        assert "nofollow" not in (website_link.get("rel") or [])
    assert not links_to(section, outsider.get_absolute_url())


def test_competition_without_partners_has_no_partner_section(client, competition_index):
    """A competition with no partners shows no empty partner list."""
    competition = CompetitionPageFactory(parent=competition_index)
    soup = soup_of(client.get(competition.url))
    assert soup.find("section", attrs={"aria-labelledby": "partners"}) is None


def partner_page_queries(client, competition_index, partner, count: int) -> int:
    """Give ``partner`` ``count`` illustrated competitions; count the page's queries."""
    for _ in range(count):
        hero = ImageFactory()
        make_all_renditions(hero)
        competition = CompetitionPageFactory(parent=competition_index, hero_image=hero)
        CompetitionPartnershipFactory(page=competition, partner=partner)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(partner.get_absolute_url())
    assert response.status_code == 200
    assert len(soup_of(response).select(".card")) == count
    assert len(soup_of(response).select(".card img")) == count
    return len(queries)


def test_partner_page_query_count_does_not_grow_with_its_competitions(
    client, competition_index
):
    """Listing 8 competitions costs as many queries as listing 2."""
    logo = ImageFactory()
    make_all_renditions(logo)
    few = PartnerCommunityFactory(logo=logo)
    many = PartnerCommunityFactory(logo=logo)
    # Pay the site-wide one-offs first: the site settings row, the site root paths.
    assert client.get("/").status_code == 200
    Site.get_site_root_paths()
    with_two = partner_page_queries(client, competition_index, few, 2)
    with_eight = partner_page_queries(client, competition_index, many, 8)
    assert with_two == with_eight


def admin_form_data(client, url: str) -> dict[str, str]:
    """Return the fields a browser would post from the admin form at ``url``."""
    soup = soup_of(client.get(url))
    form = soup.find("textarea", attrs={"name": "embed_origins"}).find_parent("form")
    return {field["name"]: field.get("value", "") for field in form.select("input")}


def test_editor_reaches_the_partner_snippet_listing(client, db):
    """Superusers find partner communities in the Wagtail admin."""
    staff_login(client, UserFactory(editor=True))
    partner = PartnerCommunityFactory(name="StudyHub")
    listing = reverse(PartnerCommunity.snippet_viewset.get_url_name("list"))

    response = client.get(listing)

    assert response.status_code == 200
    edit_url = AdminURLFinder(response.wsgi_request.user).get_edit_url(partner)
    assert links_to(soup_of(response), edit_url)
    assert client.get(edit_url).status_code == 200


def test_member_cannot_reach_the_partner_snippet_listing(client, db):
    """A signed-in member without admin access is turned away."""
    client.force_login(UserFactory())
    listing = reverse(PartnerCommunity.snippet_viewset.get_url_name("list"))
    response = client.get(listing)
    assert response.status_code == 403
    assert "Not available to your account" in response.content.decode()


def test_editor_creates_a_partner_in_the_admin(client, db):
    """A valid partner posted through the admin is saved."""
    staff_login(client, UserFactory(editor=True))
    url = reverse(PartnerCommunity.snippet_viewset.get_url_name("add"))
    data = admin_form_data(client, url) | {
        "name": "Patient Voices",
        "slug": "patient-voices",
        "website": "https://patient-voices.example.org",
        "embed_origins": "https://patient-voices.example.org\n",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    partner = PartnerCommunity.objects.get(slug="patient-voices")
    assert partner.allowed_embed_origins == ["https://patient-voices.example.org"]


def test_admin_form_refuses_bad_embed_origins_and_keeps_the_input(client, db):
    """A wildcard or http origin re-renders the form with the error, nothing saved."""
    staff_login(client, UserFactory(editor=True))
    url = reverse(PartnerCommunity.snippet_viewset.get_url_name("add"))
    data = admin_form_data(client, url) | {
        "name": "Evil forum",
        "slug": "evil-forum",
        "website": "https://evil.example.org",
        "embed_origins": "https://*.evil.example\nhttp://plain.example.org",
    }

    response = client.post(url, data)

    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.find("input", attrs={"name": "name"})["value"] == "Evil forum"
    errors = " ".join(
        e.get_text(" ", strip=True) for e in soup.select(".error-message")
    )
    assert "Not accepted: https://*.evil.example, http://plain.example.org." in errors
    assert not PartnerCommunity.objects.filter(slug="evil-forum").exists()
