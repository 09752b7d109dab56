from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open for entries")
    VOTING = "voting", _("Public voting")
    JUDGING = "judging", _("Judging")
    RESULTS = "results", _("Results published")
    CLOSED = "closed", _("Closed")


# The order in which /competitions/ lists its groups.
PHASE_LISTING_ORDER = [
    Phase.OPEN,
    Phase.VOTING,
    Phase.UPCOMING,
    Phase.JUDGING,
    Phase.RESULTS,
    Phase.CLOSED,
]


class EntryKind(models.TextChoices):
    STORY = "story", _("Story")
    IMAGE = "image", _("Image")
    FILM = "film", _("Short film")
    IDEA = "idea", _("Idea")


class ModerationMode(models.TextChoices):
    BEFORE_PUBLICATION = "before", _("Moderate before publication")
    AFTER_PUBLICATION = "after", _("Publish at once, moderate afterwards")


class PrizeKind(models.TextChoices):
    JUDGES = "judges", _("Judges' prize")
    PEOPLES_CHOICE = "peoples_choice", _("People's choice")


class Licence(models.TextChoices):
    CC_BY = "cc-by-4.0", _("Creative Commons Attribution 4.0 (CC BY 4.0)")
    CC_BY_SA = "cc-by-sa-4.0", _("Creative Commons Attribution-ShareAlike 4.0")
    CC_BY_NC = "cc-by-nc-4.0", _("Creative Commons Attribution-NonCommercial 4.0")
    SHOWCASE_ONLY = (
        "showcase-only",
        _("All rights reserved; the organiser may show it in the showcase"),
    )
