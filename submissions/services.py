"""Every change to an entry. Each checks the actor and the competition's phase on
the server, writes an EntryEvent, and queues its email after commit.

The exception is ``entry_decide``, the state change behind a moderation
decision: who may decide is the moderation app's rule, checked there first."""

from datetime import datetime
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail import hooks

from communities.models import PartnerCommunity
from competitions.enums import EntryKind, Phase
from competitions.models import CompetitionPage
from core.uploads import CheckedUpload
from members.models import User

from . import media, permissions
from .enums import (
    COUNTED_STATUSES,
    DECIDABLE_STATUSES,
    SUBMITTABLE_STATUSES,
    EntryAction,
    EntryStatus,
)
from .kinds import AUTHOR_FIELDS, PRIVATE_FILES
from .models import Entry, EntryEvent
from .rules import age_refusal, submission_errors
from .tasks import fetch_film_embed, send_entry_email

# Extension point: each function registered with this Wagtail hook is called as
# ``hook(entry)`` inside the submit's transaction, after the entry is submitted
# (moderation checks it for personal information here).
ENTRY_SUBMITTED_HOOK = "entry_submitted"

# Drafts a member may keep in one competition beyond its entry limit.
EXTRA_DRAFTS = 2


@transaction.atomic
def entry_start(
    *,
    competition: CompetitionPage,
    author: User,
    kind: str,
    referral_partner: PartnerCommunity | None = None,
) -> Entry:
    """Start a draft entry of ``kind`` while the competition is open for entries."""
    if not author.is_authenticated or not author.is_active:
        raise PermissionDenied(_("Please sign in to enter."))
    if not competition.accepts(kind):
        raise ValidationError(
            {"kind": _("This competition does not take entries of that kind.")}
        )
    _require_open(competition, timezone.now(), has_draft=False)
    _require_draft_room(competition, author)
    entry = Entry(
        competition=competition,
        author=author,
        kind=kind,
        referral_partner=referral_partner,
    )
    entry.full_clean()
    entry.save()
    _record(entry, author, EntryAction.CREATED, EntryStatus.DRAFT)
    return entry


@transaction.atomic
def entry_save(
    *,
    entry: Entry,
    actor: User,
    changes: dict,
    image: CheckedUpload | None = None,
    film_file: CheckedUpload | None = None,
) -> Entry:
    """Save the author's changes to an entry they may still edit."""
    if not permissions.can_edit_entry(actor, entry):
        raise PermissionDenied(_("This entry can no longer be changed."))
    unknown = set(changes) - AUTHOR_FIELDS
    if unknown:
        raise ValueError(f"Not author-editable: {sorted(unknown)}")
    if refusal := age_refusal(changes.get("age_band", "")):
        raise ValidationError({"age_band": refusal})
    for field, value in changes.items():
        setattr(entry, field, value)
    media.refresh_story(entry)
    # A submitted entry changed in place must still be one that could be submitted.
    if entry.status == EntryStatus.SUBMITTED and (errors := submission_errors(entry)):
        raise ValidationError(errors)
    media.attach_uploads(entry, image=image, film_file=film_file)
    entry.full_clean()
    entry.save()
    _record(entry, actor, EntryAction.EDITED, entry.status)
    return entry


@transaction.atomic
def entry_submit(*, entry: Entry, actor: User) -> Entry:
    """Submit a draft (or an entry returned for changes) for moderation.

    Refused, with the draft kept, after the entries close (a returned entry may
    be resubmitted until the results), over the member's entry limit, or while
    anything the competition asks for is missing.
    """
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    if not permissions.is_author(actor, entry):
        raise PermissionDenied(_("Only the author can submit this entry."))
    if entry.status not in SUBMITTABLE_STATUSES:
        raise ValidationError(_("This entry has already been submitted."))
    now = timezone.now()
    if entry.status == EntryStatus.DRAFT:
        _require_open(entry.competition, now)
        _require_under_limit(entry)
    elif entry.competition.phase_at(now) in (Phase.RESULTS, Phase.CLOSED):
        raise ValidationError(_("This competition has finished; it is too late."))
    if errors := submission_errors(entry):
        raise ValidationError(errors)
    previous = entry.status
    entry.status, entry.submitted_at = EntryStatus.SUBMITTED, now
    entry.save(update_fields=["status", "submitted_at", "updated_at"])
    _record(entry, actor, EntryAction.SUBMITTED, previous)
    for hook in hooks.get_hooks(ENTRY_SUBMITTED_HOOK):
        hook(entry)
    _email_on_commit(entry, "received")
    if entry.kind == EntryKind.FILM:
        transaction.on_commit(lambda: fetch_film_embed.enqueue(entry_id=entry.pk))
    return entry


@transaction.atomic
def entry_withdraw(*, entry: Entry, actor: User) -> Entry:
    """Withdraw an entry; its public copies go. Allowed until results are out."""
    if not permissions.can_withdraw_entry(actor, entry):
        raise PermissionDenied(_("This entry can no longer be withdrawn."))
    previous = entry.status
    media.unpublish(entry)
    entry.status, entry.withdrawn_at = EntryStatus.WITHDRAWN, timezone.now()
    entry.save()
    _record(entry, actor, EntryAction.WITHDRAWN, previous)
    return entry


@transaction.atomic
def entry_delete(*, entry: Entry, actor: User) -> None:
    """Delete a draft for good, with its history; its files go after commit.

    Only drafts: nobody but the author has seen one, so nothing is kept.
    """
    if not permissions.can_delete_entry(actor, entry):
        raise PermissionDenied(_("Only a draft can be deleted."))
    files = [
        (stored.storage, stored.name)
        for stored in (getattr(entry, field) for field in PRIVATE_FILES.values())
        if stored
    ]
    entry.delete()
    for storage, name in files:
        transaction.on_commit(partial(storage.delete, name))


# The outcomes a moderation decision can give an entry; see entry_decide.
DECISION_OUTCOMES = (
    EntryStatus.APPROVED,
    EntryStatus.REJECTED,
    EntryStatus.CHANGES_REQUESTED,
)
# What the author is told is missing when a refusal comes without feedback.
FEEDBACK_MISSING = {
    EntryStatus.REJECTED: gettext_lazy("Please give the author a reason."),
    EntryStatus.CHANGES_REQUESTED: gettext_lazy("Please say what should change."),
}


@transaction.atomic
def entry_decide(
    *,
    entry: Entry,
    actor: User | None,
    to_status: str,
    feedback: str = "",
    reason: str = "",
    on_appeal: bool = False,
) -> Entry:
    """Move an entry to a moderation outcome: the state change, audit and email.

    Public API for the moderation app, which checks who may decide (the
    moderators of the entry's competition, and editors) before it calls this;
    this function checks the entry's state only. Approving publishes the
    entry's files to the showcase and lifts a hiding by reports; rejecting or
    returning takes them down and needs ``feedback`` for the author. ``reason``
    is the decision's reason in plain words, shown to the author beside the
    feedback. ``on_appeal`` decides a rejected entry again, once its author
    appealed. The entry is changed in place.
    """
    if to_status not in DECISION_OUTCOMES:
        raise ValueError(f"Not a moderation outcome: {to_status!r}")
    if to_status != EntryStatus.APPROVED and not feedback.strip():
        raise ValidationError({"feedback": FEEDBACK_MISSING[to_status]})
    _lock_fresh_status(entry)
    was_hidden = entry.hidden_at is not None
    decidable = [EntryStatus.REJECTED] if on_appeal else DECIDABLE_STATUSES
    if entry.status not in decidable:
        raise ValidationError(
            _("Only a rejected entry can be decided on appeal.")
            if on_appeal
            else _("Only submitted or approved entries can be decided on.")
        )
    previous = entry.status
    entry.status, entry.decided_at, entry.feedback = to_status, timezone.now(), feedback
    entry.feedback_reason = str(reason)
    if to_status == EntryStatus.APPROVED:
        entry.hidden_at = None
        media.publish(entry)
    else:
        media.unpublish(entry)
    entry.save()
    _record(entry, actor, EntryAction(to_status), previous, feedback)
    # Approving an approved entry again (its reports set aside) is news to
    # its author only if the reports had hidden it.
    if not (previous == to_status == EntryStatus.APPROVED and not was_hidden):
        _email_on_commit(entry, to_status)
    return entry


@transaction.atomic
def entry_hide(*, entry: Entry, note: str = "") -> bool:
    """Hide a public entry until a moderator decides; return whether it was hidden.

    Public API for the moderation app, which calls it when enough members
    report the entry. Its text and files leave every public list and page at
    once; the author still sees it. Hiding twice changes nothing.
    """
    _lock_fresh_status(entry)
    if entry.hidden_at is not None:
        return False
    entry.hidden_at = timezone.now()
    media.unpublish(entry)
    entry.save(update_fields=["hidden_at", "public_image", "updated_at"])
    _record(entry, None, EntryAction.HIDDEN, entry.status, note)
    return True


def _lock_fresh_status(entry: Entry) -> None:
    """Lock the entry's row and read its state afresh: two decisions queue up."""
    entry.status, entry.hidden_at = (
        Entry.objects.select_for_update()
        .values_list("status", "hidden_at")
        .get(pk=entry.pk)
    )


def _require_open(
    competition: CompetitionPage, now: datetime, *, has_draft: bool = True
) -> None:
    if competition.timeline.accepts_entries_at(now):
        return
    if now < competition.entries_open_at:
        moment = _("Entries open on %(when)s.")
        when = competition.local(competition.entries_open_at)
    else:
        moment = (
            _("Entries closed on %(when)s; your draft is kept.")
            if has_draft
            else _("Entries closed on %(when)s.")
        )
        when = competition.local(competition.entries_close_at)
    raise ValidationError(
        moment
        % {"when": f"{date_format(when, 'j F Y, H:i')} ({competition.time_zone})"},
        code="closed",
    )


def _require_draft_room(competition: CompetitionPage, author: User) -> None:
    """Refuse a new draft when the member already has plenty to finish."""
    most = competition.entry_limit_per_member + EXTRA_DRAFTS
    drafts = Entry.objects.filter(
        competition=competition, author=author, status=EntryStatus.DRAFT
    ).count()
    if drafts >= most:
        raise ValidationError(
            _(
                "You already have %(count)d drafts here. Please finish or withdraw "
                "one before starting another."
            )
            % {"count": drafts},
            code="too_many_drafts",
        )


def _require_under_limit(entry: Entry) -> None:
    # Lock the author's row so two submits at once cannot both pass the count.
    type(entry.author).objects.select_for_update().get(pk=entry.author_id)
    limit = entry.competition.entry_limit_per_member
    used = (
        Entry.objects.select_for_update()
        .filter(
            competition=entry.competition,
            author=entry.author,
            status__in=COUNTED_STATUSES,
        )
        .exclude(pk=entry.pk)
        .count()
    )
    if used >= limit:
        raise ValidationError(_limit_message(used, limit), code="entry_limit")


def _limit_message(used: int, limit: int) -> str:
    """Return the refusal for a member who has used up the limit, in plurals."""
    entered = ngettext(
        "You have already entered %(used)d time;",
        "You have already entered %(used)d times;",
        used,
    ) % {"used": used}
    takes = ngettext(
        "this competition takes %(limit)d entry per member.",
        "this competition takes %(limit)d entries per member.",
        limit,
    ) % {"limit": limit}
    # Translators: the two clauses above, then a sentence of their own.
    return _("%(entered)s %(takes)s Your draft is kept.") % {
        "entered": entered,
        "takes": takes,
    }


def _record(
    entry: Entry, actor: User | None, action: str, from_status: str, note: str = ""
) -> None:
    EntryEvent.objects.create(
        entry=entry,
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        from_status=from_status,
        to_status=entry.status,
        note=note,
    )


def _email_on_commit(entry: Entry, template: str) -> None:
    entry_id = entry.pk
    transaction.on_commit(
        lambda: send_entry_email.enqueue(entry_id=entry_id, template=template)
    )
