"""The demo world's toolkit: every partner can embed, badge and link a thread."""

import pytest

from communities.models import PartnerCommunity
from home.demo import build_demo_world
from partners.models import DiscussionThread

pytestmark = pytest.mark.django_db


def test_each_demo_partner_has_origins_a_badge_and_a_thread_on_one_call(client):
    build_demo_world()
    build_demo_world()  # twice: nothing doubles

    partners = PartnerCommunity.objects.all()
    assert {p.slug for p in partners} == {
        "studyhub",
        "parents-together",
        "patient-voices",
    }
    assert DiscussionThread.objects.count() == 3
    for partner in partners:
        assert partner.allowed_embed_origins, partner.slug
        thread = DiscussionThread.objects.select_related("competition").get(
            partner=partner
        )
        competition = thread.competition
        assert competition.partnerships.filter(partner=partner).exists()
        assert thread.url.startswith(partner.website + "/")
        page = client.get(competition.url).content.decode()
        assert f'href="{thread.url}"' in page
        badge = client.get(f"/badges/{partner.slug}/{competition.slug}.svg")
        assert badge.status_code == 200
        widget = client.get(f"/embed/{competition.slug}/?partner={partner.slug}")
        ancestors = " ".join(partner.allowed_embed_origins)
        assert f"frame-ancestors {ancestors}" in widget["Content-Security-Policy"]
