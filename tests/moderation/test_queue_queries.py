"""The queue's query count does not grow with its length, flags and all."""

from datetime import timedelta

import pytest
from django.utils import timezone

from moderation.enums import FindingKind
from moderation.models import SafeguardingFlag
from submissions.enums import AgeBand
from tests.factories import EntryFactory
from tests.support.moderation import build_world
from tests.support.staff import sign_in

QUEUE = "/admin/moderation/"
# What one page of the queue may cost, whatever its length.
QUEUE_BUDGET = 20


@pytest.fixture
def world(competition_index):
    return build_world(competition_index)


def fill_queue(world, count: int) -> None:
    """Give A's queue ``count`` entries in all, every third one flagged twice."""
    for number in range(count - 1):  # the world has one already
        entry = EntryFactory(
            competition=world.competition_a,
            title=f"Entry {number}",
            submitted=True,
            submitted_at=timezone.now() - timedelta(hours=number + 1),
            age_band=AgeBand.AGE_13_TO_17,
            guardian_confirmed=True,
        )
        if number % 3 == 0:
            SafeguardingFlag.objects.bulk_create(
                [
                    SafeguardingFlag(
                        entry=entry,
                        kind=FindingKind.PHONE,
                        field="title",
                        found=f"07700 9001{number:02d}",
                    ),
                    SafeguardingFlag(
                        entry=entry,
                        kind=FindingKind.POSTCODE,
                        field="title",
                        found="SW1A 1AA",
                    ),
                ]
            )


def test_the_queue_costs_the_same_for_3_or_30_entries(
    client, world, django_assert_max_num_queries, django_assert_num_queries
):
    sign_in(client, world.moderator_a)
    client.get(QUEUE)  # warm the session and the content types

    fill_queue(world, 3)
    with django_assert_max_num_queries(QUEUE_BUDGET) as small:
        response = client.get(QUEUE)
    assert response.content.decode().count("Phone number: 07700 9001") == 1

    fill_queue(world, 30 - 3 + 1)  # 27 more: 30 in all
    with django_assert_num_queries(len(small)):
        response = client.get(QUEUE)
    assert response.content.decode().count("Phone number: 07700 9001") == 10
    assert response.content.decode().count('name="id"') == 30


def test_the_flagged_filter_costs_the_same_for_3_or_30_entries(
    client, world, django_assert_max_num_queries, django_assert_num_queries
):
    sign_in(client, world.moderator_a)
    client.get(QUEUE, {"flagged": "true"})

    fill_queue(world, 4)  # 1 of the 3 new entries is flagged
    with django_assert_max_num_queries(QUEUE_BUDGET) as small:
        response = client.get(QUEUE, {"flagged": "true"})
    assert response.content.decode().count('name="id"') == 1

    fill_queue(world, 40)  # 13 of the 39 new entries are flagged
    with django_assert_num_queries(len(small)):
        response = client.get(QUEUE, {"flagged": "true"})
    assert response.content.decode().count('name="id"') == 14
