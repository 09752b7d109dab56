"""Whole-page caching of anonymous public pages (core.pagecache)."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from wagtail import hooks

from core import pagecache
from judging.models import ResultsPublication
from submissions.enums import EntryStatus
from submissions.services import entry_decide, entry_hide, entry_withdraw
from tests.factories import (
    EntryFactory,
    PartnerCommunityFactory,
    UserFactory,
)
from tests.support.staff import sign_in
from tests.voting.conftest import verified_member
from voting.integrity import integrity_check
from voting.models import ShowCounts, VotingRules
from voting.services import vote_cast

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    settings.PUBLIC_PAGE_COUNTS_SECONDS = 30
    cache.clear()


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the invalidations) as a real commit would."""

    def committed(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return committed


def gallery(competition) -> str:
    return competition.url + "gallery/"


def twice(client, url):
    return client.get(url), client.get(url)


@pytest.mark.parametrize(
    "address",
    [
        lambda entry: "/",
        lambda entry: "/competitions/",
        lambda entry: entry.competition.url,
        lambda entry: gallery(entry.competition),
        lambda entry: "/showcase/",
        lambda entry: "/showcase/?kind=image&sort=random&seed=abc",
        lambda entry: entry.get_absolute_url(),
    ],
    ids=["home", "index", "competition", "gallery", "showcase", "filters", "entry"],
)
def test_anonymous_pages_are_cached_whole(client, entry, address):
    first, second = twice(client, address(entry))

    assert first.status_code == second.status_code == 200
    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_a_hit_still_carries_the_security_headers_with_a_fresh_policy(client, entry):
    first, second = twice(client, gallery(entry.competition))

    assert second["X-Cache"] == "hit"
    assert second["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in second["Content-Security-Policy"]
    assert "Set-Cookie" not in second.headers


def test_a_hit_answers_head_requests_too(client, entry):
    page = client.get(gallery(entry.competition))

    response = client.head(gallery(entry.competition))

    assert response["X-Cache"] == "hit"
    assert response["Content-Type"] == page["Content-Type"]
    assert int(response["Content-Length"]) == len(page.content)


def test_a_head_that_misses_stores_nothing_and_the_get_after_it_is_whole(
    client, entry, stored_timeouts
):
    """A HEAD may be answered from the cache, but never leaves a page in it."""
    head = client.head(entry.get_absolute_url())
    kept_after_head = list(stored_timeouts)
    first, second = twice(client, entry.get_absolute_url())

    assert (head.status_code, head["X-Cache"]) == (200, "miss")
    assert kept_after_head == []
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert "Market day" in second.content.decode()
    assert second.content == first.content
    assert int(head["Content-Length"]) == len(first.content)


def test_a_head_answer_without_its_body_is_never_kept_as_the_page(rf, db):
    """Whatever empties a HEAD's body before the cache sees it, GET gets the page.

    Servers drop a HEAD answer's body after the middleware; a server or view
    that did it sooner must still not leave an empty page for every visitor.
    """

    def view(request):
        body = b"" if request.method == "HEAD" else b"<p>The whole page</p>"
        return pagecache.mark_public(HttpResponse(body))

    setattr(view, pagecache.PUBLIC_VIEW, True)

    def handler(request):
        return middleware.process_view(request, view, (), {}) or view(request)

    middleware = pagecache.PublicPageCacheMiddleware(handler)

    head = middleware(rf.head("/page/"))
    first = middleware(rf.get("/page/"))
    second = middleware(rf.get("/page/"))

    assert (head[pagecache.CACHE_HEADER], head.content) == ("miss", b"")
    assert first[pagecache.CACHE_HEADER] == "miss"
    assert (second[pagecache.CACHE_HEADER], second.content) == (
        "hit",
        b"<p>The whole page</p>",
    )


def test_a_signed_in_visitor_is_never_served_the_cached_page(client, entry):
    anonymous, _ = twice(client, gallery(entry.competition))
    member = UserFactory(handle="rowan_reads")
    sign_in(client, member)

    response = client.get(gallery(entry.competition))

    assert "X-Cache" not in response.headers
    assert "rowan_reads" in response.content.decode()
    assert "rowan_reads" not in anonymous.content.decode()


def test_a_signed_in_page_is_never_stored_for_others(client, entry, stored_timeouts):
    sign_in(client, UserFactory(handle="rowan_reads"))
    client.get(entry.get_absolute_url())
    client.logout()
    client.cookies.clear()

    response = client.get(entry.get_absolute_url())

    assert response["X-Cache"] == "miss"
    assert "rowan_reads" not in response.content.decode()
    assert len(stored_timeouts) == 1  # stored once, by the anonymous request


def test_a_visitor_with_a_message_waiting_is_served_a_fresh_page(client, entry):
    twice(client, gallery(entry.competition))
    client.cookies["messages"] = "anything"

    response = client.get(gallery(entry.competition))

    assert "X-Cache" not in response.headers


def test_a_page_that_starts_a_session_is_not_stored(client, entry, stored_timeouts):
    partner = PartnerCommunityFactory(slug="studyhub")
    url = f"{gallery(entry.competition)}?via={partner.slug}"

    response = client.get(url)
    client.cookies.clear()
    again = client.get(url)

    assert response.cookies  # the referral is remembered in a session
    assert again["X-Cache"] == "miss"
    assert stored_timeouts == []


def test_pages_not_opted_in_are_left_alone(client, db, home_page):
    first, second = twice(client, "/accounts/login/")

    assert "X-Cache" not in first.headers
    assert "X-Cache" not in second.headers


def test_a_missing_page_is_not_stored(client, competition, stored_timeouts):
    first, second = twice(client, "/entries/AAAAAAAAAAAAAAAA/")

    assert first.status_code == second.status_code == 404
    assert stored_timeouts == []


def test_turned_off_nothing_is_cached(client, entry, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0

    first, second = twice(client, gallery(entry.competition))

    assert "X-Cache" not in second.headers


def test_approving_an_entry_shows_it_at_once(client, competition, on_commit):
    waiting = EntryFactory(competition=competition, submitted=True, title="Bus stop")
    twice(client, gallery(competition))
    editor = UserFactory(is_superuser=True)

    on_commit(
        lambda: entry_decide(
            entry=waiting, actor=editor, to_status=EntryStatus.APPROVED
        )
    )
    response = client.get(gallery(competition))

    assert response["X-Cache"] == "miss"
    assert "Bus stop" in response.content.decode()


def test_hiding_an_entry_takes_it_off_at_once(client, entry, on_commit):
    assert "Market day" in twice(client, gallery(entry.competition))[1].content.decode()

    on_commit(lambda: entry_hide(entry=entry, note="reported"))

    assert "Market day" not in client.get(gallery(entry.competition)).content.decode()
    assert client.get(entry.get_absolute_url()).status_code == 404


def test_withdrawing_an_entry_takes_it_off_at_once(client, entry, on_commit):
    twice(client, "/showcase/")

    on_commit(lambda: entry_withdraw(entry=entry, actor=entry.author))

    assert "Market day" not in client.get("/showcase/").content.decode()


def test_publishing_results_shows_them_at_once(client, entry, on_commit):
    results = entry.competition.url + "results/"
    assert client.get(results).status_code == 404
    twice(client, entry.competition.url)

    on_commit(lambda: ResultsPublication.objects.create(competition=entry.competition))

    assert client.get(entry.competition.url)["X-Cache"] == "miss"
    assert client.get(results).status_code == 200


def test_publishing_a_page_shows_it_at_once(client, competition, on_commit):
    twice(client, "/competitions/")
    competition.title = "Picture your market"

    on_commit(lambda: competition.save_revision().publish())

    assert "Picture your market" in client.get("/competitions/").content.decode()


def test_a_partner_renamed_shows_at_once(client, entry, on_commit):
    partner = PartnerCommunityFactory(name="StudyHub")
    twice(client, partner.get_absolute_url())
    partner.name = "StudyHub Forum"

    on_commit(partner.save)

    assert "StudyHub Forum" in client.get(partner.get_absolute_url()).content.decode()


def test_a_draft_being_typed_does_not_empty_the_cache(client, entry, on_commit):
    draft = EntryFactory(competition=entry.competition, draft=True)
    twice(client, gallery(entry.competition))
    draft.title = "Still typing"

    on_commit(draft.save)

    assert client.get(gallery(entry.competition))["X-Cache"] == "hit"


def test_shown_vote_counts_keep_the_page_briefly(client, competition, stored_timeouts):
    competition.voting_opens_at = timezone.now() - timedelta(days=1)
    competition.voting_closes_at = timezone.now() + timedelta(days=3)
    competition.entries_close_at = competition.voting_opens_at
    competition.entries_open_at = competition.voting_opens_at - timedelta(days=9)
    competition.save()
    VotingRules.objects.create(competition=competition, show_counts=ShowCounts.DURING)
    entry = EntryFactory(competition=competition, approved=True)
    vote_cast(entry=entry, voter=verified_member(), ip="", now=timezone.now())

    response = client.get(entry.get_absolute_url())

    assert "1 vote" in response.content.decode()
    assert stored_timeouts == [30]


def test_hidden_counts_keep_the_page_until_voting_closes(
    client, competition, stored_timeouts
):
    closes = timezone.now() + timedelta(seconds=120)
    competition.voting_opens_at = timezone.now() - timedelta(days=1)
    competition.voting_closes_at = closes
    competition.entries_close_at = competition.voting_opens_at
    competition.entries_open_at = competition.voting_opens_at - timedelta(days=9)
    competition.save()
    VotingRules.objects.create(competition=competition, show_counts=ShowCounts.NEVER)
    entry = EntryFactory(competition=competition, approved=True)

    client.get(entry.get_absolute_url())

    assert len(stored_timeouts) == 1
    assert 100 <= stored_timeouts[0] <= 120


def test_a_competition_page_is_kept_no_longer_than_its_next_date(
    client, competition, stored_timeouts
):
    competition.entries_close_at = timezone.now() + timedelta(seconds=90)
    competition.save()

    client.get(competition.url)

    assert len(stored_timeouts) == 1
    assert 60 <= stored_timeouts[0] <= 90


def test_each_host_has_its_own_pages(client, entry, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    client.get("/showcase/")

    response = client.get("/showcase/", headers={"host": "other.example"})

    assert response["X-Cache"] == "miss"


def test_setting_votes_aside_after_the_results_shows_at_once(
    client, competition, on_commit
):
    competition.voting_opens_at = timezone.now() - timedelta(days=5)
    competition.voting_closes_at = timezone.now() - timedelta(days=4)
    competition.entries_close_at = competition.voting_opens_at
    competition.entries_open_at = competition.voting_opens_at - timedelta(days=9)
    competition.save()
    entry = EntryFactory(competition=competition, approved=True, title="Held door")
    for _ in range(3):
        vote_cast(
            entry=entry,
            voter=verified_member(),
            ip="203.0.113.9",
            now=competition.voting_opens_at + timedelta(hours=1),
        )
    ResultsPublication.objects.create(competition=competition)
    results = competition.url + "results/"
    assert twice(client, results)[1]["X-Cache"] == "hit"

    on_commit(lambda: integrity_check(competition=competition, now=timezone.now()))

    assert client.get(results)["X-Cache"] == "miss"


def test_other_pages_cost_the_cache_nothing(client, entry, monkeypatch):
    lookups = []
    real_get_many = pagecache.cache.get_many
    monkeypatch.setattr(
        pagecache.cache,
        "get_many",
        lambda keys, **kwargs: lookups.append(keys) or real_get_many(keys, **kwargs),
    )

    client.get("/accounts/login/")
    client.get("/me/")
    client.get(gallery(entry.competition))

    assert len(lookups) == 1  # the gallery's only


def test_no_page_outlives_a_moment_pages_change_by_themselves(
    client, entry, stored_timeouts
):
    soon = timezone.now() + timedelta(seconds=40)
    with hooks.register_temporarily(pagecache.CHANGES_HOOK, lambda now: [soon]):
        client.get(gallery(entry.competition))

    assert len(stored_timeouts) == 1
    assert 0 < stored_timeouts[0] <= 40


def test_moments_gone_by_do_not_shorten_a_page(client, entry, stored_timeouts):
    past = timezone.now() - timedelta(seconds=40)
    with hooks.register_temporarily(pagecache.CHANGES_HOOK, lambda now: [past, None]):
        client.get(gallery(entry.competition))

    assert stored_timeouts == [300]


def test_many_changes_in_one_transaction_start_one_generation(
    db, django_capture_on_commit_callbacks, monkeypatch
):
    started = []
    real_incr = pagecache.cache.incr
    monkeypatch.setattr(
        pagecache.cache, "incr", lambda key: started.append(key) or real_incr(key)
    )
    cache.set(pagecache.GENERATION_KEY, 7, timeout=None)

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            pagecache.invalidate_public_pages()
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.invalidate_public_pages()  # the next transaction

    assert len(started) == 2
    assert cache.get(pagecache.GENERATION_KEY) == 9


def test_a_change_in_a_rolled_back_savepoint_leaves_the_later_one_standing(
    db, django_capture_on_commit_callbacks
):
    from django.db import transaction

    cache.set(pagecache.GENERATION_KEY, 7, timeout=None)
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                pagecache.invalidate_public_pages()
                raise RuntimeError
        except RuntimeError:
            pass
        pagecache.invalidate_public_pages()

    assert cache.get(pagecache.GENERATION_KEY) == 8
