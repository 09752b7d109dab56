from django import forms

from core.captcha import CAPTCHA_FIELD_NAME, CaptchaFormMixin

CAST, WITHDRAW = "cast", "withdraw"


class VoteForm(CaptchaFormMixin, forms.Form):
    """A vote or its withdrawal, with the human check that goes with it."""

    captcha_action = "vote"

    action = forms.ChoiceField(
        choices=[(CAST, CAST), (WITHDRAW, WITHDRAW)], required=False
    )
    # Sent only by a browser that runs no scripts (a hidden input inside the
    # form's <noscript>), which cannot get a reCAPTCHA token: its vote is taken
    # without the check and set aside until an editor has looked at it.
    unchecked = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.human_checked = True
        # Read as the field itself reads it: "false" or "0" asks for nothing.
        asked = self.fields["unchecked"].to_python(self.data.get("unchecked"))
        if (
            CAPTCHA_FIELD_NAME in self.fields
            and asked
            and not self.data.get(CAPTCHA_FIELD_NAME)
        ):
            del self.fields[CAPTCHA_FIELD_NAME]
            self.human_checked = False

    def chosen_action(self) -> str:
        return self.cleaned_data.get("action") or CAST
