import copy

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from competitions.enums import Licence
from competitions.models import CompetitionPage
from core.captcha import CaptchaFormMixin
from core.forms import CheckedFilmField, CheckedImageField

from .kinds import AUTHOR_FIELDS, KINDS, UPLOADS
from .media import refresh_story
from .models import Entry
from .rules import age_refusal, submission_errors
from .story_field import StoryEditorWidget, StoryField


class EntryForm(forms.ModelForm):
    """The author's form for one kind of entry; saving goes through services."""

    image_upload = CheckedImageField(label=_("Your image"), required=False)
    film_upload = CheckedFilmField(
        label=_("A short film file (optional)"), required=False
    )

    class Meta:
        model = Entry
        fields = sorted(AUTHOR_FIELDS)
        field_classes = {"story": StoryField}  # shown back sanitised (story_field.py)
        widgets = {
            "story": StoryEditorWidget,
            "age_band": forms.RadioSelect,
            "idea_problem": forms.Textarea(attrs={"rows": 4}),
            "idea_proposal": forms.Textarea(attrs={"rows": 6}),
            "idea_beneficiaries": forms.Textarea(attrs={"rows": 3}),
            "idea_requirements": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, instance: Entry, **kwargs):
        """Build the form for ``instance``'s kind and competition (saved or not)."""
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, instance=instance, **kwargs)
        self.kind = KINDS[instance.kind]
        for name in set(self.fields) - set(self.kind.form_fields):
            del self.fields[name]
        self._limit_choices(instance.competition)
        self._show_word_limit(instance.competition)
        self.fields["title"].required = True
        self.fields["guardian_confirmed"].help_text = _(
            "Only needed if you are 13 to 17."
        )
        self._describe_uploads()
        self.order_fields(self.kind.form_fields)

    def _describe_uploads(self) -> None:
        """Say what each file input takes, from the limits the checker applies."""
        hints = {
            "image_upload": _(
                "A JPEG, PNG, WebP or HEIC (iPhone) photo, up to %(mb)s MB."
            )
            % {"mb": settings.UPLOAD_MAX_IMAGE_BYTES // (1024 * 1024)},
            "film_upload": _(
                "MP4, MOV (iPhone) or WebM, up to %(minutes)s minutes and %(mb)s MB."
            )
            % {
                "minutes": settings.UPLOAD_MAX_FILM_SECONDS // 60,
                "mb": settings.UPLOAD_MAX_FILM_BYTES // (1024 * 1024),
            },
        }
        for name, hint in hints.items():
            if name in self.fields and not self.fields[name].help_text:
                self.fields[name].help_text = hint

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
            if name in AUTHOR_FIELDS and name in self.cleaned_data
        }

    def show_refusal(self, error: ValidationError) -> None:
        """Show a service's refusal on the fields it names, bound form or not."""
        if not hasattr(self, "cleaned_data"):
            self.cleaned_data = {}
        self.errors  # noqa: B018 (makes the error dict of an unbound form)
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, messages in error.message_dict.items():
            self.add_error(self._form_field(field), messages)

    def show_everything_missing(self) -> None:
        """Name every field a refused submit still needs, beside the form's errors.

        The form stops at its own errors (a missing title, say); the submission
        rules are asked too, on an unsaved copy of the entry as typed, so one try
        names every field still to fill in.
        """
        typed = copy.copy(self.instance)
        refresh_story(typed)
        for field, messages in submission_errors(typed).items():
            name = self._form_field(field)
            if field in self.checked_uploads() or (name and self.has_error(name)):
                continue
            self.add_error(name, messages)

    def _form_field(self, name: str) -> str | None:
        """Return the form field that shows errors about model field ``name``."""
        name = next((u.form_field for u in UPLOADS if u.model_field == name), name)
        return name if name in self.fields else None

    def uploads(self) -> dict:
        """Return the checked uploads, keyed as entry_save takes them."""
        return {
            upload.model_field: self.cleaned_data.get(upload.form_field)
            for upload in UPLOADS
        }

    def checked_uploads(self) -> dict:
        """Return only the uploads that passed the checker (even on an invalid form)."""
        return {key: upload for key, upload in self.uploads().items() if upload}


class SubmitCheckForm(CaptchaFormMixin, forms.Form):
    """The human check that goes with submitting an entry (not with drafts)."""

    captcha_action = "entry_submit"
