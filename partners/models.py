from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# A thread is linked from public pages with a followed link: https only.
validate_https_url = URLValidator(
    schemes=["https"],
    message=_("Enter the thread's full address, starting with https://."),
)


class DiscussionThreadQuerySet(models.QuerySet):
    def shown(self) -> "DiscussionThreadQuerySet":
        """Keep the threads the competition page lists."""
        return self.filter(visible=True)


class DiscussionThread(models.Model):
    """A thread on a partner's forum about a competition, linked from its page.

    Editors add threads for any partner; a partner's moderators add them for
    their own partner, on the competitions it takes part in.
    """

    competition = models.ForeignKey(
        "competitions.CompetitionPage",
        verbose_name=_("competition"),
        on_delete=models.CASCADE,
        related_name="discussion_threads",
    )
    partner = models.ForeignKey(
        "communities.PartnerCommunity",
        verbose_name=_("partner community"),
        on_delete=models.CASCADE,
        related_name="discussion_threads",
    )
    url = models.URLField(
        _("address of the thread"),
        max_length=500,
        validators=[validate_https_url],
        help_text=_("The thread on the partner's forum, starting with https://."),
    )
    title = models.CharField(
        _("title"),
        max_length=120,
        help_text=_("Shown as the link, for example “Tell us about your first year”."),
    )
    visible = models.BooleanField(
        _("shown on the competition page"),
        default=True,
        help_text=_("Untick to take the link off the page without deleting it."),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = DiscussionThreadQuerySet.as_manager()

    class Meta:
        ordering = ["competition", "partner__name", "added_at", "pk"]
        verbose_name = _("discussion thread")
        verbose_name_plural = _("discussion threads")
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "url"],
                name="partners_thread_once_per_competition",
                violation_error_message=_(
                    "This thread is already listed on that competition."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.title
