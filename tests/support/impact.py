"""A competition with two partners, for the impact report tests.

StudyHub and Parents Together are both partners of "Picture your high street";
a third community (Elsewhere) is not part of it. Each partner has members who
joined through it, entries credited to it, votes (one set aside), moderators'
decisions, shortlisted entries and awards. Every number the tests expect is
written in ``EXPECTED``, worked out by hand from what ``build_impact_world``
makes (see the comments there).
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from communities.models import CommunityModerator
from competitions.enums import EntryKind
from judging.enums import AwardPlace
from judging.models import Award, ResultsPublication, ShortlistedEntry
from members.models import User
from moderation.models import ModerationDecision
from submissions.enums import EntryStatus
from submissions.models import Entry
from tests.factories import (
    CompetitionPageFactory,
    CompetitionPartnershipFactory,
    EntryFactory,
    PartnerCommunityFactory,
    UserFactory,
)
from tests.support.judging_results import make_round, prize
from tests.support.moderation import admin_moderator
from voting.models import Vote

FORMULA_TITLE = '=HYPERLINK("https://evil.example","Click")'

EXPECTED = {
    "studyhub": {
        "members_joined": 3,  # sam, sue, sid
        "members_took_part": 2,  # sam (entered), sue (entered and voted)
        "entries": 3,  # sam's story and image, sue's image (sam's draft is not)
        "entries_approved": 1,  # sam's story
        "votes_cast": 1,  # sue for Pat's story
        "votes_excluded": 0,
        "decisions": 3,  # approve, reject (mod_s); approve Pat's (mod_s2)
        "moderators": 2,
        "shortlisted": 1,  # sam's story
        "winners": 1,  # sam's story, first place
        "awards": 1,
    },
    "parents": {
        "members_joined": 3,  # pat, pip, poe
        "members_took_part": 2,  # pat (entered, voted), pip (voted); poe's vote out
        "entries": 3,  # pat's two stories, Una's story via a Parents link
        "entries_approved": 2,  # pat's first story, Una's story
        "votes_cast": 2,  # pat and pip for sam's story
        "votes_excluded": 2,  # pip for Una's, poe for sam's: set aside
        "decisions": 2,  # changes asked, approve (mod_p)
        "moderators": 1,
        "shortlisted": 2,  # pat's first story, Una's story
        "winners": 1,  # pat's first story, people's choice
        "awards": 2,  # and Una's runner-up place
    },
}
BEFORE_RESULTS = {"shortlisted": 0, "winners": 0, "awards": 0}


@dataclass
class ImpactWorld:
    competition: object
    other_competition: object
    studyhub: object
    parents: object
    elsewhere: object
    mod_studyhub: User
    mod_parents: User
    entries: dict[str, Entry] = field(default_factory=dict)

    def publish_results(self) -> None:
        ResultsPublication.objects.create(competition=self.competition)


def at(day: int, hour: int, minute: int = 0, month: int = 6) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def _entry(competition, author, partner, status, kind, submitted, **extra) -> Entry:
    traits = {status: True}
    entry = EntryFactory(
        competition=competition,
        author=author,
        referral_partner=partner,
        kind=kind,
        **traits,
        **extra,
    )
    if submitted is not None:
        Entry.objects.filter(pk=entry.pk).update(submitted_at=submitted)
        entry.refresh_from_db()
    return entry


def _decide(entry, moderator, community, to_status) -> None:
    ModerationDecision.objects.create(
        entry=entry,
        actor=moderator,
        community=community,
        from_status=EntryStatus.SUBMITTED,
        to_status=to_status,
    )


def build_impact_world(parent) -> ImpactWorld:
    """Build the competition, its partners and their members' work (see module)."""
    kinds = [EntryKind.STORY.value, EntryKind.IMAGE.value]
    competition = CompetitionPageFactory(
        parent=parent, title="Picture your high street", entry_kinds=kinds
    )
    other = CompetitionPageFactory(
        parent=parent, title="Another call", entry_kinds=kinds
    )
    studyhub = PartnerCommunityFactory(name="StudyHub", slug="studyhub")
    parents = PartnerCommunityFactory(name="Parents Together", slug="parents")
    elsewhere = PartnerCommunityFactory(name="Elsewhere", slug="elsewhere")
    for partner in (studyhub, parents):
        CompetitionPartnershipFactory(page=competition, partner=partner)
    CompetitionPartnershipFactory(page=other, partner=elsewhere)

    def member(handle, partner):
        return UserFactory(handle=handle, referred_by=partner)

    sam, sue, _sid = (member(h, studyhub) for h in ("sam", "sue", "sid"))
    pat, pip, poe = (member(h, parents) for h in ("pat", "pip", "poe"))
    una = member("una", None)
    ela = member("ela", elsewhere)

    story, image = EntryKind.STORY.value, EntryKind.IMAGE.value
    e = {
        # StudyHub's: 3 sent in, 1 approved; 1 story and 2 images.
        "sam_story": _entry(
            competition, sam, studyhub, "approved", story, at(1, 10), title="Market"
        ),
        # 23:30 UTC on 1 June is 00:30 on 2 June in London.
        "sam_image": _entry(
            competition, sam, studyhub, "submitted", image, at(1, 23, 30)
        ),
        "sam_draft": _entry(competition, sam, studyhub, "draft", story, None),
        "sue_image": _entry(competition, sue, studyhub, "rejected", image, at(3, 9)),
        # Parents Together's: 3 sent in, 2 approved, all stories.
        "pat_story": _entry(
            competition, pat, parents, "approved", story, at(1, 12), title=FORMULA_TITLE
        ),
        "pat_returned": _entry(
            competition, pat, parents, "changes_requested", story, at(2, 8)
        ),
        # Una joined on her own but started this entry from a Parents link.
        "una_story": _entry(
            competition, una, parents, "approved", story, at(3, 15), title="Rain"
        ),
        # Nobody's: no partner credited.
        "una_image": _entry(competition, una, None, "submitted", image, at(3, 16)),
        # A partner that is not part of this competition.
        "ela_story": _entry(competition, ela, elsewhere, "submitted", story, at(2, 9)),
        # Work in another competition counts there, not here.
        "sam_elsewhere": _entry(other, sam, studyhub, "approved", story, at(4, 9)),
    }

    def vote(voter, entry, excluded=""):
        Vote.objects.create(
            entry=entry, voter=voter, created_at=at(5, 12), excluded_rule=excluded
        )

    vote(sue, e["pat_story"])
    vote(pat, e["sam_story"])
    vote(pip, e["sam_story"])
    vote(pip, e["una_story"], excluded="ip_burst")
    vote(poe, e["sam_story"], excluded="ip_burst")
    vote(una, e["sam_story"])  # joined on her own: nobody's vote
    vote(sue, e["sam_elsewhere"])  # another competition

    mod_s = admin_moderator(handle="mod_s", email="mod_s@private.example.org")
    mod_s2 = admin_moderator(handle="mod_s2", email="mod_s2@private.example.org")
    mod_p = admin_moderator(handle="mod_p", email="mod_p@private.example.org")
    for moderator, community in (
        (mod_s, studyhub),
        (mod_s2, studyhub),
        (mod_p, parents),
    ):
        CommunityModerator.objects.create(community=community, user=moderator)
    _decide(e["sam_story"], mod_s, studyhub, EntryStatus.APPROVED)
    _decide(e["sue_image"], mod_s, studyhub, EntryStatus.REJECTED)
    _decide(e["pat_story"], mod_s2, studyhub, EntryStatus.APPROVED)
    _decide(e["pat_returned"], mod_p, parents, EntryStatus.CHANGES_REQUESTED)
    _decide(e["una_story"], mod_p, parents, EntryStatus.APPROVED)
    _decide(e["una_image"], None, None, EntryStatus.APPROVED)  # an editor's
    _decide(e["sam_elsewhere"], mod_s, studyhub, EntryStatus.APPROVED)

    # Judged by name: a blind round would leave the report's entrants unnamed.
    final = make_round(competition, name="Final", blind=False)
    for key in ("sam_story", "pat_story", "una_story"):
        ShortlistedEntry.objects.create(round=final, entry=e[key])
    best = prize(competition, "Best photograph")
    public = prize(competition, "People's choice")
    Award.objects.create(prize=best, entry=e["sam_story"], place=AwardPlace.WINNER)
    Award.objects.create(prize=best, entry=e["una_story"], place=AwardPlace.RUNNER_UP)
    Award.objects.create(prize=public, entry=e["pat_story"], place=AwardPlace.WINNER)

    return ImpactWorld(
        competition=competition,
        other_competition=other,
        studyhub=studyhub,
        parents=parents,
        elsewhere=elsewhere,
        mod_studyhub=User.objects.get(pk=mod_s.pk),
        mod_parents=User.objects.get(pk=mod_p.pk),
        entries=e,
    )


def add_entries(world: ImpactWorld, number: int) -> None:
    """Add ``number`` approved StudyHub entries, each with a vote and a decision."""
    voter = User.objects.get(handle="sue")
    for n in range(number):
        entry = _entry(
            world.competition,
            UserFactory(referred_by=world.studyhub),
            world.studyhub,
            "approved",
            EntryKind.STORY.value,
            at(1 + n % 20, 10),
            title=f"Extra {n}",
        )
        Vote.objects.create(entry=entry, voter=voter, created_at=at(5, 12))
        _decide(entry, world.mod_studyhub, world.studyhub, EntryStatus.APPROVED)
