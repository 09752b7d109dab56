from datetime import timedelta

import django_filters
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from competitions.enums import EntryKind
from submissions.enums import EntryStatus
from submissions.models import Entry

from .enums import MODERATOR_VISIBLE_STATUSES
from .models import SafeguardingFlag
from .selectors import moderated_competitions

# A year: beyond it the filter means nothing, and far beyond it dates overflow.
MOST_HOURS = 24 * 366


def _competitions(request):
    return moderated_competitions(request.user)


class QueueFilterSet(WagtailFilterSet):
    """Filters for the queue. With no status chosen it shows what awaits a decision."""

    competition = django_filters.ModelChoiceFilter(
        label=_("Competition"), queryset=_competitions
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=EntryKind.choices)
    flagged = django_filters.BooleanFilter(
        label=_("Flagged for personal information"), method="filter_flagged"
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[
            (s.value, s.label) for s in map(EntryStatus, MODERATOR_VISIBLE_STATUSES)
        ],
        empty_label=_("Waiting for a decision"),
    )
    reported = django_filters.BooleanFilter(
        label=_("Reported by members"), method="filter_reported"
    )
    waiting_hours = django_filters.NumberFilter(
        label=_("Waiting longer than (hours)"),
        method="filter_waiting",
        min_value=0,
        max_value=MOST_HOURS,
    )

    class Meta:
        model = Entry
        fields = ["competition", "kind", "status"]

    def filter_reported(self, queryset, name, value):
        """Keep entries with (or without) reports no decision has settled yet."""
        return queryset.filter(reported=value)

    def filter_flagged(self, queryset, name, value):
        flags = SafeguardingFlag.objects.filter(entry=OuterRef("pk"))
        return (
            queryset.filter(Exists(flags)) if value else queryset.exclude(Exists(flags))
        )

    def filter_waiting(self, queryset, name, value):
        cutoff = timezone.now() - timedelta(hours=float(value))
        return queryset.filter(waiting_since__lt=cutoff)
