"""Claims: who is reviewing an entry right now, so two people do not review it twice.

Opening an entry's review screen claims it for ``CLAIM_MINUTES``; the page
renews the claim while it stays open and visible, and a decision releases it.
Nobody sweeps old claims away: a claim past its ``expires_at`` simply counts as
free, and the next person to open the entry takes it over.

Two moderators opening the same entry at the same moment must not both get it.
Every change here first locks the entry's row (``select_for_update``), so on
PostgreSQL the second request waits for the first to commit and then sees its
claim. SQLite ignores row locks but runs one writer at a time; there the
one-to-one ``EntryClaim.entry`` is the backstop: a second insert fails inside
a savepoint and the claim already made is returned instead.

A claim can lapse while a page stays open (a tab left in the background), and
the same person can have an entry open twice. So the review page also carries
``entry_version``, the entry's decision state when the page was drawn, and
``hold_for_decision`` refuses a decision from a page whose entry has been
decided (or resubmitted, or withdrawn) since: ``EntryChanged`` says so.
"""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Q, When
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from members.models import User
from submissions.enums import DECIDABLE_STATUSES, EntryStatus
from submissions.models import Entry, EntryQuerySet
from submissions.permissions import Viewer, is_entry_editor

from .enums import CLAIM_MINUTES
from .models import EntryClaim, ModerationDecision
from .permissions import acting_community

CLAIM_LENGTH = timedelta(minutes=CLAIM_MINUTES)
# The audit-log action of an editor taking an entry over from someone else.
CLAIM_BREAK_ACTION = "moderation.claim_break"


class ClaimHeld(ValidationError):
    """Someone else holds a live claim on the entry; carries their claim."""

    def __init__(self, claim: EntryClaim) -> None:
        self.claim = claim
        super().__init__(held_message(claim), code="claimed")


class EntryChanged(ValidationError):
    """The entry was decided or moved on since the page deciding it was drawn.

    ``yours`` when the viewer's own decision moved it (a button pressed twice,
    a second tab): then it says so rather than that their decision failed.
    """

    def __init__(self, status_label: str, *, yours: bool = False) -> None:
        if yours:
            message = _(
                "You have already decided on this entry: it is now "
                "“%(status)s”. Nothing more was done."
            )
        else:
            message = _(
                "This entry has changed since you opened it: it is now "
                "“%(status)s”. Your decision was not made. Please look at the "
                "entry again, and decide again if it still needs it."
            )
        super().__init__(message % {"status": status_label}, code="changed")


def held_message(claim: EntryClaim) -> str:
    """Say who is reviewing the entry and until when, for the people who are not."""
    return _(
        "%(name)s is reviewing this entry until %(time)s. You can look at it, "
        "but not decide on it until then."
    ) % {"name": claim.moderator.public_name, "time": claim_time(claim.expires_at)}


def own_message(claim: EntryClaim) -> str:
    """Tell the holder how long the entry stays theirs."""
    return _(
        "This entry is yours to review until %(time)s; it stays yours while "
        "this page is open."
    ) % {"time": claim_time(claim.expires_at)}


def claim_time(moment: datetime) -> str:
    """Return ``moment`` as hours and minutes in the viewer's time zone."""
    return formats.time_format(timezone.localtime(moment), "H:i")


# Reads ----------------------------------------------------------------------------


def entry_version(entry: Entry) -> str:
    """Return the token of ``entry``'s decision state, for a page to post back."""
    return _version(entry.status, entry.decided_at)


def _version(status: str, decided_at: datetime | None) -> str:
    return f"{status}/{decided_at.isoformat() if decided_at else '-'}"


def live_claim(*, entry: Entry, at: datetime | None = None) -> EntryClaim | None:
    """Return the claim in force on ``entry`` (at ``at``, now by default), if any."""
    moment = at or timezone.now()
    return (
        EntryClaim.objects.filter(entry=entry, expires_at__gt=moment)
        .select_related("moderator")
        .first()
    )


def holds(claim: EntryClaim | None, user: Viewer) -> bool:
    """Return whether ``claim`` is ``user``'s own."""
    return claim is not None and claim.moderator_id == user.pk


def claimed_by_others(user: Viewer, *, at: datetime | None = None) -> Q:
    """Return the filter for entries someone other than ``user`` holds a live claim on.

    For excluding them from "the next entry", so nobody is sent to one that is
    already being reviewed.
    """
    moment = at or timezone.now()
    return Q(claim__expires_at__gt=moment) & ~Q(claim__moderator_id=user.pk)


def with_claims(entries: EntryQuerySet, *, at: datetime | None = None) -> EntryQuerySet:
    """Add each entry's live claim to ``entries``, in the same query.

    ``claim_holder`` is the holder's handle (None when the entry is free or the
    claim lapsed) and ``claim_expires_at`` its end, for the queue's column.
    """
    moment = at or timezone.now()
    live = Q(claim__expires_at__gt=moment)
    return entries.annotate(
        claim_holder=Case(When(live, then=F("claim__moderator__handle"))),
        claim_expires_at=Case(When(live, then=F("claim__expires_at"))),
    )


# Changes --------------------------------------------------------------------------


@transaction.atomic
def claim_entry(*, entry: Entry, moderator: User) -> EntryClaim:
    """Claim ``entry`` for ``moderator`` for ``CLAIM_MINUTES``, unless someone has it.

    Returns the claim in force afterwards: ``moderator``'s own (new, or renewed
    if they held it already or theirs had lapsed), or the other person's live
    claim, untouched. Raises PermissionDenied if ``moderator`` may not moderate
    the entry, and ValidationError if it is not waiting for a decision.
    """
    _lock_decidable(entry, moderator)
    return _take(entry, moderator)


@transaction.atomic
def hold_for_decision(*, entry: Entry, moderator: User, seen: str) -> EntryClaim:
    """Make sure ``moderator`` may decide on ``entry`` now, as they last saw it.

    Called in the same transaction as the decision, before it: the entry's
    row stays locked until the decision is recorded, so nobody can claim it in
    between. ``seen`` is the ``entry_version`` the deciding page was drawn
    with: raises ``EntryChanged`` if the entry has moved on since (a missing
    token counts as stale), and ``ClaimHeld`` if someone else holds a live
    claim. Whether the entry's status takes the decision is left for the
    decision to check, which says it best.
    """
    _lock(entry, moderator)
    status, decided_at = Entry.objects.values_list("status", "decided_at").get(
        pk=entry.pk
    )
    if seen != _version(status, decided_at):
        raise EntryChanged(
            EntryStatus(status).label, yours=_last_decided_by(entry, status, moderator)
        )
    claim = _take(entry, moderator)
    if not holds(claim, moderator):
        raise ClaimHeld(claim)
    return claim


@transaction.atomic
def break_claim(*, entry: Entry, editor: User) -> EntryClaim:
    """Let an editor take over ``entry`` from whoever holds it, live or not.

    Taking it from someone else goes in Wagtail's audit log against the entry,
    with whose claim it was and whether it was still live. Raises
    PermissionDenied for anyone who is not an editor.
    """
    if not is_entry_editor(editor):
        raise PermissionDenied(_("Only editors can break a claim."))
    _lock_decidable(entry, editor)
    now = timezone.now()
    previous = EntryClaim.objects.filter(entry=entry).first()
    EntryClaim.objects.filter(entry=entry).delete()
    claim = _create(entry, editor, now)
    if previous is not None and not holds(previous, editor):
        _audit_break(entry, editor, previous, now)
    return claim


def _audit_break(
    entry: Entry, editor: User, previous: EntryClaim, now: datetime
) -> None:
    log(
        instance=entry,
        action=CLAIM_BREAK_ACTION,
        user=editor,
        data={
            "holder": previous.moderator_id,
            "claimed_at": previous.claimed_at.isoformat(),
            "expires_at": previous.expires_at.isoformat(),
            "was_live": previous.expires_at > now,
        },
    )


def release_claim(*, entry: Entry) -> None:
    """Free ``entry``: it was decided, so nobody needs to hold it any longer."""
    EntryClaim.objects.filter(entry=entry).delete()


def _last_decided_by(entry: Entry, status: str, user: User) -> bool:
    """Return whether ``user``'s decision left ``entry`` in ``status`` last."""
    latest = (
        ModerationDecision.objects.filter(entry=entry)
        .order_by("-created_at", "-pk")
        .values_list("actor_id", "to_status")
        .first()
    )
    return latest == (user.pk, status)


def _lock_decidable(entry: Entry, user: User) -> None:
    """Lock the entry as ``_lock`` does, and check it is waiting for a decision."""
    if _lock(entry, user) not in DECIDABLE_STATUSES:
        raise ValidationError(_("This entry is not waiting for a decision."))


def _lock(entry: Entry, user: User) -> str:
    """Check ``user``'s right, lock the entry's row, and return its status now."""
    acting_community(user, entry.competition)
    return (
        Entry.objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=entry.pk)
    )


def _take(entry: Entry, user: User) -> EntryClaim:
    """Give ``user`` the claim unless another's is live; the entry's row is locked."""
    now = timezone.now()
    claim = EntryClaim.objects.select_related("moderator").filter(entry=entry).first()
    if claim is None:
        return _create(entry, user, now)
    if claim.expires_at > now and not holds(claim, user):
        return claim
    if not holds(claim, user):
        claim.moderator, claim.claimed_at = user, now
    claim.expires_at = now + CLAIM_LENGTH
    claim.save(update_fields=["moderator", "claimed_at", "expires_at"])
    return claim


def _create(entry: Entry, user: User, now: datetime) -> EntryClaim:
    try:
        with transaction.atomic():
            return EntryClaim.objects.create(
                entry=entry,
                moderator=user,
                claimed_at=now,
                expires_at=now + CLAIM_LENGTH,
            )
    except IntegrityError:
        # Someone claimed it between our read and our insert (only where row
        # locks are not kept): theirs stands.
        return EntryClaim.objects.select_related("moderator").get(entry=entry)
