"""The people's choice and the integrity report on the public results page.

Registered with judging's results page hook (``results_page_sections``), which
shows the page only once an editor has published the results. A competition
without a public vote shows nothing. The people's choice is the public entry
with the most valid votes; entries level on votes share it. The report gives
only numbers: votes cast, votes counted, votes set aside by each rule, and how
many members' votes counted. No voter is ever named.
"""

from django.http import HttpRequest

from competitions.models import CompetitionPage
from core.sections import PageSection

from .integrity import integrity_report, rule_explanations
from .selectors import had_vote, peoples_choice_leaders, ranked_entry_ids


def results_section(
    request: HttpRequest, competition: CompetitionPage
) -> PageSection | None:
    """Show the people's choice and how the votes were counted."""
    if not had_vote(competition):
        return None
    report = integrity_report(competition)
    explanations = rule_explanations()
    rules = [
        (code, label, explanations.get(code, ""), number)
        for code, label, number in report.excluded
    ]
    return PageSection(
        order=10,
        template="voting/includes/results_peoples_choice.html",
        context={
            "leaders": peoples_choice_leaders(competition=competition),
            "report": report,
            "rules": rules,
        },
    )


def top_voted(competition: CompetitionPage, limit: int | None) -> list[int] | None:
    """Rank the competition's public entries by valid votes, or None without a vote."""
    if not had_vote(competition):
        return None
    return ranked_entry_ids(competition=competition, limit=limit)
