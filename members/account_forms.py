"""Public account forms: allauth's sign-up and sign-in, in OpenCall's words."""

from allauth.account import forms as allauth_forms
from django import forms
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.captcha import CaptchaFormMixin

from .handles import handle_skeleton
from .models import HANDLE_TAKEN, User
from .validators import (
    HANDLE_MAX_LENGTH,
    HANDLE_VALIDATORS,
    validate_handle_not_reserved,
)

PASSWORDS_DIFFER = _("You must type the same password each time.")


def handle_taken(handle: str) -> bool:
    """Return whether an account already has this handle or one that looks like it."""
    return User.objects.filter(handle_skeleton=handle_skeleton(handle)).exists()


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
        if handle_taken(handle):
            raise ValidationError(HANDLE_TAKEN, code="handle_taken")
        validate_handle_not_reserved(handle)
        return handle

    def try_save(self, request: HttpRequest):
        """Hash the password for an address that has an account too.

        allauth then only emails the owner, so without this the answer came back
        ten times faster and told whether the address belongs to a member.
        """
        if self.account_already_exists:
            make_password(self.cleaned_data["password1"])
        return super().try_save(request)

    def clean(self) -> dict:
        """Report every problem at once, even passwords that differ and are weak."""
        cleaned_data = super().clean()
        first, second = self.data.get("password1"), self.data.get("password2")
        if first and second and first != second and "password2" not in self.errors:
            self.add_error("password2", PASSWORDS_DIFFER)
        return cleaned_data


class LoginForm(allauth_forms.LoginForm):
    """Sign in with an email address and a password."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Email address")
        if "remember" in self.fields:  # Absent when ACCOUNT_SESSION_REMEMBER is set.
            self.fields["remember"].label = _("Keep me signed in on this device")
        drop_placeholders(self)
