from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page, Site
from wagtail.search import index

from core.pagecache import PublicPageMixin, generation_cached, limit_page_cache_until
from core.restrictions import KeptRestrictionsMixin

INTRO_FEATURES = ["bold", "italic", "link"]
INFORMATION_FEATURES = ["bold", "italic", "link", "ol", "ul", "h2", "h3"]


class HomePage(KeptRestrictionsMixin, PublicPageMixin, Page):
    """The front page: open calls, public votes, upcoming calls, recent winners."""

    intro = RichTextField(_("introduction"), features=INTRO_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["competitions.CompetitionIndexPage", "home.InformationPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from competitions.selectors import (
            open_competitions,
            upcoming_competitions,
            voting_competitions,
        )
        from competitions.timeline import moments_of
        from judging.awards import recent_winners

        context = super().get_context(request, *args, **kwargs)
        context["open_competitions"] = open_competitions()
        context["voting_competitions"] = voting_competitions()
        context["upcoming_competitions"] = upcoming_competitions()
        context["recent_winners"] = recent_winners()
        listed = (
            context["open_competitions"]
            + context["voting_competitions"]
            + context["upcoming_competitions"]
        )
        limit_page_cache_until(request, moments_of(listed))
        return context

    def route(self, request, path_components):
        """Find a live child from the kept ones (Wagtail's own route takes two queries).

        The children (the competitions and the information pages) are kept per
        generation of public pages: publishing, unpublishing, moving or deleting
        a page starts a new one. Anything else is left to Wagtail.
        """
        if path_components:
            child = self._live_children().get(path_components[0])
            if child is not None:
                child._cached_parent_obj = self  # as Wagtail's route does
                return child.route(request, path_components[1:])
        return super().route(request, path_components)

    def _live_children(self) -> dict[str, Page]:
        def children() -> dict[str, Page]:
            return {page.slug: page for page in self.get_children().live().specific()}

        return generation_cached(f"home-children:{self.pk}", children)


class InformationPage(KeptRestrictionsMixin, PublicPageMixin, Page):
    """A plain page editors keep up to date: the privacy notice, terms of entry."""

    intro = models.CharField(
        _("introduction"),
        max_length=280,
        blank=True,
        help_text=_("One or two sentences shown above the text."),
    )
    body = RichTextField(_("text"), features=INFORMATION_FEATURES)
    last_reviewed = models.DateField(
        _("last reviewed"),
        null=True,
        blank=True,
        help_text=_("Shown on the page, so readers know how current it is."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("last_reviewed"),
    ]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("information page")


@register_setting(icon="cog")
class SiteSettings(BaseGenericSetting):
    """Site-wide text that editors can change without a deploy."""

    organiser_name = models.CharField(
        _("organiser"), max_length=120, default="The organisers"
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    footer_text = models.CharField(_("footer text"), max_length=255, blank=True)
    privacy_notice = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Linked from every page's footer, the sign-up and entry forms."),
    )
    terms_of_entry = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("terms of entry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Linked from every page's footer, the sign-up and entry forms."),
    )

    @classmethod
    def load(cls, request_or_site=None):
        """Return the settings; read for a request, kept per generation of pages.

        Every page shows them (the footer). Saving them starts a new generation
        (``core.signal_handlers``); the admin edits them by id, never from here.
        """
        if request_or_site is None or isinstance(request_or_site, Site):
            return super().load(request_or_site)
        name = cls.get_cache_attr_name()
        if not hasattr(request_or_site, name):
            settings = generation_cached("site-settings", cls._get_or_create)
            setattr(request_or_site, name, settings)
        return getattr(request_or_site, name)

    panels = [
        FieldPanel("organiser_name"),
        FieldPanel("contact_email"),
        FieldPanel("footer_text"),
        FieldPanel("privacy_notice"),
        FieldPanel("terms_of_entry"),
    ]

    class Meta:
        verbose_name = _("site settings")
