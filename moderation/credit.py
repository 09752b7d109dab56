"""Public credit for the partner communities whose volunteers moderate.

Only public facts: which communities moderated a competition, and how many
entries a community's volunteers reviewed. Never a moderator's name, and
nothing per visitor, so the pages that show them can be cached whole.
"""

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from communities.models import PartnerCommunity
from competitions.models import CompetitionPage

from .models import ModerationDecision


def moderating_communities(*, competition: CompetitionPage) -> list[str]:
    """Return the names of the communities that moderate ``competition``, A to Z.

    A community counts once one of its assignments to the competition has
    started (ended ones too: the work was done); one planned for later does
    not count yet.
    """
    names: QuerySet = (
        PartnerCommunity.objects.filter(
            moderator_assignments__competition=competition,
            moderator_assignments__active_from__lte=timezone.now(),
        )
        .order_by("name")
        .values_list("name", flat=True)
        .distinct()
    )
    return list(names)


def natural_list(names: list[str]) -> str:
    """Join names as a sentence would: "A", "A and B", "A, B and C"."""
    return get_text_list(names, _("and"))


def entries_reviewed(*, community: PartnerCommunity) -> int:
    """Return how many entries ``community``'s volunteers decided on, each once."""
    return (
        ModerationDecision.objects.filter(community=community)
        .values("entry")
        .distinct()
        .count()
    )
