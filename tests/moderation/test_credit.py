"""Public credit: who moderated a competition, and what a partner's volunteers did."""

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory

from moderation.credit import natural_list
from moderation.models import ModerationDecision
from moderation.wagtail_hooks import moderated_by_section, volunteers_reviewed_section
from submissions.enums import EntryStatus
from tests.factories import (
    CompetitionPageFactory,
    EntryFactory,
    ModeratorAssignmentFactory,
    PartnerCommunityFactory,
    UserFactory,
    days_from_now,
)


def text_of(response) -> str:
    assert response.status_code == 200
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


@pytest.fixture
def competition(competition_index):
    return CompetitionPageFactory(parent=competition_index, title="First-year stories")


def community(name: str):
    return PartnerCommunityFactory(name=name)


def assign(competition, partner, handle: str, **extra):
    return ModeratorAssignmentFactory(
        competition=competition,
        community=partner,
        moderator=UserFactory(is_staff=True, handle=handle),
        **extra,
    )


def decide(entry, partner, *, actor=None, to_status=EntryStatus.APPROVED):
    return ModerationDecision.objects.create(
        entry=entry,
        actor=actor or UserFactory(),
        community=partner,
        from_status=EntryStatus.SUBMITTED,
        to_status=to_status,
    )


@pytest.mark.parametrize(
    ("names", "sentence"),
    [
        (["StudyHub"], "StudyHub"),
        (["Parents Together", "StudyHub"], "Parents Together and StudyHub"),
        (["A", "B", "C"], "A, B and C"),
    ],
)
def test_names_are_joined_as_a_sentence_would(names, sentence):
    assert natural_list(names) == sentence


def test_a_competition_names_the_communities_that_moderate_it(client, competition):
    studyhub, parents = community("StudyHub"), community("Parents Together")
    assign(competition, studyhub, "mod_one")
    assign(competition, studyhub, "mod_two")  # StudyHub is named once
    assign(competition, parents, "mod_three")

    text = text_of(client.get(competition.url))

    assert "Moderated by volunteers from Parents Together and StudyHub." in text


def test_the_credit_names_three_communities_in_name_order(client, competition):
    for name in ("Patient Voices", "StudyHub", "Parents Together"):
        assign(competition, community(name), f"mod_{len(name)}")

    text = text_of(client.get(competition.url))

    assert (
        "Moderated by volunteers from Parents Together, Patient Voices and StudyHub."
        in text
    )


def test_no_credit_when_nobody_moderates(client, competition):
    other = CompetitionPageFactory(parent=competition.get_parent())
    assign(other, community("StudyHub"), "mod_elsewhere")

    assert "Moderated by" not in text_of(client.get(competition.url))


def test_an_assignment_that_has_not_started_earns_no_credit_yet(client, competition):
    assign(competition, community("StudyHub"), "mod_now")
    assign(
        competition,
        community("Parents Together"),
        "mod_later",
        active_from=days_from_now(3),
    )

    text = text_of(client.get(competition.url))

    assert "Moderated by volunteers from StudyHub." in text
    assert "Parents Together" not in text


def test_an_ended_assignment_still_earns_credit(client, competition):
    assign(
        competition,
        community("StudyHub"),
        "mod_done",
        active_from=days_from_now(-9),
        active_until=days_from_now(-2),
    )

    assert "Moderated by volunteers from StudyHub." in text_of(
        client.get(competition.url)
    )


def test_the_public_credit_never_names_a_moderator(client, competition):
    studyhub = community("StudyHub")
    assignment = assign(competition, studyhub, "secret_mod_handle")
    decide(EntryFactory(competition=competition, approved=True), studyhub)

    competition_page = client.get(competition.url).content.decode()
    partner_page = client.get(studyhub.get_absolute_url()).content.decode()

    for page in (competition_page, partner_page):
        assert "secret_mod_handle" not in page
        assert assignment.moderator.email not in page


def test_a_partner_page_counts_the_entries_its_volunteers_reviewed(client, competition):
    studyhub, parents = community("StudyHub"), community("Parents Together")
    twice, once, theirs, staff = (
        EntryFactory(competition=competition, approved=True) for _ in range(4)
    )
    decide(twice, studyhub, to_status=EntryStatus.CHANGES_REQUESTED)
    decide(twice, studyhub)  # the same entry again: counted once
    decide(once, studyhub, to_status=EntryStatus.REJECTED)
    decide(theirs, parents)
    decide(staff, None)  # an editor's decision belongs to no community

    text = text_of(client.get(studyhub.get_absolute_url()))

    assert "Our volunteers reviewed 2 entries." in text


def test_one_entry_reviewed_is_said_in_the_singular(client, competition):
    studyhub = community("StudyHub")
    decide(EntryFactory(competition=competition, approved=True), studyhub)

    text = text_of(client.get(studyhub.get_absolute_url()))

    assert "Our volunteers reviewed 1 entry." in text


def test_a_partner_with_no_reviews_shows_no_count(client, competition):
    studyhub = community("StudyHub")
    decide(EntryFactory(competition=competition, approved=True), community("Other"))

    assert "Our volunteers reviewed" not in text_of(
        client.get(studyhub.get_absolute_url())
    )


@pytest.mark.parametrize("size", [2, 12])
def test_each_credit_costs_one_query_whatever_the_numbers(
    competition, django_assert_num_queries, size
):
    request = RequestFactory().get("/")
    partners = [community(f"Forum {number:02}") for number in range(size)]
    for number, partner in enumerate(partners):
        assign(competition, partner, f"mod_{number}")
        for _ in range(2):
            decide(EntryFactory(competition=competition, approved=True), partners[0])

    with django_assert_num_queries(1):
        section = moderated_by_section(request, competition)
    with django_assert_num_queries(1):
        reviewed = volunteers_reviewed_section(request, partners[0])

    names = section.context["communities"]
    assert names.startswith("Forum 00") and names.endswith(f"and Forum {size - 1:02}")
    assert reviewed.context["reviewed"] == 2 * size


# The credit on cached pages -------------------------------------------------------


@pytest.fixture
def page_cache_on(settings, django_capture_on_commit_callbacks):
    """Keep anonymous pages, and commit as a real request would."""
    from django.core.cache import cache

    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    cache.clear()

    def committed(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return committed


def cached(client, url: str) -> None:
    client.get(url)
    assert client.get(url)["X-Cache"] == "hit"


def test_a_community_assigned_shows_in_the_credit_at_once(
    client, competition, page_cache_on
):
    assign(competition, community("StudyHub"), "mod_first")
    cached(client, competition.url)

    assignment = page_cache_on(
        lambda: assign(competition, community("Parents Together"), "mod_second")
    )

    text = text_of(client.get(competition.url))
    assert "Moderated by volunteers from Parents Together and StudyHub." in text
    page_cache_on(assignment.delete)
    assert "Moderated by volunteers from StudyHub." in text_of(
        client.get(competition.url)
    )


def test_a_decision_that_changes_no_entry_still_counts_at_once(
    client, competition, page_cache_on
):
    """Passing an entry to staff leaves it as it was, but it was reviewed."""
    studyhub = community("StudyHub")
    entry = EntryFactory(competition=competition, submitted=True)
    cached(client, studyhub.get_absolute_url())

    page_cache_on(
        lambda: ModerationDecision.objects.create(
            entry=entry,
            actor=UserFactory(),
            community=studyhub,
            from_status=EntryStatus.SUBMITTED,
            to_status=EntryStatus.SUBMITTED,
            kind="escalation",
        )
    )

    assert "Our volunteers reviewed 1 entry." in text_of(
        client.get(studyhub.get_absolute_url())
    )
