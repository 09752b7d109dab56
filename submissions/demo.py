"""The demo world's entries: every status, generated pictures, believable dates.

Entries are written straight onto the models, as if their history had already
happened: the services rightly refuse to start an entry in a competition that
has closed, and they would email every author. Each entry's dates, and the
EntryEvent rows of its history, fall inside its competition's windows: started
after entries opened, submitted before they closed, decided before voting opens
and before the results, nothing later than now. They are worked out from the
timeline and the entry alone, so every machine gets the same history for the
same moment; a later run moves every entry with its competition.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F

from competitions.demo import DemoCompetition
from competitions.enums import Licence
from competitions.models import CompetitionPage
from core.demo import demo_picture
from core.uploads import check_image_upload
from members.demo import EDITORS_GROUP, ensure_admin_group
from members.models import User

from . import media
from .enums import AgeBand, EntryAction, EntryStatus
from .models import Entry, EntryEvent

STORY = (
    "<p>The first week I knew nobody. On the Thursday a second-year I had never "
    "met lent me a kettle, and that kettle became the kitchen everyone met in.</p>"
)
# A young entrant's story that gives away how to find her: the safeguarding
# check flags it in the moderators' queue.
TEEN_STORY = {
    "age_band": AgeBand.AGE_13_TO_17,
    "guardian_confirmed": True,
    "story": "<p>Starting sixth form at Riverside I knew nobody, so I joined the "
    "art club. If you want to come, text me on 07700 900123 or find me on "
    "Instagram as @dee.draws. I live at 14 Elm Grove, near the park.</p>",
}
# Each idea its own, so a judge scoring them side by side can tell them apart.
TIMED_CONNECTIONS = {
    "idea_problem": "Buses and trains do not meet: the last bus leaves as the train "
    "arrives.",
    "idea_proposal": "Publish one shared timetable and hold buses for late trains.",
    "idea_beneficiaries": "Shift workers, students and anyone without a car.",
    "idea_requirements": "Agreement between two operators and a small app change.",
}
BIKE_LOCKERS = {
    "idea_problem": "Bikes left at the station get stolen, so people drive instead.",
    "idea_proposal": "Put covered lockers, opened with a travel card, at every "
    "station.",
    "idea_beneficiaries": "Commuters who live a short ride from the station.",
    "idea_requirements": "Space on the forecourt and a card reader on each locker.",
}
LIFT_SHARE_BOARD = {
    "idea_problem": "Colleagues drive the same road alone each morning without "
    "knowing it.",
    "idea_proposal": "A lift-share board at each large employer, matched by "
    "postcode and shift.",
    "idea_beneficiaries": "Staff on early and late shifts, and anyone saving for a "
    "car.",
    "idea_requirements": "Employers to host the board and a simple matching page.",
}
WALKING_BUSES = {
    "idea_problem": "The school run fills the roads at half past eight.",
    "idea_proposal": "Walking buses: volunteers lead children to school along safe "
    "routes.",
    "idea_beneficiaries": "Families near primary schools, and everyone on those roads.",
    "idea_requirements": "Trained volunteers, high-visibility vests and agreed routes.",
}

# (competition slug, author handle, title, status, extra fields)
DEMO_ENTRIES = [
    ("first-year-stories", "ana_writes", "The kettle", EntryStatus.SUBMITTED, {}),
    ("first-year-stories", "benshoots", "", EntryStatus.DRAFT, {}),
    ("first-year-stories", "benshoots", "Night bus home", EntryStatus.SUBMITTED, {}),
    (
        "first-year-stories",
        "dee_draws",
        "New school, new me",
        EntryStatus.SUBMITTED,
        TEEN_STORY,
    ),
    (
        "first-year-stories",
        "cai-ideas",
        "Lost in the library",
        EntryStatus.CHANGES_REQUESTED,
        {"feedback": "Please remove your flatmate's full name from the story."},
    ),
    ("picture-your-high-street", "benshoots", "Market day", EntryStatus.APPROVED, {}),
    (
        "picture-your-high-street",
        "ana_writes",
        "Closed for good",
        EntryStatus.APPROVED,
        {},
    ),
    (
        "picture-your-high-street",
        "cai-ideas",
        "A blurry bus",
        EntryStatus.REJECTED,
        {"feedback": "The photo shows people's faces up close without consent."},
    ),
    ("picture-your-high-street", "benshoots", "Rain", EntryStatus.WITHDRAWN, {}),
    (
        "greener-commutes",
        "cai-ideas",
        "Timed connections",
        EntryStatus.APPROVED,
        TIMED_CONNECTIONS,
    ),
    (
        "greener-commutes",
        "benshoots",
        "Bike lockers",
        EntryStatus.SUBMITTED,
        BIKE_LOCKERS,
    ),
    (
        "greener-commutes",
        "ana_writes",
        "Lift-share board",
        EntryStatus.APPROVED,
        LIFT_SHARE_BOARD,
    ),
    (
        "greener-commutes",
        "dee_draws",
        "Walking buses",
        EntryStatus.APPROVED,
        WALKING_BUSES,
    ),
    ("kindness-of-strangers", "ana_writes", "The umbrella", EntryStatus.APPROVED, {}),
    ("kindness-of-strangers", "benshoots", "Held door", EntryStatus.APPROVED, {}),
]

DECIDED_STATUSES = (
    EntryStatus.APPROVED,
    EntryStatus.REJECTED,
    EntryStatus.CHANGES_REQUESTED,
)
DATE_FIELDS = ("created_at", "updated_at", "submitted_at", "decided_at", "withdrawn_at")


@dataclass(frozen=True)
class EntryDates:
    """When a demo entry was started, submitted, decided on and withdrawn."""

    started: datetime
    submitted: datetime | None = None
    decided: datetime | None = None
    withdrawn: datetime | None = None

    @property
    def last(self) -> datetime:
        moments = (self.started, self.submitted, self.decided, self.withdrawn)
        return max(moment for moment in moments if moment is not None)


def ensure_entries(
    *, competitions: list[DemoCompetition], decided_by: User, now: datetime
) -> int:
    """Move the entries with their competitions, then add any demo entry missing."""
    _ensure_editors_entry_rights()
    pages = {}
    for demo in competitions:
        entries_reschedule(competition=demo.page, by=demo.moved_by)
        pages[demo.page.slug] = demo.page
    for slug, handle, title, status, extra in DEMO_ENTRIES:
        competition, author = pages[slug], User.objects.get(handle=handle)
        if not Entry.objects.filter(
            competition=competition, author=author, title=title
        ).exists():
            entry = _make_entry(competition, author, title, status, extra)
            dates = demo_entry_dates(entry, now=now)
            _write_history(entry, dates, decided_by=decided_by)
    return Entry.objects.filter(author__email__endswith="@example.org").count()


def entries_reschedule(*, competition: CompetitionPage, by: timedelta) -> None:
    """Move every date of the competition's entries and their history by ``by``."""
    if not by:
        return
    Entry.objects.filter(competition=competition).update(
        **{name: F(name) + by for name in DATE_FIELDS}
    )
    EntryEvent.objects.filter(entry__competition=competition).update(
        created_at=F("created_at") + by
    )


def demo_entry_dates(entry: Entry, *, now: datetime) -> EntryDates:
    """Return believable dates for ``entry`` inside its competition's windows."""
    competition = entry.competition
    seed = f"{competition.slug}/{entry.author.handle}/{entry.title}"
    rng = random.Random(seed)  # noqa: S311 (believable dates, not secrets)
    entries_end = min(competition.entries_close_at, now)
    started = _between(competition.entries_open_at, entries_end, rng.uniform(0.05, 0.4))
    if entry.status == EntryStatus.DRAFT:
        return EntryDates(started=started)
    submitted = _between(started, entries_end, rng.uniform(0.3, 0.8))
    later = _between(submitted, _settled_by(competition, now), rng.uniform(0.2, 0.6))
    if entry.status == EntryStatus.WITHDRAWN:
        return EntryDates(started=started, submitted=submitted, withdrawn=later)
    if entry.status in DECIDED_STATUSES:
        return EntryDates(started=started, submitted=submitted, decided=later)
    return EntryDates(started=started, submitted=submitted)


def _settled_by(competition: CompetitionPage, now: datetime) -> datetime:
    """Return the last moment for a decision: before voting, results or now."""
    deadlines = (competition.voting_opens_at, competition.results_published_at, now)
    return min(moment for moment in deadlines if moment is not None)


def _between(start: datetime, end: datetime, fraction: float) -> datetime:
    """Return the minute ``fraction`` of the way from ``start`` to ``end``."""
    return (start + (end - start) * fraction).replace(second=0, microsecond=0)


def _make_entry(competition, author, title, status, extra) -> Entry:
    kind = _kind_for(competition, title)
    entry = Entry(
        competition=competition,
        author=author,
        kind=kind,
        title=title,
        status=status,
        licence=Licence.CC_BY,
        rules_accepted=True,
        category=_category_for(competition, kind),
        **{"age_band": AgeBand.ADULT, **extra},
    )
    _fill_content(entry)
    entry.save()
    if status == EntryStatus.APPROVED:
        media.publish(entry)
        entry.save()
    return entry


def _write_history(entry: Entry, dates: EntryDates, *, decided_by: User) -> None:
    """Record the entry's history as events, then date the entry and each event."""
    for when, event in _history(entry, dates, decided_by):
        event.save()
        EntryEvent.objects.filter(pk=event.pk).update(created_at=when)
    Entry.objects.filter(pk=entry.pk).update(
        created_at=dates.started,
        updated_at=dates.last,
        submitted_at=dates.submitted,
        decided_at=dates.decided,
        withdrawn_at=dates.withdrawn,
    )


def _history(entry, dates, decided_by) -> list[tuple[datetime, EntryEvent]]:
    """Return the entry's steps so far, each with its moment, in order."""
    draft, submitted = EntryStatus.DRAFT, EntryStatus.SUBMITTED
    steps = [(dates.started, entry.author, EntryAction.CREATED, draft, draft)]
    if dates.submitted:
        steps.append((dates.submitted, entry.author, "submitted", draft, submitted))
    if dates.decided:
        steps.append((dates.decided, decided_by, entry.status, submitted, entry.status))
    if dates.withdrawn:
        steps.append(
            (dates.withdrawn, entry.author, "withdrawn", submitted, "withdrawn")
        )
    return [
        (
            when,
            EntryEvent(
                entry=entry,
                actor=actor,
                action=EntryAction(action),
                from_status=from_status,
                to_status=to_status,
                note=entry.feedback if actor == decided_by else "",
            ),
        )
        for when, actor, action, from_status, to_status in steps
    ]


def _ensure_editors_entry_rights() -> None:
    """Let Wagtail's Editors group see and decide on entries."""
    ensure_admin_group(EDITORS_GROUP).permissions.add(
        *Permission.objects.filter(
            content_type__app_label="submissions",
            codename__in=["view_entry", "moderate_entry"],
        )
    )


def _category_for(competition, kind: str):
    by_name = {category.name: category for category in competition.categories.all()}
    preferred = {"image": "Images", "story": "Stories"}.get(kind)
    fallback = next(iter(by_name.values()), None)
    return by_name.get(preferred) or by_name.get("18 and over") or fallback


def _kind_for(competition, title: str) -> str:
    kinds = competition.entry_kinds
    if len(kinds) == 1:
        return kinds[0]
    return "image" if title == "Held door" else "story"


def _fill_content(entry: Entry) -> None:
    if entry.kind == "story" and entry.title:
        entry.story = entry.story or STORY
        media.refresh_story(entry)
    elif entry.kind == "image":
        png = demo_picture(f"entry-{entry.title}", size=(1200, 900))
        upload = SimpleUploadedFile("photo.png", png, content_type="image/png")
        media.attach_uploads(entry, image=check_image_upload(upload))
        entry.image_alt_text = f"A photograph: {entry.title.lower()}."
