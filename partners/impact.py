"""Referral credit and impact: what each partner's members and moderators did.

Per competition and per partner community, counted with grouped aggregate
queries, so a report costs the same few queries whatever the number of
entries, votes or partners:

- members who joined via the partner (``User.referred_by``), and how many of
  them took part in the competition (sent in an entry or cast a valid vote);
- entries credited to the partner (``Entry.referral_partner``): every entry
  that was sent in (``submitted_at`` set, whatever happened next), and how many
  of them are approved; by kind and by day in the competition's time zone;
- votes cast by the partner's members: valid ones, and those an integrity
  rule set aside (kept and reported, never counted as valid);
- moderation decisions made on the partner's behalf (``ModerationDecision.
  community``), by outcome, and how many of its moderators made them;
- shortlisted and winning entries credited to the partner. Judging outcomes
  are the panel's business until the results are published, so both stay at
  nothing until ``ResultsPublication`` exists; a winner is an award for first
  place on an entry that is still public.

A partner is part of a competition when it is one of its partners
(``CompetitionPartnership``) or lends it moderators (``ModeratorAssignment``).

Who sees what: editors see every report; a partner's people with accounts,
the active moderators on its roster, see their own partner's reports for live
competitions it is part of, and nothing else (``report_scope`` is a 404).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from communities.models import CommunityModerator, PartnerCommunity
from competitions.enums import EntryKind
from competitions.models import CompetitionPage, CompetitionPartnership
from judging.enums import AwardPlace
from judging.models import Award, ResultsPublication, ShortlistedEntry
from members.models import User
from moderation.models import ModerationDecision, ModeratorAssignment
from submissions.enums import EntryStatus
from submissions.models import Entry
from submissions.permissions import Viewer, is_entry_editor
from voting.models import Vote

# The handle of an entry judged blind, in the report and its exports.
UNNAMED = _("Not named while judged blind")

# Each headline number of a report: (attribute of PartnerImpact, label).
MEASURES = [
    ("members_joined", _("Members who joined via the partner")),
    ("members_took_part", _("Of them, members who took part in this competition")),
    ("entries", _("Entries sent in")),
    ("entries_approved", _("Entries approved")),
    ("votes_cast", _("Valid votes cast by the partner's members")),
    ("votes_excluded", _("Votes set aside by the integrity checks")),
    ("decisions", _("Moderation decisions by the partner's moderators")),
    ("moderators", _("Moderators who made them")),
    ("shortlisted", _("Entries shortlisted")),
    ("winners", _("Winning entries")),
    ("awards", _("Prizes and places awarded")),
]
# The outcomes of a moderation decision, in the order reports show them.
DECISION_OUTCOMES = [
    EntryStatus.APPROVED,
    EntryStatus.REJECTED,
    EntryStatus.CHANGES_REQUESTED,
]


@dataclass
class PartnerImpact:
    """What one partner's members and moderators did in one competition."""

    partner: PartnerCommunity
    members_joined: int = 0
    members_took_part: int = 0
    entries: int = 0
    entries_approved: int = 0
    entries_by_kind: dict[str, int] = field(default_factory=dict)
    entries_by_day: dict[date, int] = field(default_factory=dict)
    votes_cast: int = 0
    votes_excluded: int = 0
    decisions: int = 0
    decisions_by_outcome: dict[str, int] = field(default_factory=dict)
    moderators: int = 0
    shortlisted: int = 0
    winners: int = 0
    awards: int = 0

    def measures(self) -> list[tuple[str, str, int]]:
        """Return each headline number as (code, label, value), in report order."""
        return [(code, str(label), getattr(self, code)) for code, label in MEASURES]

    def kinds(self) -> list[tuple[str, int]]:
        """Return (kind's label, entries) for every kind, in the kinds' order."""
        return [
            (str(label), self.entries_by_kind.get(value, 0))
            for value, label in EntryKind.choices
        ]

    def outcomes(self) -> list[tuple[str, int]]:
        """Return (outcome's label, decisions) for each decision outcome."""
        return [
            (str(status.label), self.decisions_by_outcome.get(status.value, 0))
            for status in DECISION_OUTCOMES
        ]


@dataclass
class CompetitionImpact:
    """A competition's entries overall, and each partner's impact in it."""

    competition: CompetitionPage
    results_published: bool
    partners: list[PartnerImpact]
    entries: int = 0
    entries_unreferred: int = 0
    entries_other_partners: int = 0
    entries_by_kind: dict[str, int] = field(default_factory=dict)
    entries_by_day: dict[date, int] = field(default_factory=dict)

    def of(self, partner: PartnerCommunity) -> PartnerImpact:
        return next(p for p in self.partners if p.partner.pk == partner.pk)

    def kinds(self) -> list[tuple[str, int]]:
        return [
            (str(label), self.entries_by_kind.get(value, 0))
            for value, label in EntryKind.choices
        ]

    def measure_rows(self) -> list[tuple[str, str, list[int]]]:
        """Return (code, label, each partner's value) per headline number."""
        return [
            (code, str(label), [getattr(p, code) for p in self.partners])
            for code, label in MEASURES
        ]

    def by_partner(self) -> list[tuple[str, int]]:
        """Return (partner's name, entries) per partner, then the rest.

        Entries credited to a community that is not part of the competition
        come under "Other partners" (only when there are some), and entries
        credited to nobody under "No partner".
        """
        rows = [(p.partner.name, p.entries) for p in self.partners]
        if self.entries_other_partners:
            rows.append((str(_("Other partners")), self.entries_other_partners))
        return [*rows, (str(_("No partner")), self.entries_unreferred)]


@dataclass(frozen=True)
class ApprovedEntry:
    """One public entry credited to a partner, as its report lists it."""

    title: str
    kind: str
    handle: str
    decided_at: datetime | None
    shortlisted: bool
    award: str


# Scope -------------------------------------------------------------------------


def may_see_every_report(user: Viewer) -> bool:
    """Editors see every competition's and every partner's report."""
    return is_entry_editor(user)


def may_see_some_report(user: Viewer) -> bool:
    """Editors, and the people on some partner's active roster."""
    return may_see_every_report(user) or viewer_partners(user).exists()


def viewer_partners(user: Viewer) -> QuerySet[PartnerCommunity]:
    """Return the partners whose reports ``user`` may open.

    Editors: all of them. Anyone else: the partners on whose active roster
    they are (an active account, an active roster row).
    """
    if not (user.is_authenticated and user.is_active):
        return PartnerCommunity.objects.none()
    if may_see_every_report(user):
        return PartnerCommunity.objects.all()
    rosters = CommunityModerator.objects.active().filter(user=user)
    return PartnerCommunity.objects.filter(pk__in=rosters.values("community_id"))


def _part_of(partners: QuerySet[PartnerCommunity]) -> set[tuple[int, int]]:
    """Return (competition id, partner id) for each competition a partner is in."""
    partnered = CompetitionPartnership.objects.filter(partner__in=partners)
    lending = ModeratorAssignment.objects.filter(community__in=partners)
    return set(partnered.values_list("page_id", "partner_id")) | set(
        lending.values_list("competition_id", "community_id")
    )


def _viewer_competitions(user: Viewer) -> QuerySet[CompetitionPage]:
    competitions = CompetitionPage.objects.all()
    return competitions if may_see_every_report(user) else competitions.live()


def viewer_reports(user: Viewer) -> list[tuple[CompetitionPage, PartnerCommunity]]:
    """Return every (competition, partner) report ``user`` may open, in order."""
    partners = viewer_partners(user)
    pairs = _part_of(partners)
    competitions = {
        c.pk: c
        for c in _viewer_competitions(user).filter(pk__in={c for c, _p in pairs})
    }
    by_pk = {p.pk: p for p in partners.filter(pk__in={p for _c, p in pairs})}
    reports = [
        (competitions[c], by_pk[p])
        for c, p in pairs
        if c in competitions and p in by_pk
    ]
    return sorted(reports, key=lambda r: (r[0].title, r[0].pk, r[1].name))


def report_scope(
    user: Viewer, *, competition_id: int, partner_slug: str
) -> tuple[CompetitionPage, PartnerCommunity]:
    """Return the report's competition and partner, or raise 404 outside scope."""
    partner = viewer_partners(user).filter(slug=partner_slug).first()
    if partner is None:
        raise Http404("No such report.")
    competition = (
        _viewer_competitions(user)
        .filter(pk=competition_id)
        .filter(pk__in=partner_competitions(partner).values("pk"))
        .first()
    )
    if competition is None:
        raise Http404("No such report.")
    return competition, partner


def partner_competitions(partner: PartnerCommunity) -> QuerySet[CompetitionPage]:
    """Return the competitions ``partner`` is part of, by title."""
    return (
        CompetitionPage.objects.filter(
            Q(partnerships__partner=partner)
            | Q(moderator_assignments__community=partner)
        )
        .distinct()
        .order_by("title", "pk")
    )


def competition_for_overview(user: Viewer, *, competition_id: int) -> CompetitionPage:
    """Return the competition for its editors' overview, or raise 404."""
    if not may_see_every_report(user):
        raise Http404("No such competition.")
    competition = CompetitionPage.objects.filter(pk=competition_id).first()
    if competition is None:
        raise Http404("No such competition.")
    return competition


def competition_partners(competition: CompetitionPage) -> list[PartnerCommunity]:
    """Return the partners that are part of ``competition``, A to Z."""
    return list(
        PartnerCommunity.objects.filter(
            Q(partnerships__page=competition)
            | Q(moderator_assignments__competition=competition)
        )
        .distinct()
        .order_by("name", "pk")
    )


# Counting ----------------------------------------------------------------------


def competition_impact(
    *, competition: CompetitionPage, partners: list[PartnerCommunity]
) -> CompetitionImpact:
    """Count the competition's entries and each of ``partners``' impact in it."""
    by_partner = {p.pk: PartnerImpact(partner=p) for p in partners}
    published = ResultsPublication.objects.filter(competition=competition).exists()
    impact = CompetitionImpact(
        competition=competition,
        results_published=published,
        partners=list(by_partner.values()),
    )
    _count_members(competition, by_partner)
    _count_entries(competition, impact, by_partner)
    _count_days(competition, impact, by_partner)
    _count_votes(competition, by_partner)
    _count_decisions(competition, by_partner)
    if published:
        _count_judging(competition, by_partner)
    return impact


def partner_impact(
    *, competition: CompetitionPage, partner: PartnerCommunity
) -> PartnerImpact:
    """Count one partner's impact in one competition."""
    impact = competition_impact(competition=competition, partners=[partner])
    return impact.of(partner)


def sent_in(competition: CompetitionPage) -> QuerySet[Entry]:
    """Entries of ``competition`` that were sent in, whatever happened next."""
    return Entry.objects.filter(competition=competition, submitted_at__isnull=False)


def valid_votes(competition: CompetitionPage) -> QuerySet[Vote]:
    """Votes on the competition's entries that no integrity rule set aside."""
    return Vote.objects.filter(entry__competition=competition, excluded_rule="")


def _count_members(competition: CompetitionPage, by_partner: dict) -> None:
    entered = sent_in(competition).filter(author=OuterRef("pk"))
    voted = valid_votes(competition).filter(voter=OuterRef("pk"))
    rows = (
        User.objects.filter(referred_by__in=by_partner)
        .values("referred_by")
        .annotate(
            joined=Count("pk"),
            took_part=Count("pk", filter=Q(Exists(entered)) | Q(Exists(voted))),
        )
        .order_by()
    )
    for row in rows:
        impact = by_partner[row["referred_by"]]
        impact.members_joined = row["joined"]
        impact.members_took_part = row["took_part"]


def _count_entries(
    competition: CompetitionPage, impact: CompetitionImpact, by_partner: dict
) -> None:
    rows = (
        sent_in(competition)
        .values("referral_partner", "kind")
        .annotate(
            entries=Count("pk"),
            approved=Count("pk", filter=Q(status=EntryStatus.APPROVED)),
        )
        .order_by()
    )
    for row in rows:
        kind, entries = row["kind"], row["entries"]
        impact.entries += entries
        impact.entries_by_kind[kind] = impact.entries_by_kind.get(kind, 0) + entries
        partner = by_partner.get(row["referral_partner"])
        if partner is None:
            if row["referral_partner"] is None:
                impact.entries_unreferred += entries
            else:
                impact.entries_other_partners += entries
            continue
        partner.entries += entries
        partner.entries_approved += row["approved"]
        partner.entries_by_kind[kind] = entries


def _count_days(
    competition: CompetitionPage, impact: CompetitionImpact, by_partner: dict
) -> None:
    rows = (
        sent_in(competition)
        .annotate(day=TruncDate("submitted_at", tzinfo=competition.zone))
        .values("referral_partner", "day")
        .annotate(entries=Count("pk"))
        .order_by()
    )
    totals: dict[date, int] = defaultdict(int)
    for row in rows:
        totals[row["day"]] += row["entries"]
        partner = by_partner.get(row["referral_partner"])
        if partner is not None:
            partner.entries_by_day[row["day"]] = row["entries"]
    impact.entries_by_day = dict(totals)


def _count_votes(competition: CompetitionPage, by_partner: dict) -> None:
    rows = (
        Vote.objects.filter(
            entry__competition=competition, voter__referred_by__in=by_partner
        )
        .values("voter__referred_by")
        .annotate(
            valid=Count("pk", filter=Q(excluded_rule="")),
            excluded=Count("pk", filter=~Q(excluded_rule="")),
        )
        .order_by()
    )
    for row in rows:
        impact = by_partner[row["voter__referred_by"]]
        impact.votes_cast = row["valid"]
        impact.votes_excluded = row["excluded"]


def _count_decisions(competition: CompetitionPage, by_partner: dict) -> None:
    outcomes = {
        status.value: Count("pk", filter=Q(to_status=status))
        for status in DECISION_OUTCOMES
    }
    rows = (
        ModerationDecision.objects.filter(
            entry__competition=competition, community__in=by_partner
        )
        .values("community")
        .annotate(
            decisions=Count("pk"),
            moderators=Count("actor", distinct=True),
            **outcomes,
        )
        .order_by()
    )
    for row in rows:
        impact = by_partner[row["community"]]
        impact.decisions = row["decisions"]
        impact.moderators = row["moderators"]
        impact.decisions_by_outcome = {status: row[status] for status in outcomes}


def _count_judging(competition: CompetitionPage, by_partner: dict) -> None:
    shortlisted = (
        ShortlistedEntry.objects.filter(
            round__competition=competition, entry__referral_partner__in=by_partner
        )
        .values("entry__referral_partner")
        .annotate(entries=Count("entry", distinct=True))
        .order_by()
    )
    for row in shortlisted:
        by_partner[row["entry__referral_partner"]].shortlisted = row["entries"]
    awards = (
        Award.objects.filter(
            prize__page=competition,
            entry__referral_partner__in=by_partner,
            entry__in=Entry.objects.public(),
        )
        .values("entry__referral_partner")
        .annotate(
            winners=Count("entry", filter=Q(place=AwardPlace.WINNER), distinct=True),
            awards=Count("pk"),
        )
        .order_by()
    )
    for row in awards:
        impact = by_partner[row["entry__referral_partner"]]
        impact.winners = row["winners"]
        impact.awards = row["awards"]


# The entries a report lists ----------------------------------------------------


def approved_entries(
    *, competition: CompetitionPage, partner: PartnerCommunity, published: bool
) -> list[ApprovedEntry]:
    """Return the public entries credited to ``partner``, oldest decision first.

    Only what anyone may see (``Entry.objects.with_public_media()``): title,
    kind, handle. Shortlists and awards show once the results are published.
    While public pages leave an entry's author unnamed (a blind round is open),
    so does the report: its readers may be judging that round too.
    """
    entries = (
        Entry.objects.with_public_media()
        .filter(competition=competition, referral_partner=partner)
        .select_related("author")
        .with_author_hidden()
        .order_by("decided_at", "pk")
    )
    shortlisted: set[int] = set()
    awards: dict[int, list[str]] = defaultdict(list)
    if published:
        shortlisted = set(
            ShortlistedEntry.objects.filter(
                round__competition=competition, entry__in=entries
            ).values_list("entry_id", flat=True)
        )
        for award in (
            Award.objects.filter(prize__page=competition, entry__in=entries)
            .select_related("prize")
            .order_by("place", "prize__sort_order", "pk")
        ):
            awards[award.entry_id].append(
                f"{award.prize.title} ({award.get_place_display()})"
            )
    kinds = dict(EntryKind.choices)
    return [
        ApprovedEntry(
            title=str(entry),
            kind=str(kinds.get(entry.kind, entry.kind)),
            handle=str(UNNAMED) if entry.author_hidden else entry.author.public_name,
            decided_at=entry.decided_at,
            shortlisted=entry.pk in shortlisted,
            award="; ".join(awards[entry.pk]),
        )
        for entry in entries
    ]
