"""The competition phase in SQL: one expression that mirrors ``Timeline.phase_at``.

``phase_expression`` is ``Timeline.phase_at`` written as a ``CASE``, branch by
branch and in the same order, with the same boundary policy (each boundary
belongs to the later phase) and the same reading of unset dates. Every filter
by phase and every predicate below is a condition on that one expression, and
each predicate has a twin of the same name on ``Timeline``;
``tests/competitions/test_phase_agreement.py`` proves each pair agrees over
generated timelines and moments on and either side of every boundary.

The builders take a ``prefix`` so a higher app can ask about an entry's
competition in the same query, e.g.
``Entry.objects.filter(accepts_votes(now, prefix="competition__"))``.
"""

from datetime import datetime
from functools import reduce
from operator import or_

from django.db.models import Case, CharField, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact, GreaterThan, In
from wagtail.query import PageQuerySet

from core.restrictions import restricted_paths

from .enums import Phase
from .timeline import SCORING_PHASES

# The key under which the restricted sections' paths are kept.


def _branches(moment: datetime, prefix: str) -> list[tuple[Phase, Q]]:
    """Return ``Timeline.phase_at``'s branches, in its order, as SQL conditions."""

    def on_or_before(name: str) -> Q:  # the date is set and has come
        return Q(**{f"{prefix}{name}__lte": moment})

    def unset_or_after(name: str) -> Q:
        return Q(**{f"{prefix}{name}__isnull": True}) | Q(
            **{f"{prefix}{name}__gt": moment}
        )

    def after(name: str) -> Q:  # the date is set and still to come
        return Q(**{f"{prefix}{name}__gt": moment})

    return [
        (Phase.UPCOMING, unset_or_after("entries_open_at")),
        (Phase.OPEN, unset_or_after("entries_close_at")),
        (Phase.RESULTS, on_or_before("results_published_at")),
        (Phase.VOTING, on_or_before("voting_opens_at") & after("voting_closes_at")),
        (
            Phase.JUDGING,
            after("voting_opens_at")
            | after("judging_closes_at")
            | after("results_published_at"),
        ),
    ]


def phase_expression(moment: datetime, *, prefix: str = "") -> Case:
    """Return the phase at ``moment`` as an SQL expression of ``Phase`` values."""
    return Case(
        *(
            When(condition, then=Value(phase.value))
            for phase, condition in _branches(moment, prefix)
        ),
        default=Value(Phase.CLOSED.value),
        output_field=CharField(choices=Phase.choices),
    )


def in_phase(phase: Phase, moment: datetime, *, prefix: str = "") -> Q:
    """Return the condition that the phase at ``moment`` is ``phase``."""
    return Q(Exact(phase_expression(moment, prefix=prefix), Phase(phase).value))


def accepts_entries(moment: datetime, *, prefix: str = "") -> Q:
    """Return the SQL twin of ``Timeline.accepts_entries_at``."""
    return in_phase(Phase.OPEN, moment, prefix=prefix)


def accepts_votes(moment: datetime, *, prefix: str = "") -> Q:
    """Return the SQL twin of ``Timeline.accepts_votes_at``."""
    return in_phase(Phase.VOTING, moment, prefix=prefix)


def accepts_scores(moment: datetime, *, prefix: str = "") -> Q:
    """Return the SQL twin of ``Timeline.accepts_scores_at``."""
    judging_ends = Coalesce(
        F(f"{prefix}judging_closes_at"), F(f"{prefix}results_published_at")
    )
    return Q(
        In(
            phase_expression(moment, prefix=prefix),
            [p.value for p in sorted(SCORING_PHASES)],
        )
    ) & Q(GreaterThan(judging_ends, moment))


def results_out(moment: datetime, *, prefix: str = "") -> Q:
    """Return the SQL twin of ``Timeline.results_out_at``."""
    return in_phase(Phase.RESULTS, moment, prefix=prefix)


class CompetitionPageQuerySet(PageQuerySet):
    """Competitions; each ``*_at`` filter keeps the rows whose ``Timeline`` says yes."""

    def private_q(self) -> Q:
        """Wagtail's rule for pages in a private section, its sections kept.

        Wagtail reads every view restriction each time ``public()`` is asked, and
        one page asks it several times (each list of competitions, each rule on
        public entries). The restricted sections change only with a restriction
        or a page, which starts a new generation of public pages, so their paths
        are kept with it (``core.restrictions``; read afresh inside
        a transaction). A section is its page and every page below it.
        """
        paths = restricted_paths()
        if not paths:
            return Q(pk__in=[])  # no private section: no page matches
        return reduce(or_, (Q(path__startswith=path) for path in paths))

    def with_phase_at(self, moment: datetime) -> "CompetitionPageQuerySet":
        """Annotate ``timeline_phase``: the ``Phase`` value at ``moment``."""
        return self.annotate(timeline_phase=phase_expression(moment))

    def in_phase_at(self, phase: Phase, moment: datetime) -> "CompetitionPageQuerySet":
        return self.filter(in_phase(phase, moment))

    def accepts_entries_at(self, moment: datetime) -> "CompetitionPageQuerySet":
        return self.filter(accepts_entries(moment))

    def accepts_votes_at(self, moment: datetime) -> "CompetitionPageQuerySet":
        return self.filter(accepts_votes(moment))

    def accepts_scores_at(self, moment: datetime) -> "CompetitionPageQuerySet":
        return self.filter(accepts_scores(moment))

    def results_out_at(self, moment: datetime) -> "CompetitionPageQuerySet":
        return self.filter(results_out(moment))

    def open_for_entries_at(self, moment: datetime) -> "CompetitionPageQuerySet":
        """Keep competitions open for entries; the older name of the same filter."""
        return self.accepts_entries_at(moment)

    def upcoming_at(self, moment: datetime) -> "CompetitionPageQuerySet":
        """Keep competitions whose entries have not opened yet."""
        return self.in_phase_at(Phase.UPCOMING, moment)

    def for_listing(self) -> "CompetitionPageQuerySet":
        """Live, public competitions with what a card shows, in few queries."""
        from core.images import prefetch_image

        return (
            self.live().public().prefetch_related(prefetch_image("hero_image", "card"))
        )
