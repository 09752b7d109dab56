import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from competitions.enums import EntryKind, Licence, ModerationMode
from competitions.models import CompetitionPage

from .anonymity import author_hidden_expression, author_hidden_rule
from .enums import AgeBand, EntryAction, EntryStatus
from .storage import private_storage
from .validators import validate_film_url

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from members.models import User

PUBLIC_ID_BYTES = 12


def new_public_id() -> str:
    """Return a random, URL-safe, unguessable id for an entry (16 characters)."""
    return secrets.token_urlsafe(PUBLIC_ID_BYTES)


# Who may see an entry's text, and who its uploaded files, in a public competition.
# Files wait for approval even where the text shows before moderation. These two
# rules are the only definition of "public": every public list filters by them and
# every per-object check in permissions.py asks the same queryset. An entry that
# enough members reported (``hidden_at``) is public again only once a moderator
# approves it.
PUBLIC_TEXT_RULE = Q(status=EntryStatus.APPROVED) | Q(
    status=EntryStatus.SUBMITTED,
    competition__moderation_mode=ModerationMode.AFTER_PUBLICATION,
)
PUBLIC_MEDIA_RULE = Q(status=EntryStatus.APPROVED)


class EntryQuerySet(models.QuerySet):
    def by_author(self, user: "User | AnonymousUser") -> "EntryQuerySet":
        return self.filter(author=user) if user.is_authenticated else self.none()

    def public(self) -> "EntryQuerySet":
        """Entries anyone may see, in live competitions without view restrictions."""
        return self.filter(public_rule())

    def with_public_media(self) -> "EntryQuerySet":
        """Entries whose uploaded files anyone may see: approved, public competition."""
        return self.filter(public_rule(media=True))

    def with_public_flag(self) -> "EntryQuerySet":
        """Annotate ``public_now``: whether ``public()`` has the entry, in this query.

        For a page whose sections each ask ``Entry.is_public_now()``: one answer,
        loaded with the entry, instead of a query per section.
        """
        return self.annotate(
            public_now=Case(
                When(public_rule(), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )

    def with_author_hidden(self) -> "EntryQuerySet":
        """Annotate ``author_hidden``: whether public pages may not name the author."""
        return self.annotate(author_hidden=author_hidden_expression())

    def author_shown(self) -> "EntryQuerySet":
        """Leave out the entries whose author public pages may not name now."""
        rule = author_hidden_rule()
        return self.exclude(rule) if rule is not None else self


def public_rule(*, media: bool = False) -> Q:
    """Return the filter for public entries (or entries with public files)."""
    competitions = CompetitionPage.objects.live().public().values("pk")
    status_rule = PUBLIC_MEDIA_RULE if media else PUBLIC_TEXT_RULE
    return status_rule & Q(competition__in=competitions, hidden_at__isnull=True)


class Entry(index.Indexed, models.Model):
    """A member's entry to a competition: a story, an image, a film or an idea.

    ``public_id`` is the only identifier that appears in URLs. Media files live in
    private storage until a moderator approves the entry.
    """

    public_id = models.CharField(
        max_length=32, unique=True, default=new_public_id, editable=False
    )
    competition = models.ForeignKey(
        "competitions.CompetitionPage",
        verbose_name=_("competition"),
        on_delete=models.PROTECT,
        related_name="entries",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="entries",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=EntryStatus.choices,
        default=EntryStatus.DRAFT,
        db_index=True,
    )
    title = models.CharField(_("title"), max_length=120, blank=True)
    category = models.ForeignKey(
        "competitions.CompetitionCategory",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    licence = models.CharField(
        _("licence"), max_length=20, choices=Licence.choices, blank=True
    )
    rules_accepted = models.BooleanField(_("I accept the rules"), default=False)
    age_band = models.CharField(
        _("age"), max_length=10, choices=AgeBand.choices, blank=True
    )
    guardian_confirmed = models.BooleanField(
        _("a parent or guardian agrees"), default=False
    )
    referral_partner = models.ForeignKey(
        "communities.PartnerCommunity",
        verbose_name=_("referred by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referred_entries",
    )

    # A story: sanitised HTML and its word count.
    story = models.TextField(_("story"), blank=True)
    word_count = models.PositiveIntegerField(_("words"), default=0)

    # An image: the checked, re-encoded file in private storage.
    image = models.FileField(
        _("image"), storage=private_storage, max_length=200, blank=True
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_caption = models.CharField(_("caption"), max_length=255, blank=True)
    image_alt_text = models.CharField(
        _("description for people who cannot see the image"),
        max_length=255,
        blank=True,
    )
    public_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # A film: a YouTube or Vimeo link, and optionally a short file.
    film_url = models.URLField(
        _("film link"), blank=True, validators=[validate_film_url]
    )
    film_file = models.FileField(
        _("film file"), storage=private_storage, max_length=200, blank=True
    )
    film_mime_type = models.CharField(max_length=20, blank=True, editable=False)
    film_poster = models.FileField(
        _("film poster"),
        storage=private_storage,
        max_length=200,
        blank=True,
        editable=False,
    )

    # An idea.
    idea_problem = models.TextField(_("the problem"), blank=True)
    idea_proposal = models.TextField(_("your idea"), blank=True)
    idea_beneficiaries = models.TextField(_("who benefits"), blank=True)
    idea_requirements = models.TextField(_("what it would take"), blank=True)

    feedback = models.TextField(_("moderator feedback"), blank=True)
    feedback_reason = models.CharField(
        _("reason given"),
        max_length=200,
        blank=True,
        help_text=_("The reason for the last decision, in the entrant's words."),
    )
    hidden_at = models.DateTimeField(
        _("hidden"),
        null=True,
        blank=True,
        help_text=_("Set when reports hide the entry until a moderator decides."),
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = EntryQuerySet.as_manager()

    # Wagtail's search index (the showcase searches it): the text anyone may read
    # once the entry is public, and the columns of the public rule, which the
    # search backend needs as filter fields to search the public queryset.
    search_fields = [
        index.SearchField("title"),
        index.SearchField("story"),
        index.SearchField("image_caption"),
        index.SearchField("idea_problem"),
        index.SearchField("idea_proposal"),
        index.FilterField("status"),
        index.FilterField("competition"),
        index.FilterField("hidden_at"),
    ]

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["-updated_at"]
        permissions = [("moderate_entry", "Can approve, reject or return entries")]
        indexes = [
            models.Index(fields=["competition", "status"]),
            # The galleries' "newest first" pages read public entries in this
            # order and stop after one page, at any number of entries.
            models.Index(
                fields=["competition", "-decided_at", "-id"],
                condition=PUBLIC_MEDIA_RULE & Q(hidden_at__isnull=True),
                name="submissions_gallery_newest",
            ),
            models.Index(
                fields=["-decided_at", "-id"],
                condition=PUBLIC_MEDIA_RULE & Q(hidden_at__isnull=True),
                name="submissions_showcase_newest",
            ),
        ]

    def __str__(self) -> str:
        return self.title or str(_("Untitled entry"))

    def get_absolute_url(self) -> str:
        return reverse("submissions:entry_detail", kwargs={"public_id": self.public_id})

    def is_public_now(self, *, fresh: bool = False) -> bool:
        """Whether anyone may see the entry (``Entry.objects.public()`` has it).

        Read from ``public_now`` when the entry was loaded ``with_public_flag()``,
        else asked of the database. What must hold as something is written (a
        vote, a report) passes ``fresh`` and always asks the database.
        """
        loaded = self.__dict__.get("public_now")
        if loaded is not None and not fresh:
            return loaded
        return Entry.objects.public().filter(pk=self.pk).exists()

    def get_edit_url(self) -> str:
        return reverse("submissions:entry_edit", kwargs={"public_id": self.public_id})

    def media_url(self, field: str) -> str:
        return reverse(
            "submissions:entry_media",
            kwargs={"public_id": self.public_id, "field": field},
        )

    @property
    def image_url(self) -> str:
        return self.media_url("image")

    @property
    def film_file_url(self) -> str:
        return self.media_url("film")


class EntryEvent(models.Model):
    """One step in an entry's history: who did what, from which state to which."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(max_length=20, choices=EntryAction.choices)
    from_status = models.CharField(max_length=20, choices=EntryStatus.choices)
    to_status = models.CharField(max_length=20, choices=EntryStatus.choices)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d %H:%M})"
