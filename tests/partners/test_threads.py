"""Discussion threads: who keeps which, and how the competition page links them."""

import pytest
from bs4 import BeautifulSoup

from partners.models import DiscussionThread
from partners.permissions import threads_for
from tests.factories import (
    CommunityModeratorFactory,
    CompetitionPageFactory,
    CompetitionPartnershipFactory,
    PartnerCommunityFactory,
    UserFactory,
)
from tests.support.judging_results import editor, judge
from tests.support.moderation import admin_moderator, fresh
from tests.support.staff import sign_in

pytestmark = pytest.mark.django_db

INDEX = "/admin/discussion_threads/"
ADD = "/admin/discussion_threads/new/"


def edit_url(thread) -> str:
    return f"/admin/discussion_threads/edit/{thread.pk}/"


def delete_url(thread) -> str:
    return f"/admin/discussion_threads/delete/{thread.pk}/"


def history_url(thread) -> str:
    return f"/admin/discussion_threads/history/{thread.pk}/"


@pytest.fixture
def threads(world):
    """A thread each for StudyHub and Parents Together on Rivers of home."""
    studyhub = DiscussionThread.objects.create(
        competition=world.competition,
        partner=world.studyhub,
        url="https://studyhub.example.org/t/rivers",
        title="StudyHub talks rivers",
    )
    parents = DiscussionThread.objects.create(
        competition=world.competition,
        partner=world.parents,
        url="https://parents.example.org/t/rivers",
        title="Parents talk rivers",
    )
    return studyhub, parents


@pytest.fixture
def studyhub_moderator(world):
    moderator = admin_moderator()
    CommunityModeratorFactory(community=world.studyhub, user=moderator)
    return fresh(moderator)


def form_data(world, **overrides) -> dict:
    data = {
        "partner": world.studyhub.pk,
        "competition": world.competition.pk,
        "title": "Tell us about your river",
        "url": "https://studyhub.example.org/t/your-river",
        "visible": "on",
    }
    return {**data, **overrides}


def listed_titles(response) -> set[str]:
    page = BeautifulSoup(response.content, "html.parser")
    return {cell.a.get_text(strip=True) for cell in page.select("td.title")}


# Scoping, role by role.


def test_an_editor_sees_and_changes_every_thread(client, threads):
    sign_in(client, editor())

    assert listed_titles(client.get(INDEX)) == {
        "StudyHub talks rivers",
        "Parents talk rivers",
    }
    for thread in threads:
        assert client.get(edit_url(thread)).status_code == 200


def test_a_partners_moderator_sees_only_their_partners_threads(
    client, threads, studyhub_moderator
):
    sign_in(client, studyhub_moderator)

    response = client.get(INDEX)

    assert response.status_code == 200
    assert listed_titles(response) == {"StudyHub talks rivers"}
    assert "Parents talk rivers" not in response.content.decode()
    assert client.get(edit_url(threads[0])).status_code == 200


@pytest.mark.parametrize("address", [edit_url, delete_url, history_url])
def test_a_partners_moderator_gets_a_404_for_another_partners_thread(
    client, threads, studyhub_moderator, address
):
    sign_in(client, studyhub_moderator)

    response = client.get(address(threads[1]))

    assert response.status_code == 404
    assert "Parents talk rivers" not in response.content.decode()


def test_a_partners_moderator_cannot_delete_another_partners_thread(
    client, threads, studyhub_moderator
):
    sign_in(client, studyhub_moderator)

    response = client.post(delete_url(threads[1]))

    assert response.status_code == 404
    assert DiscussionThread.objects.filter(pk=threads[1].pk).exists()


def test_a_thread_is_deleted_only_through_its_confirmation_page(
    client, threads, studyhub_moderator
):
    """An HTTP DELETE skips no check: 405, and the thread stays."""
    sign_in(client, studyhub_moderator)

    response = client.delete(delete_url(threads[0]))

    assert response.status_code == 405
    assert DiscussionThread.objects.filter(pk=threads[0].pk).exists()


def test_a_moderator_taken_off_the_roster_keeps_nothing(
    client, world, threads, studyhub_moderator
):
    studyhub_moderator.community_rosters.update(active=False)
    sign_in(client, studyhub_moderator)

    assert threads_for(studyhub_moderator).count() == 0
    assert client.get(edit_url(threads[0])).status_code in (302, 403, 404)
    assert "StudyHub talks rivers" not in client.get(INDEX).content.decode()


@pytest.mark.parametrize("role", ["anonymous", "member", "judge"])
def test_others_see_no_thread(client, threads, role):
    if role == "member":
        sign_in(client, UserFactory())
    elif role == "judge":
        sign_in(client, judge())

    for address in (INDEX, ADD, edit_url(threads[0]), delete_url(threads[0])):
        response = client.get(address)
        assert response.status_code in (302, 403, 404), address
        assert "StudyHub talks rivers" not in response.content.decode(), address
    assert client.post(delete_url(threads[0])).status_code in (302, 403, 404)
    assert DiscussionThread.objects.count() == 2


def test_the_scope_in_numbers(world, threads, studyhub_moderator):
    """The rule behind every view: editors all, a moderator their partner's."""
    assert set(threads_for(editor())) == set(threads)
    assert list(threads_for(studyhub_moderator)) == [threads[0]]
    assert not threads_for(judge()).exists()
    assert not threads_for(UserFactory()).exists()


# Adding a thread.


def test_a_partners_moderator_adds_a_thread_for_their_partner(
    client, world, studyhub_moderator
):
    sign_in(client, studyhub_moderator)

    response = client.post(ADD, form_data(world))

    assert response.status_code == 302
    thread = DiscussionThread.objects.get()
    assert thread.partner == world.studyhub
    assert thread.added_by == studyhub_moderator


def test_the_add_form_offers_a_moderator_only_their_partners_and_calls(
    client, world, studyhub_moderator
):
    elsewhere = CompetitionPageFactory(
        parent=world.competition.get_parent(), title="Not ours"
    )
    CompetitionPartnershipFactory(page=elsewhere, partner=world.parents)
    sign_in(client, studyhub_moderator)

    page = BeautifulSoup(client.get(ADD).content, "html.parser")

    def offered(name: str) -> list[str]:
        options = page.select(f"select[name={name}] option")
        return [option.get_text() for option in options if option["value"]]

    assert offered("partner") == ["StudyHub"]
    assert offered("competition") == ["Rivers of home"]


def test_a_moderator_cannot_add_a_thread_for_another_partner(
    client, world, studyhub_moderator
):
    sign_in(client, studyhub_moderator)

    response = client.post(
        ADD,
        form_data(world, partner=world.parents.pk, url="https://parents.example.org/t"),
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not DiscussionThread.objects.exists()


def test_a_thread_needs_a_call_its_partner_takes_part_in(client, world):
    outsider = PartnerCommunityFactory(slug="outsider", website="https://out.example")
    sign_in(client, editor())

    response = client.post(
        ADD, form_data(world, partner=outsider.pk, url="https://out.example/t/1")
    )

    assert response.status_code == 200
    assert "does not take part in this competition" in response.content.decode()
    assert not DiscussionThread.objects.exists()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://studyhub.example.org/t/1", "starting with https://"),
        ("javascript:alert(1)", "starting with https://"),
        ("ftp://studyhub.example.org/t/1", "starting with https://"),
        ("https://spam.example.com/t/1", "own site"),
        ("https://studyhub.example.org.evil.example/t/1", "own site"),
    ],
)
def test_a_thread_address_must_be_https_on_the_partners_site(
    client, world, url, message
):
    sign_in(client, editor())

    response = client.post(ADD, form_data(world, url=url))

    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "Tell us about your river" in body  # what was typed is kept
    assert not DiscussionThread.objects.exists()


def test_a_thread_on_a_subdomain_of_the_partners_site_is_accepted(client, world):
    sign_in(client, editor())

    response = client.post(
        ADD, form_data(world, url="https://forum.studyhub.example.org/t/9")
    )

    assert response.status_code == 302
    assert (
        DiscussionThread.objects.get().url == "https://forum.studyhub.example.org/t/9"
    )


# The competition page.


def test_the_competition_page_links_its_threads_followed(client, world, threads):
    DiscussionThread.objects.create(
        competition=world.competition,
        partner=world.studyhub,
        url="https://studyhub.example.org/t/hidden",
        title="Hidden thread",
        visible=False,
    )

    page = BeautifulSoup(client.get(world.competition.url).content, "html.parser")

    section = page.select_one(".competition-discussions")
    links = {a.get_text(): a for a in section.select("a")}
    assert set(links) == {"StudyHub talks rivers", "Parents talk rivers"}
    assert (
        links["StudyHub talks rivers"]["href"]
        == "https://studyhub.example.org/t/rivers"
    )
    assert all("nofollow" not in a.get("rel", []) for a in links.values())
    assert "On StudyHub:" in section.get_text()


def test_a_competition_without_threads_shows_no_section(client, world):
    page = BeautifulSoup(client.get(world.competition.url).content, "html.parser")

    assert page.select_one(".competition-discussions") is None


@pytest.mark.parametrize("change", ["add", "hide", "delete"])
def test_a_thread_change_shows_on_the_cached_page_at_once(
    client, world, threads, page_cache_on, django_capture_on_commit_callbacks, change
):
    client.get(world.competition.url)
    assert client.get(world.competition.url)["X-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        if change == "add":
            DiscussionThread.objects.create(
                competition=world.competition,
                partner=world.quiet,
                url="https://quiet.example.org/t/1",
                title="A quiet word",
            )
        elif change == "hide":
            threads[0].visible = False
            threads[0].save()
        else:
            threads[0].delete()

    body = client.get(world.competition.url).content.decode()
    assert ("A quiet word" in body) == (change == "add")
    assert ("StudyHub talks rivers" in body) == (change == "add")
