"""Judging: rounds with a panel and weighted criteria, assignments, scores, awards.

A competition has ordered ``JudgingRound``s. Each round has a panel
(``RoundJudge``, one of them the chair), and for rubric rounds weighted
``Criterion`` rows. ``JudgeAssignment`` pairs a judge with an entry; the judge's
``ScoreSheet`` holds one ``CriterionScore`` per criterion and a comment. A
pairwise round records ``Comparison``s instead. ``Conflict`` keeps a judge away
from an entry; ``ShortlistedEntry`` is what one round hands to the next; an
``Award`` is a prize given to an entry, public once ``ResultsPublication`` exists.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from .enums import AwardPlace, ConflictSource, RoundIntake, RoundMethod


class JudgingRound(ClusterableModel):
    """One round of judging in a competition, with its panel and criteria."""

    competition = models.ForeignKey(
        "competitions.CompetitionPage",
        verbose_name=_("competition"),
        on_delete=models.CASCADE,
        related_name="judging_rounds",
    )
    name = models.CharField(_("name"), max_length=80)
    position = models.PositiveSmallIntegerField(
        _("order"), default=1, help_text=_("Round 1 comes first.")
    )
    intake = models.CharField(
        _("entries judged"),
        max_length=20,
        choices=RoundIntake.choices,
        default=RoundIntake.ALL_APPROVED,
    )
    top_votes = models.PositiveIntegerField(
        _("how many top-voted entries"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Only for a round taking the entries with the most votes."),
    )
    method = models.CharField(
        _("method"),
        max_length=10,
        choices=RoundMethod.choices,
        default=RoundMethod.RUBRIC,
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    blind = models.BooleanField(
        _("blind"),
        default=True,
        help_text=_("Judges see nothing that identifies the entrant."),
    )
    judges_per_entry = models.PositiveSmallIntegerField(
        _("judges per entry"), default=2, validators=[MinValueValidator(1)]
    )
    community_conflicts = models.BooleanField(
        _("keep judges from entries referred by their own community"),
        default=False,
    )
    share_comments = models.BooleanField(
        _("share judges' comments with entrants after the results"), default=False
    )

    class Meta:
        ordering = ["competition", "position", "pk"]
        verbose_name = _("judging round")
        verbose_name_plural = _("judging rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "position"], name="judging_round_position"
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="judging_round_closes_after_it_opens",
                violation_error_message=_("The round must close after it opens."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competition.title}: {self.name}"


class Criterion(Orderable):
    """A criterion of a rubric round: judges score 0 to ``maximum``, weighted."""

    round = ParentalKey(JudgingRound, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=80)
    guidance = models.TextField(_("guidance for judges"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    maximum = models.PositiveSmallIntegerField(
        _("highest score"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    class Meta(Orderable.Meta):
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return self.name


class RoundJudge(Orderable):
    """A judge on a round's panel; one of them chairs it."""

    round = ParentalKey(JudgingRound, on_delete=models.CASCADE, related_name="panel")
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("judge"),
        on_delete=models.CASCADE,
        related_name="judging_seats",
    )
    is_chair = models.BooleanField(_("chair"), default=False)
    community = models.ForeignKey(
        "communities.PartnerCommunity",
        verbose_name=_("from community"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The partner community the judge belongs to, if any."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("judge")
        verbose_name_plural = _("panel")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "judge"], name="judging_one_seat_per_round"
            )
        ]

    def __str__(self) -> str:
        return str(self.judge)


class JudgeAssignment(models.Model):
    """An entry given to a judge in a round."""

    round = models.ForeignKey(
        JudgingRound,
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    entry = models.ForeignKey(
        "submissions.Entry",
        verbose_name=_("entry"),
        on_delete=models.CASCADE,
        related_name="judge_assignments",
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("judge"),
        on_delete=models.CASCADE,
        related_name="judge_assignments",
    )
    created_at = models.DateTimeField(_("assigned"), default=timezone.now)

    class Meta:
        ordering = ["round", "pk"]
        verbose_name = _("judge assignment")
        verbose_name_plural = _("judge assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "entry", "judge"], name="judging_assign_once"
            )
        ]
        indexes = [models.Index(fields=["judge", "round"])]

    def __str__(self) -> str:
        return f"{self.judge}: {self.entry}"


class ScoreSheet(models.Model):
    """A judge's scores and comment for one assignment; final once submitted."""

    assignment = models.OneToOneField(
        JudgeAssignment,
        verbose_name=_("assignment"),
        on_delete=models.PROTECT,
        related_name="sheet",
    )
    comment = models.TextField(_("comment"), blank=True, max_length=4000)
    updated_at = models.DateTimeField(_("saved"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")

    def __str__(self) -> str:
        return str(self.assignment)


class CriterionScore(models.Model):
    """One score on a sheet, for one criterion."""

    sheet = models.ForeignKey(
        ScoreSheet, on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="scores"
    )
    value = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "criterion"], name="judging_one_score_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class Comparison(models.Model):
    """A judge's choice between two entries in a pairwise round."""

    round = models.ForeignKey(
        JudgingRound, on_delete=models.CASCADE, related_name="comparisons"
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    first = models.ForeignKey(
        "submissions.Entry", on_delete=models.CASCADE, related_name="+"
    )
    second = models.ForeignKey(
        "submissions.Entry", on_delete=models.CASCADE, related_name="+"
    )
    winner = models.ForeignKey(
        "submissions.Entry",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty when the judge could not separate them."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["round", "created_at", "pk"]
        verbose_name = _("comparison")
        verbose_name_plural = _("comparisons")

    def __str__(self) -> str:
        return f"{self.first} / {self.second}"


class Conflict(models.Model):
    """A judge who must not judge an entry: declared by them or found by OpenCall."""

    round = models.ForeignKey(
        JudgingRound, on_delete=models.CASCADE, related_name="conflicts"
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    entry = models.ForeignKey(
        "submissions.Entry", on_delete=models.CASCADE, related_name="+"
    )
    source = models.CharField(
        max_length=10, choices=ConflictSource.choices, default=ConflictSource.DECLARED
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "judge", "entry"], name="judging_conflict_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.judge}: {self.entry}"


class ShortlistedEntry(models.Model):
    """An entry the chair advanced from one round into ``round``."""

    round = models.ForeignKey(
        JudgingRound, on_delete=models.CASCADE, related_name="shortlist"
    )
    entry = models.ForeignKey(
        "submissions.Entry", on_delete=models.CASCADE, related_name="+"
    )
    advanced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("shortlisted entry")
        verbose_name_plural = _("shortlist")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "entry"], name="judging_shortlist_once"
            )
        ]

    def __str__(self) -> str:
        return str(self.entry)


class AwardQuerySet(models.QuerySet):
    def published(self) -> "AwardQuerySet":
        """Awards of competitions whose results an editor has published."""
        return self.filter(prize__page__results_publication__isnull=False)


class Award(models.Model):
    """A prize given to an entry: the winner or a runner-up."""

    prize = models.ForeignKey(
        "competitions.Prize",
        verbose_name=_("prize"),
        on_delete=models.CASCADE,
        related_name="awards",
    )
    entry = models.ForeignKey(
        "submissions.Entry",
        verbose_name=_("entry"),
        on_delete=models.PROTECT,
        related_name="awards",
    )
    place = models.PositiveSmallIntegerField(
        _("place"), choices=AwardPlace.choices, default=AwardPlace.WINNER
    )
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    chosen_at = models.DateTimeField(default=timezone.now)

    objects = AwardQuerySet.as_manager()

    class Meta:
        ordering = ["prize", "place", "pk"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [
            models.UniqueConstraint(
                fields=["prize", "place"], name="judging_one_entry_per_place"
            ),
            models.UniqueConstraint(
                fields=["prize", "entry"], name="judging_one_place_per_entry"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prize}: {self.entry}"


class ResultsPublication(models.Model):
    """The moment an editor published a competition's results."""

    competition = models.OneToOneField(
        "competitions.CompetitionPage",
        on_delete=models.CASCADE,
        related_name="results_publication",
    )
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("results publication")
        verbose_name_plural = _("results publications")

    def __str__(self) -> str:
        return str(self.competition)
