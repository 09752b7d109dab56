from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from submissions.permissions import ENTRY_ACCESS_HOOK

from .comparisons import LOG_COMPARE
from .conflicts import LOG_CONFLICT
from .permissions import judge_entry_rule
from .reminders import LOG_REMINDER
from .sheets import LOG_SAVE, LOG_SUBMIT
from .workspace import JudgingWorkspaceViewSet

# The judges' workspace ---------------------------------------------------------

# Each audit-log action of the workspace: (label in filters, message in the history).
WORKSPACE_LOG_LABELS = {
    LOG_SAVE: (_("Save scores"), _("Scores saved")),
    LOG_SUBMIT: (_("Submit scores"), _("Scores submitted")),
    LOG_CONFLICT: (_("Declare a conflict"), _("Conflict of interest declared")),
    LOG_COMPARE: (_("Compare entries"), _("Two entries compared")),
    LOG_REMINDER: (_("Remind a judge"), _("Judge reminded")),
}


@hooks.register(ENTRY_ACCESS_HOOK)
def judges_see_their_assigned_entries(user) -> Q | None:
    """Judges see the entries assigned to them (text and files), nothing more."""
    return judge_entry_rule(user)


@hooks.register("register_admin_viewset")
def register_judging_workspace() -> JudgingWorkspaceViewSet:
    return JudgingWorkspaceViewSet()


@hooks.register("register_log_actions")
def register_workspace_log_actions(actions) -> None:
    for action, (label, message) in WORKSPACE_LOG_LABELS.items():
        actions.register_action(action, label, message)


# End of the judges' workspace ---------------------------------------------------
