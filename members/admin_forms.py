"""The admin's user forms: the public handle, and granting a reserved one."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm


class ReservedHandleGrantMixin(forms.ModelForm):
    """Let the editor tick a box to give this account a reserved handle.

    Without the tick a reserved handle (``studyhub_moderator``, ``judge_one``) is
    refused here just as at sign-up; with it the handle is saved as typed. Only a
    new or changed handle is checked, so editing a granted account needs no tick.
    """

    grant_reserved_handle = forms.BooleanField(
        label=_("Allow a reserved handle"),
        required=False,
        help_text=_(
            "Tick to give this account a handle that looks official (it contains a "
            "word such as moderator, judge or a partner's name). For staff only."
        ),
    )

    def _post_clean(self) -> None:
        granted = bool(self.cleaned_data.get("grant_reserved_handle"))
        self.instance.reserved_handle_granted = granted
        super()._post_clean()


class StaffUserCreationForm(ReservedHandleGrantMixin, UserCreationForm):
    """Wagtail's user form with the public handle."""

    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | {"handle"}


class StaffUserEditForm(ReservedHandleGrantMixin, UserEditForm):
    """Wagtail's user edit form with the public handle."""

    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | {"handle"}
