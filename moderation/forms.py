from django import forms
from django.utils.translation import gettext_lazy as _

from .appeals import STATEMENT_MAX_LENGTH
from .enums import RejectionReason, ReportReason

NOTE_HELP = _("For staff only; the entrant never sees it.")
# What a moderator writes is emailed and kept: long enough for any real message.
MESSAGE_MAX_LENGTH = 4000
NOTE_MAX_LENGTH = 2000


class ApproveForm(forms.Form):
    message = forms.CharField(
        max_length=MESSAGE_MAX_LENGTH,
        label=_("Message to the entrant (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    internal_note = forms.CharField(
        max_length=NOTE_MAX_LENGTH,
        label=_("Internal note"),
        required=False,
        help_text=NOTE_HELP,
    )


class RejectForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", _("Choose a reason")), *RejectionReason.choices],
        error_messages={"required": _("Please choose a reason.")},
    )
    message = forms.CharField(
        max_length=MESSAGE_MAX_LENGTH,
        label=_("Message to the entrant"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Please tell the entrant why, in a sentence or two.")
        },
    )
    internal_note = forms.CharField(
        max_length=NOTE_MAX_LENGTH,
        label=_("Internal note"),
        required=False,
        help_text=NOTE_HELP,
    )


class RequestChangesForm(forms.Form):
    message = forms.CharField(
        max_length=MESSAGE_MAX_LENGTH,
        label=_("What should change"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Please say what should change.")},
    )
    internal_note = forms.CharField(
        max_length=NOTE_MAX_LENGTH,
        label=_("Internal note"),
        required=False,
        help_text=NOTE_HELP,
    )


class EscalateForm(forms.Form):
    note = forms.CharField(
        max_length=NOTE_MAX_LENGTH,
        label=_("Note for staff"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Staff see it; the entrant never does."),
        error_messages={"required": _("Please tell staff what they should know.")},
    )


DECISION_FORMS = {
    "approve": ApproveForm,
    "reject": RejectForm,
    "request_changes": RequestChangesForm,
    "escalate": EscalateForm,
}


class ReportForm(forms.Form):
    """A member's report of a published entry."""

    reason = forms.ChoiceField(
        label=_("What is wrong?"),
        choices=[("", _("Choose one")), *ReportReason.choices],
        error_messages={"required": _("Please choose what is wrong.")},
    )
    note = forms.CharField(
        label=_("Anything else a moderator should know (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AppealForm(forms.Form):
    """An entrant's one appeal against a rejection."""

    statement = forms.CharField(
        label=_("Why should your entry be looked at again?"),
        max_length=STATEMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": STATEMENT_MAX_LENGTH}),
        help_text=_("Up to 2,000 characters. You can appeal only once."),
        error_messages={
            "required": _("Please say why the entry should be looked at again."),
            "max_length": _("Please keep it to 2,000 characters."),
        },
    )


class AppealDecisionForm(forms.Form):
    """The final outcome of an appeal, with a message to the entrant."""

    outcome = forms.ChoiceField(
        label=_("Outcome"),
        widget=forms.RadioSelect,
        choices=[
            ("uphold", _("Uphold: approve the entry")),
            ("dismiss", _("Dismiss: the entry stays rejected")),
        ],
        error_messages={"required": _("Please choose uphold or dismiss.")},
    )
    message = forms.CharField(
        max_length=MESSAGE_MAX_LENGTH,
        label=_("Message to the entrant"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Please tell the entrant what was decided and why.")
        },
    )
