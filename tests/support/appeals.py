"""A rejected entry in competition A, moderated by two communities, for appeals."""

from dataclasses import dataclass

from moderation.enums import RejectionReason
from moderation.services import decision_reject
from submissions.models import Entry
from tests.factories import ModeratorAssignmentFactory
from tests.support.moderation import ModerationWorld, admin_moderator, fresh

REJECTION_MESSAGE = "The sign shows a phone number."


@dataclass
class AppealWorld:
    """``world`` plus a second StudyHub moderator and a Parents one on A."""

    world: ModerationWorld
    studyhub_colleague: object  # same community as the rejecter
    parents_moderator: object  # another community: the appeal goes here

    def reject(self, entry: Entry | None = None, actor=None) -> Entry:
        """Reject ``entry`` (A's by default) as the rejecter; return it fresh."""
        entry = entry or self.world.entry_a
        decision_reject(
            entry=entry,
            actor=actor or self.world.moderator_a,
            reason=RejectionReason.PERSONAL_INFORMATION,
            message=REJECTION_MESSAGE,
        )
        return Entry.objects.get(pk=entry.pk)


def build_appeal_world(world: ModerationWorld) -> AppealWorld:
    colleague = admin_moderator(handle="mod_a_two", email="two@private.example.org")
    ModeratorAssignmentFactory(
        competition=world.competition_a, community=world.studyhub, moderator=colleague
    )
    parents = admin_moderator(handle="mod_parents", email="p@private.example.org")
    ModeratorAssignmentFactory(
        competition=world.competition_a, community=world.parents, moderator=parents
    )
    return AppealWorld(
        world=world,
        studyhub_colleague=fresh(colleague),
        parents_moderator=fresh(parents),
    )
