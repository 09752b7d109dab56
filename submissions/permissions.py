"""Who may see and change an entry. Views, selectors and services all ask these.

Extension point: the apps above submissions (moderation, judging) grant their
people access to unpublished entries by registering an ``entry_access`` Wagtail
hook, in the way Wagtail's ``filter_form_submissions_for_user`` hook narrows form
submissions. Each hook function takes the user and returns a ``Q`` on Entry for
the entries it grants (prefer ``Q(competition_id__in=…)`` or ``Q(pk__in=…)``
subqueries, so lists stay free of duplicates), or None to grant nothing::

    @hooks.register(ENTRY_ACCESS_HOOK)
    def moderators_see_their_competitions(user):
        return Q(competition_id__in=active_assignments(user).values("competition"))

A grant lets the user see the entry and its private files, in the site and in
the admin listing; deciding on it is the granting app's own rule. Editors (the
``moderate_entry`` permission) see every entry. Inactive accounts see only what
the public sees.
"""

from functools import reduce
from operator import or_

from allauth.account.models import EmailAddress
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils import timezone
from wagtail import hooks

from members.models import User

from .enums import EDITABLE_STATUSES, SUBMITTABLE_STATUSES, EntryStatus
from .models import Entry, EntryQuerySet, public_rule

Viewer = User | AnonymousUser

ENTRY_ACCESS_HOOK = "entry_access"
EDITOR_PERMISSION = "submissions.moderate_entry"
EVERY_ENTRY = Q(pk__isnull=False)  # Q() would vanish when OR-ed with another Q.


def is_entry_editor(user: Viewer) -> bool:
    """Return whether ``user`` is an editor, who sees and decides on every entry."""
    return user.is_authenticated and user.is_active and user.has_perm(EDITOR_PERMISSION)


def is_author(user: Viewer, entry: Entry) -> bool:
    return user.is_authenticated and entry.author_id == user.pk


def granted_rule(user: Viewer) -> Q | None:
    """Return the filter for unpublished entries ``user`` may see, or None."""
    if not (user.is_authenticated and user.is_active):
        return None
    if is_entry_editor(user):
        return EVERY_ENTRY
    grants = [
        rule
        for hook in hooks.get_hooks(ENTRY_ACCESS_HOOK)
        if (rule := hook(user)) is not None
    ]
    return reduce(or_, grants) if grants else None


def staff_entries(user: Viewer) -> EntryQuerySet:
    """Return the entries ``user`` may see as staff (the admin's listing)."""
    rule = granted_rule(user)
    return Entry.objects.filter(rule) if rule is not None else Entry.objects.none()


def visible_entries(user: Viewer, *, media: bool = False) -> EntryQuerySet:
    """Return the entries (or the entries' files) ``user`` may see.

    The public ones, the user's own, and those granted to them as staff.
    """
    rule = public_rule(media=media)
    if user.is_authenticated:
        rule |= Q(author=user)
    if (granted := granted_rule(user)) is not None:
        rule |= granted
    return Entry.objects.filter(rule)


def can_view_entry(user: Viewer, entry: Entry) -> bool:
    """Return whether ``user`` may see ``entry``: the same rule as the lists."""
    return visible_entries(user).filter(pk=entry.pk).exists()


def can_view_entry_media(user: Viewer, entry: Entry) -> bool:
    """Return whether ``user`` may see the entry's uploaded files."""
    return visible_entries(user, media=True).filter(pk=entry.pk).exists()


def can_edit_entry(user: Viewer, entry: Entry) -> bool:
    """Authors edit drafts and returned entries, and submitted ones while allowed."""
    if not is_author(user, entry):
        return False
    if entry.status in EDITABLE_STATUSES:
        return True
    return (
        entry.status == EntryStatus.SUBMITTED
        and entry.competition.entries_editable_after_submit
        and entry.competition.timeline.accepts_entries_at(timezone.now())
    )


def can_withdraw_entry(user: Viewer, entry: Entry) -> bool:
    """Authors may withdraw until the results are published."""
    return (
        is_author(user, entry)
        and entry.status != EntryStatus.WITHDRAWN
        and not entry.competition.timeline.results_out_at(timezone.now())
    )


def can_submit_entry(user: Viewer, entry: Entry) -> bool:
    """Authors may try to submit drafts and returned entries (the service decides)."""
    return is_author(user, entry) and entry.status in SUBMITTABLE_STATUSES


def can_delete_entry(user: Viewer, entry: Entry) -> bool:
    """Authors may delete a draft (it was never submitted, so nobody else saw it)."""
    return is_author(user, entry) and entry.status == EntryStatus.DRAFT


def has_verified_email(user: Viewer) -> bool:
    """Return whether the member has confirmed an email address."""
    return EmailAddress.objects.filter(user=user, verified=True).exists()
