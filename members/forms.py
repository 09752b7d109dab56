from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User

WRONG_PASSWORD = _("That is not your password. Nothing has been deleted.")


class AccountDeleteForm(forms.Form):
    """The member's password, to confirm they mean to close their account."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(WRONG_PASSWORD, code="wrong_password")
        return password
