"""Assigning a round's entries to its judges, and moving one by hand."""

from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from wagtail.models import ModelLogEntry

from judging.enums import ConflictSource, RoundIntake
from judging.models import (
    Conflict,
    Criterion,
    CriterionScore,
    JudgeAssignment,
    RoundJudge,
    ShortlistedEntry,
)
from judging.setup import (
    ASSIGN_LOG_ACTION,
    MOVE_LOG_ACTION,
    assign_round,
    check_criterion_change,
    move_assignment,
)
from tests.factories import EntryFactory, PartnerCommunityFactory
from tests.support.judging import build_world, judge, score


def pairs(judging_round) -> set[tuple[int, int]]:
    return set(
        JudgeAssignment.objects.filter(round=judging_round).values_list(
            "judge_id", "entry_id"
        )
    )


def test_every_entry_gets_k_judges_and_the_load_is_balanced(competition_index):
    """Seven entries, three judges, two each: 14 assignments, loads 5, 5, 4."""
    world = build_world(competition_index, entries=7, judges=3, k=2)
    outcome = assign_round(round=world.round, actor=world.editor)
    assigned = pairs(world.round)
    assert outcome.added == len(assigned) == 14
    per_entry = Counter(entry for _judge, entry in assigned)
    assert set(per_entry.values()) == {2}
    assert set(per_entry) == {entry.pk for entry in world.entries}
    load = Counter(judge for judge, _entry in assigned)
    assert max(load.values()) - min(load.values()) <= 1
    assert "14 new assignments for 7 entries and 3 judges." in outcome.message()


def test_only_approved_visible_entries_are_assigned(world):
    """Drafts, rejected, withdrawn and hidden entries are not judged."""
    for trait in ("draft", "submitted", "rejected", "withdrawn"):
        EntryFactory(competition=world.competition, **{trait: True})
    from django.utils import timezone

    hidden = EntryFactory(competition=world.competition, approved=True)
    hidden.hidden_at = timezone.now()
    hidden.save()
    other = EntryFactory(approved=True)  # another competition's
    assign_round(round=world.round, actor=world.editor)
    judged = {entry for _judge, entry in pairs(world.round)}
    assert judged == {entry.pk for entry in world.entries}
    assert hidden.pk not in judged and other.pk not in judged


def test_a_judge_never_gets_their_own_entry_and_it_is_recorded(world):
    """The author-judge is kept away; the conflict is stored as detected."""
    own = EntryFactory(
        competition=world.competition, approved=True, author=world.judges[0]
    )
    outcome = assign_round(round=world.round, actor=world.editor)
    assert (world.judges[0].pk, own.pk) not in pairs(world.round)
    conflict = Conflict.objects.get(round=world.round, entry=own)
    assert conflict.judge == world.judges[0]
    assert conflict.source == ConflictSource.DETECTED
    assert outcome.conflicts_found == 1


def test_same_community_is_kept_apart_only_when_the_round_says_so(world):
    """A judge from StudyHub does not judge StudyHub's referrals, if asked."""
    studyhub = PartnerCommunityFactory(name="StudyHub")
    RoundJudge.objects.filter(round=world.round, judge=world.judges[1]).update(
        community=studyhub
    )
    referred = EntryFactory(
        competition=world.competition, approved=True, referral_partner=studyhub
    )
    world.round.judges_per_entry = 2
    world.round.community_conflicts = True
    world.round.save()
    assign_round(round=world.round, actor=world.editor)
    judges_of_referred = {j for j, e in pairs(world.round) if e == referred.pk}
    assert world.judges[1].pk not in judges_of_referred
    assert len(judges_of_referred) == 2


def test_same_community_is_allowed_when_the_round_does_not_ask(competition_index):
    """Without the setting, community is no conflict (k = panel size proves it)."""
    world = build_world(competition_index, entries=1, judges=2, k=2)
    studyhub = PartnerCommunityFactory()
    RoundJudge.objects.filter(round=world.round).update(community=studyhub)
    world.entries[0].referral_partner = studyhub
    world.entries[0].save()
    assign_round(round=world.round, actor=world.editor)
    assert len(pairs(world.round)) == 2
    assert not Conflict.objects.exists()


def test_a_declared_conflict_is_respected(world):
    Conflict.objects.create(
        round=world.round, judge=world.judges[2], entry=world.entries[0]
    )
    assign_round(round=world.round, actor=world.editor)
    assert (world.judges[2].pk, world.entries[0].pk) not in pairs(world.round)


def test_running_again_keeps_scores_and_fills_only_gaps(world):
    """A second run adds only for new entries and new judges; sheets stay."""
    assign_round(round=world.round, actor=world.editor)
    first = pairs(world.round)
    scored = JudgeAssignment.objects.filter(round=world.round).first()
    score(scored, 7, 8)
    again = assign_round(round=world.round, actor=world.editor)
    assert again.added == 0 and pairs(world.round) == first
    late = EntryFactory(competition=world.competition, approved=True)
    third = assign_round(round=world.round, actor=world.editor)
    assert third.added == 2
    assert pairs(world.round) - first == {
        pair for pair in pairs(world.round) if pair[1] == late.pk
    }
    scored.refresh_from_db()
    assert scored.sheet.scores.count() == 2
    assert CriterionScore.objects.count() == 2


def test_entries_left_short_are_reported(competition_index):
    """With the only other judge conflicted, the entry is short and the editor told."""
    world = build_world(competition_index, entries=1, judges=2, k=2)
    Conflict.objects.create(
        round=world.round, judge=world.judges[1], entry=world.entries[0]
    )
    outcome = assign_round(round=world.round, actor=world.editor)
    assert outcome.short == 1
    assert "fewer judges than the round asks for" in outcome.message()


def test_shortlist_rounds_take_the_shortlist(world):
    second = world.round.__class__.objects.create(
        competition=world.competition,
        name="Final",
        position=2,
        intake=RoundIntake.SHORTLIST,
        opens_at=world.round.opens_at,
        closes_at=world.round.closes_at,
        judges_per_entry=1,
    )
    RoundJudge.objects.create(round=second, judge=world.judges[0], is_chair=True)
    ShortlistedEntry.objects.create(round=second, entry=world.entries[1])
    assign_round(round=second, actor=world.editor)
    assert pairs(second) == {(world.judges[0].pk, world.entries[1].pk)}


def test_a_top_votes_round_needs_a_public_vote(world):
    """The world's competition had no voting window: nothing to rank."""
    world.round.intake = RoundIntake.TOP_VOTES
    world.round.top_votes = 5
    world.round.save()
    with pytest.raises(ValidationError) as raised:
        assign_round(round=world.round, actor=world.editor)
    assert "this competition has no public vote" in raised.value.messages[0]
    assert not JudgeAssignment.objects.exists()


def test_an_empty_panel_is_refused(world):
    RoundJudge.objects.filter(round=world.round).delete()
    with pytest.raises(ValidationError, match="Add judges"):
        assign_round(round=world.round, actor=world.editor)


@pytest.mark.parametrize("who", ["moderator", "member", "judge"])
def test_only_editors_assign(world, who):
    actor = {
        "moderator": world.moderator,
        "member": world.member,
        "judge": world.judges[0],
    }[who]
    with pytest.raises(PermissionDenied):
        assign_round(round=world.round, actor=actor)
    assert not JudgeAssignment.objects.exists()


def test_assigning_is_audited(world):
    assign_round(round=world.round, actor=world.editor)
    entry = ModelLogEntry.objects.get(action=ASSIGN_LOG_ACTION)
    assert entry.user == world.editor
    assert entry.object_id == str(world.round.pk)
    assert entry.data["added"] == 8


# Moving one assignment by hand.


@pytest.fixture
def assigned(world):
    assign_round(round=world.round, actor=world.editor)
    return world


def free_judge(world, assignment):
    holders = {j for j, e in pairs(world.round) if e == assignment.entry_id}
    return next(j for j in world.judges if j.pk not in holders)


def test_an_editor_moves_an_assignment(assigned):
    assignment = JudgeAssignment.objects.filter(round=assigned.round).first()
    target = free_judge(assigned, assignment)
    moved = move_assignment(
        assignment=assignment, to_judge=target, actor=assigned.editor
    )
    assert moved.judge == target
    log = ModelLogEntry.objects.get(action=MOVE_LOG_ACTION)
    assert log.data["to_judge"] == target.pk
    assert log.data["entry"] == assignment.entry.public_id


def refused(world, assignment, to_judge, match):
    before = pairs(world.round)
    with pytest.raises(ValidationError, match=match):
        move_assignment(assignment=assignment, to_judge=to_judge, actor=world.editor)
    assert pairs(world.round) == before
    assert not ModelLogEntry.objects.filter(action=MOVE_LOG_ACTION).exists()


def test_moving_to_someone_off_the_panel_is_refused(assigned):
    assignment = JudgeAssignment.objects.filter(round=assigned.round).first()
    refused(assigned, assignment, judge("outsider"), "not on this round's panel")


def test_moving_to_a_judge_who_has_the_entry_is_refused(assigned):
    assignment = JudgeAssignment.objects.filter(round=assigned.round).first()
    other = (
        JudgeAssignment.objects.filter(round=assigned.round, entry=assignment.entry)
        .exclude(pk=assignment.pk)
        .get()
    )
    refused(assigned, assignment, other.judge, "already judges this entry")


def test_moving_to_a_conflicted_judge_is_refused(assigned):
    assignment = JudgeAssignment.objects.filter(round=assigned.round).first()
    target = free_judge(assigned, assignment)
    Conflict.objects.create(round=assigned.round, judge=target, entry=assignment.entry)
    refused(assigned, assignment, target, "conflict of interest")


def test_moving_to_the_author_is_refused(assigned):
    assignment = JudgeAssignment.objects.filter(round=assigned.round).first()
    target = free_judge(assigned, assignment)
    assignment.entry.author = target
    assignment.entry.save()
    refused(assigned, assignment, target, "conflict of interest")


@pytest.mark.parametrize(
    ("submitted", "match"), [(True, "already submitted"), (False, "started scoring")]
)
def test_moving_a_scored_assignment_is_refused(assigned, submitted, match):
    assignment = JudgeAssignment.objects.filter(round=assigned.round).first()
    score(assignment, 5, 5, submitted=submitted)
    refused(assigned, assignment, free_judge(assigned, assignment), match)


def test_only_editors_move(assigned):
    assignment = JudgeAssignment.objects.filter(round=assigned.round).first()
    with pytest.raises(PermissionDenied):
        move_assignment(
            assignment=assignment,
            to_judge=free_judge(assigned, assignment),
            actor=assigned.judges[0],
        )


# The criteria lock, beyond the admin form.


def test_scored_criteria_cannot_change_weight_maximum_or_go(assigned):
    """Once a score exists, no writer changes the rubric; rewording is fine."""
    assignment = JudgeAssignment.objects.filter(round=assigned.round).first()
    first, second = assigned.round.criteria.order_by("sort_order", "pk")
    score(assignment, 5)  # only the first criterion scored so far
    with pytest.raises(ValidationError, match="criteria are locked"):
        Criterion.objects.create(round=assigned.round, name="New", weight=1)
    first.weight = 9
    with pytest.raises(ValidationError, match="criteria are locked"):
        first.save()
    first.refresh_from_db()
    first.maximum = 20
    with pytest.raises(ValidationError, match="criteria are locked"):
        first.save()
    first.refresh_from_db()
    with pytest.raises(ProtectedError):  # its own scores protect it
        first.delete()
    with pytest.raises(ValidationError, match="criteria are locked"):
        with transaction.atomic():  # delete() refuses inside its own transaction
            second.delete()  # nobody scored it yet, but the round is locked
    first.name = "A clearer name"
    first.save()
    assert assigned.round.criteria.count() == 2
    assert Criterion.objects.get(pk=first.pk).weight == 2


def test_unscored_criteria_change_freely(world):
    criterion = world.round.criteria.first()
    criterion.weight = 9
    check_criterion_change(criterion)
    criterion.save()
    criterion.delete()
