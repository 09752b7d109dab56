"""The judging round's admin form: the round, its criteria and its panel at once.

Every rule the round's set-up must keep is checked here, with a message that
says what to change, so a bad round is shown back (400) rather than saved or
turned into a server error. The dates are checked against the competition's
judging window: a round opens no earlier than entries close and closes no
later than judging ends (``Timeline.judging_ends_at``: judging closes, or else
results are published).
"""

from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm

from members.models import User

from .enums import RoundIntake, RoundMethod
from .models import JudgingRound
from .setup import LOCKED_MESSAGE, criteria_locked

LOCKED_FIELDS = ("weight", "maximum")


def judge_candidates():
    """Return the people who may sit on a panel: active accounts with admin access."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(
                groups__permissions__codename="access_admin",
                groups__permissions__content_type__app_label="wagtailadmin",
            )
            | Q(
                user_permissions__codename="access_admin",
                user_permissions__content_type__app_label="wagtailadmin",
            )
        )
        .distinct()
        .order_by("handle", "email")
    )


def _when(competition, moment) -> str:
    return formats.date_format(competition.local(moment), "j F Y, H:i")


class JudgingRoundForm(WagtailAdminModelForm):
    """A round with its criteria and panel; refuses a set-up judging cannot run."""

    def __init__(self, *args, **kwargs):
        panel_form = type(self).formsets["panel"].form
        panel_form.base_fields["judge"].queryset = judge_candidates()
        super().__init__(*args, **kwargs)
        if self.instance.pk and "competition" in self.fields:
            # Assignments and scores belong to the competition's entries.
            self.fields["competition"].disabled = True
        for name in ("opens_at", "closes_at"):
            if name in self.fields:
                self.fields[name].help_text = _(
                    "In your admin time zone (%(zone)s)."
                ) % {"zone": timezone.get_current_timezone_name()}
        self.locked = criteria_locked(self.instance)
        if self.locked:
            for form in self.formsets["criteria"].forms:
                if form.instance.pk:
                    for name in LOCKED_FIELDS:
                        form.fields[name].disabled = True
                        form.fields[name].help_text = _(
                            "Locked: judges have already scored."
                        )

    def clean(self):
        cleaned = super().clean()
        self._check_intake(cleaned)
        self._check_dates(cleaned)
        criteria = self._live_forms("criteria")
        self._check_method(cleaned, criteria)
        self._check_panel(cleaned)
        if self.locked:
            self._check_locked_criteria()
        self._surface_formset_errors()
        return cleaned

    def _surface_formset_errors(self) -> None:
        """Show the criteria's and panel's own refusals where editors see them.

        The inline panels show only their fields' errors; a formset's errors
        about several rows would otherwise leave the form refused unexplained.
        """
        for formset in self.formsets.values():
            for message in formset.non_form_errors():
                if message not in self.non_field_errors():
                    self.add_error(None, message)
        # A row's hidden id is refused only when the POST was tampered with or
        # the page is stale; the inline panels would not show why.
        stale = _(
            "A row of this form does not match what is stored. Reload the page "
            "and make your change again."
        )
        rows = (form for formset in self.formsets.values() for form in formset)
        if any("id" in row.errors for row in rows) and (
            stale not in self.non_field_errors()
        ):
            self.add_error(None, stale)

    def _check_intake(self, cleaned) -> None:
        intake, top_votes = cleaned.get("intake"), cleaned.get("top_votes")
        if intake == RoundIntake.TOP_VOTES and not top_votes:
            self.add_error(
                "top_votes",
                _("Say how many of the most-voted entries this round takes."),
            )
        if intake != RoundIntake.TOP_VOTES and top_votes:
            self.add_error(
                "top_votes",
                _(
                    "Leave this empty: it is only for a round that takes the "
                    "entries with the most votes."
                ),
            )
        competition = cleaned.get("competition") or self._competition()
        position = cleaned.get("position")
        if intake == RoundIntake.SHORTLIST and competition and position is not None:
            earlier = JudgingRound.objects.filter(
                competition=competition, position__lt=position
            ).exclude(pk=self.instance.pk)
            if not earlier.exists():
                self.add_error(
                    "intake",
                    _(
                        "Only a later round can take the shortlist: there is no "
                        "round before this one to advance entries from."
                    ),
                )

    def _check_dates(self, cleaned) -> None:
        competition = cleaned.get("competition") or self._competition()
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if competition is None:
            return
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The round must close after it opens."))
        timeline = competition.timeline
        if opens and timeline.entries_close_at and opens < timeline.entries_close_at:
            self.add_error(
                "opens_at",
                _("The round can open once entries close (%(when)s), not before.")
                % {"when": _when(competition, timeline.entries_close_at)},
            )
        ends = timeline.judging_ends_at
        if ends is None:
            self.add_error(
                "closes_at",
                _(
                    "The competition has no date for judging to close or results "
                    "to come out. Add one to its timeline first."
                ),
            )
        elif closes and closes > ends:
            self.add_error(
                "closes_at",
                _("The round must close by the end of judging (%(when)s).")
                % {"when": _when(competition, ends)},
            )

    def _check_method(self, cleaned, criteria) -> None:
        method = cleaned.get("method")
        if method == RoundMethod.RUBRIC and not criteria:
            self.add_error(
                None,
                _("A round that scores entries needs at least one criterion."),
            )
        if method == RoundMethod.PAIRWISE and criteria:
            self.add_error(
                None,
                _(
                    "A round that compares entries in pairs has no criteria: "
                    "remove them, or choose scoring against criteria."
                ),
            )

    def _check_panel(self, cleaned) -> None:
        seats = self._live_forms("panel")
        # Read the judge as posted: the formset's own uniqueness check has
        # already taken a duplicate out of ``cleaned_data``.
        chosen = [str(form["judge"].value() or "") for form in seats]
        twice = {pk for pk in chosen if pk and chosen.count(pk) > 1}
        for judge in User.objects.filter(pk__in=twice):
            self.add_error(
                None,
                _("%(judge)s is on the panel twice. Remove one of the two.")
                % {"judge": judge},
            )
        if not seats:
            return
        chairs = [form for form in seats if form.cleaned_data.get("is_chair")]
        if len(chairs) != 1:
            self.add_error(
                None,
                _("Choose exactly one chair for the panel (now %(count)d).")
                % {"count": len(chairs)},
            )
        per_entry = cleaned.get("judges_per_entry")
        if per_entry and per_entry > len(seats):
            self.add_error(
                "judges_per_entry",
                _(
                    "The panel has %(size)d judges, so each entry can have at "
                    "most %(size)d."
                )
                % {"size": len(seats)},
            )

    def _check_locked_criteria(self) -> None:
        formset = self.formsets["criteria"]
        refused = False
        for form in formset.forms:
            if not getattr(form, "cleaned_data", None):
                continue
            deleting = form.cleaned_data.get("DELETE")
            if form.instance.pk is None and not deleting:
                refused = True
                form.add_error("name", _("No new criteria once judges have scored."))
            elif form.instance.pk and deleting:
                refused = True
        if refused:
            self.add_error(None, str(LOCKED_MESSAGE))

    def _competition(self):
        if self.instance.competition_id:
            return self.instance.competition
        return None

    def _live_forms(self, formset_name: str) -> list:
        formset = self.formsets.get(formset_name)
        if formset is None:
            return []
        # ClusterForm cleans the round before its formsets: clean them now.
        formset.is_valid()
        return [
            form
            for form in formset.forms
            if getattr(form, "cleaned_data", None)
            and not form.cleaned_data.get("DELETE")
        ]
