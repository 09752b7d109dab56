"""Filters on competitions by phase, in SQL; they agree with ``Timeline.phase_at``."""

from datetime import datetime

from wagtail.query import PageQuerySet


class CompetitionPageQuerySet(PageQuerySet):
    def open_for_entries_at(self, moment: datetime) -> "CompetitionPageQuerySet":
        return self.filter(entries_open_at__lte=moment, entries_close_at__gt=moment)

    def upcoming_at(self, moment: datetime) -> "CompetitionPageQuerySet":
        return self.filter(entries_open_at__gt=moment)

    def for_listing(self) -> "CompetitionPageQuerySet":
        """Live, public competitions with what a card shows, in few queries."""
        from core.images import prefetch_image

        return (
            self.live().public().prefetch_related(prefetch_image("hero_image", "card"))
        )
