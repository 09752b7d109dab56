"""Referral credit and impact counts, against a competition with two partners."""

from datetime import date

import pytest

from partners import impact
from partners.charts import bar_chart, day_chart, every_day
from tests.support.impact import BEFORE_RESULTS, EXPECTED, build_impact_world


@pytest.fixture
def world(competition_index):
    return build_impact_world(competition_index)


def counted(world):
    return impact.competition_impact(
        competition=world.competition,
        partners=impact.competition_partners(world.competition),
    )


def numbers(report: impact.PartnerImpact) -> dict[str, int]:
    return {code: value for code, _label, value in report.measures()}


def test_the_competitions_partners_are_its_two_partners_a_to_z(world):
    partners = impact.competition_partners(world.competition)

    assert [p.slug for p in partners] == ["parents", "studyhub"]


def test_a_community_lending_moderators_is_part_of_the_competition(world):
    from tests.factories import ModeratorAssignmentFactory

    ModeratorAssignmentFactory(competition=world.competition, community=world.elsewhere)

    slugs = [p.slug for p in impact.competition_partners(world.competition)]

    assert slugs == ["elsewhere", "parents", "studyhub"]


@pytest.mark.parametrize("slug", ["studyhub", "parents"])
def test_every_number_before_the_results_are_published(world, slug):
    report = counted(world).of(getattr(world, slug))

    assert numbers(report) == {**EXPECTED[slug], **BEFORE_RESULTS}


@pytest.mark.parametrize("slug", ["studyhub", "parents"])
def test_every_number_once_the_results_are_published(world, slug):
    world.publish_results()

    report = counted(world).of(getattr(world, slug))

    assert numbers(report) == EXPECTED[slug]


def test_unapproved_entries_count_as_entries_but_not_as_approved(world):
    report = counted(world).of(world.studyhub)

    # Sam's submitted image and Sue's rejected one, beside Sam's approved story.
    assert (report.entries, report.entries_approved) == (3, 1)


def test_a_draft_never_sent_in_is_not_an_entry(world):
    from submissions.models import Entry

    sent_in = [world.entries[key].pk for key in ("sam_story", "sam_image", "sue_image")]
    Entry.objects.filter(pk__in=sent_in).update(status="draft", submitted_at=None)

    report = counted(world).of(world.studyhub)

    assert (report.entries, report.entries_approved) == (0, 0)


def test_votes_set_aside_are_reported_apart_and_never_counted_as_valid(world):
    report = counted(world).of(world.parents)

    assert (report.votes_cast, report.votes_excluded) == (2, 2)


def test_a_member_whose_only_vote_was_set_aside_did_not_take_part(world):
    from voting.models import Vote

    Vote.objects.filter(voter__handle="poe").update(excluded_rule="")

    report = counted(world).of(world.parents)

    assert report.members_took_part == 3
    assert report.votes_cast == 3


def test_winners_only_once_the_results_are_published(world):
    before = counted(world).of(world.studyhub).winners
    world.publish_results()
    after = counted(world).of(world.studyhub).winners

    assert (before, after) == (0, 1)


def test_a_winner_withdrawn_later_is_no_longer_counted(world):
    world.publish_results()
    world.entries["sam_story"].status = "withdrawn"
    world.entries["sam_story"].save()

    report = counted(world).of(world.studyhub)

    assert (report.winners, report.awards) == (0, 0)


def test_entries_by_kind_per_partner_and_overall(world):
    overall = counted(world)

    assert overall.of(world.studyhub).kinds() == [
        ("Story", 1),
        ("Image", 2),
        ("Short film", 0),
        ("Idea", 0),
    ]
    assert overall.of(world.parents).kinds()[0] == ("Story", 3)
    # StudyHub's 1 + Parents' 3 + Elsewhere's story; StudyHub's 2 + Una's image.
    assert overall.kinds() == [
        ("Story", 5),
        ("Image", 3),
        ("Short film", 0),
        ("Idea", 0),
    ]


def test_entries_per_day_fall_on_the_competitions_local_day(world):
    overall = counted(world)

    assert overall.of(world.studyhub).entries_by_day == {
        date(2026, 6, 1): 1,
        date(2026, 6, 2): 1,  # 23:30 UTC is 00:30 in London
        date(2026, 6, 3): 1,
    }
    assert overall.entries_by_day == {
        date(2026, 6, 1): 2,
        date(2026, 6, 2): 3,
        date(2026, 6, 3): 3,
    }


def test_entries_by_partner_keep_other_partners_and_nobodys_apart(world):
    assert counted(world).by_partner() == [
        ("Parents Together", 3),
        ("StudyHub", 3),
        ("Other partners", 1),
        ("No partner", 1),
    ]


def test_decisions_by_outcome(world):
    overall = counted(world)

    assert overall.of(world.studyhub).outcomes() == [
        ("Approved", 2),
        ("Rejected", 1),
        ("Changes requested", 0),
    ]
    assert overall.of(world.parents).outcomes() == [
        ("Approved", 1),
        ("Rejected", 0),
        ("Changes requested", 1),
    ]


def test_the_approved_entries_listed_are_public_ones_with_awards_after_results(world):
    before = impact.approved_entries(
        competition=world.competition, partner=world.parents, published=False
    )
    world.publish_results()
    after = impact.approved_entries(
        competition=world.competition, partner=world.parents, published=True
    )

    assert [(e.handle, e.shortlisted, e.award) for e in before] == [
        ("pat", False, ""),
        ("una", False, ""),
    ]
    assert [(e.handle, e.shortlisted, e.award) for e in after] == [
        ("pat", True, "People's choice (Winner)"),
        ("una", True, "Best photograph (Runner-up)"),
    ]


def test_while_a_blind_round_is_open_the_listed_entries_name_no_author(world):
    from datetime import timedelta

    from django.utils import timezone

    from judging.models import JudgingRound

    rounds = JudgingRound.objects.filter(competition=world.competition)

    def handles():
        listed = impact.approved_entries(
            competition=world.competition, partner=world.parents, published=False
        )
        return [entry.handle for entry in listed]

    assert handles() == ["pat", "una"]
    rounds.update(blind=True)
    assert handles() == [str(impact.UNNAMED)] * 2
    rounds.update(closes_at=timezone.now() - timedelta(minutes=1))
    assert handles() == ["pat", "una"]


def test_counting_takes_the_same_queries_whatever_the_number_of_partners(
    world, django_assert_num_queries
):
    with django_assert_num_queries(6):
        impact.competition_impact(
            competition=world.competition, partners=[world.studyhub]
        )
    with django_assert_num_queries(6):
        impact.competition_impact(
            competition=world.competition,
            partners=[world.studyhub, world.parents, world.elsewhere],
        )


# Scope -------------------------------------------------------------------------


def test_a_roster_moderator_sees_only_their_own_partners_reports(world):
    reports = impact.viewer_reports(world.mod_parents)

    assert [(c.title, p.slug) for c, p in reports] == [
        ("Picture your high street", "parents")
    ]


def test_an_editor_sees_every_competition_and_partner(world):
    from tests.support.moderation import editor

    reports = impact.viewer_reports(editor())

    assert [(c.title, p.slug) for c, p in reports] == [
        ("Another call", "elsewhere"),
        ("Picture your high street", "parents"),
        ("Picture your high street", "studyhub"),
    ]


def test_a_moderator_taken_off_the_roster_sees_no_report(world):
    world.mod_parents.community_rosters.update(active=False)

    assert impact.viewer_reports(world.mod_parents) == []


def test_a_partner_sees_no_report_of_an_unpublished_competition(world):
    world.competition.unpublish()

    assert impact.viewer_reports(world.mod_parents) == []


# Charts ------------------------------------------------------------------------


def test_a_day_chart_has_a_column_for_every_day_empty_ones_too():
    days = {date(2026, 6, 1): 2, date(2026, 6, 4): 1}

    chart = day_chart(chart_id="c", title="Per day", days=days, value_heading="N")

    assert [value for _label, value in chart.rows] == [2, 0, 0, 1]
    assert [shape.height for shape in chart.shapes][1:3] == [0, 0]
    assert chart.shapes[0].height == 2 * chart.shapes[3].height


def test_every_day_keeps_the_latest_year_of_a_longer_span():
    days = {date(2024, 1, 1): 1, date(2026, 1, 1): 3}

    series = every_day(days)

    assert len(series) == 366
    assert series[-1] == (date(2026, 1, 1), 3)


def test_a_bar_chart_scales_bars_to_the_largest_and_summarises_in_words():
    chart = bar_chart(
        chart_id="c",
        title="By partner",
        rows=[("A", 4), ("B", 2), ("C", 0)],
        label_heading="Partner",
        value_heading="Entries",
    )

    widths = [shape.width for shape in chart.shapes]
    assert widths[0] == 2 * widths[1] and widths[2] == 0
    assert chart.summary == "6 in all; the most, 4, for A."


def test_a_chart_with_nothing_in_it_says_so():
    chart = bar_chart(
        chart_id="c", title="T", rows=[("A", 0)], label_heading="L", value_heading="V"
    )

    assert chart.empty
    assert chart.summary == "Nothing to show yet."
