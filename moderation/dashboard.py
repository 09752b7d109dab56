"""The admin's home page for the people who moderate: each sees their own work.

An editor sees the entries waiting in each competition and the competitions by
phase with the date each one moves on; a moderator sees their queue and the
entries they have claimed. Wagtail's stock summary ("7 pages, 11 images") is
replaced for both, and a moderator gets none of Wagtail's page panels: they
have no pages. Each panel costs a fixed number of queries, whatever the data.
"""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.db.models import Count, Min
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.ui.components import Component

from competitions.enums import PHASE_LISTING_ORDER, Phase
from competitions.models import CompetitionPage
from competitions.timeline import LABELS, TIMELINE_FIELDS
from submissions.models import EntryQuerySet
from submissions.permissions import Viewer, is_entry_editor

from .enums import CLAIM_MINUTES
from .models import EntryClaim
from .permissions import is_moderator
from .selectors import awaiting_decision, moderation_scope, with_report_state

# How many of the longest-waiting entries a moderator's panel lists.
OLDEST_SHOWN = 5


@dataclass(frozen=True)
class WaitingCompetition:
    """A competition with entries waiting for a decision."""

    title: str
    waiting: int
    oldest: datetime
    queue_url: str


@dataclass(frozen=True)
class NextDate:
    label: str
    at: datetime


def waiting_entries(user: Viewer) -> EntryQuerySet:
    """Return the entries waiting for ``user``'s decision: what the queue lists first.

    Submitted entries, and approved ones that members reported; an entry
    passed to staff waits for editors only.
    """
    return awaiting_decision(with_report_state(moderation_scope(user)), user=user)


def queue_url(**filters) -> str:
    url = reverse("moderation:queue")
    return f"{url}?{urlencode(filters)}" if filters else url


def waiting_by_competition(user: Viewer) -> list[WaitingCompetition]:
    """Return each competition with entries waiting, the longest wait first."""
    groups = (
        waiting_entries(user)
        .values("competition_id", "competition__title")
        .annotate(waiting=Count("pk"), oldest=Min("submitted_at"))
        .order_by("oldest", "competition__title")
    )
    return [
        WaitingCompetition(
            title=group["competition__title"],
            waiting=group["waiting"],
            oldest=group["oldest"],
            queue_url=queue_url(competition=group["competition_id"]),
        )
        for group in groups
    ]


def next_date(competition: CompetitionPage, now: datetime) -> NextDate | None:
    """Return the competition's next date on its timeline after ``now``, if any."""
    coming = [
        NextDate(label=str(LABELS[name]), at=competition.local(moment))
        for name in TIMELINE_FIELDS
        if (moment := getattr(competition, name)) and moment > now
    ]
    return min(coming, key=lambda date: date.at, default=None)


def competitions_by_phase() -> list[dict]:
    """Return [{"phase", "label", "competitions": [(page, next date)]}], one query.

    Every competition, live or not, in the order /competitions/ lists phases,
    the next date soonest first within each.
    """
    now = timezone.now()
    competitions = CompetitionPage.objects.order_by("entries_open_at", "title")
    grouped: dict[Phase, list] = {}
    for competition in competitions:
        grouped.setdefault(competition.phase_at(now), []).append(
            (competition, next_date(competition, now))
        )
    far = datetime.max.replace(tzinfo=now.tzinfo)
    return [
        {
            "phase": phase,
            "label": phase.label,
            "competitions": sorted(
                grouped[phase], key=lambda pair: pair[1].at if pair[1] else far
            ),
        }
        for phase in PHASE_LISTING_ORDER
        if phase in grouped
    ]


def oldest_waiting(user: Viewer, *, limit: int = OLDEST_SHOWN) -> list:
    """Return the ``limit`` entries that have waited longest for ``user``."""
    return list(
        waiting_entries(user)
        .select_related("competition")
        .order_by("submitted_at", "pk")[:limit]
    )


def live_claims(user: Viewer) -> list[EntryClaim]:
    """Return the claims ``user`` holds now on entries still in their scope."""
    return list(
        EntryClaim.objects.filter(
            moderator=user,
            expires_at__gt=timezone.now(),
            entry__in=moderation_scope(user),
        )
        .select_related("entry", "entry__competition")
        .order_by("expires_at")
    )


# The panels and summary items ------------------------------------------------------


class EditorWaitingPanel(Component):
    """Entries waiting per competition, each linked to its part of the queue."""

    name = "moderation_waiting"
    template_name = "moderation/dashboard/editor_waiting.html"
    order = 50

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        return {"competitions": waiting_by_competition(request.user)}


class EditorPhasesPanel(Component):
    """Every competition by phase, with the next date on its timeline."""

    name = "moderation_phases"
    template_name = "moderation/dashboard/editor_phases.html"
    order = 60

    def get_context_data(self, parent_context):
        return {"groups": competitions_by_phase()}


class ModeratorQueuePanel(Component):
    """A moderator's queue: how many wait, and the longest-waiting few."""

    name = "moderation_my_queue"
    template_name = "moderation/dashboard/moderator_queue.html"
    order = 50

    def get_context_data(self, parent_context):
        user = parent_context["request"].user
        return {
            "waiting": waiting_entries(user).count(),
            "entries": oldest_waiting(user),
            "queue_url": queue_url(),
        }


class ModeratorClaimsPanel(Component):
    """The entries a moderator has claimed and not yet decided."""

    name = "moderation_my_claims"
    template_name = "moderation/dashboard/moderator_claims.html"
    order = 60

    def get_context_data(self, parent_context):
        return {
            "claims": live_claims(parent_context["request"].user),
            "claim_minutes": CLAIM_MINUTES,
        }


class WaitingSummaryItem(SummaryItem):
    """The number of entries waiting for the viewer, linked to the queue."""

    order = 10
    template_name = "moderation/dashboard/summary_waiting.html"

    def get_context_data(self, parent_context):
        return {
            "waiting": waiting_entries(self.request.user).count(),
            "queue_url": queue_url(),
        }


class OpenCompetitionsSummaryItem(SummaryItem):
    """For editors: how many competitions take entries now."""

    order = 20
    template_name = "moderation/dashboard/summary_open.html"

    def get_context_data(self, parent_context):
        return {
            "open": CompetitionPage.objects.accepts_entries_at(timezone.now()).count()
        }

    def is_shown(self) -> bool:
        return is_entry_editor(self.request.user)


class ClaimsSummaryItem(SummaryItem):
    """For moderators: how many entries they have claimed now."""

    order = 20
    template_name = "moderation/dashboard/summary_claims.html"

    def get_context_data(self, parent_context):
        return {"claims": len(live_claims(self.request.user))}

    def is_shown(self) -> bool:
        return not is_entry_editor(self.request.user)


def dashboard_role(request: HttpRequest) -> tuple[bool, bool]:
    """Return (is an editor, is a moderator) for the viewer, asked once a request."""
    if not hasattr(request, "_moderation_roles"):
        user = request.user
        request._moderation_roles = (is_entry_editor(user), is_moderator(user))
    return request._moderation_roles


def panels_for(request: HttpRequest) -> list[Component]:
    """Return the moderation panels for the viewer: an editor's, a moderator's."""
    editor, moderator = dashboard_role(request)
    panels: list[Component] = []
    if editor:
        panels += [EditorWaitingPanel(), EditorPhasesPanel()]
    if moderator:
        panels += [ModeratorQueuePanel(), ModeratorClaimsPanel()]
    return panels


def summary_items_for(request: HttpRequest) -> list[SummaryItem]:
    """Return the summary items that replace Wagtail's page and image counts."""
    editor, moderator = dashboard_role(request)
    if not (editor or moderator):
        return []
    return [
        WaitingSummaryItem(request),
        OpenCompetitionsSummaryItem(request),
        ClaimsSummaryItem(request),
    ]
