"""Behind a trusted load balancer each voter's own address is the rate-limit key."""

import pytest
from django.urls import reverse

from tests.factories import EntryFactory
from tests.voting.conftest import verified_member
from voting.models import Vote

pytestmark = pytest.mark.django_db


def vote(client, recaptcha, entry, forwarded: str):
    client.force_login(verified_member())
    return client.post(
        reverse("voting_public:entry_vote", kwargs={"public_id": entry.public_id}),
        {"action": "cast", **recaptcha.data("vote")},
        headers={"X-Forwarded-For": forwarded},
        REMOTE_ADDR="10.0.0.5",
    )


def test_behind_a_trusted_proxy_voters_are_told_apart(
    client, recaptcha, competition, settings
):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.VOTING_RATE_PER_IP = 2
    entries = EntryFactory.create_batch(3, competition=competition, approved=True)

    statuses = [
        vote(client, recaptcha, entry, f"192.0.2.{index}").status_code
        for index, entry in enumerate(entries)
    ]

    assert statuses == [302, 302, 302]
    assert Vote.objects.values("ip_hash").distinct().count() == 3


def test_behind_a_trusted_proxy_a_spoofed_hop_is_still_one_voter(
    client, recaptcha, competition, settings
):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.VOTING_RATE_PER_IP = 2
    entries = EntryFactory.create_batch(3, competition=competition, approved=True)

    statuses = [
        vote(client, recaptcha, entry, f"192.0.2.{index}, 198.51.100.7").status_code
        for index, entry in enumerate(entries)
    ]

    assert statuses == [302, 302, 429]


def test_an_untrusted_peer_is_its_own_key_whatever_it_forwards(
    client, recaptcha, competition, settings
):
    settings.TRUSTED_PROXIES = []
    settings.VOTING_RATE_PER_IP = 2
    entries = EntryFactory.create_batch(3, competition=competition, approved=True)

    statuses = [
        vote(client, recaptcha, entry, f"192.0.2.{index}").status_code
        for index, entry in enumerate(entries)
    ]

    assert statuses == [302, 302, 429]
