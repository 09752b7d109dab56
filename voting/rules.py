"""Reading a competition's voting rules and the settings behind the checks."""

from django.conf import settings

from competitions.models import CompetitionPage

from .models import ShowCounts, VotingRules


def rules_for(competition: CompetitionPage) -> VotingRules:
    """Return the competition's rules, or unsaved defaults when none are set."""
    try:
        return competition.voting_rules
    except VotingRules.DoesNotExist:
        return VotingRules(competition=competition)


def counts_shown(*, rules: VotingRules, voting_open: bool) -> bool:
    """Return whether vote counts may be shown now."""
    if rules.show_counts == ShowCounts.DURING:
        return True
    if rules.show_counts == ShowCounts.AFTER:
        return not voting_open
    return False


def setting(name: str, default):
    return getattr(settings, name, default)
