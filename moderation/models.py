from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import CommunityModerator
from submissions.enums import EntryStatus

from .enums import DecisionKind, FindingKind, RejectionReason, ReportReason


class ModeratorAssignmentQuerySet(models.QuerySet):
    def active_at(self, moment: datetime) -> "ModeratorAssignmentQuerySet":
        """Keep assignments in force at ``moment`` whose moderator is on the roster.

        An assignment counts from ``active_from`` up to (not including)
        ``active_until``, only while the account is active and the person is
        still on that community's active roster.
        """
        on_roster = CommunityModerator.objects.active().filter(
            user=OuterRef("moderator"), community=OuterRef("community")
        )
        return self.filter(
            Q(active_until__isnull=True) | Q(active_until__gt=moment),
            Exists(on_roster),
            active_from__lte=moment,
            moderator__is_active=True,
        )


class ModeratorAssignment(models.Model):
    """A roster member lent by a partner community to moderate one competition."""

    competition = models.ForeignKey(
        "competitions.CompetitionPage",
        verbose_name=_("competition"),
        on_delete=models.CASCADE,
        related_name="moderator_assignments",
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        on_delete=models.CASCADE,
        related_name="moderator_assignments",
    )
    community = models.ForeignKey(
        "communities.PartnerCommunity",
        verbose_name=_("on behalf of"),
        on_delete=models.PROTECT,
        related_name="moderator_assignments",
    )
    active_from = models.DateTimeField(_("active from"), default=timezone.now)
    active_until = models.DateTimeField(
        _("active until"),
        null=True,
        blank=True,
        help_text=_("Leave empty to keep the assignment until it is ended."),
    )
    # When the moderator was last sent the digest of entries waiting too long
    # (moderation.digest); set on all their assignments at once.
    last_digest_at = models.DateTimeField(
        _("last digest sent"), null=True, blank=True, editable=False
    )

    objects = ModeratorAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["competition__title", "active_from", "pk"]
        verbose_name = _("moderator assignment")
        verbose_name_plural = _("moderator assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(active_until__isnull=True)
                | Q(active_until__gt=models.F("active_from")),
                name="moderation_assignment_ends_after_it_starts",
                violation_error_message=_("The assignment must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.moderator} ({self.community}): {self.competition}"

    def clean(self) -> None:
        super().clean()
        if self.moderator_id and self.community_id and not self._on_roster():
            raise ValidationError(
                {
                    "moderator": _(
                        "This person is not on %(community)s's roster of "
                        "moderators. Add them to the roster first."
                    )
                    % {"community": self.community}
                }
            )

    def _on_roster(self) -> bool:
        return (
            CommunityModerator.objects.active()
            .filter(user_id=self.moderator_id, community_id=self.community_id)
            .exists()
        )


class ModerationDecision(models.Model):
    """One moderator's decision on an entry, kept for good.

    Decisions are never changed or deleted: a later decision is a new row. The
    entrant sees ``message``; ``internal_note`` is for staff only.
    """

    entry = models.ForeignKey(
        "submissions.Entry",
        verbose_name=_("entry"),
        on_delete=models.PROTECT,
        related_name="moderation_decisions",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    community = models.ForeignKey(
        "communities.PartnerCommunity",
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="moderation_decisions",
        help_text=_("Empty when an editor decided."),
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=EntryStatus.choices
    )
    to_status = models.CharField(_("to"), max_length=20, choices=EntryStatus.choices)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=DecisionKind.choices,
        default=DecisionKind.DECISION,
    )
    reason = models.CharField(
        _("reason"), max_length=30, choices=RejectionReason.choices, blank=True
    )
    message = models.TextField(_("message to the entrant"), blank=True)
    internal_note = models.TextField(_("internal note"), blank=True)
    created_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")
        indexes = [models.Index(fields=["entry", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_to_status_display()}: {self.entry}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValueError("A moderation decision is never changed once recorded.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("A moderation decision is never deleted.")


class EntryClaim(models.Model):
    """A moderator reviewing an entry now; others see it and leave it be.

    One claim per entry at most. It lapses at ``expires_at`` (opening the entry
    and working on it renews it) and goes when the entry is decided.
    """

    entry = models.OneToOneField(
        "submissions.Entry",
        verbose_name=_("entry"),
        on_delete=models.CASCADE,
        related_name="claim",
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("claimed by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    claimed_at = models.DateTimeField(_("claimed"), default=timezone.now)
    expires_at = models.DateTimeField(_("until"))

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")

    def __str__(self) -> str:
        return f"{self.moderator}: {self.entry}"


class EntryReport(models.Model):
    """A member's report of a published entry. Its author never sees who reported."""

    entry = models.ForeignKey(
        "submissions.Entry",
        verbose_name=_("entry"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=30, choices=ReportReason.choices)
    note = models.TextField(_("what is wrong"), blank=True, max_length=1000)
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    resolved_by = models.ForeignKey(
        ModerationDecision,
        verbose_name=_("settled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="settled_reports",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "reporter"], name="moderation_report_once"
            )
        ]
        indexes = [models.Index(fields=["entry", "resolved_by"])]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.entry}"


class Appeal(models.Model):
    """An entrant's one request to look again at a rejection.

    It goes to a moderator from a community other than ``rejected_by``'s (or to
    staff when there is none); its ``outcome`` decision is final.
    """

    entry = models.OneToOneField(
        "submissions.Entry",
        verbose_name=_("entry"),
        on_delete=models.CASCADE,
        related_name="appeal",
    )
    rejection = models.ForeignKey(
        ModerationDecision,
        verbose_name=_("rejection appealed"),
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    statement = models.TextField(_("why it should be looked at again"), max_length=2000)
    created_at = models.DateTimeField(_("appealed"), default=timezone.now)
    outcome = models.OneToOneField(
        ModerationDecision,
        verbose_name=_("outcome"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeal_decided",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")

    def __str__(self) -> str:
        return f"{_('Appeal')}: {self.entry}"


class Escalation(models.Model):
    """An entry a moderator passed to staff with a note, open until staff decide."""

    entry = models.ForeignKey(
        "submissions.Entry",
        verbose_name=_("entry"),
        on_delete=models.CASCADE,
        related_name="escalations",
    )
    decision = models.OneToOneField(
        ModerationDecision,
        verbose_name=_("passed on in"),
        on_delete=models.PROTECT,
        related_name="escalation",
    )
    resolved_by = models.ForeignKey(
        ModerationDecision,
        verbose_name=_("settled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="settled_escalations",
    )

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")

    def __str__(self) -> str:
        return f"{_('Passed to staff')}: {self.entry}"


class SafeguardingFlag(models.Model):
    """Personal information the check found in a young entrant's entry.

    A flag helps a moderator ask for it to be removed; it never decides. The
    flags are worked out again each time the entry is submitted.
    """

    entry = models.ForeignKey(
        "submissions.Entry",
        verbose_name=_("entry"),
        on_delete=models.CASCADE,
        related_name="safeguarding_flags",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FindingKind.choices)
    field = models.CharField(_("found in"), max_length=40)
    found = models.CharField(_("what was found"), max_length=200)
    created_at = models.DateTimeField(_("found"), default=timezone.now)

    class Meta:
        ordering = ["entry", "pk"]
        verbose_name = _("safeguarding flag")
        verbose_name_plural = _("safeguarding flags")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.found}"
