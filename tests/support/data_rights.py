"""A member with some of everything the site can hold about a person, and a neighbour.

Used by the export and erasure tests (local storage and S3): Ana has a draft, a
submitted film with its poster, an approved entry with a showcase copy and
renditions, a rejected entry she appealed, a winner in a competition that keeps
winners and one in a competition that does not; she voted (one vote counted,
one excluded), reported Ben's entry, and has a verified address and two-step
sign-in. Ben voted for and reported her work.
"""

from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.files.base import ContentFile
from django.utils import timezone

from competitions.enums import EntryKind
from judging.models import Award, ResultsPublication
from members.models import User
from moderation.models import Appeal, EntryReport, ModerationDecision
from submissions import media
from submissions.enums import EntryStatus
from submissions.models import Entry
from tests.factories import CompetitionPageFactory, EntryFactory, UserFactory
from tests.support.judging_results import prize
from voting.models import Vote
from voting.services import move_count

ANA_EMAIL = "ana.private@example.org"
ANA_NAME = ("Ana", "Quietname")
ANA_PASSWORD = "correct-horse-battery"
TOTP_SECRET = "JBSWY3DPEHPK3PXPANASECRET"
BEN_EMAIL = "ben.private@example.org"
ANA_REPORT_NOTE = "Ana thinks this copies a famous photograph."
BEN_REPORT_NOTE = "Ben wrote this about Ana's entry."
APPEAL_STATEMENT = "Ana explains her story was on the theme after all."
RENDITIONS = ("fill-80x80", "width-40")


@dataclass
class DataRightsWorld:
    ana: User
    ben: User
    keeps: object  # a competition whose rules keep winners
    drops: object  # a competition whose rules do not
    voting: object
    draft: Entry
    film: Entry
    approved: Entry
    rejected: Entry
    kept_winner: Entry
    dropped_winner: Entry
    ben_entry: Entry
    ben_other: Entry
    ana_votes: list[Vote] = field(default_factory=list)

    @property
    def ana_entries(self) -> list[Entry]:
        return [
            self.draft,
            self.film,
            self.approved,
            self.rejected,
            self.kept_winner,
            self.dropped_winner,
        ]


def publish_with_renditions(entry: Entry) -> None:
    """Give an approved image entry its showcase copy and some renditions."""
    media.publish(entry)
    entry.save()
    for spec in RENDITIONS:
        entry.public_image.get_rendition(spec)


def _winner(competition, author, title) -> Entry:
    entry = EntryFactory(
        competition=competition, author=author, approved=True, title=title
    )
    publish_with_renditions(entry)
    Award.objects.create(prize=prize(competition, f"Best of {title}"), entry=entry)
    return entry


def _vote(entry: Entry, voter: User, *, excluded: str = "") -> Vote:
    vote = Vote.objects.create(
        entry=entry,
        voter=voter,
        created_at=timezone.now(),
        ip_hash="a" * 64,
        excluded_rule=excluded,
        excluded_at=timezone.now() if excluded else None,
    )
    if not excluded:
        move_count(entry_id=entry.pk, by=1)
    return vote


def _members() -> tuple[User, User]:
    ana = UserFactory(
        handle="ana_writes",
        email=ANA_EMAIL,
        first_name=ANA_NAME[0],
        last_name=ANA_NAME[1],
    )
    ben = UserFactory(handle="benshoots", email=BEN_EMAIL, first_name="Benedict")
    for user in (ana, ben):
        EmailAddress.objects.create(
            user=user, email=user.email, verified=True, primary=True
        )
    Authenticator.objects.create(
        user=ana, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET}
    )
    return ana, ben


def build_world(parent) -> DataRightsWorld:
    """Build Ana's and Ben's data across every app (see the module docstring)."""
    ana, ben = _members()
    image = [EntryKind.IMAGE.value]
    kinds = [EntryKind.IMAGE.value, EntryKind.FILM.value, EntryKind.STORY.value]
    open_call = CompetitionPageFactory(
        parent=parent, entry_kinds=kinds, entry_limit_per_member=10
    )
    keeps = CompetitionPageFactory(parent=parent, results=True, entry_kinds=image)
    drops = CompetitionPageFactory(
        parent=parent,
        results=True,
        entry_kinds=image,
        keep_winning_entries_of_deleted_members=False,
    )
    voting = CompetitionPageFactory(parent=parent, voting=True, entry_kinds=image)
    for competition in (keeps, drops):
        ResultsPublication.objects.create(competition=competition)

    draft = EntryFactory(competition=open_call, author=ana, draft=True, title="Draft")
    film = EntryFactory(
        competition=open_call,
        author=ana,
        kind=EntryKind.FILM,
        submitted=True,
        title="Harbour film",
    )
    film.film_file.save("entries/film.mp4", ContentFile(b"not really a film"))
    film.film_poster.save("entries/poster.jpg", ContentFile(b"a poster frame"))
    film.save()
    approved = EntryFactory(
        competition=voting, author=ana, approved=True, title="Approved"
    )
    publish_with_renditions(approved)
    moderator = UserFactory(handle="mod_one", is_staff=True)
    ModerationDecision.objects.create(
        entry=approved,
        actor=moderator,
        from_status=EntryStatus.SUBMITTED,
        to_status=EntryStatus.APPROVED,
    )
    rejected = EntryFactory(
        competition=open_call,
        author=ana,
        kind=EntryKind.STORY,
        rejected=True,
        title="Rejected",
    )
    rejection = ModerationDecision.objects.create(
        entry=rejected,
        actor=moderator,
        from_status=EntryStatus.SUBMITTED,
        to_status=EntryStatus.REJECTED,
        message="Not on the theme.",
        internal_note="Staff only: seen this before.",
    )
    Appeal.objects.create(
        entry=rejected, rejection=rejection, statement=APPEAL_STATEMENT
    )
    kept_winner = _winner(keeps, ana, "Kept winner")
    dropped_winner = _winner(drops, ana, "Dropped winner")

    ben_entry = EntryFactory(competition=voting, author=ben, approved=True)
    ben_other = EntryFactory(competition=voting, author=ben, approved=True)
    world = DataRightsWorld(
        ana=ana,
        ben=ben,
        keeps=keeps,
        drops=drops,
        voting=voting,
        draft=draft,
        film=film,
        approved=approved,
        rejected=rejected,
        kept_winner=kept_winner,
        dropped_winner=dropped_winner,
        ben_entry=ben_entry,
        ben_other=ben_other,
    )
    world.ana_votes = [
        _vote(ben_entry, ana),
        _vote(ben_other, ana, excluded="ip_burst"),
    ]
    _vote(approved, ben)
    _vote(kept_winner, ben)
    EntryReport.objects.create(
        entry=ben_entry, reporter=ana, reason="copyright", note=ANA_REPORT_NOTE
    )
    EntryReport.objects.create(
        entry=approved, reporter=ben, reason="copyright", note=BEN_REPORT_NOTE
    )
    return world
