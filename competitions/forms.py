from datetime import UTC

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from core.timezones import get_zone, wall_clock_to_aware

from .timeline import TIMELINE_FIELDS


class WallClockDateTimeField(forms.DateTimeField):
    """Parse input as a naive wall-clock time; the form reads it in a zone."""

    def to_python(self, value):
        with timezone.override(UTC):
            parsed = super().to_python(value)
        return parsed.replace(tzinfo=None) if parsed else parsed

    def prepare_value(self, value):
        return value


class CompetitionPageForm(WagtailAdminPageForm):
    """Read the timeline in the competition's own time zone, and check prizes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        zone = get_zone(self.instance.time_zone)
        for name in TIMELINE_FIELDS:
            if name not in self.fields:
                continue
            old = self.fields[name]
            self.fields[name] = WallClockDateTimeField(
                required=old.required,
                label=old.label,
                help_text=old.help_text,
                widget=old.widget,
            )
            value = getattr(self.instance, name)
            if value is not None:
                self.initial[name] = value.astimezone(zone).replace(tzinfo=None)

    def clean(self):
        cleaned = super().clean()
        zone = get_zone(cleaned.get("time_zone") or self.instance.time_zone)
        for name in TIMELINE_FIELDS:
            wall = cleaned.get(name)
            if wall is None:
                continue
            try:
                cleaned[name] = wall_clock_to_aware(wall, zone)
            except ValidationError as error:
                self.add_error(name, error)
        self._check_prize_categories()
        self._check_categories_in_use()
        self._check_category_names_unique()
        return cleaned

    def _check_category_names_unique(self) -> None:
        """Refuse two categories whose names differ only in case or spacing."""
        seen: set[str] = set()
        for form in self._live_forms("categories"):
            name = (form.cleaned_data.get("name") or "").strip()
            if name.casefold() in seen:
                form.add_error(
                    "name",
                    _(
                        "There is already a category called “%(name)s” (capital "
                        "letters make no difference). Give each category its own name."
                    )
                    % {"name": name},
                )
            seen.add(name.casefold())

    def _check_categories_in_use(self) -> None:
        """Refuse to delete a category that entries are filed under."""
        formset = self.formsets.get("categories")
        if formset is None or not formset.is_valid():
            return
        for form in formset.deleted_forms:
            category = form.instance
            if category.pk and category.entries.exists():
                self.add_error(
                    None,
                    _(
                        "The category “%(name)s” has entries, so it cannot be "
                        "removed. Rename it instead."
                    )
                    % {"name": category.name},
                )

    def _check_prize_categories(self) -> None:
        """Refuse a prize that names a category this competition does not have."""
        categories = {
            name.casefold() for name in self._formset_values("categories", "name")
        }
        for form in self._live_forms("prizes"):
            name = form.cleaned_data.get("category_name", "").strip()
            if name and name.casefold() not in categories:
                form.add_error(
                    "category_name",
                    _(
                        "“%(name)s” is not one of this competition's categories. "
                        "Add it under Categories, or leave this empty."
                    )
                    % {"name": name},
                )

    def _live_forms(self, formset_name: str) -> list:
        formset = self.formsets.get(formset_name)
        if formset is None:
            return []
        # ClusterForm cleans the page form before its formsets: clean them now.
        formset.is_valid()
        return [
            form
            for form in formset.forms
            if getattr(form, "cleaned_data", None)
            and not form.cleaned_data.get("DELETE")
        ]

    def _formset_values(self, formset_name: str, field: str) -> list[str]:
        return [
            form.cleaned_data.get(field) or ""
            for form in self._live_forms(formset_name)
        ]
