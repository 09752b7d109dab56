"""Two competitions, each with its own moderator, for the moderation tests."""

from dataclasses import dataclass

from django.contrib.auth.models import Permission

from competitions.enums import EntryKind, Licence
from members.demo import MODERATORS_GROUP, ensure_admin_group
from members.models import User
from moderation.claims import entry_version
from submissions.models import Entry
from tests.factories import (
    CompetitionPageFactory,
    EntryFactory,
    ModeratorAssignmentFactory,
    PartnerCommunityFactory,
    UserFactory,
)

SECRET_TITLE = "Letters to my sister in Leeds"


@dataclass
class ModerationWorld:
    """Competition A, moderated by ``moderator_a`` for StudyHub, and B by Parents."""

    competition_a: object
    competition_b: object
    studyhub: object
    parents: object
    moderator_a: User
    moderator_b: User
    editor: User
    author: User
    entry_a: Entry
    entry_b: Entry

    def assignment_of(self, moderator: User):
        return moderator.moderator_assignments.get()


def fresh(user: User) -> User:
    """Return ``user`` again, without cached permissions."""
    return User.objects.get(pk=user.pk)


def as_seen(entry: Entry, data: dict) -> dict:
    """Return ``data`` as the review page posts it, drawn with the entry as now."""
    return {**data, "seen": entry_version(Entry.objects.get(pk=entry.pk))}


def admin_moderator(**kwargs) -> User:
    """Return staff in the moderators' group: admin access and nothing more."""
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(ensure_admin_group(MODERATORS_GROUP))
    return user


def editor() -> User:
    """Return an editor who is not a superuser: admin access and moderate_entry."""
    user = UserFactory(is_staff=True, handle="the_editor")
    user.groups.add(ensure_admin_group("Editors"))
    user.user_permissions.add(
        Permission.objects.get(
            codename="moderate_entry", content_type__app_label="submissions"
        )
    )
    return fresh(user)


def build_world(parent) -> ModerationWorld:
    """Build two image competitions with one submitted entry and one moderator each."""
    competitions = [
        CompetitionPageFactory(
            parent=parent,
            title=title,
            entry_kinds=[EntryKind.IMAGE.value, EntryKind.STORY.value],
            licence_options=[Licence.CC_BY.value],
        )
        for title in ("Picture your high street", "Mountains at night")
    ]
    studyhub = PartnerCommunityFactory(name="StudyHub", slug="studyhub")
    parents = PartnerCommunityFactory(name="Parents Together", slug="parents")
    moderators = [
        admin_moderator(handle=handle, email=f"{handle}@private.example.org")
        for handle in ("mod_a", "mod_b")
    ]
    for competition, community, moderator in zip(
        competitions, (studyhub, parents), moderators, strict=True
    ):
        ModeratorAssignmentFactory(
            competition=competition, community=community, moderator=moderator
        )
    author = UserFactory(handle="ana_writes", email="ana.private@example.org")
    entry_a, entry_b = (
        EntryFactory(
            competition=competition,
            author=author,
            kind=EntryKind.IMAGE,
            title=title,
            submitted=True,
        )
        for competition, title in zip(
            competitions, ("High street in the rain", SECRET_TITLE), strict=True
        )
    )
    return ModerationWorld(
        competition_a=competitions[0],
        competition_b=competitions[1],
        studyhub=studyhub,
        parents=parents,
        moderator_a=fresh(moderators[0]),
        moderator_b=fresh(moderators[1]),
        editor=editor(),
        author=author,
        entry_a=entry_a,
        entry_b=entry_b,
    )
