"""Builders for the results tests: rounds, panels, sheets and prizes.

Kept apart from tests/factories.py while the judging helpers work in parallel;
the lead may fold them into shared factories.
"""

from datetime import timedelta

from django.contrib.auth.models import Permission
from django.utils import timezone

from competitions.enums import PrizeKind
from competitions.models import Prize
from judging.enums import RoundIntake, RoundMethod
from judging.models import (
    Criterion,
    CriterionScore,
    JudgeAssignment,
    JudgingRound,
    RoundJudge,
    ScoreSheet,
)
from members.demo import JUDGES_GROUP, ensure_admin_group
from members.models import User
from tests.factories import UserFactory


def judge(**kwargs) -> User:
    """Return staff in the judges' group: admin access and nothing more."""
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(ensure_admin_group(JUDGES_GROUP))
    return User.objects.get(pk=user.pk)


def editor(**kwargs) -> User:
    """Return an editor who is not a superuser: admin access and moderate_entry."""
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(ensure_admin_group("Editors"))
    user.user_permissions.add(
        Permission.objects.get(
            codename="moderate_entry", content_type__app_label="submissions"
        )
    )
    return User.objects.get(pk=user.pk)


def make_round(
    competition,
    *,
    position: int = 1,
    name: str = "",
    method: str = RoundMethod.RUBRIC,
    intake: str = RoundIntake.ALL_APPROVED,
    criteria=(("Idea", 3, 10), ("Craft", 1, 5)),
    chair: User | None = None,
    judges=(),
    **extra,
) -> JudgingRound:
    """Return a round with ``criteria`` as (name, weight, maximum) and a panel."""
    now = timezone.now()
    judging_round = JudgingRound.objects.create(
        competition=competition,
        name=name or f"Round {position}",
        position=position,
        method=method,
        intake=intake,
        opens_at=now - timedelta(days=5),
        closes_at=now + timedelta(days=5),
        **extra,
    )
    for order, (label, weight, maximum) in enumerate(criteria):
        Criterion.objects.create(
            round=judging_round,
            name=label,
            weight=weight,
            maximum=maximum,
            sort_order=order,
        )
    if chair is not None:
        RoundJudge.objects.create(round=judging_round, judge=chair, is_chair=True)
    for member in judges:
        RoundJudge.objects.create(round=judging_round, judge=member)
    return judging_round


def score(judging_round, who, entry, *values, submitted=True) -> JudgeAssignment:
    """Assign ``entry`` to ``who`` and record one score per criterion, in order."""
    assignment = JudgeAssignment.objects.create(
        round=judging_round, entry=entry, judge=who
    )
    if not values:
        return assignment
    sheet = ScoreSheet.objects.create(
        assignment=assignment,
        comment=f"{who.handle} on {entry.title}",
        submitted_at=timezone.now() if submitted else None,
    )
    criteria = list(judging_round.criteria.order_by("sort_order"))
    for criterion, value in zip(criteria, values, strict=True):
        CriterionScore.objects.create(sheet=sheet, criterion=criterion, value=value)
    return assignment


def prize(competition, title: str, *, kind=PrizeKind.JUDGES, category_name=""):
    return Prize.objects.create(
        page=competition, title=title, kind=kind, category_name=category_name
    )
