from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from core.fields import ChoiceListField
from core.pagecache import (
    PublicPageMixin,
    generation_cached,
    limit_page_cache_until,
    mark_public,
)
from core.restrictions import KeptRestrictionsMixin
from core.sections import render_sections
from core.timezones import (
    TimeZoneSelect,
    default_time_zone,
    get_zone,
    validate_time_zone,
)

from .blocks import RICH_TEXT_FEATURES, BodyBlock
from .enums import EntryKind, Licence, ModerationMode, Phase, PrizeKind
from .forms import CompetitionPageForm
from .querysets import CompetitionPageQuerySet
from .routes import registered_routes
from .timeline import TIMELINE_FIELDS, Timeline, moments_of

# Extension point: higher apps add sections to a competition's page (who
# moderated it, its gallery, its results …) as core.sections.PageSection,
# called with (request, competition). They show in the page's side column.
COMPETITION_PAGE_HOOK = "competition_page_sections"


class CompetitionIndexPage(KeptRestrictionsMixin, PublicPageMixin, Page):
    """The list of every competition, grouped by phase, at /competitions/."""

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields
    parent_page_types = ["home.HomePage"]
    subpage_types = ["competitions.CompetitionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("competition index")

    def get_context(self, request, *args, **kwargs):
        from .selectors import competitions_by_phase

        context = super().get_context(request, *args, **kwargs)
        context["groups"] = competitions_by_phase(index=self)
        listed = [c for group in context["groups"] for c in group["competitions"]]
        limit_page_cache_until(request, moments_of(listed))
        return context

    def route(self, request, path_components):
        """Find a competition below in one query (Wagtail's own takes two), or none.

        Every child here is a competition (``subpage_types``), so it is read as
        one directly, and kept per generation of public pages (publishing,
        moving or deleting a page starts a new one); a slug that finds nothing is
        not kept. Anything else, or nothing, is left to Wagtail.
        """
        if path_components:
            slug = path_components[0]
            child = generation_cached(
                f"competition-child:{self.pk}:{slug}",
                lambda: (
                    CompetitionPage.objects.child_of(self).filter(slug=slug).first()
                ),
                keep=lambda found: found is not None,
            )
            if child is not None:
                child._cached_parent_obj = self  # as Wagtail's route does
                return child.route(request, path_components[1:])
        return super().route(request, path_components)


CompetitionPageManager = PageManager.from_queryset(CompetitionPageQuerySet)


class CompetitionPage(KeptRestrictionsMixin, RoutablePageMixin, Page):
    """An open call: the brief, the rules, the prizes and the timeline."""

    summary = models.CharField(
        _("summary"),
        max_length=280,
        help_text=_("One or two sentences for cards, feeds and link previews."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("the call"), blank=True)
    entry_kinds = ChoiceListField(
        _("entry kinds accepted"),
        item_choices=EntryKind.choices,
        help_text=_("What members may enter: choose one or more."),
    )
    rules = RichTextField(_("rules"), features=RICH_TEXT_FEATURES, blank=True)
    eligibility = RichTextField(
        _("eligibility"), features=RICH_TEXT_FEATURES, blank=True
    )
    licence_options = ChoiceListField(
        _("licences offered to entrants"),
        item_choices=Licence.choices,
        help_text=_("Entrants choose one of these for their work."),
    )
    entry_limit_per_member = models.PositiveSmallIntegerField(
        _("entries per member"),
        default=1,
        validators=[MinValueValidator(1)],
    )
    story_word_limit = models.PositiveIntegerField(
        _("story word limit"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit."),
    )
    entries_editable_after_submit = models.BooleanField(
        _("entrants may change a submitted entry until entries close"),
        default=True,
    )
    moderation_mode = models.CharField(
        _("moderation"),
        max_length=10,
        choices=ModerationMode.choices,
        default=ModerationMode.BEFORE_PUBLICATION,
    )
    hide_after_reports = models.PositiveSmallIntegerField(
        _("hide an entry after this many reports"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_(
            "A published entry reported by this many different members is hidden "
            "until a moderator decides on it."
        ),
    )
    keep_winning_entries_of_deleted_members = models.BooleanField(
        _("keep winning entries when their author closes their account"),
        default=True,
        help_text=_(
            "The rules let published winning entries stay on the site, shown by "
            "a former member, after their author deletes their account. Untick "
            "to remove them with the rest of the account."
        ),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text=_("The timeline below is read and shown in this time zone."),
    )
    entries_open_at = models.DateTimeField(_("entries open"))
    entries_close_at = models.DateTimeField(_("entries close"))
    voting_opens_at = models.DateTimeField(_("voting opens"), null=True, blank=True)
    voting_closes_at = models.DateTimeField(_("voting closes"), null=True, blank=True)
    judging_closes_at = models.DateTimeField(_("judging closes"), null=True, blank=True)
    results_published_at = models.DateTimeField(
        _("results published"), null=True, blank=True
    )

    objects = CompetitionPageManager()

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        InlinePanel("partnerships", label=_("Partner communities")),
    ]
    entry_panels = [
        FieldPanel("entry_kinds"),
        InlinePanel("categories", label=_("Categories")),
        FieldPanel("licence_options"),
        FieldRowPanel(
            [FieldPanel("entry_limit_per_member"), FieldPanel("story_word_limit")]
        ),
        FieldPanel("entries_editable_after_submit"),
        FieldRowPanel(
            [FieldPanel("moderation_mode"), FieldPanel("hide_after_reports")]
        ),
        FieldPanel("rules"),
        FieldPanel("eligibility"),
        FieldPanel("keep_winning_entries_of_deleted_members"),
        InlinePanel("prizes", label=_("Prizes")),
    ]
    timeline_panels = [
        FieldPanel("time_zone", widget=TimeZoneSelect),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("entries_open_at"), FieldPanel("entries_close_at")]
                ),
                FieldRowPanel(
                    [FieldPanel("voting_opens_at"), FieldPanel("voting_closes_at")]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("judging_closes_at"),
                        FieldPanel("results_published_at"),
                    ]
                ),
            ],
            heading=_("Timeline"),
            help_text=_(
                "Times are wall-clock times in the competition's time zone. "
                "Voting and judging are optional."
            ),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("The call")),
            ObjectList(entry_panels, heading=_("Entries and prizes")),
            ObjectList(timeline_panels, heading=_("Timeline")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("entries_open_at"),
        index.FilterField("entries_close_at"),
    ]
    base_form_class = CompetitionPageForm
    parent_page_types = ["competitions.CompetitionIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("competition")

    def clean(self) -> None:
        super().clean()
        errors = Timeline.of(self).errors()
        if errors:
            raise ValidationError(errors)

    @cached_property
    def zone(self) -> ZoneInfo:
        return get_zone(self.time_zone)

    @property
    def timeline(self) -> Timeline:
        return Timeline.of(self)

    def phase_at(self, moment: datetime) -> Phase:
        return self.timeline.phase_at(moment)

    @cached_property
    def listed_prizes(self) -> list:
        """Return the prizes in the editor's order, read once per page."""
        return list(self.prizes.all())

    @property
    def phase(self) -> Phase:
        """Return the phase now; compute it once per object."""
        if not hasattr(self, "_phase"):
            self._phase = self.phase_at(timezone.now())
        return self._phase

    def local(self, moment: datetime | None) -> datetime | None:
        """Return ``moment`` in the competition's time zone."""
        return moment.astimezone(self.zone) if moment else None

    def accepts(self, kind: str) -> bool:
        return kind in self.entry_kinds

    @property
    def entry_kind_labels(self) -> list[str]:
        return [str(EntryKind(kind).label) for kind in self.entry_kinds]

    @property
    def entry_kind_choices(self) -> list[tuple[str, str]]:
        return [(str(EntryKind(kind).label), kind) for kind in self.entry_kinds]

    @property
    def licence_labels(self) -> list[str]:
        return [str(Licence(code).label) for code in self.licence_options]

    def timeline_rows(self) -> list[tuple[str, datetime]]:
        """Return (label, local time) for each date set, in timeline order."""
        from .timeline import LABELS

        return [
            (str(LABELS[name]), self.local(getattr(self, name)))
            for name in TIMELINE_FIELDS
            if getattr(self, name)
        ]

    def publish(self, revision, *args, log_action=True, **kwargs):
        """Publish ``revision`` unless it drops a category with entries.

        The policy and its refusals are in ``competitions.publishing``.
        """
        from .publishing import may_publish

        if not may_publish(page=self, revision=revision, log_action=log_action):
            return None
        return super().publish(revision, *args, log_action=log_action, **kwargs)

    @classmethod
    def get_subpage_urls(cls):
        """Add the routes other apps register below a competition (see routes.py)."""
        return super().get_subpage_urls() + tuple(
            route.url_pattern() for route in registered_routes()
        )

    def serve(self, request, view=None, args=None, kwargs=None):
        """Serve the page or one of its routes; the page itself is cached whole.

        Routes opt in by themselves (``core.pagecache.public_page``). The page
        shows its phase and days left, so it is kept no longer than the next date.
        """
        response = super().serve(request, view, args, kwargs)
        if view is None or getattr(view, "__name__", "") == "index_route":
            limit_page_cache_until(request, Timeline.of(self).moments())
            mark_public(response)
        return response

    def get_context(self, request, *args, **kwargs):
        from .selectors import competition_partners

        context = super().get_context(request, *args, **kwargs)
        context["partners"] = competition_partners(competition=self)
        context["sections"] = render_sections(COMPETITION_PAGE_HOOK, request, self)
        return context


class CompetitionCategory(Orderable):
    """A category entries are filed under, such as "Under 18" or "Photo essay"."""

    page = ParentalKey(
        CompetitionPage, on_delete=models.CASCADE, related_name="categories"
    )
    name = models.CharField(_("name"), max_length=80)
    description = models.CharField(_("description"), max_length=255, blank=True)

    panels = [FieldPanel("name"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            # "Poetry" and "poetry" are one category: names compare without case.
            models.UniqueConstraint(
                "page",
                Lower("name"),
                name="competitions_category_unique_name_ci",
                violation_error_message=_(
                    "This competition already has a category with this name."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Prize(Orderable):
    """A prize: awarded by the judges or by the public vote."""

    page = ParentalKey(CompetitionPage, on_delete=models.CASCADE, related_name="prizes")
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    value = models.CharField(
        _("value"), max_length=80, blank=True, help_text=_("For example “£250”.")
    )
    kind = models.CharField(
        _("awarded by"),
        max_length=20,
        choices=PrizeKind.choices,
        default=PrizeKind.JUDGES,
    )
    category_name = models.CharField(
        _("category"),
        max_length=80,
        blank=True,
        help_text=_("Optional: the name of one of this competition's categories."),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("value"), FieldPanel("kind")]),
        FieldPanel("category_name"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("prize")

    def __str__(self) -> str:
        return self.title


class CompetitionPartnership(Orderable):
    """A partner community taking part in a competition."""

    page = ParentalKey(
        CompetitionPage, on_delete=models.CASCADE, related_name="partnerships"
    )
    partner = models.ForeignKey(
        "communities.PartnerCommunity",
        verbose_name=_("partner community"),
        on_delete=models.PROTECT,
        related_name="partnerships",
    )

    panels = [FieldPanel("partner")]

    class Meta(Orderable.Meta):
        verbose_name = _("partnership")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "partner"], name="competitions_partnership_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.partner)
