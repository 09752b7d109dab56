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


class ReportReason(models.TextChoices):
    """Why a member reports a published entry."""

    PERSONAL_INFORMATION = (
        "personal_information",
        _("It shows someone's personal information"),
    )
    HARMFUL = "harmful", _("It is hurtful, hateful or dangerous")
    COPYRIGHT = "copyright", _("It copies someone else's work")
    SPAM = "spam", _("It is spam or advertising")
    OFF_TOPIC = "off_topic", _("It has nothing to do with the competition")
    OTHER = "other", _("Something else")


class DecisionKind(models.TextChoices):
    """What a recorded decision was: a first decision, an escalation or an appeal's."""

    DECISION = "decision", _("Decision")
    ESCALATION = "escalation", _("Passed to staff")
    APPEAL_UPHELD = "appeal_upheld", _("Appeal upheld")
    APPEAL_DISMISSED = "appeal_dismissed", _("Appeal dismissed")


class FindingKind(models.TextChoices):
    """The kinds of personal information the safeguarding check looks for."""

    EMAIL = "email", _("Email address")
    PHONE = "phone", _("Phone number")
    ADDRESS = "address", _("Street address")
    POSTCODE = "postcode", _("Postcode")
    HANDLE = "handle", _("Social media handle")


# How long opening an entry claims it for its reviewer.
CLAIM_MINUTES = 15
