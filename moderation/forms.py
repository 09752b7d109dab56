from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import RejectionReason

NOTE_HELP = _("For staff only; the entrant never sees it.")


class ApproveForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the entrant (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    internal_note = forms.CharField(
        label=_("Internal note"), required=False, help_text=NOTE_HELP
    )


class RejectForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", _("Choose a reason")), *RejectionReason.choices],
        error_messages={"required": _("Please choose a reason.")},
    )
    message = forms.CharField(
        label=_("Message to the entrant"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Please tell the entrant why, in a sentence or two.")
        },
    )
    internal_note = forms.CharField(
        label=_("Internal note"), required=False, help_text=NOTE_HELP
    )


class RequestChangesForm(forms.Form):
    message = forms.CharField(
        label=_("What should change"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Please say what should change.")},
    )
    internal_note = forms.CharField(
        label=_("Internal note"), required=False, help_text=NOTE_HELP
    )


DECISION_FORMS = {
    "approve": ApproveForm,
    "reject": RejectForm,
    "request_changes": RequestChangesForm,
}
