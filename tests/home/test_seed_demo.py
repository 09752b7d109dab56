from datetime import timedelta
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from communities.models import CommunityModerator, PartnerCommunity
from competitions.enums import Phase
from competitions.models import CompetitionIndexPage, CompetitionPage
from home.demo import build_demo_world
from home.models import HomePage
from members.models import User
from moderation.demo import DECIDED_BY_MODERATOR
from moderation.enums import QUEUE_STATUSES
from moderation.models import (
    EntryReport,
    ModerationDecision,
    ModeratorAssignment,
    SafeguardingFlag,
)
from moderation.permissions import active_assignments, may_use_moderation_area
from moderation.selectors import appeals_routed_to, awaiting_decision, queue_entries
from partners.models import DiscussionThread
from submissions.enums import EntryAction, EntryStatus
from submissions.models import Entry, EntryEvent

DEMO_PASSWORD = "opencall-demo"
EXPECTED_PHASES = {
    "apprenticeship-films": Phase.UPCOMING,
    "first-year-stories": Phase.OPEN,
    "picture-your-high-street": Phase.VOTING,
    "greener-commutes": Phase.JUDGING,
    "kindness-of-strangers": Phase.RESULTS,
}


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def world_counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "home pages": HomePage.objects.count(),
        "competition indexes": CompetitionIndexPage.objects.count(),
        "competitions": CompetitionPage.objects.count(),
        "partners": PartnerCommunity.objects.count(),
        "users": User.objects.count(),
        "groups": Group.objects.count(),
        "images": get_image_model().objects.count(),
        "sites": Site.objects.count(),
        "discussion threads": DiscussionThread.objects.count(),
    }


def test_seed_builds_five_competitions_one_in_each_phase(db):
    """Each demo competition is live and in the phase the demo promises."""
    output = seed()
    now = timezone.now()
    competitions = {page.slug: page for page in CompetitionPage.objects.live()}
    assert set(competitions) == set(EXPECTED_PHASES)
    for slug, phase in EXPECTED_PHASES.items():
        assert competitions[slug].phase_at(now) == phase, slug
        assert competitions[slug].url == f"/competitions/{slug}/"
        assert f"/competitions/{slug}/" in output


def test_seed_builds_the_three_partners_with_their_competitions(db):
    """StudyHub, Parents Together and Patient Voices partner on the demo calls."""
    seed()
    partners = {partner.slug: partner for partner in PartnerCommunity.objects.all()}
    assert set(partners) == {"studyhub", "parents-together", "patient-voices"}
    studyhub_calls = set(
        CompetitionPage.objects.filter(
            partnerships__partner=partners["studyhub"]
        ).values_list("slug", flat=True)
    )
    assert studyhub_calls == {
        "apprenticeship-films",
        "first-year-stories",
        "greener-commutes",
    }
    assert partners["studyhub"].allowed_embed_origins == [
        "https://studyhub.example.org"
    ]
    for partner in partners.values():
        partner.full_clean()


def test_seed_creates_the_demo_accounts_with_the_demo_password(db):
    """Every account in the README's "log in as" table signs in with the password."""
    seed()
    emails = [
        "editor@example.org",
        "mod.studyhub@example.org",
        "mod.parents@example.org",
        "judge.one@example.org",
        "judge.two@example.org",
        "ana@example.org",
        "ben@example.org",
        "cai@example.org",
        "dee@example.org",
    ]
    for email in emails:
        user = User.objects.get(email=email)
        assert user.is_active, email
        assert user.check_password(DEMO_PASSWORD), email


def test_seed_gives_each_account_its_role(db):
    """The editor is a superuser; moderators and judges are in their groups."""
    seed()
    editor = User.objects.get(email="editor@example.org")
    assert editor.is_superuser and editor.is_staff
    moderators = set(
        User.objects.filter(groups__name="Community moderators").values_list(
            "email", flat=True
        )
    )
    judges = set(
        User.objects.filter(groups__name="Judges").values_list("email", flat=True)
    )
    assert moderators == {"mod.studyhub@example.org", "mod.parents@example.org"}
    assert judges == {"judge.one@example.org", "judge.two@example.org"}
    for group in Group.objects.filter(name__in=["Community moderators", "Judges"]):
        assert group.permissions.filter(codename="access_admin").exists()
    for email in moderators | judges:
        assert not User.objects.get(email=email).is_superuser, email


def test_seed_members_have_handles_and_no_staff_rights(db):
    """Ana, Ben, Cai and Dee are ordinary members known by their handles."""
    seed()
    handles = {
        "ana@example.org": "ana_writes",
        "ben@example.org": "benshoots",
        "cai@example.org": "cai-ideas",
        "dee@example.org": "dee_draws",
    }
    members = {user.email: user for user in User.objects.filter(email__in=handles)}
    assert {email: user.handle for email, user in members.items()} == handles
    for user in members.values():
        assert not user.is_staff and not user.is_superuser
        assert not user.groups.exists()
        assert not user.has_perm("wagtailadmin.access_admin")
        user.full_clean(exclude=["password"])


def test_seed_replaces_the_welcome_page_with_the_home_page(db):
    """The default site's root is the demo HomePage; Wagtail's welcome page is gone."""
    seed()
    site = Site.objects.get(is_default_site=True)
    home = HomePage.objects.get()
    assert site.root_page_id == home.pk
    assert list(Page.objects.filter(depth=2).specific()) == [home]
    assert home.live


def test_seeded_home_page_serves_and_lists_the_open_call(client, db):
    """The home page shows the open call and the upcoming one, not the closed ones."""
    seed()
    response = client.get("/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    open_calls = soup.find("section", attrs={"aria-labelledby": "open-calls"})
    coming = soup.find("section", attrs={"aria-labelledby": "upcoming-calls"})
    assert open_calls.find("a", href="/competitions/first-year-stories/")
    assert "Your first year, in 500 words" in open_calls.get_text()
    assert coming.find("a", href="/competitions/apprenticeship-films/")
    assert not soup.find("a", href="/competitions/kindness-of-strangers/")
    for slug in EXPECTED_PHASES:
        assert client.get(f"/competitions/{slug}/").status_code == 200, slug
    assert client.get("/partners/studyhub/").status_code == 200


def test_seed_twice_changes_nothing(db):
    """Running seed_demo again duplicates nothing and keeps every phase."""
    seed()
    first = world_counts()
    partnerships = sorted(
        CompetitionPage.objects.values_list("slug", "partnerships__partner__slug")
    )
    seed()
    assert world_counts() == first
    assert first["home pages"] == 1
    assert first["sites"] == 1
    assert first["competitions"] == 5
    assert first["partners"] == 3
    # The demo accounts, the burst of voters and the voter without scripts.
    assert first["users"] == 9 + 3 + 1
    assert (
        sorted(
            CompetitionPage.objects.values_list("slug", "partnerships__partner__slug")
        )
        == partnerships
    )
    now = timezone.now()
    phases = {page.slug: page.phase_at(now) for page in CompetitionPage.objects.live()}
    assert phases == EXPECTED_PHASES


def test_seed_is_refused_under_production_settings(db, settings):
    """The demo world, with its known password, can never be built in production."""
    settings.OPENCALL_ENVIRONMENT = "production"
    with pytest.raises(CommandError, match="refused under production settings"):
        seed()
    assert not User.objects.filter(email="editor@example.org").exists()
    assert not PartnerCommunity.objects.exists()
    assert not HomePage.objects.exists()


DECISIONS = {
    EntryStatus.APPROVED: EntryAction.APPROVED,
    EntryStatus.REJECTED: EntryAction.REJECTED,
    EntryStatus.CHANGES_REQUESTED: EntryAction.CHANGES_REQUESTED,
}


def demo_entries():
    return Entry.objects.filter(author__email__endswith="@example.org").select_related(
        "competition"
    )


def assert_inside_timeline(entry: Entry, now) -> None:
    """Started after entries opened, submitted before they closed, decided
    after submitting and before voting or results, nothing after ``now``."""
    page, label = entry.competition, f"{entry.competition.slug}: {entry}"
    assert page.entries_open_at <= entry.created_at <= now, label
    if entry.status == EntryStatus.DRAFT:
        assert entry.submitted_at is None, label
    else:
        assert entry.created_at < entry.submitted_at < page.entries_close_at, label
        assert entry.submitted_at <= now, label
    settled_by = min(
        moment
        for moment in (page.voting_opens_at, page.results_published_at, now)
        if moment
    )
    for later in (entry.decided_at, entry.withdrawn_at):
        if later is not None:
            assert entry.submitted_at < later <= settled_by, label
    assert (entry.decided_at is not None) == (entry.status in DECISIONS), label
    assert (entry.withdrawn_at is not None) == (
        entry.status == EntryStatus.WITHDRAWN
    ), label
    moments = [entry.created_at, entry.submitted_at, entry.decided_at]
    last = max(moment for moment in [*moments, entry.withdrawn_at] if moment)
    assert entry.updated_at == last, label


def entry_dates() -> dict[str, tuple]:
    return {
        entry.public_id: (
            entry.created_at,
            entry.updated_at,
            entry.submitted_at,
            entry.decided_at,
            entry.withdrawn_at,
            *entry.events.values_list("created_at", flat=True),
        )
        for entry in demo_entries()
    }


def test_seeded_entries_are_dated_inside_their_competitions_timeline(db):
    """No entry was started, submitted or decided when the command ran."""
    seed()
    now = timezone.now()
    entries = list(demo_entries())
    assert len(entries) == 15
    assert {entry.status for entry in entries} == set(EntryStatus)
    for entry in entries:
        assert_inside_timeline(entry, now)


def test_seeded_entries_have_a_history_at_those_dates(db):
    """Each entry's events tell its story, dated as the entry is."""
    seed()
    for entry in demo_entries():
        events = list(entry.events.order_by("created_at", "pk"))
        actions = [event.action for event in events]
        expected = [EntryAction.CREATED]
        if entry.status != EntryStatus.DRAFT:
            expected.append(EntryAction.SUBMITTED)
        if entry.status in DECISIONS:
            expected.append(DECISIONS[entry.status])
        if entry.status == EntryStatus.WITHDRAWN:
            expected.append(EntryAction.WITHDRAWN)
        assert actions == expected, entry
        assert events[0].created_at == entry.created_at, entry
        assert events[-1].created_at == entry.updated_at, entry
        assert events[-1].to_status == entry.status, entry
        for earlier, later in zip(events, events[1:], strict=False):
            assert earlier.to_status == later.from_status, entry
        by_action = {event.action: event for event in events}
        if entry.submitted_at:
            assert by_action[EntryAction.SUBMITTED].created_at == entry.submitted_at
        if entry.status in DECISIONS:
            decision = by_action[DECISIONS[entry.status]]
            assert decision.created_at == entry.decided_at, entry
            assert decision.note == entry.feedback, entry
            decided_by = DECIDED_BY_MODERATOR.get(entry.title, "editor@example.org")
            assert decision.actor.email == decided_by, entry


def test_a_later_seed_moves_every_entry_with_its_competition(db):
    """The same moment gives the same dates; a week later, all a week later."""
    moment = timezone.now()
    build_demo_world(now=moment)
    first = entry_dates()
    events = EntryEvent.objects.count()
    build_demo_world(now=moment)
    assert entry_dates() == first
    week_later = moment + timedelta(days=7)
    build_demo_world(now=week_later)
    assert EntryEvent.objects.count() == events
    moved = {
        public_id: tuple(d + timedelta(days=7) if d else None for d in dates)
        for public_id, dates in first.items()
    }
    assert entry_dates() == moved
    for entry in demo_entries():
        assert_inside_timeline(entry, week_later)
    phases = {
        page.slug: page.phase_at(week_later) for page in CompetitionPage.objects.all()
    }
    assert phases == EXPECTED_PHASES


def test_the_demo_has_a_privacy_notice_and_terms_marked_as_samples(client, db):
    """Both pages exist, are linked from every footer, and say they are templates."""
    build_demo_world()

    footer = client.get("/").content.decode()
    for path in ("/privacy/", "/terms/"):
        assert f'href="{path}"' in footer
        page = client.get(path).content.decode()
        assert "This is a sample text for the demo." in page


DEMO_MODERATORS = {
    "mod.studyhub@example.org": "studyhub",
    "mod.parents@example.org": "parents-together",
}


def test_each_demo_moderator_has_a_queue_with_work_in_it(db):
    """Both lent moderators are on their roster, assigned to the open and voting
    competitions, and find a submitted entry waiting for them."""
    seed()
    for email, slug in DEMO_MODERATORS.items():
        moderator = User.objects.get(email=email)
        assert (
            CommunityModerator.objects.active()
            .filter(user=moderator, community__slug=slug)
            .exists()
        ), email
        competitions = set(
            active_assignments(moderator).values_list("competition__slug", flat=True)
        )
        assert competitions == {"first-year-stories", "picture-your-high-street"}
        queue = queue_entries(moderator).filter(status__in=QUEUE_STATUSES)
        assert queue.exists(), email
        assert may_use_moderation_area(moderator), email


def test_the_demo_decisions_are_on_record_and_move_with_their_entries(db):
    """Each decided demo entry has one decision dated as its decision; no more
    after a second run, and a week later they move a week on."""
    moment = timezone.now()
    build_demo_world(now=moment)
    decided = demo_entries().filter(status__in=list(DECISIONS))
    decisions = ModerationDecision.objects.filter(entry__in=decided)
    assert decisions.count() == decided.count() > 0
    for decision in decisions.select_related("entry"):
        assert decision.created_at == decision.entry.decided_at
        assert decision.to_status == decision.entry.status
        assert decision.message == decision.entry.feedback

    rosters_and_assignments = (
        CommunityModerator.objects.count(),
        ModeratorAssignment.objects.count(),
    )
    assert rosters_and_assignments == (2, 4)

    build_demo_world(now=moment + timedelta(days=7))

    assert ModerationDecision.objects.filter(kind="decision").count() == (
        decisions.count()
    )
    assert ModerationDecision.objects.filter(kind="escalation").count() == 1
    assert (
        CommunityModerator.objects.count(),
        ModeratorAssignment.objects.count(),
    ) == rosters_and_assignments
    for decision in ModerationDecision.objects.select_related("entry"):
        if decision.kind == "escalation":  # passed on after submission, undecided
            assert decision.entry.submitted_at < decision.created_at
            assert decision.entry.decided_at is None
        else:
            assert decision.created_at == decision.entry.decided_at


def test_the_demo_gives_each_moderator_and_the_editor_real_work(db):
    """A flagged story, a reported photograph, an appeal for the other community,
    and a story passed to staff: what the README's "log in as" table promises."""
    build_demo_world()
    studyhub = User.objects.get(email="mod.studyhub@example.org")
    parents = User.objects.get(email="mod.parents@example.org")
    editor = User.objects.get(email="editor@example.org")

    flagged = SafeguardingFlag.objects.values_list("entry__title", "kind")
    assert ("New school, new me", "phone") in set(flagged)
    reported = EntryReport.objects.filter(resolved_by__isnull=True)
    assert set(reported.values_list("entry__title", flat=True)) == {"Market day"}
    for moderator in (studyhub, parents):
        waiting = awaiting_decision(queue_entries(moderator), user=moderator)
        titles = set(waiting.values_list("title", flat=True))
        assert {"New school, new me", "Market day"} <= titles, moderator
        assert "Night bus home" not in titles  # with staff
    assert "Night bus home" in set(
        awaiting_decision(queue_entries(editor), user=editor).values_list(
            "title", flat=True
        )
    )
    assert [a.entry.title for a in appeals_routed_to(parents)] == ["A blurry bus"]
    assert list(appeals_routed_to(studyhub)) == []


def test_each_demo_idea_says_something_of_its_own(db):
    """Judges score the ideas side by side: no two may read the same."""
    seed()
    ideas = demo_entries().filter(competition__slug="greener-commutes")
    fields = ("idea_problem", "idea_proposal", "idea_beneficiaries")
    texts = {field: list(ideas.values_list(field, flat=True)) for field in fields}

    assert len(ideas) == 4
    for field, values in texts.items():
        assert all(values), field
        assert len(set(values)) == len(values), (field, values)
