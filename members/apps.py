from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class MembersConfig(AppConfig):
    default = True
    name = "members"
    verbose_name = "Members"

    def ready(self) -> None:
        # Sign-up and password reset depend on mail: check every mailer at start-up.
        from core import mail  # noqa: F401


class OpenCallUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app, with a user viewset that knows about handles."""

    user_viewset = "members.viewsets.UserViewSet"
