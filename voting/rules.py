"""Reading a competition's voting rules and the settings behind the checks."""

from django.conf import settings

from competitions.models import CompetitionPage
from core.pagecache import generation_cached

from .models import ShowCounts, VotingRules


def rules_for(competition: CompetitionPage) -> VotingRules:
    """Return the competition's rules, or unsaved defaults when none are set.

    Read once per competition object, and kept per generation of public pages
    (saving rules starts a new one; a vote, in its transaction, reads them
    afresh).
    """
    related = CompetitionPage.voting_rules.related
    if not related.is_cached(competition):
        stored = generation_cached(
            f"voting-rules:{competition.pk}",
            lambda: VotingRules.objects.filter(competition_id=competition.pk).first(),
        )
        if stored is not None:
            stored.competition = competition
        related.set_cached_value(competition, stored)
    try:
        return competition.voting_rules
    except VotingRules.DoesNotExist:
        return VotingRules(competition=competition)


def rules_to_edit(competition: CompetitionPage) -> VotingRules:
    """Return the rules as stored now, for an editor to change (else defaults)."""
    stored = VotingRules.objects.filter(competition=competition).first()
    return stored or VotingRules(competition=competition)


def counts_shown(*, rules: VotingRules, voting_open: bool) -> bool:
    """Return whether vote counts may be shown now."""
    if rules.show_counts == ShowCounts.DURING:
        return True
    if rules.show_counts == ShowCounts.AFTER:
        return not voting_open
    return False


def setting(name: str, default):
    return getattr(settings, name, default)
