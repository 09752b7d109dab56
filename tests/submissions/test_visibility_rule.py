"""One rule decides who sees an entry: the public lists and every per-object check.

Every entry status × moderation mode × competition state (live, unpublished,
behind a password) is built once, and the queryset, the per-object checks and the
expectation written out here must all agree.
"""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from wagtail import hooks
from wagtail.models import PageViewRestriction

from competitions.enums import ModerationMode
from submissions.enums import EntryStatus
from submissions.models import Entry
from submissions.permissions import (
    ENTRY_ACCESS_HOOK,
    can_view_entry,
    can_view_entry_media,
    staff_entries,
    visible_entries,
)
from submissions.status import STATUS_WORDING
from tests.factories import CompetitionPageFactory, EntryFactory, UserFactory

STATUSES = list(EntryStatus)
MODES = list(ModerationMode)
COMPETITION_STATES = ["live", "unpublished", "password"]


def text_is_public(status: str, mode: str, state: str) -> bool:
    if state != "live":
        return False
    if status == EntryStatus.APPROVED:
        return True
    return status == EntryStatus.SUBMITTED and mode == ModerationMode.AFTER_PUBLICATION


def media_is_public(status: str, mode: str, state: str) -> bool:
    return state == "live" and status == EntryStatus.APPROVED


@pytest.fixture
def world(competition_index, author):
    """Return {(status, mode, state): entry} for every combination."""
    entries = {}
    for mode, state in itertools.product(MODES, COMPETITION_STATES):
        competition = CompetitionPageFactory(
            parent=competition_index, moderation_mode=mode
        )
        for status in STATUSES:
            entries[(status, mode, state)] = EntryFactory(
                competition=competition, author=author, **{status: True}
            )
        if state == "unpublished":
            competition.unpublish()
        elif state == "password":
            PageViewRestriction.objects.create(
                page=competition, restriction_type="password", password="secret"
            )
    return entries


def mismatches(world, user, rule) -> list[str]:
    """Return each combination where the list, the object check and ``rule`` differ."""
    text_list = set(visible_entries(user).values_list("pk", flat=True))
    media_list = set(visible_entries(user, media=True).values_list("pk", flat=True))
    found = []
    for (status, mode, state), entry in world.items():
        expected_text, expected_media = rule(status, mode, state)
        answers = {
            "text list": entry.pk in text_list,
            "text object": can_view_entry(user, entry),
            "media list": entry.pk in media_list,
            "media object": can_view_entry_media(user, entry),
        }
        wanted = {
            "text list": expected_text,
            "text object": expected_text,
            "media list": expected_media,
            "media object": expected_media,
        }
        for check, answer in answers.items():
            if answer != wanted[check]:
                found.append(f"{status}/{mode}/{state}: {check} said {answer}")
    return found


def public_rule(status, mode, state):
    return text_is_public(status, mode, state), media_is_public(status, mode, state)


def test_the_public_queryset_matches_the_rule_for_every_combination(world):
    """public() and with_public_media() hold exactly the entries the rule allows."""
    public = set(Entry.objects.public())
    with_media = set(Entry.objects.with_public_media())

    for (status, mode, state), entry in world.items():
        assert (entry in public) is text_is_public(status, mode, state), (
            status,
            mode,
            state,
        )
        assert (entry in with_media) is media_is_public(status, mode, state)


@pytest.mark.parametrize("who", ["anonymous", "other_member", "staff_without_grant"])
def test_strangers_see_exactly_the_public_entries(world, other_member, who):
    """Anyone but the author and granted staff sees only what the rule makes public."""
    user = {
        "anonymous": AnonymousUser(),
        "other_member": other_member,
        "staff_without_grant": UserFactory(is_staff=True),
    }[who]

    assert mismatches(world, user, public_rule) == []


def test_the_author_sees_every_entry_of_their_own(world, author):
    """Authors see their entries and files in every state, wherever they are."""
    assert mismatches(world, author, lambda *combination: (True, True)) == []


def test_editors_see_every_entry(world, moderator):
    """The moderate_entry permission (editors) grants every entry."""
    assert mismatches(world, moderator, lambda *combination: (True, True)) == []
    assert staff_entries(moderator).count() == len(world)


def test_a_higher_app_grants_access_through_the_hook(world):
    """A hook's grant adds entries to the lists and the object checks alike."""
    granted_user = UserFactory(is_staff=True)
    live_before = {
        entry.pk
        for (status, mode, state), entry in world.items()
        if (mode, state) == (ModerationMode.BEFORE_PUBLICATION, "live")
    }

    def grant(user):
        return Q(pk__in=live_before) if user == granted_user else None

    def rule(status, mode, state):
        if (mode, state) == (ModerationMode.BEFORE_PUBLICATION, "live"):
            return True, True
        return public_rule(status, mode, state)

    with hooks.register_temporarily(ENTRY_ACCESS_HOOK, grant):
        assert mismatches(world, granted_user, rule) == []
        assert set(staff_entries(granted_user).values_list("pk", flat=True)) == (
            live_before
        )
        assert staff_entries(UserFactory(is_staff=True)).count() == 0


def test_an_inactive_account_loses_its_grant(world):
    """A switched-off account sees only what the public sees, hook or not."""
    user = UserFactory(is_staff=True, is_active=False)

    with hooks.register_temporarily(ENTRY_ACCESS_HOOK, lambda u: Q(pk__isnull=False)):
        assert mismatches(world, user, public_rule) == []
        assert staff_entries(user).count() == 0


def test_every_status_is_worded_for_its_author():
    """A status without wording would show the author nothing."""
    assert set(STATUS_WORDING) == set(EntryStatus)
