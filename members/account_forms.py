"""Public account forms: allauth's sign-up and sign-in, in OpenCall's words."""

from allauth.account import forms as allauth_forms
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.captcha import CaptchaFormMixin

from .models import User
from .validators import HANDLE_MAX_LENGTH, HANDLE_VALIDATORS

HANDLE_TAKEN = _("That handle is already taken.")


def drop_placeholders(form: forms.Form) -> None:
    """Remove allauth's placeholders, which only repeat the visible labels."""
    for field in form.fields.values():
        field.widget.attrs.pop("placeholder", None)


class SignupForm(CaptchaFormMixin, allauth_forms.SignupForm):
    """Sign up with an email address, a public handle and a password."""

    captcha_action = "signup"
    field_order = ["email", "handle", "password1", "password2"]

    handle = forms.CharField(
        label=_("Handle"),
        help_text=_(
            "The name shown with your entries and votes: 3–30 letters, digits, "
            "underscores (_) or hyphens (-). Your email address is never shown."
        ),
        validators=HANDLE_VALIDATORS,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "nickname",
                "autocapitalize": "none",
                "spellcheck": "false",
                "maxlength": str(HANDLE_MAX_LENGTH),
            }
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Email address")
        self.fields["email"].help_text = _(
            "We send a link to check it. It is never shown to anyone."
        )
        drop_placeholders(self)

    def clean_handle(self) -> str:
        handle = self.cleaned_data["handle"]
        if User.objects.filter(handle__iexact=handle).exists():
            raise ValidationError(HANDLE_TAKEN, code="handle_taken")
        return handle


class LoginForm(allauth_forms.LoginForm):
    """Sign in with an email address and a password."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Email address")
        if "remember" in self.fields:  # Absent when ACCOUNT_SESSION_REMEMBER is set.
            self.fields["remember"].label = _("Keep me signed in on this device")
        drop_placeholders(self)
