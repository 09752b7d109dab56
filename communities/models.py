from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from .validators import parse_origins, validate_origin_list

EDITOR_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class PartnerCommunity(index.Indexed, models.Model):
    """An online community that partners on competitions and lends moderators."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        help_text=_("Used in the public address: /partners/<slug>/."),
    )
    website = models.URLField(_("website"), help_text=_("The community's home page."))
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = RichTextField(_("description"), features=EDITOR_FEATURES, blank=True)
    partnership_offer = RichTextField(
        _("what the partnership offers"),
        features=EDITOR_FEATURES,
        blank=True,
        help_text=_("Reciprocal links, badges, prizes, credit for moderators …"),
    )
    embed_origins = models.TextField(
        _("origins allowed to embed the widget"),
        blank=True,
        validators=[validate_origin_list],
        help_text=_("One per line, for example https://forum.example.org."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("slug"), FieldPanel("website")],
            heading=_("Community"),
        ),
        FieldPanel("logo"),
        FieldPanel("description"),
        FieldPanel("partnership_offer"),
        FieldPanel("embed_origins"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("slug"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner community")
        verbose_name_plural = _("partner communities")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("communities:partner_detail", kwargs={"slug": self.slug})

    @property
    def allowed_embed_origins(self) -> list[str]:
        """Return the origins that may frame this partner's widgets."""
        return parse_origins(self.embed_origins)


class CommunityModeratorQuerySet(models.QuerySet):
    def active(self) -> "CommunityModeratorQuerySet":
        """Keep the rows of people who moderate for the community now."""
        return self.filter(active=True, user__is_active=True)


class CommunityModerator(models.Model):
    """A person on a partner community's roster of moderators.

    Only people on a community's roster can be assigned to moderate a
    competition on its behalf. Taking someone off the roster (``active`` off)
    ends what their assignments for that community allow, at once.
    """

    community = models.ForeignKey(
        PartnerCommunity,
        verbose_name=_("partner community"),
        on_delete=models.CASCADE,
        related_name="roster",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        on_delete=models.CASCADE,
        related_name="community_rosters",
    )
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_(
            "Untick to take this person off the roster; their past work stays "
            "on record."
        ),
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = CommunityModeratorQuerySet.as_manager()

    class Meta:
        ordering = ["community__name", "pk"]
        verbose_name = _("community moderator")
        verbose_name_plural = _("community moderators")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "user"],
                name="communities_moderator_once_per_roster",
                violation_error_message=_(
                    "This person is already on that community's roster."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.community})"
