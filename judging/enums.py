from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundIntake(models.TextChoices):
    """Which entries a judging round takes."""

    ALL_APPROVED = "all_approved", _("Every approved entry")
    SHORTLIST = "shortlist", _("The shortlist advanced from the round before")
    TOP_VOTES = "top_votes", _("The entries with the most public votes")


class RoundMethod(models.TextChoices):
    """How judges compare entries in a round."""

    RUBRIC = "rubric", _("Score each entry against the criteria")
    PAIRWISE = "pairwise", _("Pick the better of two entries")


class ConflictSource(models.TextChoices):
    DECLARED = "declared", _("Declared by the judge")
    DETECTED = "detected", _("Found by OpenCall")


class AwardPlace(models.IntegerChoices):
    WINNER = 1, _("Winner")
    RUNNER_UP = 2, _("Runner-up")
    THIRD = 3, _("Third place")
