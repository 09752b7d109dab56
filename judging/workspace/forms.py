from django import forms
from django.utils.translation import gettext_lazy as _

from ..comparisons import CHOICES
from ..conflicts import NOTE_MAX_LENGTH
from ..models import Criterion, CriterionScore, ScoreSheet
from ..sheets import COMMENT_MAX_LENGTH, SCORE_FIELD, score_field

SAVE, SUBMIT = "save", "submit"


class ScoreSheetForm(forms.Form):
    """One whole-number score per criterion (blank allowed in a draft), a comment."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What works and what could be better. The organisers read it; entrants "
            "may too if the round shares comments."
        ),
        error_messages={
            "max_length": _(
                "Please keep your comment under %(limit_value)d characters."
            )
        },
    )

    def __init__(self, *args, criteria: list[Criterion], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        comment = self.fields.pop("comment")
        self.criteria = criteria
        for criterion in criteria:
            self.fields[score_field(criterion)] = _score_input(criterion)
        self.fields["comment"] = comment

    @classmethod
    def for_sheet(cls, sheet: ScoreSheet | None, *, criteria: list[Criterion]):
        """Return an unbound form showing what the sheet holds so far."""
        initial = {}
        if sheet is not None:
            stored: list[CriterionScore] = list(sheet.scores.all())
            initial = {
                SCORE_FIELD % score.criterion_id: score.value for score in stored
            }
            initial["comment"] = sheet.comment
        return cls(criteria=criteria, initial=initial)

    def scores(self) -> dict[int, int | None]:
        """Return the cleaned scores by criterion id."""
        return {
            criterion.pk: self.cleaned_data.get(score_field(criterion))
            for criterion in self.criteria
        }

    def score_rows(self) -> list[tuple[Criterion, forms.BoundField]]:
        return [
            (criterion, self[score_field(criterion)]) for criterion in self.criteria
        ]


def _score_input(criterion: Criterion) -> forms.IntegerField:
    limits = {"name": criterion.name, "maximum": criterion.maximum}
    out_of_range = _("Please give %(name)s a whole number from 0 to %(maximum)d.")
    return forms.IntegerField(
        label=criterion.name,
        required=False,
        min_value=0,
        max_value=criterion.maximum,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
        error_messages={
            "invalid": out_of_range % limits,
            "min_value": out_of_range % limits,
            "max_value": out_of_range % limits,
            "step_size": out_of_range % limits,
        },
    )


class ConflictForm(forms.Form):
    note = forms.CharField(
        label=_("Anything the organisers should know (optional)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: “I taught the entrant” or “I know the family”."),
        error_messages={
            "max_length": _("Please keep the note under %(limit_value)d characters.")
        },
    )


class ComparisonForm(forms.Form):
    """Which of the two shown entries is better: posted with both assignment ids."""

    left = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    right = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    choice = forms.ChoiceField(choices=[(choice, choice) for choice in CHOICES])
