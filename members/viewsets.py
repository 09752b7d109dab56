from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from .admin_forms import StaffUserCreationForm, StaffUserEditForm


class UserViewSet(WagtailUserViewSet):
    """The admin's user management, editing the public handle too."""

    def get_form_class(self, for_update: bool = False):
        return StaffUserEditForm if for_update else StaffUserCreationForm
