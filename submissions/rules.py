"""What an entry needs before it can be submitted, as messages keyed by field."""

from django.utils.translation import gettext as _

from competitions.enums import EntryKind

from .enums import AgeBand
from .kinds import COMMON_REQUIRED, KINDS
from .models import Entry


def submission_errors(entry: Entry) -> dict[str, list[str]]:
    """Return every reason ``entry`` is not ready, keyed by the field to fix."""
    errors: dict[str, list[str]] = {}
    for field, message in _missing(entry) + _refusals(entry):
        errors.setdefault(field, []).append(message)
    return errors


def age_refusal(age_band: str) -> str | None:
    """Return why someone in ``age_band`` cannot enter, or None."""
    if age_band == AgeBand.UNDER_13:
        return _(
            "Sorry, you must be 13 or over to enter. "
            "This is to protect children's privacy online."
        )
    return None


def _missing(entry: Entry) -> list[tuple[str, str]]:
    required = [*COMMON_REQUIRED, *KINDS[entry.kind].required]
    if entry.competition.categories.exists():
        required.append("category")
    missing = [field for field in required if not getattr(entry, field)]
    return [(field, _("Please fill this in before submitting.")) for field in missing]


def _refusals(entry: Entry) -> list[tuple[str, str]]:
    competition = entry.competition
    refusals = []
    if not competition.accepts(entry.kind):
        refusals.append(("kind", _("This competition does not take this kind.")))
    if entry.licence and entry.licence not in competition.licence_options:
        refusals.append(("licence", _("Choose one of the licences offered.")))
    if not entry.rules_accepted:
        refusals.append(("rules_accepted", _("Please accept the rules to enter.")))
    if refusal := age_refusal(entry.age_band):
        refusals.append(("age_band", refusal))
    if entry.age_band == AgeBand.AGE_13_TO_17 and not entry.guardian_confirmed:
        refusals.append(
            (
                "guardian_confirmed",
                _("Entrants aged 13 to 17 need a parent or guardian to agree."),
            )
        )
    if entry.category_id and entry.category.page_id != competition.pk:
        refusals.append(("category", _("Choose one of this competition's categories.")))
    limit = competition.story_word_limit
    if entry.kind == EntryKind.STORY and limit and entry.word_count > limit:
        refusals.append(
            (
                "story",
                _("Your story has %(count)d words; the limit is %(limit)d.")
                % {"count": entry.word_count, "limit": limit},
            )
        )
    return refusals
