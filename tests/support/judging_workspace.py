"""A competition in judging, with a blind round, two judges and a revealing entrant.

The entrant gives themselves away everywhere they can: a handle, a private
email, a partner community that referred them, a photo and a film uploaded
under filenames with their name and address, and phone metadata in the film.
The blind-round tests look for every one of those in what judges are shown.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from competitions.enums import EntryKind
from core.uploads import check_film_upload
from judging.enums import RoundMethod
from judging.models import (
    Criterion,
    JudgeAssignment,
    JudgingRound,
    RoundJudge,
)
from members.demo import JUDGES_GROUP, ensure_admin_group
from members.models import User
from submissions.media import attach_uploads
from submissions.models import Entry
from tests.factories import (
    CompetitionPageFactory,
    EntryFactory,
    PartnerCommunityFactory,
    UserFactory,
)
from tests.support.entries import REVEALING_FILENAME, checked_image, gps_jpeg
from tests.support.films import PHONE_METADATA, film_bytes, film_upload

ENTRANT_HANDLE = "ana_writes"
ENTRANT_EMAIL = "ana.lastname@private.example.org"
PARTNER_NAME = "Patient Voices"
PARTNER_SLUG = "patient-voices"
FILM_FILENAME = "Ana Lastname at 12 Acacia Avenue.MOV"
ENTRANT_IDENTIFIERS = [
    ENTRANT_HANDLE,
    ENTRANT_EMAIL,
    PARTNER_NAME,
    PARTNER_SLUG,
    REVEALING_FILENAME,
    "Jane Smith",
    "Acacia",
    FILM_FILENAME,
    "Ana Lastname",
    "iPhone",
]
DAY = timedelta(days=1)


def judge(handle: str, **kwargs) -> User:
    """Return staff in the judges' group: admin access and nothing more."""
    user = UserFactory(
        is_staff=True, handle=handle, email=f"{handle}@judges.example.org", **kwargs
    )
    user.groups.add(ensure_admin_group(JUDGES_GROUP))
    return User.objects.get(pk=user.pk)


def judging_round(competition, *, position: int = 1, **kwargs) -> JudgingRound:
    """Return an open rubric round with two weighted criteria."""
    now = timezone.now()
    values = {
        "name": f"Round {position}",
        "position": position,
        "opens_at": now - DAY,
        "closes_at": now + 5 * DAY,
        "blind": True,
        **kwargs,
    }
    created = JudgingRound.objects.create(competition=competition, **values)
    Criterion.objects.create(
        round=created,
        name="Originality",
        guidance="Something we have not seen before.",
        weight=2,
        maximum=10,
        sort_order=0,
    )
    Criterion.objects.create(
        round=created,
        name="Craft",
        guidance="How well it is made.",
        weight=1,
        maximum=5,
        sort_order=1,
    )
    return created


def seat(judging_round: JudgingRound, user: User, **kwargs) -> RoundJudge:
    return RoundJudge.objects.create(round=judging_round, judge=user, **kwargs)


def assign(judging_round: JudgingRound, user: User, *entries: Entry) -> list:
    return [
        JudgeAssignment.objects.create(round=judging_round, entry=entry, judge=user)
        for entry in entries
    ]


def film_entry(competition, author, partner, **kwargs) -> Entry:
    """Return an approved film entry whose file was a phone's, with its metadata."""
    entry = EntryFactory(
        competition=competition,
        author=author,
        kind=EntryKind.FILM,
        film_url="",
        title="The night bus",
        referral_partner=partner,
        approved=True,
        **kwargs,
    )
    upload = film_upload(film_bytes("mov", metadata=PHONE_METADATA), FILM_FILENAME)
    attach_uploads(entry, film_file=check_film_upload(upload))
    entry.save()
    return entry


@dataclass
class JudgingWorld:
    competition: object
    partner: object
    author: User
    judge_a: User
    judge_b: User
    judge_c: User
    blind_round: JudgingRound
    image_entry: Entry
    story_entry: Entry
    film_entry: Entry
    assignments_a: list = field(default_factory=list)
    assignments_b: list = field(default_factory=list)

    @property
    def entries(self) -> list[Entry]:
        return [self.image_entry, self.story_entry, self.film_entry]


def build_world(parent) -> JudgingWorld:
    """A blind open round: judge A has all three entries, judge B the image only.

    Judge C sits on the panel with nothing assigned, free to take an entry.
    """
    competition = CompetitionPageFactory(
        parent=parent,
        title="Greener commutes",
        entry_kinds=[
            EntryKind.IMAGE.value,
            EntryKind.STORY.value,
            EntryKind.FILM.value,
        ],
        judging=True,
    )
    partner = PartnerCommunityFactory(name=PARTNER_NAME, slug=PARTNER_SLUG)
    author = UserFactory(handle=ENTRANT_HANDLE, email=ENTRANT_EMAIL)
    common = {"competition": competition, "author": author, "approved": True}
    image_entry = EntryFactory(
        kind=EntryKind.IMAGE,
        title="Bikes at dawn",
        image=checked_image(gps_jpeg(), name=REVEALING_FILENAME).content,
        referral_partner=partner,
        **common,
    )
    story_entry = EntryFactory(
        kind=EntryKind.STORY, title="The long walk", referral_partner=partner, **common
    )
    film = film_entry(competition, author, partner)
    judges = [judge(handle) for handle in ("judge_alpha", "judge_beta", "judge_gamma")]
    blind_round = judging_round(competition)
    for user in judges:
        seat(blind_round, user, is_chair=user is judges[0])
    return JudgingWorld(
        competition=competition,
        partner=partner,
        author=author,
        judge_a=judges[0],
        judge_b=judges[1],
        judge_c=judges[2],
        blind_round=blind_round,
        image_entry=image_entry,
        story_entry=story_entry,
        film_entry=film,
        assignments_a=assign(blind_round, judges[0], image_entry, story_entry, film),
        assignments_b=assign(blind_round, judges[1], image_entry),
    )


def pairwise_round(competition, *, position: int = 2, **kwargs) -> JudgingRound:
    now = timezone.now()
    return JudgingRound.objects.create(
        competition=competition,
        name=f"Round {position} (pairs)",
        position=position,
        method=RoundMethod.PAIRWISE,
        opens_at=now - DAY,
        closes_at=now + 5 * DAY,
        blind=True,
        **kwargs,
    )
