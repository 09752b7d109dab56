"""The demo world gives every partner a populated impact report."""

import pytest
from django.core.management import call_command

from communities.models import PartnerCommunity
from partners import impact

DEMO_PARTNERS = ["studyhub", "parents-together", "patient-voices"]


@pytest.fixture
def seeded(db):
    call_command("seed_demo", verbosity=0)


def totals(slug: str) -> dict[str, int]:
    """Add up the partner's numbers over every competition it is part of."""
    partner = PartnerCommunity.objects.get(slug=slug)
    sums: dict[str, int] = {}
    for competition in impact.partner_competitions(partner):
        report = impact.partner_impact(competition=competition, partner=partner)
        for code, _label, value in report.measures():
            sums[code] = sums.get(code, 0) + value
    return sums


def test_each_demo_partner_has_a_populated_impact_report(seeded):
    reports = {slug: totals(slug) for slug in DEMO_PARTNERS}

    for slug, numbers in reports.items():
        assert numbers["members_joined"] >= 1, slug
        assert numbers["members_took_part"] >= 1, slug
        assert numbers["entries"] >= 2, slug
        assert numbers["entries_approved"] >= 1, slug
    assert reports["parents-together"]["votes_cast"] >= 1
    assert reports["patient-voices"]["votes_cast"] >= 1
    assert reports["studyhub"]["decisions"] >= 1
    assert reports["parents-together"]["awards"] >= 1  # the published results


def test_seeding_again_keeps_the_same_credit(seeded):
    first = {slug: totals(slug) for slug in DEMO_PARTNERS}

    call_command("seed_demo", verbosity=0)

    assert {slug: totals(slug) for slug in DEMO_PARTNERS} == first
