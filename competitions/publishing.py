"""Publishing a competition never removes a category that entries are filed under.

The page edit form refuses to delete such a category, but a revision can be
published without the form: a workflow's approval publishes the revision that was
submitted, ``publish_scheduled`` publishes the revision that was scheduled, and
either may predate the entries. Publishing replaces the live categories with the
revision's, so the dropped category's entries (``on_delete=PROTECT``) made it a
``ProtectedError`` (a 500, or a crashed command).

Policy: ``CompetitionPage.publish`` checks first, before anything is written.
- Asked by a person (a workflow approval, a revision published from code), it
  raises ``core.refusals.Refusal``: the admin shows the message and nothing is
  published or approved (Wagtail approves inside a transaction).
- Asked by ``publish_scheduled`` (no person to tell), it does not publish, takes
  the revision off the schedule so the command does not retry it every run,
  writes the reason into the page's history and logs an error; the command goes
  on to publish the other scheduled pages.
"""

import logging

from django.utils.translation import gettext as _
from wagtail.log_actions import log

from core.refusals import Refusal

from .models import CompetitionCategory

logger = logging.getLogger(__name__)

SCHEDULED_LOG_ACTION = "wagtail.publish.scheduled"
REFUSED_LOG_ACTION = "competitions.publish_refused"


def categories_dropped_in_use(page, revision) -> list[str]:
    """Return the names of categories with entries that ``revision`` drops."""
    kept = [category.pk for category in revision.as_object().categories.all()]
    in_use = CompetitionCategory.objects.filter(page=page, entries__isnull=False)
    dropped = in_use.exclude(pk__in=[pk for pk in kept if pk]).distinct()
    return sorted(dropped.values_list("name", flat=True))


def refusal_message(names: list[str]) -> str:
    return _(
        "This version of the competition cannot be published: it removes the "
        "categories %(names)s, which entries are filed under. Edit the page, keep "
        "those categories (rename them if need be) and publish again."
    ) % {"names": ", ".join(f"“{name}”" for name in names)}


def may_publish(*, page, revision, log_action) -> bool:
    """Return whether ``revision`` may be published; refuse by the policy above."""
    names = categories_dropped_in_use(page, revision)
    if not names:
        return True
    message = refusal_message(names)
    if log_action != SCHEDULED_LOG_ACTION:
        raise Refusal(message)
    revision.approved_go_live_at = None
    revision.save(update_fields=["approved_go_live_at"])
    log(instance=page, action=REFUSED_LOG_ACTION, data={"message": message})
    logger.error("Scheduled publication of page %s refused: %s", page.pk, message)
    return False
