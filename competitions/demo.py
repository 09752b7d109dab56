"""The demo world's competitions: the index and one competition in each phase.

Each run dates every competition relative to the moment it runs, so each stays
in its phase; it reports how far each one moved, so the apps above can move
their own dated rows (entries, later votes and scores) with it.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from wagtail.models import Page

from communities.models import PartnerCommunity
from core.demo import demo_image

from .enums import EntryKind, Licence, ModerationMode, PrizeKind
from .models import (
    CompetitionCategory,
    CompetitionIndexPage,
    CompetitionPage,
    CompetitionPartnership,
    Prize,
)
from .timeline import TIMELINE_FIELDS

DAY = timedelta(days=1)

# "days" are the timeline's offsets from now, in TIMELINE_FIELDS order; None
# leaves a date unset. "call" is the body's opening paragraph.
COMPETITIONS = [
    {
        "slug": "apprenticeship-films",
        "title": "Apprenticeships on film",
        "summary": "Show us an apprenticeship in under three minutes.",
        "call": "What does a day as an apprentice look like? Film the workshop, "
        "the kitchen or the site, and the people who teach you.",
        "kinds": [EntryKind.FILM],
        "partners": ["studyhub"],
        "categories": [("Apprentices", "Made by apprentices."), ("Open", "")],
        "prizes": [("Best short film", "£500", PrizeKind.JUDGES, "")],
        "days": (10, 40, 45, 55, 60, 65),
    },
    {
        "slug": "first-year-stories",
        "title": "Your first year, in 500 words",
        "summary": "The first year at college, university or work: tell it "
        "the way it really was.",
        "call": "The first friend, the first deadline, the first time it felt "
        "like yours. Write it down in 500 words or fewer.",
        "kinds": [EntryKind.STORY],
        "word_limit": 500,
        "partners": ["studyhub", "parents-together"],
        "categories": [("Under 18", "Entrants aged 13 to 17."), ("18 and over", "")],
        "prizes": [
            ("Best story, under 18", "£250", PrizeKind.JUDGES, "Under 18"),
            ("Best story, 18 and over", "£250", PrizeKind.JUDGES, "18 and over"),
            ("People's choice", "£100", PrizeKind.PEOPLES_CHOICE, ""),
        ],
        "days": (-10, 20, 22, 30, 35, 40),
    },
    {
        "slug": "picture-your-high-street",
        "title": "Picture your high street",
        "summary": "Photographs of the high street you know: busy, quiet, changing.",
        "call": "Market stalls, shutters, the café that has always been there: "
        "up to three photographs of the street at the heart of your town.",
        "kinds": [EntryKind.IMAGE],
        "partners": ["parents-together", "patient-voices"],
        "categories": [],
        "entry_limit": 3,
        "prizes": [
            ("Judges' pick", "£300", PrizeKind.JUDGES, ""),
            ("People's choice", "£150", PrizeKind.PEOPLES_CHOICE, ""),
        ],
        "days": (-40, -10, -5, 9, 12, 16),
    },
    {
        "slug": "greener-commutes",
        "title": "Ideas for greener commutes",
        "summary": "How could getting to work or school be cleaner, cheaper "
        "and kinder?",
        "call": "Small changes count: a timetable, a bike shelter, a shared lift. "
        "Tell us the problem, your idea and who it would help.",
        "kinds": [EntryKind.IDEA],
        "partners": ["studyhub", "patient-voices"],
        "categories": [],
        "prizes": [("Best idea", "£1,000 to pilot it", PrizeKind.JUDGES, "")],
        "days": (-50, -15, None, None, 10, 14),
    },
    {
        "slug": "kindness-of-strangers",
        "title": "The kindness of strangers",
        "summary": "Stories and pictures of a stranger's kindness.",
        "call": "A held door, a lent umbrella, a word at the right moment: the "
        "small kindnesses of people whose names we never learnt.",
        "kinds": [EntryKind.STORY, EntryKind.IMAGE],
        "word_limit": 800,
        "partners": ["parents-together", "patient-voices"],
        "categories": [("Stories", ""), ("Images", "")],
        "prizes": [
            ("Best story", "£200", PrizeKind.JUDGES, "Stories"),
            ("Best image", "£200", PrizeKind.JUDGES, "Images"),
            ("People's choice", "£100", PrizeKind.PEOPLES_CHOICE, ""),
        ],
        "days": (-90, -60, -55, -40, -35, -30),
    },
]

ELIGIBILITY = (
    "<p>Open to anyone aged 13 or over living in the UK. Entrants aged 13 to 17 "
    "need a parent or guardian's agreement.</p>"
)


@dataclass(frozen=True)
class DemoCompetition:
    """A demo competition and how far this run moved its timeline."""

    page: CompetitionPage
    moved_by: timedelta


def ensure_competition_index(*, parent: Page) -> CompetitionIndexPage:
    """Return the competition index, creating it under ``parent`` once."""
    index = CompetitionIndexPage.objects.first()
    if index is None:
        index = CompetitionIndexPage(
            title="Competitions",
            slug="competitions",
            intro="<p>Every open call, by phase.</p>",
        )
        parent.add_child(instance=index)
        index.save_revision().publish()
    return index


def ensure_competitions(
    *,
    index: CompetitionIndexPage,
    partners: dict[str, PartnerCommunity],
    now: datetime,
) -> list[DemoCompetition]:
    """Create or refresh each demo competition, dated relative to ``now``."""
    return [_ensure_competition(index, spec, partners, now) for spec in COMPETITIONS]


def _ensure_competition(index, spec, partners, now) -> DemoCompetition:
    page = CompetitionPage.objects.filter(slug=spec["slug"]).first()
    created = page is None
    if created:
        page = CompetitionPage(slug=spec["slug"])
    was_open_at = page.entries_open_at
    _set_timeline(page, spec["days"], now)
    _set_content(page, spec)
    if created:
        # Child rows are set once: entries point at categories, and replacing
        # them on a later run would delete rows in use.
        _set_children(page, spec, partners)
        index.add_child(instance=page)
    page.save_revision().publish()
    moved_by = timedelta(0) if created else page.entries_open_at - was_open_at
    return DemoCompetition(page=page, moved_by=moved_by)


def _set_timeline(page: CompetitionPage, days: tuple, now: datetime) -> None:
    for name, offset in zip(TIMELINE_FIELDS, days, strict=True):
        setattr(page, name, None if offset is None else now + offset * DAY)


def _set_content(page: CompetitionPage, spec: dict) -> None:
    page.title = spec["title"]
    page.summary = spec["summary"]
    page.entry_kinds = [str(kind) for kind in spec["kinds"]]
    page.story_word_limit = spec.get("word_limit")
    page.entry_limit_per_member = spec.get("entry_limit", 1)
    page.licence_options = [Licence.CC_BY.value, Licence.SHOWCASE_ONLY.value]
    page.moderation_mode = ModerationMode.BEFORE_PUBLICATION
    page.rules = _rules(page.entry_limit_per_member)
    page.eligibility = ELIGIBILITY
    page.hero_image = demo_image(spec["slug"])
    page.body = [
        ("paragraph", f"<p>{spec['call']}</p>"),
        (
            "quote",
            {"quote": "Communities know things no survey can.", "attribution": ""},
        ),
    ]


def _rules(entry_limit: int) -> str:
    limit = (
        "One entry per member."
        if entry_limit == 1
        else f"Up to {entry_limit} entries per member."
    )
    return (
        f"<ul><li>{limit}</li>"
        "<li>The work must be your own.</li>"
        "<li>Be kind: entries that target other people are removed.</li></ul>"
    )


def _set_children(page, spec, partners) -> None:
    page.categories = [
        CompetitionCategory(name=name, description=description)
        for name, description in spec["categories"]
    ]
    page.prizes = [
        Prize(title=title, value=value, kind=kind, category_name=category)
        for title, value, kind, category in spec["prizes"]
    ]
    page.partnerships = [
        CompetitionPartnership(partner=partners[slug]) for slug in spec["partners"]
    ]
