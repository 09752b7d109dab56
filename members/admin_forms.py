from wagtail.users.forms import UserCreationForm, UserEditForm


class StaffUserCreationForm(UserCreationForm):
    """Wagtail's user form with the public handle."""

    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | {"handle"}


class StaffUserEditForm(UserEditForm):
    """Wagtail's user edit form with the public handle."""

    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | {"handle"}
