from django import forms
from django.utils.translation import gettext_lazy as _

from competitions.enums import EntryKind, Licence
from competitions.models import CompetitionPage
from core.captcha import CaptchaFormMixin
from core.forms import CheckedFilmField, CheckedImageField

from .models import Entry
from .rules import IDEA_FIELDS, age_refusal
from .story_field import StoryEditorWidget, StoryField

COMMON_FIELDS = [
    "title",
    "category",
    "licence",
    "age_band",
    "guardian_confirmed",
    "rules_accepted",
]
KIND_FIELDS = {
    EntryKind.STORY: ["story"],
    EntryKind.IMAGE: ["image_caption", "image_alt_text"],
    EntryKind.FILM: ["film_url"],
    EntryKind.IDEA: IDEA_FIELDS,
}
# The order a person fills the form in: what it is, the work, then the small print.
FIELD_ORDER = [
    "title",
    "category",
    "story",
    "image_upload",
    "image_alt_text",
    "image_caption",
    "film_url",
    "film_upload",
    *IDEA_FIELDS,
    "licence",
    "age_band",
    "guardian_confirmed",
    "rules_accepted",
]
UPLOAD_FIELDS = {
    EntryKind.IMAGE: ("image_upload", "image"),
    EntryKind.FILM: ("film_upload", "film_file"),
}


class EntryForm(forms.ModelForm):
    """The author's form for one kind of entry; saving goes through services."""

    image_upload = CheckedImageField(label=_("Your image"), required=False)
    film_upload = CheckedFilmField(
        label=_("A short film file (optional)"), required=False
    )

    class Meta:
        model = Entry
        fields = sorted({*COMMON_FIELDS, *sum(KIND_FIELDS.values(), [])})
        field_classes = {"story": StoryField}  # shown back sanitised (story_field.py)
        widgets = {
            "story": StoryEditorWidget,
            "age_band": forms.RadioSelect,
            "idea_problem": forms.Textarea(attrs={"rows": 4}),
            "idea_proposal": forms.Textarea(attrs={"rows": 6}),
            "idea_beneficiaries": forms.Textarea(attrs={"rows": 3}),
            "idea_requirements": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, competition: CompetitionPage, kind: str, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.kind = kind
        wanted = {*COMMON_FIELDS, *KIND_FIELDS[kind]}
        wanted |= {UPLOAD_FIELDS[kind][0]} if kind in UPLOAD_FIELDS else set()
        for name in set(self.fields) - wanted:
            del self.fields[name]
        self._limit_choices(competition)
        self._show_word_limit(competition)
        self.fields["title"].required = True
        self.fields["guardian_confirmed"].help_text = _(
            "Only needed if you are 13 to 17."
        )
        self.order_fields(FIELD_ORDER)

    def _show_word_limit(self, competition: CompetitionPage) -> None:
        """Show the competition's word limit beside the story's word count."""
        if "story" in self.fields:
            self.fields["story"].widget.word_limit = competition.story_word_limit

    def _limit_choices(self, competition: CompetitionPage) -> None:
        categories = competition.categories.all()
        if categories:
            self.fields["category"].queryset = categories
            self.fields["category"].empty_label = _("Choose a category")
        else:
            del self.fields["category"]
        self.fields["licence"].choices = [("", _("Choose a licence"))] + [
            (code, Licence(code).label) for code in competition.licence_options
        ]
        self.fields["age_band"].choices = self.fields["age_band"].choices[1:]

    def clean_age_band(self) -> str:
        age_band = self.cleaned_data.get("age_band", "")
        if refusal := age_refusal(age_band):
            raise forms.ValidationError(refusal)
        return age_band

    def changes(self) -> dict:
        """Return the author-editable values the form cleaned."""
        return {
            name: self.cleaned_data[name]
            for name in self.fields
            if name in self.cleaned_data and name not in dict(UPLOAD_FIELDS.values())
        }

    def show_refusal(self, error) -> None:
        """Show a service's refusal on the fields it names, bound form or not."""
        if not hasattr(self, "cleaned_data"):
            self.cleaned_data = {}
        self.errors  # noqa: B018 (makes the error dict of an unbound form)
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)

    def uploads(self) -> dict:
        """Return the checked uploads, keyed as entry_save takes them."""
        return {
            key: self.cleaned_data.get(name)
            for name, key in (("image_upload", "image"), ("film_upload", "film_file"))
        }

    def checked_uploads(self) -> dict:
        """Return only the uploads that passed the checker (even on an invalid form)."""
        return {key: upload for key, upload in self.uploads().items() if upload}


class SubmitCheckForm(CaptchaFormMixin, forms.Form):
    """The human check that goes with submitting an entry (not with drafts)."""

    captcha_action = "entry_submit"
