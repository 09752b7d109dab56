"""While Redis is down pages still render; what needs its counters says "shortly"."""

import pytest
from django.urls import reverse

from core import pagecache
from moderation.models import EntryReport
from tests.factories import CompetitionPageFactory, EntryFactory, UserFactory
from tests.voting.conftest import verified_member
from voting.models import Vote

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300


def twice(client, url):
    return client.get(url), client.get(url)


@pytest.mark.parametrize(
    "address",
    [
        lambda entry: "/",
        lambda entry: entry.competition.url,
        lambda entry: entry.competition.url + "gallery/",
        lambda entry: entry.get_absolute_url(),
    ],
    ids=["home", "competition", "gallery", "entry"],
)
def test_pages_still_render_when_redis_is_down(client, entry, redis_down, address):
    first, second = twice(client, address(entry))

    assert first.status_code == second.status_code == 200
    assert "Picture your high street" in second.content.decode()
    assert second["X-Cache"] == "miss"


def test_invalidating_while_redis_is_down_changes_nothing(entry, redis_down, caplog):
    pagecache._new_generation()

    assert "Could not start a new public page generation" in caplog.text


def test_voting_refuses_while_redis_is_down(client, redis_down, recaptcha):
    competition = CompetitionPageFactory(voting=True)
    entry = EntryFactory(competition=competition, approved=True)
    client.force_login(verified_member())

    response = client.post(
        reverse("voting_public:entry_vote", kwargs={"public_id": entry.public_id}),
        {"action": "cast", **recaptcha.data("vote")},
    )

    assert response.status_code == 503
    assert "Voting is busy; please try again shortly" in response.content.decode()
    assert not Vote.objects.exists()


def test_a_report_waits_while_redis_is_down_and_keeps_what_was_typed(
    client, entry, redis_down
):
    client.force_login(UserFactory())

    response = client.post(
        reverse(
            "moderation_public:entry_report", kwargs={"public_id": entry.public_id}
        ),
        {"reason": "spam", "note": "Selling phones in the caption"},
    )

    assert response.status_code == 503
    page = response.content.decode()
    assert "Reports cannot be taken just now" in page
    assert "Selling phones in the caption" in page
    assert not EntryReport.objects.exists()
