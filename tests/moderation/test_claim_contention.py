"""Two moderators open (or decide) the same entry at the same moment: one gets it.

Real threads, each with its own database connection, on PostgreSQL (SQLite
ignores ``select_for_update`` and runs one writer at a time, so it cannot show
the race). Run with, for example::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opencall_claims \\
        .venv/bin/python -m pytest tests/moderation/test_claim_contention.py
"""

import threading
import time
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from moderation import services
from moderation.claims import claim_entry, entry_version
from moderation.models import EntryClaim, ModerationDecision
from submissions.models import Entry
from tests.factories import (
    CompetitionIndexPageFactory,
    HomePageFactory,
    ModeratorAssignmentFactory,
)
from tests.support.moderation import admin_moderator, build_world, fresh
from tests.support.staff import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

# How long each claimant dawdles between reading the claim and writing it: long
# enough that, were the entry's row not locked, both would read before either
# wrote.
DAWDLE = 0.3


@pytest.fixture(autouse=True)
def postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Claim contention needs PostgreSQL: set DATABASE_URL.")


@pytest.fixture
def world(postgresql, transactional_db):
    """The moderation world, with a second moderator (mod_c) for competition A.

    A transactional test starts from a flushed database: Wagtail's root page,
    locale, default site and root collection (approving files needs it) are
    made again first.
    """
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root")
    )
    home = HomePageFactory(parent=root)
    site = Site.objects.filter(is_default_site=True).first() or Site(
        is_default_site=True, hostname="localhost"
    )
    site.root_page = home
    site.save()
    world = build_world(CompetitionIndexPageFactory(parent=home))
    world.moderator_c = fresh(
        ModeratorAssignmentFactory(
            competition=world.competition_a,
            community=world.parents,
            moderator=admin_moderator(handle="mod_c"),
        ).moderator
    )
    return world


def at_once(*jobs: Callable[[], object]) -> list[object]:
    """Run ``jobs`` in threads released together; return results (or exceptions)."""
    start = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def run(index: int, job: Callable[[], object]) -> None:
        try:
            start.wait(timeout=10)
            results[index] = job()
        except Exception as error:  # noqa: BLE001 (reported by the test)
            results[index] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(index, job))
        for index, job in enumerate(jobs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return results


@pytest.fixture
def dawdling_writes(monkeypatch):
    """Make every claim write wait a moment first, to hold the race window open."""
    original = EntryClaim.save

    def slow_save(self, *args, **kwargs):
        time.sleep(DAWDLE)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(EntryClaim, "save", slow_save)


def claimant(entry: Entry, moderator) -> Callable[[], int]:
    def claim() -> int:
        return claim_entry(entry=entry, moderator=moderator).moderator_id

    return claim


def test_two_moderators_claiming_a_free_entry_at_once_one_wins(world, dawdling_writes):
    a, c = world.moderator_a, world.moderator_c

    results = at_once(claimant(world.entry_a, a), claimant(world.entry_a, c))

    assert not [r for r in results if isinstance(r, Exception)], results
    (claim,) = EntryClaim.objects.filter(entry=world.entry_a)
    assert claim.moderator_id in (a.pk, c.pk)
    # Both were told the same winner: the loser saw the winner's claim.
    assert results == [claim.moderator_id, claim.moderator_id]


def test_two_moderators_taking_over_a_lapsed_claim_at_once_one_wins(
    world, dawdling_writes
):
    """The case a lock must cover: both see mod_b's old claim lapsed, and both
    would overwrite it without the lock; with it, the second sees the first's."""
    EntryClaim.objects.create(
        entry=world.entry_a,
        moderator=world.editor,
        claimed_at=timezone.now() - timedelta(hours=1),
        expires_at=timezone.now() - timedelta(minutes=40),
    )
    a, c = world.moderator_a, world.moderator_c

    results = at_once(claimant(world.entry_a, a), claimant(world.entry_a, c))

    assert not [r for r in results if isinstance(r, Exception)], results
    claim = EntryClaim.objects.get(entry=world.entry_a)
    assert claim.moderator_id in (a.pk, c.pk)
    assert results == [claim.moderator_id, claim.moderator_id]
    assert claim.expires_at > timezone.now()


def test_two_moderators_opening_the_review_screen_at_once(world):
    """Through the views: one gets the decisions, the other the notice."""
    browsers = {}
    for moderator in (world.moderator_a, world.moderator_c):
        browsers[moderator.handle] = Client()
        sign_in(browsers[moderator.handle], moderator)
    url = reverse("moderation:review", kwargs={"public_id": world.entry_a.public_id})

    def opener(handle: str) -> Callable[[], str]:
        return lambda: browsers[handle].get(url).content.decode()

    pages = dict(
        zip(("mod_a", "mod_c"), at_once(opener("mod_a"), opener("mod_c")), strict=True)
    )

    claim = EntryClaim.objects.select_related("moderator").get(entry=world.entry_a)
    winner = claim.moderator.handle
    loser = "mod_c" if winner == "mod_a" else "mod_a"
    assert 'id="decide-approve"' in pages[winner]
    assert 'id="decide-approve"' not in pages[loser]
    assert f"Being reviewed by {winner} until" in pages[loser]


def test_two_decisions_sent_at_once_make_one(world, monkeypatch):
    """Both pages were drawn with the entry waiting; the second to get the entry's
    row finds it decided, is told so, and records nothing."""
    original = services.decision_record

    def slow_record(**kwargs):
        time.sleep(DAWDLE)  # the first decision holds the row a while
        return original(**kwargs)

    monkeypatch.setattr(services, "decision_record", slow_record)
    seen = entry_version(world.entry_a)
    url = reverse("moderation:review", kwargs={"public_id": world.entry_a.public_id})
    posts = {
        world.moderator_a: {"action": "approve", "approve-message": "", "seen": seen},
        world.moderator_c: {
            "action": "reject",
            "reject-reason": "spam",
            "reject-message": "An advert.",
            "seen": seen,
        },
    }
    browsers = {}
    for moderator in posts:
        browsers[moderator] = Client()
        sign_in(browsers[moderator], moderator)

    def decider(moderator) -> Callable[[], int]:
        return lambda: browsers[moderator].post(url, posts[moderator]).status_code

    codes = at_once(*(decider(moderator) for moderator in posts))

    assert not [r for r in codes if isinstance(r, Exception)], codes
    assert sorted(codes) == [302, 409], codes
    (decision,) = ModerationDecision.objects.all()
    assert Entry.objects.get(pk=world.entry_a.pk).status == decision.to_status


def test_a_bulk_decision_and_a_single_one_sent_at_once_make_one(world, monkeypatch):
    """mod_a's bulk approval, confirmed while the entry waited, meets mod_c's
    request for changes: whichever gets the row second finds the entry changed
    and decides nothing."""
    original = services.decision_record

    def slow_record(**kwargs):
        time.sleep(DAWDLE)
        return original(**kwargs)

    monkeypatch.setattr(services, "decision_record", slow_record)
    browsers = {}
    for moderator in (world.moderator_a, world.moderator_c):
        browsers[moderator] = Client()
        sign_in(browsers[moderator], moderator)
    bulk = reverse("moderation:bulk") + f"?action=approve&id={world.entry_a.public_id}"
    seen = browsers[world.moderator_a].get(bulk).context["seen"]
    review = reverse("moderation:review", kwargs={"public_id": world.entry_a.public_id})
    changes = {
        "action": "request_changes",
        "request_changes-message": "Please crop the shop sign.",
        "seen": entry_version(world.entry_a),
    }

    codes = at_once(
        lambda: browsers[world.moderator_a].post(bulk, {"seen": seen}).status_code,
        lambda: browsers[world.moderator_c].post(review, changes).status_code,
    )

    assert not [r for r in codes if isinstance(r, Exception)], codes
    (decision,) = ModerationDecision.objects.all()
    assert Entry.objects.get(pk=world.entry_a.pk).status == decision.to_status
    # The bulk POST always redirects to the queue; the single one is refused
    # (409) only when the bulk one got there first.
    assert codes[0] == 302
    assert codes[1] == (409 if decision.actor == world.moderator_a else 302), codes
    assert not EntryClaim.objects.exists()
