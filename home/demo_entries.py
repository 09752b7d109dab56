"""Entries for the demo world, in every status.

Built straight onto the models, as if their history had already happened: the
services refuse (rightly) to start entries in competitions that have closed.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from competitions.enums import Licence
from competitions.models import CompetitionPage
from core.uploads import check_image_upload
from members.models import User
from submissions import media
from submissions.enums import AgeBand, EntryStatus
from submissions.models import Entry

from .demo_images import demo_picture

STORY = (
    "<p>The first week I knew nobody. On the Thursday a second-year I had never "
    "met lent me a kettle, and that kettle became the kitchen everyone met in.</p>"
)
IDEA = {
    "idea_problem": "Buses and trains do not meet: the last bus leaves as the train "
    "arrives.",
    "idea_proposal": "Publish one shared timetable and hold buses for late trains.",
    "idea_beneficiaries": "Shift workers, students and anyone without a car.",
    "idea_requirements": "Agreement between two operators and a small app change.",
}

# (competition slug, author handle, title, status, extra fields)
DEMO_ENTRIES = [
    ("first-year-stories", "ana_writes", "The kettle", EntryStatus.SUBMITTED, {}),
    ("first-year-stories", "benshoots", "", EntryStatus.DRAFT, {}),
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
    ("greener-commutes", "cai-ideas", "Timed connections", EntryStatus.APPROVED, IDEA),
    ("greener-commutes", "benshoots", "Bike lockers", EntryStatus.SUBMITTED, IDEA),
    ("kindness-of-strangers", "ana_writes", "The umbrella", EntryStatus.APPROVED, {}),
    ("kindness-of-strangers", "benshoots", "Held door", EntryStatus.APPROVED, {}),
]


def ensure_demo_entries() -> int:
    """Create the demo entries that do not exist yet; return how many there are."""
    for slug, handle, title, status, extra in DEMO_ENTRIES:
        competition = CompetitionPage.objects.get(slug=slug)
        author = User.objects.get(handle=handle)
        if not Entry.objects.filter(
            competition=competition, author=author, title=title
        ).exists():
            _make_entry(competition, author, title, status, extra)
    return Entry.objects.filter(author__email__endswith="@example.org").count()


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
        age_band=AgeBand.ADULT,
        category=_category_for(competition, kind),
        **extra,
    )
    _fill_content(entry)
    _stamp_dates(entry)
    entry.save()
    if status == EntryStatus.APPROVED:
        media.publish(entry)
        entry.save()
    return entry


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
        entry.story = STORY
        media.refresh_story(entry)
    elif entry.kind == "image":
        png = demo_picture(f"entry-{entry.title}", size=(1200, 900))
        upload = SimpleUploadedFile("photo.png", png, content_type="image/png")
        media.attach_uploads(entry, image=check_image_upload(upload))
        entry.image_alt_text = f"A photograph: {entry.title.lower()}."


def _stamp_dates(entry: Entry) -> None:
    now = timezone.now()
    if entry.status != EntryStatus.DRAFT:
        entry.submitted_at = now
    if entry.status in (
        EntryStatus.APPROVED,
        EntryStatus.REJECTED,
        EntryStatus.CHANGES_REQUESTED,
    ):
        entry.decided_at = now
    if entry.status == EntryStatus.WITHDRAWN:
        entry.withdrawn_at = now
