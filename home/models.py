from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

INTRO_FEATURES = ["bold", "italic", "link"]


class HomePage(Page):
    """The front page: open calls, upcoming calls and recent winners."""

    intro = RichTextField(_("introduction"), features=INTRO_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["competitions.CompetitionIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from competitions.selectors import open_competitions, upcoming_competitions

        context = super().get_context(request, *args, **kwargs)
        context["open_competitions"] = open_competitions()
        context["upcoming_competitions"] = upcoming_competitions()
        return context


@register_setting(icon="cog")
class SiteSettings(BaseGenericSetting):
    """Site-wide text that editors can change without a deploy."""

    organiser_name = models.CharField(
        _("organiser"), max_length=120, default="The organisers"
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    footer_text = models.CharField(_("footer text"), max_length=255, blank=True)

    panels = [
        FieldPanel("organiser_name"),
        FieldPanel("contact_email"),
        FieldPanel("footer_text"),
    ]

    class Meta:
        verbose_name = _("site settings")
