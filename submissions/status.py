"""What each entry status means to its author, in one table keyed by EntryStatus.

The entry page and the member area both read it, so a state added later (by
moderation, say) is worded in one place. ``SUBMITTED`` has a second wording for
competitions that publish entries before moderation, and an entry hidden after
reports a wording of its own.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from competitions.enums import ModerationMode

from .enums import EntryStatus
from .models import Entry


@dataclass(frozen=True)
class StatusWording:
    """The sentences and the next step shown to an entry's author."""

    on_entry_page: Promise | str
    next_step: Promise | str = ""
    feedback_label: Promise | str = ""  # shows the moderator's words after it
    link_text: Promise | str = ""
    link_to: str = ""  # "edit" or "entry"
    # Whether the moderator's last words are about the entry as it now stands:
    # once the author resubmits, they are about a version that is gone.
    shows_feedback: bool = False


STATUS_WORDING: dict[str, StatusWording] = {
    EntryStatus.DRAFT: StatusWording(
        _("Only you can see this draft."),
        link_text=_("Finish and submit your draft"),
        link_to="edit",
    ),
    EntryStatus.SUBMITTED: StatusWording(
        _("A moderator will look at it; it becomes public once approved."),
        next_step=_("Waiting for a moderator."),
    ),
    EntryStatus.APPROVED: StatusWording(
        "",
        next_step=_("Public."),
        link_text=_("See it"),
        link_to="entry",
        shows_feedback=True,
    ),
    EntryStatus.CHANGES_REQUESTED: StatusWording(
        _("A moderator has asked for changes."),
        feedback_label=_("Changes asked for:"),
        link_text=_("Make the changes and resubmit"),
        link_to="edit",
        shows_feedback=True,
    ),
    # The entry's page says what the author can do next (appeal, once), where
    # the apps above submissions add it.
    EntryStatus.REJECTED: StatusWording(
        _("This entry was not accepted."),
        feedback_label=_("Not accepted:"),
        link_text=_("See the decision and what you can do"),
        link_to="entry",
        shows_feedback=True,
    ),
    EntryStatus.WITHDRAWN: StatusWording(
        _("You withdrew this entry; only you can see it."), next_step=_("Withdrawn.")
    ),
}
HIDDEN_AFTER_REPORTS = StatusWording(
    _(
        "Some members reported this entry, so it is hidden while a moderator "
        "looks at it again. You do not need to do anything."
    ),
    next_step=_("Hidden while a moderator looks again."),
)
# The states in which reports can hide an entry that was public.
PUBLIC_STATUSES = (EntryStatus.APPROVED, EntryStatus.SUBMITTED)
SUBMITTED_AND_PUBLIC = StatusWording(
    _("It is public; a moderator will still look at it."),
    next_step=_("Public; waiting for a moderator to look again."),
)


def status_wording(entry: Entry) -> StatusWording:
    """Return how ``entry``'s status is put to its author."""
    published_early = (
        entry.competition.moderation_mode == ModerationMode.AFTER_PUBLICATION
    )
    if entry.hidden_at is not None and entry.status in PUBLIC_STATUSES:
        return HIDDEN_AFTER_REPORTS
    if entry.status == EntryStatus.SUBMITTED and published_early:
        return SUBMITTED_AND_PUBLIC
    return STATUS_WORDING[entry.status]
