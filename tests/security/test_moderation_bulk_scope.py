"""A moderator lent for one competition cannot bulk-decide another's entries.

The attacks: the moderator of competition A puts B's entry ids in the bulk
form (alone, or mixed in with A's), uses "select all" hoping it takes
everything, or filters "select all" by B; a moderator whose assignment ended
tries again; members, visitors and staff with no assignment try the bulk
address at all; and anyone replays or forges the confirmation's token of what
was seen (``seen``), hoping it stands in for the scope. Nothing of B is decided,
and nothing of B shows: an id outside the moderator's scope is "not found",
exactly as an id that does not exist.
"""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from moderation import bulk
from moderation.claims import entry_version
from moderation.models import ModerationDecision, ModeratorAssignment
from submissions.enums import EntryStatus
from submissions.models import Entry
from tests.factories import EntryFactory, UserFactory
from tests.support.judging_results import judge
from tests.support.moderation import SECRET_TITLE, admin_moderator, build_world
from tests.support.staff import sign_in

REJECT = {"reason": "spam", "message": "Taken down."}


@pytest.fixture
def world(competition_index):
    return build_world(competition_index)


def bulk_url(action, ids=(), *, select_all=False, **filters) -> str:
    query = [("action", action), *(("id", value) for value in ids)]
    if select_all:
        query.append(("select_all", "1"))
    return reverse("moderation:bulk") + "?" + urlencode(query + list(filters.items()))


def seen_in(response) -> dict:
    """Return the confirmation's token of what it showed, if it has a form."""
    soup = BeautifulSoup(response.content, "html.parser")
    field = soup.select_one("form.moderation-bulk-confirm__form input[name=seen]")
    return {"seen": field["value"]} if field is not None else {}


def both_steps(client, url, data=None):
    """Return the confirmation and the decision, as a moderator would send them."""
    confirm = client.get(url)
    return confirm, client.post(url, {**(data or {}), **seen_in(confirm)})


def assert_nothing_of(response, entry) -> None:
    content = response.content.decode()
    assert entry.title not in content
    assert entry.public_id not in content
    messages = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert entry.title not in messages


def assert_untouched(*entries) -> None:
    for entry in entries:
        stored = Entry.objects.get(pk=entry.pk)
        assert stored.status == EntryStatus.SUBMITTED
        assert not ModerationDecision.objects.filter(entry=entry).exists()
        assert not stored.events.exists()


def page_text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def b_entries(world, count=3) -> list[Entry]:
    return [world.entry_b] + [
        EntryFactory(
            competition=world.competition_b,
            kind="story",
            title=f"{SECRET_TITLE} {n}",
            submitted=True,
        )
        for n in range(count - 1)
    ]


# The moderator of competition A against competition B ------------------------------


@pytest.mark.parametrize(("action", "data"), [("approve", {}), ("reject", REJECT)])
def test_explicit_ids_of_another_competitions_entries_are_not_found(
    client, world, action, data
):
    """B's ids alone: a 404 at both steps, and B's entries stay as they were."""
    theirs = b_entries(world)
    sign_in(client, world.moderator_a)

    for response in both_steps(
        client, bulk_url(action, [e.public_id for e in theirs]), data
    ):
        assert response.status_code == 404
        for entry in theirs:
            assert_nothing_of(response, entry)
    assert_untouched(*theirs)


def test_another_competitions_ids_mixed_with_mine_are_skipped_unseen(client, world):
    """A's entry is decided; B's is counted "not found" and never named."""
    sign_in(client, world.moderator_a)
    url = bulk_url("approve", [world.entry_a.public_id, world.entry_b.public_id])

    confirm, decided = both_steps(client, url)

    assert "Approve this entry?" in confirm.content.decode()
    assert "1 could not be found." in confirm.content.decode()
    assert_nothing_of(confirm, world.entry_b)
    assert [str(m) for m in get_messages(decided.wsgi_request)] == [
        "1 approved; 1 could not be found."
    ]
    assert Entry.objects.get(pk=world.entry_a.pk).status == EntryStatus.APPROVED
    assert_untouched(world.entry_b)


def test_a_made_up_id_and_another_competitions_id_look_the_same(client, world):
    """So the answer cannot tell an attacker that an id exists elsewhere."""
    sign_in(client, world.moderator_a)
    mine = world.entry_a.public_id

    theirs = client.get(bulk_url("approve", [mine, world.entry_b.public_id]))
    made_up = client.get(bulk_url("approve", [mine, "x" * 16]))

    assert theirs.status_code == made_up.status_code == 200
    assert page_text(theirs) == page_text(made_up)
    assert client.get(bulk_url("approve", [world.entry_b.public_id])).status_code == (
        client.get(bulk_url("approve", ["x" * 16])).status_code
    )


@pytest.mark.parametrize(("action", "data"), [("approve", {}), ("reject", REJECT)])
def test_select_all_decides_only_my_competitions_entries(client, world, action, data):
    theirs = b_entries(world)
    sign_in(client, world.moderator_a)

    confirm, decided = both_steps(client, bulk_url(action, select_all=True), data)

    assert "this entry?" in confirm.content.decode()  # one: A's
    for entry in theirs:
        assert_nothing_of(confirm, entry)
    assert decided.status_code == 302
    assert Entry.objects.get(pk=world.entry_a.pk).status != EntryStatus.SUBMITTED
    assert_untouched(*theirs)


def test_select_all_filtered_by_another_competition_decides_nothing(client, world):
    sign_in(client, world.moderator_a)
    url = bulk_url("approve", select_all=True, competition=world.competition_b.pk)

    for response in both_steps(client, url):
        assert response.status_code == 400
        assert_nothing_of(response, world.entry_b)
    assert_untouched(world.entry_a, world.entry_b)


@pytest.mark.parametrize("state", ["draft", "withdrawn"])
def test_drafts_and_withdrawn_entries_of_my_competition_are_not_found(
    client, world, state
):
    entry = EntryFactory(
        competition=world.competition_a, title=SECRET_TITLE, **{state: True}
    )
    sign_in(client, world.moderator_a)

    for response in both_steps(client, bulk_url("approve", [entry.public_id])):
        assert response.status_code == 404
        assert_nothing_of(response, entry)
    assert Entry.objects.get(pk=entry.pk).status == state


def test_database_ids_find_nothing(client, world):
    sign_in(client, world.moderator_a)

    response = client.post(bulk_url("approve", [str(world.entry_a.pk)]))

    assert response.status_code == 404
    assert_untouched(world.entry_a)


# Moderators whose right has gone ---------------------------------------------------


def end_assignment(world) -> None:
    ended = timezone.now() - timedelta(minutes=1)
    ModeratorAssignment.objects.filter(moderator=world.moderator_a).update(
        active_from=ended - timedelta(days=3), active_until=ended
    )


def test_an_expired_assignment_gets_nothing(client, world):
    end_assignment(world)
    sign_in(client, world.moderator_a)

    for url in (
        bulk_url("approve", [world.entry_a.public_id]),
        bulk_url("approve", select_all=True),
    ):
        for response in both_steps(client, url):
            assert response.status_code in (302, 403, 404)
            assert_nothing_of(response, world.entry_a)
    assert_untouched(world.entry_a)


def test_an_expired_assignment_beside_a_live_one_gets_only_the_live_ones(client, world):
    """Ended on A, still moderating B: A's ids are not found, select all takes B's."""
    end_assignment(world)
    ModeratorAssignment.objects.create(
        competition=world.competition_b,
        moderator=world.moderator_a,
        community=world.studyhub,
        active_from=timezone.now() - timedelta(days=1),
    )
    sign_in(client, world.moderator_a)

    assert client.post(bulk_url("approve", [world.entry_a.public_id])).status_code == (
        404
    )
    both_steps(client, bulk_url("approve", select_all=True))

    assert_untouched(world.entry_a)
    assert Entry.objects.get(pk=world.entry_b.pk).status == EntryStatus.APPROVED


# People who were never moderators --------------------------------------------------


@pytest.mark.parametrize(
    "who", ["member", "author", "anonymous", "unassigned staff", "judge"]
)
def test_members_visitors_and_unassigned_staff_get_no_bulk_decision(client, world, who):
    """A visitor is sent to sign in; the others are refused; nothing is decided."""
    if who == "unassigned staff":
        sign_in(client, admin_moderator(handle="judge_one"))
    elif who == "judge":
        sign_in(client, judge(handle="judge_two"))
    elif who != "anonymous":
        sign_in(client, world.author if who == "author" else UserFactory())

    for url in (
        bulk_url("approve", [world.entry_a.public_id]),
        bulk_url("reject", select_all=True),
    ):
        for response in both_steps(client, url, REJECT):
            if who == "anonymous":
                assert response.status_code == 302
                assert response["Location"].startswith(reverse("account_login"))
            else:
                assert response.status_code in (302, 403)
                if response.status_code == 302:
                    assert response["Location"] == reverse("wagtailadmin_home")
            assert_nothing_of(response, world.entry_a)
    assert_untouched(world.entry_a, world.entry_b)


# The token of what was seen stands in for nothing -----------------------------------


def confirmed_by(client, user, url) -> dict:
    """Return the token ``user``'s own confirmation at ``url`` would post."""
    sign_in(client, user)
    seen = seen_in(client.get(url))
    client.logout()
    assert seen, "the confirmation drew no form"
    return seen


def test_another_communitys_moderator_cannot_replay_a_token_for_my_entries(
    client, world
):
    """mod_b got hold of mod_a's confirmed form for A's entry: still not found."""
    url = bulk_url("reject", [world.entry_a.public_id])
    seen = confirmed_by(client, world.moderator_a, url)
    sign_in(client, world.moderator_b)

    response = client.post(url, {**REJECT, **seen})

    assert response.status_code == 404
    assert_nothing_of(response, world.entry_a)
    assert_untouched(world.entry_a)


@pytest.mark.parametrize("url_of", ["ids", "select_all"])
def test_an_editors_token_for_every_competition_takes_nothing_of_b_for_me(
    client, world, url_of
):
    """The editor confirmed A's and B's entries; mod_a replays the editor's form."""
    ids = [world.entry_a.public_id, world.entry_b.public_id]
    url = (
        bulk_url("approve", ids)
        if url_of == "ids"
        else bulk_url("approve", select_all=True)
    )
    seen = confirmed_by(client, world.editor, url)
    sign_in(client, world.moderator_a)

    response = client.post(url, seen)

    assert response.status_code == 400  # not this moderator's token
    assert "Nothing was decided" in page_text(response)
    assert_nothing_of(response, world.entry_b)
    assert_untouched(world.entry_a, world.entry_b)


def test_a_token_for_bs_entries_signed_for_me_still_decides_nothing_of_b(client, world):
    """Were the signing key known, a token naming B's entries as seen takes none.

    The token only narrows what the scope gives: it never adds to it.
    """
    sign_in(client, world.moderator_a)
    forged = {
        entry.public_id: entry_version(entry)
        for entry in (world.entry_a, world.entry_b)
    }
    salt = f"{bulk.SEEN_SALT}:{world.moderator_a.pk}:approve:all:"
    seen = {"seen": signing.Signer(salt=salt).sign_object(forged, compress=True)}

    decided = client.post(bulk_url("approve", select_all=True), seen)
    theirs = client.post(bulk_url("approve", [world.entry_b.public_id]), seen)

    assert [str(m) for m in get_messages(decided.wsgi_request)] == ["1 approved."]
    assert Entry.objects.get(pk=world.entry_a.pk).status == EntryStatus.APPROVED
    assert theirs.status_code == 404
    assert_untouched(world.entry_b)


def test_an_editor_decides_every_competitions_entries_with_their_own_token(
    client, world
):
    """Editors keep their reach: the token narrows nobody's scope by itself."""
    sign_in(client, world.editor)
    url = bulk_url("approve", [world.entry_a.public_id, world.entry_b.public_id])

    _confirm, decided = both_steps(client, url)

    assert [str(m) for m in get_messages(decided.wsgi_request)] == ["2 approved."]
    for entry in (world.entry_a, world.entry_b):
        assert Entry.objects.get(pk=entry.pk).status == EntryStatus.APPROVED
