"""A competition in judging, its people and a round, for the judging set-up tests."""

from dataclasses import dataclass, field

from django.contrib.auth.models import Permission

from judging.demo import ensure_editors_judging_rights
from judging.models import (
    Criterion,
    CriterionScore,
    JudgeAssignment,
    JudgingRound,
    RoundJudge,
    ScoreSheet,
)
from members.demo import EDITORS_GROUP, JUDGES_GROUP, ensure_admin_group
from members.models import User
from tests.factories import (
    CompetitionPageFactory,
    EntryFactory,
    UserFactory,
    days_from_now,
)
from tests.support.moderation import admin_moderator, fresh


def editor(handle: str = "round_editor") -> User:
    """An editor as seed_demo makes one, but not a superuser: the Editors group."""
    ensure_editors_judging_rights()
    user = UserFactory(is_staff=True, handle=handle)
    user.groups.add(ensure_admin_group(EDITORS_GROUP))
    user.user_permissions.add(
        Permission.objects.get(
            codename="moderate_entry", content_type__app_label="submissions"
        )
    )
    return fresh(user)


def judge(handle: str, **kwargs) -> User:
    """Staff in the Judges group: admin access, no model permissions."""
    user = UserFactory(
        is_staff=True, handle=handle, email=f"{handle}@private.example.org", **kwargs
    )
    user.groups.add(ensure_admin_group(JUDGES_GROUP))
    return fresh(user)


def make_round(competition, judges, *, chair=0, k=2, criteria=2, **fields):
    """Return a rubric round of ``competition`` with ``judges`` on its panel."""
    judging_round = JudgingRound.objects.create(
        competition=competition,
        name=fields.pop("name", "First round"),
        position=fields.pop("position", 1),
        opens_at=fields.pop("opens_at", days_from_now(-9)),
        closes_at=fields.pop("closes_at", days_from_now(7)),
        judges_per_entry=k,
        **fields,
    )
    for number in range(criteria):
        Criterion.objects.create(
            round=judging_round,
            name=f"Criterion {number + 1}",
            guidance="Look closely.",
            weight=2 if number == 0 else 3,
            maximum=10,
        )
    for number, person in enumerate(judges):
        RoundJudge.objects.create(
            round=judging_round, judge=person, is_chair=number == chair
        )
    return judging_round


def score(assignment: JudgeAssignment, *values: int, submitted=True) -> ScoreSheet:
    """Give ``assignment`` a sheet with one score per criterion, in order."""
    from django.utils import timezone

    sheet = ScoreSheet.objects.create(
        assignment=assignment,
        comment="Lovely.",
        submitted_at=timezone.now() if submitted else None,
    )
    criteria = list(assignment.round.criteria.order_by("sort_order", "pk"))
    for criterion, value in zip(criteria, values, strict=False):
        CriterionScore.objects.create(sheet=sheet, criterion=criterion, value=value)
    return sheet


@dataclass
class JudgingWorld:
    competition: object
    editor: User
    judges: list[User]
    moderator: User
    member: User
    entries: list
    round: JudgingRound
    extra: dict = field(default_factory=dict)


def build_world(parent, *, entries=4, judges=3, k=2, prefix="") -> JudgingWorld:
    competition = CompetitionPageFactory(parent=parent, judging=True)
    panel = [judge(f"{prefix}judge_{n}") for n in range(judges)]
    made = [
        EntryFactory(competition=competition, approved=True, title=f"Entry {n}")
        for n in range(entries)
    ]
    return JudgingWorld(
        competition=competition,
        editor=editor(f"{prefix}round_editor"),
        judges=panel,
        moderator=admin_moderator(handle=f"{prefix}mod_x"),
        member=UserFactory(handle=f"{prefix}just_a_member"),
        entries=made,
        round=make_round(competition, panel, k=k),
    )
