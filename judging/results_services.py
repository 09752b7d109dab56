"""The results' changes: advance a shortlist, choose winners, publish the results.

Each checks who may do it on the server, changes the rows in one transaction,
writes Wagtail's audit log against the competition page (so it shows in the
page's history), and sends its emails only after the transaction commits.

- The chair of a round advances entries of that round into the next one, which
  must take a shortlist.
- The chair of the final round, or an editor, chooses a winner and up to two
  runners-up for each judges' prize, from the final round's entries (and the
  prize's category, when it has one). People's choice prizes come from the
  public vote, not from here.
- An editor publishes the results, not before the competition's results date.
  After that the awards are fixed: a change would contradict what winners were
  told.
"""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from competitions.enums import PrizeKind
from competitions.models import CompetitionPage, Prize
from members.models import User
from submissions.models import Entry
from submissions.permissions import is_entry_editor

from .awards import entrant_ids
from .enums import AwardPlace, RoundIntake
from .models import Award, JudgingRound, ResultsPublication, ShortlistedEntry
from .results import (
    final_round,
    is_round_chair,
    may_choose_winners,
    next_round,
    round_entries,
)
from .results_mail import send_results_email

LOG_SHORTLIST = "judging.shortlist_advance"
LOG_AWARDS = "judging.awards_choose"
LOG_PUBLISH = "judging.results_publish"

# The places a chair fills for a judges' prize, in order.
PLACES = (AwardPlace.WINNER, AwardPlace.RUNNER_UP, AwardPlace.THIRD)


@transaction.atomic
def shortlist_advance(
    *, judging_round: JudgingRound, entry_ids: Sequence[int], actor: User
) -> list[ShortlistedEntry]:
    """Put the chosen entries of ``judging_round`` on the next round's shortlist.

    Entries already on it stay; the new ones are returned.
    """
    if not is_round_chair(actor, judging_round):
        raise PermissionDenied(_("Only the chair of this round advances a shortlist."))
    following = next_round(judging_round)
    if following is None or following.intake != RoundIntake.SHORTLIST:
        raise ValidationError(
            _(
                "There is no next round that takes a shortlist. Ask an editor to add "
                "one (its “entries judged” set to the shortlist) first."
            )
        )
    chosen = set(entry_ids)
    if not chosen:
        raise ValidationError(_("Please choose at least one entry to advance."))
    allowed = set(
        round_entries(judging_round).filter(pk__in=chosen).values_list("pk", flat=True)
    )
    if chosen - allowed:
        raise ValidationError(_("Only approved entries of this round can be advanced."))
    # Lock the next round so two chairs' clicks cannot both add the same entry.
    following = JudgingRound.objects.select_for_update().get(pk=following.pk)
    already = set(following.shortlist.values_list("entry_id", flat=True))
    added = ShortlistedEntry.objects.bulk_create(
        ShortlistedEntry(round=following, entry_id=pk, advanced_by=actor)
        for pk in sorted(chosen - already)
    )
    log(
        instance=judging_round.competition,
        action=LOG_SHORTLIST,
        user=actor,
        data={
            "from_round": judging_round.pk,
            "to_round": following.pk,
            "entries": sorted(chosen - already),
        },
    )
    return added


@transaction.atomic
def awards_choose(
    *, prize: Prize, entries: Sequence[Entry | None], actor: User
) -> list[Award]:
    """Set the winner and runners-up of a judges' prize, replacing earlier picks.

    ``entries`` is the winner, then the runner-up and the third place; a None
    leaves a place empty (a runner-up needs a winner, though).
    """
    # Lock the prize: two people choosing at once must not both write places.
    prize = Prize.objects.select_for_update().select_related("page").get(pk=prize.pk)
    competition = prize.page
    _check_may_choose(actor, competition, prize)
    chosen = list(entries)[: len(PLACES)]
    while chosen and chosen[-1] is None:
        chosen.pop()
    _check_entries(competition, prize, chosen)
    Award.objects.filter(prize=prize).delete()
    awards = [
        Award.objects.create(prize=prize, entry=entry, place=place, chosen_by=actor)
        for place, entry in zip(PLACES, chosen, strict=False)
        if entry is not None
    ]
    log(
        instance=competition,
        action=LOG_AWARDS,
        user=actor,
        data={
            "prize": prize.pk,
            "awards": [[award.place, award.entry_id] for award in awards],
        },
    )
    return awards


def _check_may_choose(actor: User, competition: CompetitionPage, prize: Prize) -> None:
    if not may_choose_winners(actor, competition):
        raise PermissionDenied(
            _("Only the chair of the final round or an editor chooses winners.")
        )
    if prize.kind != PrizeKind.JUDGES:
        raise ValidationError(
            _("The people's choice comes from the public vote, not from the judges.")
        )
    if ResultsPublication.objects.filter(competition=competition).exists():
        raise ValidationError(
            _("The results are published, so the winners can no longer change.")
        )


def _check_entries(
    competition: CompetitionPage, prize: Prize, chosen: list[Entry | None]
) -> None:
    if chosen and chosen[0] is None:
        raise ValidationError(_("Please choose a winner before any runner-up."))
    picked = [entry.pk for entry in chosen if entry is not None]
    if len(set(picked)) != len(picked):
        raise ValidationError(_("An entry can take only one place in a prize."))
    final = final_round(competition)
    if final is None:
        raise ValidationError(_("This competition has no judging round yet."))
    allowed = round_entries(final).filter(pk__in=picked)
    if prize.category_name:
        allowed = allowed.filter(category__name__iexact=prize.category_name)
    if len(set(allowed.values_list("pk", flat=True))) != len(picked):
        if prize.category_name:
            raise ValidationError(
                _(
                    "Winners of “%(prize)s” must be entries of the final round in "
                    "the category “%(category)s”."
                )
                % {"prize": prize.title, "category": prize.category_name}
            )
        raise ValidationError(_("Winners must be approved entries of the final round."))


@transaction.atomic
def results_publish(*, competition: CompetitionPage, actor: User) -> ResultsPublication:
    """Publish the competition's results and email its entrants after commit."""
    if not is_entry_editor(actor):
        raise PermissionDenied(_("Only an editor publishes results."))
    locked = CompetitionPage.objects.select_for_update().get(pk=competition.pk)
    due = locked.results_published_at
    if due is None:
        raise ValidationError(
            _(
                "This competition has no results date. Set “results published” on "
                "its timeline first."
            )
        )
    if timezone.now() < due:
        when = formats.date_format(timezone.localtime(due, locked.zone), "j F Y, H:i")
        raise ValidationError(
            _("The results cannot be published before %(date)s (%(zone)s).")
            % {"date": when, "zone": locked.time_zone}
        )
    if ResultsPublication.objects.filter(competition=locked).exists():
        raise ValidationError(_("These results are already published."))
    publication = ResultsPublication.objects.create(
        competition=locked, published_by=actor
    )
    log(
        instance=locked,
        action=LOG_PUBLISH,
        user=actor,
        data={"publication": publication.pk},
    )
    authors = entrant_ids(locked)
    transaction.on_commit(lambda: _email_entrants(locked.pk, authors))
    return publication


def _email_entrants(competition_id: int, author_ids: list[int]) -> None:
    for author_id in author_ids:
        send_results_email.enqueue(competition_id=competition_id, author_id=author_id)
