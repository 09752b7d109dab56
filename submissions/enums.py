from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The author may change the entry's content in these states.
EDITABLE_STATUSES = [EntryStatus.DRAFT, EntryStatus.CHANGES_REQUESTED]
# The author may submit (or resubmit) from these states.
SUBMITTABLE_STATUSES = [EntryStatus.DRAFT, EntryStatus.CHANGES_REQUESTED]
# Entries that use up one of the member's entries for a competition.
COUNTED_STATUSES = [
    EntryStatus.SUBMITTED,
    EntryStatus.APPROVED,
    EntryStatus.CHANGES_REQUESTED,
]
# Entries a moderator may decide on.
DECIDABLE_STATUSES = [EntryStatus.SUBMITTED, EntryStatus.APPROVED]


class AgeBand(models.TextChoices):
    UNDER_13 = "under_13", _("Under 13")
    AGE_13_TO_17 = "13_17", _("13 to 17")
    ADULT = "18_plus", _("18 or over")


class EntryAction(models.TextChoices):
    CREATED = "created", _("Started")
    EDITED = "edited", _("Edited")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    HIDDEN = "hidden", _("Hidden after reports")
