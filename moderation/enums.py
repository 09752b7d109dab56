from django.db import models
from django.utils.translation import gettext_lazy as _

from submissions.enums import EntryStatus


class RejectionReason(models.TextChoices):
    """Why an entry was not accepted, in words the entrant understands."""

    OFF_TOPIC = "off_topic", _("It is not on the competition's theme")
    BREAKS_RULES = "breaks_rules", _("It breaks the competition's rules")
    PERSONAL_INFORMATION = (
        "personal_information",
        _("It gives away someone's personal information"),
    )
    COPYRIGHT = "copyright", _("It uses someone else's work without permission")
    HARMFUL = "harmful", _("It could hurt or upset people")
    SPAM = "spam", _("It is spam or advertising")
    DUPLICATE = "duplicate", _("It repeats another entry")
    OTHER = "other", _("Another reason, explained in the message")


# The entries an assigned moderator may see: everything past the draft, except
# what the author withdrew. A draft is the author's alone ("Only you can see
# this draft."), and so is a withdrawn entry ("only you can see it").
MODERATOR_VISIBLE_STATUSES = [
    EntryStatus.SUBMITTED,
    EntryStatus.APPROVED,
    EntryStatus.REJECTED,
    EntryStatus.CHANGES_REQUESTED,
]
# The entries waiting for a moderator: submitted ones (reported approved
# entries join them when reports arrive).
QUEUE_STATUSES = [EntryStatus.SUBMITTED]
