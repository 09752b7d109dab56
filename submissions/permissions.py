"""Who may see and change an entry. Views and services both ask these."""

from django.utils import timezone

from competitions.enums import Phase

from .enums import EDITABLE_STATUSES, SUBMITTABLE_STATUSES, EntryStatus
from .models import Entry

MODERATE_PERMISSION = "submissions.moderate_entry"


def is_entry_staff(user) -> bool:
    """Return whether ``user`` may see and decide on unpublished entries.

    Until moderator assignments exist, that is staff granted the
    ``moderate_entry`` permission (editors); assignments will narrow it to
    the moderators of one competition.
    """
    return (
        user.is_authenticated and user.is_active and user.has_perm(MODERATE_PERMISSION)
    )


def is_author(user, entry: Entry) -> bool:
    return user.is_authenticated and entry.author_id == user.pk


def can_view_entry(user, entry: Entry) -> bool:
    """Public entries of a public competition are for everyone; the rest for the
    author and staff only."""
    if is_author(user, entry) or is_entry_staff(user):
        return True
    return entry.is_public and is_public_competition(entry.competition)


def can_view_entry_media(user, entry: Entry) -> bool:
    """Uploaded files are public only once a moderator has approved the entry.

    Where a competition publishes entries before moderation, their text shows at
    once but their files wait for approval.
    """
    if is_author(user, entry) or is_entry_staff(user):
        return True
    return entry.status == EntryStatus.APPROVED and is_public_competition(
        entry.competition
    )


def is_public_competition(competition) -> bool:
    """Return whether anyone may see the competition page (live, unrestricted)."""
    return competition.live and not competition.get_view_restrictions().exists()


def can_edit_entry(user, entry: Entry) -> bool:
    """Authors edit drafts and returned entries, and submitted ones while allowed."""
    if not is_author(user, entry):
        return False
    if entry.status in EDITABLE_STATUSES:
        return True
    return (
        entry.status == EntryStatus.SUBMITTED
        and entry.competition.entries_editable_after_submit
        and entry.competition.phase_at(timezone.now()) == Phase.OPEN
    )


def can_withdraw_entry(user, entry: Entry) -> bool:
    """Authors may withdraw until the results are published."""
    return (
        is_author(user, entry)
        and entry.status != EntryStatus.WITHDRAWN
        and entry.competition.phase_at(timezone.now()) != Phase.RESULTS
    )


def can_submit_entry(user, entry: Entry) -> bool:
    """Authors may try to submit drafts and returned entries (the service decides)."""
    return is_author(user, entry) and entry.status in SUBMITTABLE_STATUSES


def has_verified_email(user) -> bool:
    """Return whether the member has confirmed an email address."""
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, verified=True).exists()
