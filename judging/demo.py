"""The demo world's judging: what editors may do with it.

``ensure_editors_judging_rights`` lets Wagtail's Editors group set up judging
rounds (add, change, delete, view), as moderation's demo does for moderator
assignments. The rounds themselves are added to the demo world with the rest
of judging.
"""

from django.contrib.auth.models import Permission

from members.demo import EDITORS_GROUP, ensure_admin_group


def ensure_editors_judging_rights() -> None:
    """Let the Editors group set up judging rounds, their criteria and panels."""
    ensure_admin_group(EDITORS_GROUP).permissions.add(
        *Permission.objects.filter(
            content_type__app_label="judging", content_type__model="judginground"
        )
    )
