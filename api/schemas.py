"""The shapes of the open data: what each answer holds, and what a query may ask.

Only public fields appear here: handles, never emails or names; an entry's
showcase image renditions, never its private upload; awards of published
results only; a vote count only where the competition shows counts (else null).
"""

from datetime import datetime

from ninja import Field, Schema

from competitions.enums import EntryKind, Phase, PrizeKind

# A competition's address part, as Wagtail makes it (letters, digits, "-", "_").
SLUG_PATTERN = r"^[-\w]+$"
SLUG_MAX_LENGTH = 255
# The largest id the database can hold: a larger one is refused, not queried.
MAX_ID = 2**63 - 1
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_OFFSET = 100_000


# Queries ------------------------------------------------------------------------


class PageQuery(Schema):
    limit: int = Field(
        PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=f"How many items to return, at most {MAX_PAGE_SIZE}.",
    )
    offset: int = Field(
        0, ge=0, le=MAX_OFFSET, description="How many items to skip first."
    )


class CompetitionQuery(Schema):
    phase: Phase | None = Field(None, description="Only competitions in this phase.")


class CompetitionEntryQuery(Schema):
    kind: EntryKind | None = Field(None, description="Only entries of this kind.")
    category: int | None = Field(
        None, ge=1, le=MAX_ID, description="Only entries in the category with this id."
    )


class EntryQuery(CompetitionEntryQuery):
    competition: str | None = Field(
        None,
        min_length=1,
        max_length=SLUG_MAX_LENGTH,
        pattern=SLUG_PATTERN,
        description="Only entries of the competition with this slug.",
    )


# Errors -------------------------------------------------------------------------


class FieldErrorOut(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, in a sentence.")
    errors: list[FieldErrorOut] = Field(
        default_factory=list, description="Each refused parameter and why."
    )


# Shared pieces ------------------------------------------------------------------


class RenditionOut(Schema):
    url: str
    width: int
    height: int


class LicenceOut(Schema):
    code: str
    label: str


class PartnerOut(Schema):
    slug: str
    name: str
    website: str
    url: str = Field(description="The partner's page on this site.")


class CategoryOut(Schema):
    id: int
    name: str
    description: str


class EntryCategoryOut(Schema):
    id: int
    name: str


class AwardOut(Schema):
    prize: str
    place: int
    place_label: str
    by_public: bool = Field(description="True for a people's choice prize.")


# Entries ------------------------------------------------------------------------


class ImageOut(Schema):
    alt_text: str
    caption: str
    renditions: dict[str, RenditionOut] = Field(
        description="Ready-made sizes by name; a size still being made is absent."
    )


class FilmOut(Schema):
    link: str | None = Field(description="The film on YouTube or Vimeo.")
    file_url: str | None = Field(description="The uploaded film file.")
    poster_url: str | None


class IdeaOut(Schema):
    problem: str
    proposal: str
    beneficiaries: str
    requirements: str


class EntryOut(Schema):
    id: str = Field(description="The entry's public id, as in its address.")
    url: str
    api_url: str
    competition: str = Field(description="The competition's slug.")
    kind: EntryKind
    title: str
    handle: str | None = Field(
        description=(
            "The author's public handle; null while the competition's entries "
            "are judged blind."
        )
    )
    category: EntryCategoryOut | None
    licence: LicenceOut | None
    partner: PartnerOut | None = Field(
        description=(
            "The partner community that referred the entry; null while the "
            "competition's entries are judged blind."
        )
    )
    approved_at: datetime | None
    story: str | None = Field(description="The story as sanitised HTML.")
    word_count: int | None
    image: ImageOut | None
    film: FilmOut | None
    idea: IdeaOut | None
    awards: list[AwardOut] = Field(
        description="Prizes won, once the competition's results are published."
    )
    votes: int | None = Field(
        description="Valid votes, where the competition shows counts; else null."
    )


class EntryListOut(Schema):
    count: int
    limit: int
    offset: int
    next: str | None
    previous: str | None
    items: list[EntryOut]


# Competitions -------------------------------------------------------------------


class TimelineOut(Schema):
    time_zone: str
    entries_open_at: datetime | None
    entries_close_at: datetime | None
    voting_opens_at: datetime | None
    voting_closes_at: datetime | None
    judging_closes_at: datetime | None
    results_published_at: datetime | None


class PrizeOut(Schema):
    title: str
    description: str
    value: str
    kind: PrizeKind
    category: str


class CompetitionLinksOut(Schema):
    entries: str
    results: str | None = Field(description="Present once results are published.")
    feed: str


class CompetitionOut(Schema):
    slug: str
    title: str
    summary: str
    url: str
    api_url: str
    phase: Phase
    phase_label: str
    timeline: TimelineOut
    entry_kinds: list[EntryKind]
    licences: list[LicenceOut]
    categories: list[CategoryOut]
    prizes: list[PrizeOut]
    partners: list[PartnerOut]
    hero_image: dict[str, RenditionOut]
    results_published_at: datetime | None
    links: CompetitionLinksOut


class CompetitionListOut(Schema):
    count: int
    limit: int
    offset: int
    next: str | None
    previous: str | None
    items: list[CompetitionOut]


# Results ------------------------------------------------------------------------


class AwardedEntryOut(Schema):
    id: str
    url: str
    api_url: str
    title: str
    kind: EntryKind
    handle: str | None
    image: dict[str, RenditionOut]


class PlaceOut(Schema):
    place: int
    place_label: str
    entry: AwardedEntryOut


class PrizeResultOut(PrizeOut):
    awards: list[PlaceOut]


class ResultsOut(Schema):
    competition: str
    title: str
    url: str
    published_at: datetime
    prizes: list[PrizeResultOut]


class IndexOut(Schema):
    competitions: str
    entries: str
    docs: str
    openapi: str
    feeds: dict[str, str]
