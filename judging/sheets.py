"""A judge's score sheet: saved as often as they like, then submitted once.

A draft may leave criteria blank; submitting needs a score for every criterion
and makes the sheet final (it never changes again, not even by its judge).
Nothing is saved outside the round's opening hours (``round_phase``). Every
save is written to Wagtail's audit log with the scores it stored.
"""

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from members.models import User

from .enums import RoundMethod
from .models import Criterion, CriterionScore, JudgeAssignment, ScoreSheet
from .permissions import RoundPhase, judge_assignments, round_phase
from .scoring import CriterionSpec, weighted_score

COMMENT_MAX_LENGTH = ScoreSheet._meta.get_field("comment").max_length
SCORE_FIELD = "score_%d"
LOG_SAVE = "judging.sheet_save"
LOG_SUBMIT = "judging.sheet_submit"


def score_field(criterion: Criterion) -> str:
    """Return the name a criterion's score goes by in forms and errors."""
    return SCORE_FIELD % criterion.pk


@transaction.atomic
def sheet_save(
    *,
    assignment: JudgeAssignment,
    judge: User,
    scores: Mapping[int, int | None],
    comment: str = "",
    submit: bool = False,
) -> ScoreSheet:
    """Save ``judge``'s scores (criterion id → score or None) and comment.

    With ``submit`` every criterion needs a score and the sheet becomes final.
    Raises PermissionDenied for an assignment that is not the judge's, and
    ValidationError (by field where there is one) for anything else refused.
    """
    assignment = _locked(assignment, judge)
    refuse_unless_scorable(assignment)
    sheet = ScoreSheet.objects.filter(assignment=assignment).first()
    if sheet is not None and sheet.submitted_at is not None:
        raise ValidationError(_("You have submitted these scores: they are final."))
    criteria = list(assignment.round.criteria.all())
    if not criteria:
        raise ValidationError(_("This round has no criteria yet: nothing to score."))
    values = _checked_scores(criteria, scores, required=submit)
    comment = _checked_comment(comment)
    sheet = sheet or ScoreSheet(assignment=assignment)
    sheet.comment = comment
    if submit:
        sheet.submitted_at = timezone.now()
    sheet.save()
    _store_scores(sheet, values)
    _audit(sheet, judge, values)
    return sheet


def sheet_weighted_score(
    sheet: ScoreSheet | None, criteria: list[Criterion]
) -> float | None:
    """Return the sheet's weighted score out of 100, or None while a score is blank."""
    if sheet is None or not criteria:
        return None
    known = {criterion.pk for criterion in criteria}
    values = {
        s.criterion_id: s.value for s in sheet.scores.all() if s.criterion_id in known
    }
    specs = [CriterionSpec(c.pk, c.weight, c.maximum) for c in criteria]
    return weighted_score(values, specs)


def refuse_unless_scorable(assignment: JudgeAssignment) -> None:
    """Raise ValidationError unless the assignment's round takes scores now."""
    judging_round = assignment.round
    if judging_round.method != RoundMethod.RUBRIC:
        raise ValidationError(_("This round compares entries in pairs: no scores."))
    phase = round_phase(judging_round)
    when = formats.date_format(
        timezone.localtime(
            judging_round.closes_at
            if phase == RoundPhase.CLOSED
            else judging_round.opens_at,
            judging_round.competition.zone,
        ),
        "DATETIME_FORMAT",
    )
    if phase == RoundPhase.UPCOMING:
        raise ValidationError(
            _("This round opens on %(when)s: scores can be saved from then.")
            % {"when": when}
        )
    if phase == RoundPhase.CLOSED:
        raise ValidationError(
            _("This round closed on %(when)s: scores can no longer be saved.")
            % {"when": when}
        )


def _locked(assignment: JudgeAssignment, judge: User) -> JudgeAssignment:
    """Return the assignment again, locked, if it is ``judge``'s; refuse otherwise."""
    found = (
        judge_assignments(judge)
        .select_for_update(of=("self",))
        .select_related("round__competition")
        .filter(pk=assignment.pk)
        .first()
    )
    if found is None:
        raise PermissionDenied(_("This entry is not assigned to you."))
    return found


def _checked_scores(
    criteria: list[Criterion], scores: Mapping[int, int | None], *, required: bool
) -> dict[Criterion, int | None]:
    """Return each criterion's score; raise ValidationError naming the bad ones."""
    known = {criterion.pk for criterion in criteria}
    if set(scores) - known:
        raise ValidationError(
            _("Some scores were for criteria this round no longer has. Please check.")
        )
    values: dict[Criterion, int | None] = {}
    errors: dict[str, str] = {}
    for criterion in criteria:
        value = scores.get(criterion.pk)
        values[criterion] = value
        if value is None:
            if required:
                errors[score_field(criterion)] = _(
                    "Please give a score for %(name)s before you submit."
                ) % {"name": criterion.name}
        elif not _whole_number(value) or not 0 <= value <= criterion.maximum:
            errors[score_field(criterion)] = _(
                "Please give %(name)s a whole number from 0 to %(maximum)d."
            ) % {"name": criterion.name, "maximum": criterion.maximum}
    if errors:
        raise ValidationError(errors)
    return values


def _whole_number(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _checked_comment(comment: str) -> str:
    comment = comment.strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {
                "comment": _("Please keep your comment under %(limit)d characters.")
                % {"limit": COMMENT_MAX_LENGTH}
            }
        )
    return comment


def _store_scores(sheet: ScoreSheet, values: dict[Criterion, int | None]) -> None:
    """Write the sheet's scores: update, add, and remove those left blank."""
    stored = {score.criterion_id: score for score in sheet.scores.all()}
    cleared = [
        stored[criterion.pk].pk
        for criterion, value in values.items()
        if value is None and criterion.pk in stored
    ]
    changed, added = [], []
    for criterion, value in values.items():
        if value is None:
            continue
        if (score := stored.get(criterion.pk)) is not None:
            if score.value != value:
                score.value = value
                changed.append(score)
        else:
            added.append(CriterionScore(sheet=sheet, criterion=criterion, value=value))
    if cleared:
        CriterionScore.objects.filter(pk__in=cleared).delete()
    if changed:
        CriterionScore.objects.bulk_update(changed, ["value"])
    if added:
        CriterionScore.objects.bulk_create(added)


def _audit(sheet: ScoreSheet, judge: User, values: dict[Criterion, int | None]) -> None:
    assignment = sheet.assignment
    log(
        instance=sheet,
        action=LOG_SUBMIT if sheet.submitted_at else LOG_SAVE,
        user=judge,
        data={
            "round": assignment.round_id,
            "assignment": assignment.pk,
            "entry": assignment.entry_id,
            "scores": {str(c.pk): value for c, value in values.items()},
            "comment_length": len(sheet.comment),
            "submitted": sheet.submitted_at is not None,
        },
    )
