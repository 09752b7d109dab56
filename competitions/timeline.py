"""The competition timeline: which phase applies at a moment, and whether it is sane.

All datetimes are aware. Comparisons are made between aware instants, so the
phase is correct whatever zone the server runs in; the competition's own time
zone decides how editors' wall-clock input is read and how dates are shown.

The phase is the one rule. What the apps ask of a timeline (may members enter,
may the public vote, may judges score, are the results out) is answered from
the phase, so the answers never contradict the phase a page shows. Each
question has an SQL twin of the same name in ``querysets.py``; a property
test proves each pair agrees.
"""

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from .enums import Phase

TIMELINE_FIELDS = (
    "entries_open_at",
    "entries_close_at",
    "voting_opens_at",
    "voting_closes_at",
    "judging_closes_at",
    "results_published_at",
)

LABELS = {
    "entries_open_at": _("Entries open"),
    "entries_close_at": _("Entries close"),
    "voting_opens_at": _("Voting opens"),
    "voting_closes_at": _("Voting closes"),
    "judging_closes_at": _("Judging closes"),
    "results_published_at": _("Results published"),
}

# (earlier, later, strictly): each pair must be in this order when both are set.
ORDER_RULES = (
    ("entries_open_at", "entries_close_at", True),
    ("entries_close_at", "voting_opens_at", False),
    ("voting_opens_at", "voting_closes_at", True),
    ("entries_close_at", "judging_closes_at", True),
    # The panel may finish with the public vote, never before it: a judging
    # round can take the top-voted entries, and results need both finished.
    ("voting_closes_at", "judging_closes_at", False),
    ("entries_close_at", "results_published_at", True),
    ("voting_closes_at", "results_published_at", False),
    ("judging_closes_at", "results_published_at", False),
)

# The phases in which judges may score: the judging span and, beside it, the
# public vote (the panel and the public decide independently).
SCORING_PHASES = frozenset({Phase.VOTING, Phase.JUDGING})


@dataclass(frozen=True)
class Timeline:
    """The six dates of a competition; only the entry window is required."""

    entries_open_at: datetime | None = None
    entries_close_at: datetime | None = None
    voting_opens_at: datetime | None = None
    voting_closes_at: datetime | None = None
    judging_closes_at: datetime | None = None
    results_published_at: datetime | None = None

    @classmethod
    def of(cls, obj) -> "Timeline":
        """Read the timeline from any object with the timeline attributes."""
        return cls(**{f.name: getattr(obj, f.name) for f in fields(cls)})

    def moments(self) -> list[datetime]:
        """Return the dates that are set: the phase can change only at one of them."""
        return [moment for name in TIMELINE_FIELDS if (moment := getattr(self, name))]

    def phase_at(self, moment: datetime) -> Phase:
        """Return the phase at ``moment``; each boundary belongs to the later phase.

        Between the close of entries and the results, the public vote wins while
        its window is open; the rest of that span is judging (moderation and
        scoring); once voting and judging are both over and no results are due
        yet, the competition is closed.
        """
        if self.entries_open_at is None or moment < self.entries_open_at:
            return Phase.UPCOMING
        if self.entries_close_at is None or moment < self.entries_close_at:
            return Phase.OPEN
        if self.results_published_at and moment >= self.results_published_at:
            return Phase.RESULTS
        if self.voting_opens_at and self.voting_closes_at:
            if self.voting_opens_at <= moment < self.voting_closes_at:
                return Phase.VOTING
        still_to_come = (
            self.voting_opens_at,
            self.judging_closes_at,
            self.results_published_at,
        )
        if any(later and moment < later for later in still_to_come):
            return Phase.JUDGING
        return Phase.CLOSED

    def accepts_entries_at(self, moment: datetime) -> bool:
        """Return whether members may submit entries: in [entries open, close)."""
        return self.phase_at(moment) == Phase.OPEN

    def accepts_votes_at(self, moment: datetime) -> bool:
        """Return whether the public may vote: in [voting opens, voting closes).

        Both voting dates must be set. Voting never overlaps the entry window
        or published results, even in a timeline whose dates are out of order:
        the answer is the voting phase.
        """
        return self.phase_at(moment) == Phase.VOTING

    @property
    def judging_ends_at(self) -> datetime | None:
        """Return when scoring ends: judging closes, else results are published."""
        if self.judging_closes_at is not None:
            return self.judging_closes_at
        return self.results_published_at

    def accepts_scores_at(self, moment: datetime) -> bool:
        """Return whether judges may score: from entries close to judging's end.

        Scoring runs from the close of entries until ``judging_ends_at``,
        alongside any public vote, and never once results are published. A
        timeline with neither a judging nor a results date plans no judging,
        so judges may never score on it.
        """
        ends = self.judging_ends_at
        return (
            self.phase_at(moment) in SCORING_PHASES
            and ends is not None
            and moment < ends
        )

    def results_out_at(self, moment: datetime) -> bool:
        """Return whether the results are published: from their date on."""
        return self.phase_at(moment) == Phase.RESULTS

    def errors(self) -> dict[str, list[str]]:
        """Return messages keyed by field for every date that is out of order."""
        errors: dict[str, list[str]] = {}
        if bool(self.voting_opens_at) != bool(self.voting_closes_at):
            missing = "voting_closes_at" if self.voting_opens_at else "voting_opens_at"
            errors.setdefault(missing, []).append(
                str(_("Give both voting dates, or neither."))
            )
        for earlier, later, strictly in ORDER_RULES:
            first, second = getattr(self, earlier), getattr(self, later)
            if first is None or second is None:
                continue
            if second < first or (strictly and second == first):
                errors.setdefault(later, []).append(
                    str(
                        _("%(later)s must be after %(earlier)s.")
                        % {"later": LABELS[later], "earlier": LABELS[earlier].lower()}
                    )
                )
        return errors


def moments_of(competitions: Iterable) -> list[datetime]:
    """Return every date at which one of ``competitions`` changes phase."""
    return [moment for c in competitions for moment in Timeline.of(c).moments()]
