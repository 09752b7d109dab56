from django import forms

from core.captcha import CaptchaFormMixin

CAST, WITHDRAW = "cast", "withdraw"


class VoteForm(CaptchaFormMixin, forms.Form):
    """A vote or its withdrawal, with the human check that goes with it."""

    captcha_action = "vote"

    action = forms.ChoiceField(
        choices=[(CAST, CAST), (WITHDRAW, WITHDRAW)], required=False
    )

    def chosen_action(self) -> str:
        return self.cleaned_data.get("action") or CAST
