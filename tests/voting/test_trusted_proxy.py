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


@pytest.mark.parametrize(
    ("proxies", "forwarded", "statuses"),
    [
        # Behind the balancer, each voter's own address is the key.
        (["10.0.0.0/8"], "192.0.2.{}", [302, 302, 302]),
        # What a voter wrote before the balancer's own hop changes nothing.
        (["10.0.0.0/8"], "192.0.2.{}, 198.51.100.7", [302, 302, 429]),
        # An untrusted peer is its own key, whatever it forwards.
        ([], "192.0.2.{}", [302, 302, 429]),
    ],
    ids=["trusted", "spoofed-behind-trusted", "untrusted"],
)
def test_the_per_ip_limit_believes_trusted_proxies_only(
    client, recaptcha, competition, settings, proxies, forwarded, statuses
):
    settings.TRUSTED_PROXIES = proxies
    settings.VOTING_RATE_PER_IP = 2
    entries = EntryFactory.create_batch(3, competition=competition, approved=True)

    answers = [
        vote(client, recaptcha, entry, forwarded.format(index)).status_code
        for index, entry in enumerate(entries)
    ]

    assert answers == statuses
    assert Vote.objects.count() == statuses.count(302)
