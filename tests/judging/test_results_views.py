"""The results area of the admin: ranking page, shortlist, winners, export."""

import csv
import html
import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import PageLogEntry

from competitions.enums import PrizeKind
from competitions.models import CompetitionCategory
from judging.enums import AwardPlace, RoundIntake
from judging.models import Award, ResultsPublication, RoundJudge, ShortlistedEntry
from judging.results_services import LOG_AWARDS, LOG_SHORTLIST
from judging.scoring import AGREEMENT_NAME, TIE_BREAK_RULE
from tests.factories import CompetitionPageFactory, EntryFactory
from tests.support.judging_results import editor, judge, make_round, prize, score
from tests.support.staff import sign_in


@pytest.fixture
def competition(competition_index):
    return CompetitionPageFactory(parent=competition_index, judging=True)


@pytest.fixture
def world(competition):
    """Round 1 (chair: ``chair``) takes all approved entries; round 2 a shortlist."""
    chair, other = judge(handle="chair"), judge(handle="other")
    first = make_round(competition, chair=chair, judges=[other])
    second = make_round(
        competition, position=2, intake=RoundIntake.SHORTLIST, chair=chair
    )
    start = timezone.now() - timedelta(days=2)
    made = [
        EntryFactory(
            competition=competition,
            title=title,
            approved=True,
            submitted_at=start + timedelta(hours=n),
        )
        for n, title in enumerate(["Alpha", "Bravo", "Charlie"])
    ]
    for who in (chair, other):
        for entry, (idea, craft) in zip(made, [(9, 5), (6, 3), (2, 1)], strict=True):
            score(first, who, entry, idea, craft)
    pending = EntryFactory(competition=competition, title="Pending", approved=True)
    score(first, other, pending)
    return {
        "competition": competition,
        "chair": chair,
        "other": other,
        "first": first,
        "second": second,
        "entries": made,
        "pending": pending,
    }


def ranking_url(judging_round) -> str:
    return reverse("judging_results:ranking", args=[judging_round.pk])


def winners_url(competition) -> str:
    return reverse("judging_results:winners", args=[competition.pk])


def table_titles(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        row.select("td")[2].get_text(" ", strip=True).split(" ")[0]
        for row in soup.select("table.judging-ranking__table tbody tr")
    ]


# The ranking page ------------------------------------------------------------------


def test_the_chair_sees_the_ranking_explained(client, world):
    sign_in(client, world["chair"])

    response = client.get(ranking_url(world["first"]))

    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert AGREEMENT_NAME in text
    assert "The judges agree well." in text
    assert TIE_BREAK_RULE in text
    assert "normalised mean is fairer when judges are harsh or generous" in text
    assert table_titles(response) == ["Alpha", "Bravo", "Charlie", "Pending"]
    missing = BeautifulSoup(response.content, "html.parser").select(
        "#missing-heading ~ ul li"
    )
    assert [item.get_text(strip=True) for item in missing] == ["other: Pending"]


def test_a_blind_rounds_ranking_hides_handles_from_the_chair(client, world):
    author = world["entries"][0].author.public_name
    sign_in(client, world["chair"])

    text = client.get(ranking_url(world["first"])).content.decode()

    assert world["first"].blind
    assert author not in text


def test_an_editor_sees_the_ranking_with_the_export_links(client, world):
    sign_in(client, editor(handle="ed"))

    response = client.get(ranking_url(world["first"]))

    assert response.status_code == 200
    export = reverse("judging_results:export", args=[world["first"].pk, "csv"])
    assert export in response.content.decode()


def test_the_ranking_page_takes_the_same_queries_at_two_sizes(
    client, competition_index
):
    chief = editor(handle="ed")
    sign_in(client, chief)
    counts = []
    for size in (3, 20):
        competition = CompetitionPageFactory(parent=competition_index, judging=True)
        panel = [judge(handle=f"p{size}_{n}") for n in range(3)]
        judging_round = make_round(competition, chair=panel[0], judges=panel[1:])
        for n in range(size):
            entry = EntryFactory(competition=competition, approved=True)
            score(judging_round, panel[n % 3], entry, n % 10, n % 5)
            score(judging_round, panel[(n + 1) % 3], entry, (n + 4) % 10, 2)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(ranking_url(judging_round))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# Advancing a shortlist ------------------------------------------------------------


def test_the_chair_advances_ticked_entries(client, world):
    alpha, bravo, _ = world["entries"]
    sign_in(client, world["chair"])

    response = client.post(
        ranking_url(world["first"]), {"entries": [alpha.pk, bravo.pk]}
    )

    assert response.status_code == 302
    shortlisted = ShortlistedEntry.objects.filter(round=world["second"])
    assert {row.entry for row in shortlisted} == {alpha, bravo}
    assert all(row.advanced_by == world["chair"] for row in shortlisted)
    audit = PageLogEntry.objects.get(action=LOG_SHORTLIST)
    assert audit.page_id == world["competition"].pk
    assert audit.data["entries"] == sorted([alpha.pk, bravo.pk])


def test_the_chair_advances_the_top_n_of_the_ranking(client, world):
    sign_in(client, world["chair"])

    client.post(ranking_url(world["first"]), {"top": "2"})

    shortlisted = ShortlistedEntry.objects.filter(round=world["second"])
    assert {row.entry.title for row in shortlisted} == {"Alpha", "Bravo"}


def test_advancing_needs_a_next_round_that_takes_a_shortlist(client, world):
    world["second"].intake = RoundIntake.ALL_APPROVED
    world["second"].save()
    sign_in(client, world["chair"])

    response = client.post(ranking_url(world["first"]), {"top": "1"})

    assert response.status_code == 400
    assert "no next round that takes a shortlist" in response.content.decode()
    assert not ShortlistedEntry.objects.exists()


def test_advancing_refuses_entries_from_elsewhere(client, world, competition_index):
    stranger = EntryFactory(approved=True)
    sign_in(client, world["chair"])

    response = client.post(ranking_url(world["first"]), {"entries": [stranger.pk]})

    assert response.status_code == 400
    assert not ShortlistedEntry.objects.exists()


def test_advancing_nothing_is_refused_with_a_message(client, world):
    sign_in(client, world["chair"])

    response = client.post(ranking_url(world["first"]), {"top": ""})

    assert response.status_code == 400
    assert "at least one entry" in response.content.decode()


def test_an_editor_who_is_not_chair_cannot_advance(client, world):
    sign_in(client, editor(handle="ed"))

    response = client.post(ranking_url(world["first"]), {"top": "1"})

    assert response.status_code == 400
    assert not ShortlistedEntry.objects.exists()


# Choosing winners -----------------------------------------------------------------


@pytest.fixture
def final(world):
    """Alpha and Bravo advanced into round 2, the final round."""
    for entry in world["entries"][:2]:
        ShortlistedEntry.objects.create(round=world["second"], entry=entry)
    return world


def choose(client, competition, the_prize, *entries):
    data = {"prize": the_prize.pk}
    for place, entry in zip((1, 2, 3), entries, strict=False):
        data[f"prize-{the_prize.pk}-place_{place}"] = entry.pk if entry else ""
    return client.post(winners_url(competition), data)


def test_the_final_chair_chooses_a_winner_and_a_runner_up(client, final):
    alpha, bravo, _ = final["entries"]
    best = prize(final["competition"], "Best story")
    sign_in(client, final["chair"])

    response = choose(client, final["competition"], best, bravo, alpha)

    assert response.status_code == 302
    assert [(a.place, a.entry) for a in Award.objects.filter(prize=best)] == [
        (AwardPlace.WINNER, bravo),
        (AwardPlace.RUNNER_UP, alpha),
    ]
    audit = PageLogEntry.objects.get(action=LOG_AWARDS)
    assert audit.user == final["chair"]
    assert audit.data["awards"] == [[1, bravo.pk], [2, alpha.pk]]


def test_choosing_again_replaces_the_earlier_choice(client, final):
    alpha, bravo, _ = final["entries"]
    best = prize(final["competition"], "Best story")
    sign_in(client, final["chair"])
    choose(client, final["competition"], best, bravo, alpha)

    choose(client, final["competition"], best, alpha)

    assert [(a.place, a.entry) for a in Award.objects.filter(prize=best)] == [
        (AwardPlace.WINNER, alpha)
    ]


def test_winners_come_only_from_the_final_rounds_entries(client, final):
    charlie = final["entries"][2]  # not advanced to round 2
    best = prize(final["competition"], "Best story")
    sign_in(client, final["chair"])

    response = choose(client, final["competition"], best, charlie)

    assert response.status_code == 400
    assert not Award.objects.exists()


def test_an_entry_takes_one_place_per_prize(client, final):
    alpha = final["entries"][0]
    best = prize(final["competition"], "Best story")
    sign_in(client, final["chair"])

    response = choose(client, final["competition"], best, alpha, alpha)

    assert response.status_code == 400
    assert "only one place" in response.content.decode()
    assert not Award.objects.exists()


def test_a_runner_up_needs_a_winner(client, final):
    best = prize(final["competition"], "Best story")
    sign_in(client, final["chair"])

    response = choose(client, final["competition"], best, None, final["entries"][0])

    assert response.status_code == 400
    assert not Award.objects.exists()


def test_a_category_prize_takes_entries_of_its_category(client, final):
    alpha, bravo, _ = final["entries"]
    young = CompetitionCategory.objects.create(
        page=final["competition"], name="Under 18"
    )
    bravo.category = young
    bravo.save()
    under_18 = prize(final["competition"], "Young writer", category_name="under 18")
    sign_in(client, final["chair"])

    refused = choose(client, final["competition"], under_18, alpha)
    accepted = choose(client, final["competition"], under_18, bravo)

    assert refused.status_code == 400
    assert accepted.status_code == 302
    assert Award.objects.get(prize=under_18).entry == bravo


@pytest.mark.parametrize("prize_id", ["", "x", "²", "9" * 30])
def test_winners_for_a_malformed_prize_are_refused_with_a_message(
    client, final, prize_id
):
    sign_in(client, final["chair"])

    response = client.post(winners_url(final["competition"]), {"prize": prize_id})

    assert response.status_code == 400
    assert "Please choose one of the judges' prizes." in html.unescape(
        response.content.decode()
    )


def test_the_peoples_choice_shows_not_decided(client, final):
    prize(final["competition"], "Public's pick", kind=PrizeKind.PEOPLES_CHOICE)
    sign_in(client, final["chair"])

    text = client.get(winners_url(final["competition"])).content.decode()

    assert "People's choice: not decided" in html.unescape(text)


def test_the_peoples_choice_cannot_be_chosen_by_the_judges(client, final):
    public = prize(final["competition"], "Public", kind=PrizeKind.PEOPLES_CHOICE)
    sign_in(client, final["chair"])

    response = choose(client, final["competition"], public, final["entries"][0])

    assert response.status_code == 400
    assert not Award.objects.exists()


def test_winners_cannot_change_once_published(client, final):
    best = prize(final["competition"], "Best story")
    ResultsPublication.objects.create(competition=final["competition"])
    sign_in(client, final["chair"])

    response = choose(client, final["competition"], best, final["entries"][0])

    assert response.status_code == 400
    assert "can no longer change" in response.content.decode()


def test_an_editor_chooses_winners_too(client, final):
    best = prize(final["competition"], "Best story")
    sign_in(client, editor(handle="ed"))

    response = choose(client, final["competition"], best, final["entries"][0])

    assert response.status_code == 302
    assert Award.objects.filter(prize=best).count() == 1


def test_the_chair_of_an_earlier_round_only_does_not_choose(client, final):
    best = prize(final["competition"], "Best story")
    sign_in(client, final["other"])  # on round 1's panel, chairs nothing

    assert client.get(winners_url(final["competition"])).status_code == 404
    assert (
        choose(client, final["competition"], best, final["entries"][0]).status_code
        == 404
    )


# The export ---------------------------------------------------------------------


def test_the_csv_export_escapes_formulas(client, world):
    alpha = world["entries"][0]
    alpha.title = '=HYPERLINK("http://evil.example")'
    alpha.save()
    sign_in(client, editor(handle="ed"))

    response = client.get(
        reverse("judging_results:export", args=[world["first"].pk, "csv"])
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Place", "Entry", "Entry id"]
    assert "chair" in rows[0] and "other" in rows[0]
    assert rows[1][1] == "'" + alpha.title
    assert len(rows) == 1 + 4


def test_the_xlsx_export_stores_text_not_formulas(client, world):
    alpha = world["entries"][0]
    alpha.title = "=1+1"
    alpha.save()
    sign_in(client, editor(handle="ed"))

    response = client.get(
        reverse("judging_results:export", args=[world["first"].pk, "xlsx"])
    )

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=2).value == "'=1+1"
    assert sheet.cell(row=2, column=2).data_type == "s"
    assert sheet.cell(row=2, column=1).value == 1


def test_the_export_is_for_editors_only(client, world):
    sign_in(client, world["chair"])

    url = reverse("judging_results:export", args=[world["first"].pk, "csv"])

    assert client.get(url).status_code == 404


# The results area's index and a pairwise round ------------------------------------


def test_the_index_offers_winners_only_to_the_final_rounds_chair(client, world):
    index = reverse("judging_results:index")
    earlier_chair = judge(handle="earlier")
    RoundJudge.objects.filter(round=world["first"]).update(is_chair=False)
    RoundJudge.objects.create(round=world["first"], judge=earlier_chair, is_chair=True)

    sign_in(client, world["chair"])  # chairs round 2, the final one
    final_text = client.get(index).content.decode()
    client.logout()
    sign_in(client, earlier_chair)
    earlier_text = client.get(index).content.decode()

    assert winners_url(world["competition"]) in final_text
    assert ranking_url(world["first"]) in earlier_text
    assert winners_url(world["competition"]) not in earlier_text


def test_the_index_takes_the_same_queries_at_two_sizes(client, competition_index):
    chair = judge(handle="many_chair")
    sign_in(client, chair)
    counts = []
    for size in (1, 6):
        while chair.judging_seats.count() < size:
            competition = CompetitionPageFactory(parent=competition_index)
            make_round(competition, chair=chair)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("judging_results:index"))
        assert response.status_code == 200
        assert response.content.decode().count("/admin/judging_results/rounds/") == (
            size
        )
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_pairwise_rounds_ranking_shows_strengths(client, competition):
    from judging.enums import RoundMethod
    from judging.models import Comparison

    chair = judge(handle="pair_chair")
    judging_round = make_round(
        competition, method=RoundMethod.PAIRWISE, criteria=(), chair=chair
    )
    good, poor = (
        EntryFactory(competition=competition, title=t, approved=True)
        for t in ("Good", "Poor")
    )
    for _ in range(3):
        Comparison.objects.create(
            round=judging_round, judge=chair, first=poor, second=good, winner=good
        )
    sign_in(client, chair)

    response = client.get(ranking_url(judging_round))

    assert response.status_code == 200
    assert table_titles_pairwise(response) == ["Good", "Poor"]
    assert "±" in response.content.decode()


def table_titles_pairwise(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        row.select("td")[1].get_text(" ", strip=True)
        for row in soup.select("table.judging-ranking__table tbody tr")
    ]


def test_a_pairwise_rounds_ranking_takes_the_same_queries_at_two_sizes(
    client, competition_index
):
    from judging.enums import RoundMethod
    from judging.models import Comparison

    sign_in(client, editor(handle="ed"))
    counts = []
    for size in (3, 20):
        competition = CompetitionPageFactory(parent=competition_index, judging=True)
        panel = [judge(handle=f"pw{size}_{n}") for n in range(2)]
        judging_round = make_round(
            competition,
            method=RoundMethod.PAIRWISE,
            criteria=(),
            chair=panel[0],
            judges=panel[1:],
        )
        entries = [
            EntryFactory(competition=competition, approved=True) for _ in range(size)
        ]
        for n, entry in enumerate(entries):
            other = entries[(n + 1) % size]
            Comparison.objects.create(
                round=judging_round,
                judge=panel[n % 2],
                first=entry,
                second=other,
                winner=entry if n % 3 else other,
            )
        with CaptureQueriesContext(connection) as queries:
            response = client.get(ranking_url(judging_round))
        assert response.status_code == 200
        assert len(table_titles_pairwise(response)) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]
