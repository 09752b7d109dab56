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
