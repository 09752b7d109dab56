"""The admin's home page for judges: their rounds and how far they have got.

Wagtail's stock panels and page counts mean nothing to a judge (they have no
pages), so a judge who is not an editor sees only this panel.
"""

from django.http import HttpRequest
from wagtail.admin.ui.components import Component

from submissions.permissions import is_entry_editor

from .permissions import is_judge
from .workspace.selectors import rounds_for_judge


class JudgeRoundsPanel(Component):
    """Each of the judge's rounds: its deadline and "n of m scored"."""

    name = "judging_my_rounds"
    template_name = "judging/dashboard/my_rounds.html"
    order = 40

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        return {"rounds": list(rounds_for_judge(request.user))}


def judge_panels(request: HttpRequest, panels: list) -> None:
    """Put the judge's panel first; a judge who edits nothing else sees only it."""
    if not is_judge(request.user):
        return
    if not is_entry_editor(request.user) and not request.user.is_superuser:
        panels[:] = [panel for panel in panels if _ours(panel)]
    panels.insert(0, JudgeRoundsPanel())


def judge_summary_items(request: HttpRequest, items: list) -> None:
    """Drop Wagtail's page, image and document counts for a judge who edits nothing."""
    user = request.user
    if is_judge(user) and not (is_entry_editor(user) or user.is_superuser):
        items[:] = [item for item in items if _ours(item)]


def _ours(component) -> bool:
    return type(component).__module__.split(".")[0] in ("moderation", "judging")
