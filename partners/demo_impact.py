"""The demo world's referral credit, so each partner has a populated impact report.

The demo members joined through a partner's link (``User.referred_by``), and
their entries are credited to that partner (``Entry.referral_partner``), as the
referral middleware and sign-up would have done:

- ``ana_writes`` and ``dee_draws`` through StudyHub (entries in the open and
  the judging competitions; StudyHub's moderator decided in the voting one);
- ``benshoots`` through Parents Together (entries in the open, voting and
  results competitions, votes in the voting one, a winning image);
- ``cai-ideas`` through Patient Voices (entries in the voting and judging
  competitions, votes in the voting one).

Runs after the entries, decisions, results and votes exist. Credit already
given is left alone, so running it again changes nothing.
"""

from communities.models import PartnerCommunity
from members.models import User
from submissions.models import Entry

# Each demo member's email and the slug of the partner they joined through.
REFERRALS = {
    "ana@example.org": "studyhub",
    "dee@example.org": "studyhub",
    "ben@example.org": "parents-together",
    "cai@example.org": "patient-voices",
}


def ensure_referral_credit(*, partners: dict[str, PartnerCommunity]) -> int:
    """Credit each demo member and their entries to a partner; return the entries."""
    credited = 0
    for email, slug in REFERRALS.items():
        partner = partners[slug]
        User.objects.filter(email=email, referred_by__isnull=True).update(
            referred_by=partner
        )
        credited += Entry.objects.filter(
            author__email=email, referral_partner__isnull=True
        ).update(referral_partner=partner)
    return credited
