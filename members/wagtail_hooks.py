from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .data_rights import ERASE_LOG_ACTION


@hooks.register("register_log_actions")
def register_erasure_log_action(actions) -> None:
    actions.register_action(
        ERASE_LOG_ACTION, _("Close account"), _("Account closed by its member")
    )
