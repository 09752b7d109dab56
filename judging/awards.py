"""Reads of awards: the published results, recent winners, and who to email.

What is public: awards of a competition whose results an editor published
(``ResultsPublication``), on entries that are still public
(``Entry.objects.public()``): a winner hidden after reports or withdrawn later
drops out of every public list.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from competitions.enums import PrizeKind
from competitions.models import CompetitionPage, Prize
from core.images import prefetch_image
from submissions.enums import EntryStatus
from submissions.models import Entry

from .models import Award, ResultsPublication, ScoreSheet


@dataclass(frozen=True)
class PrizeResult:
    """A prize with the awards shown for it, winner first."""

    prize: Prize
    awards: list[Award]

    @property
    def decided(self) -> bool:
        return bool(self.awards)

    @property
    def by_public(self) -> bool:
        return self.prize.kind == PrizeKind.PEOPLES_CHOICE

    @property
    def winner(self) -> Award | None:
        return self.awards[0] if self.awards else None

    @property
    def runners_up(self) -> list[Award]:
        return self.awards[1:]


def _public_awards() -> QuerySet[Award]:
    """Awards on entries anyone may see, with what the results page shows."""
    return (
        Award.objects.filter(entry__in=Entry.objects.public())
        .select_related("entry__author")
        .prefetch_related(prefetch_image("entry__public_image", "card"))
        .order_by("place", "pk")
    )


def is_published(competition: CompetitionPage) -> bool:
    """Return whether an editor has published the competition's results."""
    return ResultsPublication.objects.filter(competition=competition).exists()


def published_results(competition: CompetitionPage) -> list[PrizeResult]:
    """Return each prize with its public awards, in the prizes' order."""
    prizes = competition.prizes.order_by("sort_order", "pk").prefetch_related(
        Prefetch("awards", queryset=_public_awards(), to_attr="public_awards")
    )
    return [PrizeResult(prize, list(prize.public_awards)) for prize in prizes]


@dataclass(frozen=True)
class CompetitionWinners:
    """A competition with published results and its winners, for the home page."""

    competition: CompetitionPage
    winners: list[Award]


def recent_winners(
    *, competitions: int = 3, per_competition: int = 3
) -> list[CompetitionWinners]:
    """Return the latest published competitions, each with a few winners.

    Only public competitions and public entries; runners-up are left out.
    """
    published = list(
        CompetitionPage.objects.live()
        .public()
        .filter(results_publication__isnull=False)
        .order_by("-results_publication__published_at")[:competitions]
    )
    awards = (
        _public_awards()
        .filter(prize__page__in=published, place=1)
        .select_related("prize")
    )
    by_competition: dict[int, list[Award]] = {c.pk: [] for c in published}
    for award in awards.order_by("prize__sort_order", "pk"):
        by_competition[award.prize.page_id].append(award)
    return [
        CompetitionWinners(c, by_competition[c.pk][:per_competition])
        for c in published
        if by_competition[c.pk]
    ]


def round_awards(competition: CompetitionPage) -> dict[int, list[Award]]:
    """Return every award of the competition by prize id, public or not (staff)."""
    awards: dict[int, list[Award]] = {}
    for award in Award.objects.filter(prize__page=competition).select_related("entry"):
        awards.setdefault(award.prize_id, []).append(award)
    return awards


def entrant_ids(competition: CompetitionPage) -> list[int]:
    """Return the members with an approved entry in the competition."""
    return list(
        Entry.objects.filter(competition=competition, status=EntryStatus.APPROVED)
        .values_list("author_id", flat=True)
        .distinct()
        .order_by("author_id")
    )


def shared_comments(entries: Iterable[Entry]) -> dict[int, list[str]]:
    """Return judges' comments on ``entries`` from rounds that share them."""
    comments: dict[int, list[str]] = {}
    sheets = (
        ScoreSheet.objects.filter(
            Q(assignment__entry__in=list(entries))
            & Q(assignment__round__share_comments=True)
            & Q(submitted_at__isnull=False)
        )
        .exclude(comment="")
        .order_by("assignment__round__position", "pk")
        .values_list("assignment__entry_id", "comment")
    )
    for entry_id, comment in sheets:
        comments.setdefault(entry_id, []).append(comment)
    return comments
