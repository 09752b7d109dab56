"""Entries whose author public pages leave unnamed for the moment.

Extension point. While an entry is judged blind, a judge could look it up in
the showcase, on its own page, in a partner's widget or in the public API and
learn who made it. Apps above submissions register a function with the
``entry_author_hidden`` Wagtail hook; it takes the moment and returns a ``Q`` on
Entry for the entries whose author must not be named then (prefer
``Q(competition_id__in=…)`` or ``Q(pk__in=…)`` subqueries), or None::

    @hooks.register(ENTRY_AUTHOR_HIDDEN_HOOK)
    def blind_rounds_hide_their_entrants(now):
        return Q(competition_id__in=open_blind_rounds(now).values("competition"))

Hidden means the handle and the referring partner community: public lists
annotate ``author_hidden`` with ``EntryQuerySet.with_author_hidden()`` (in the
same query) and leave both out where it is true, and a list filtered by partner
leaves hidden entries out, since the filter alone would name the partner. The
author still sees their own name on their own entry's page.
"""

from datetime import datetime
from functools import reduce
from operator import or_

from django.db.models import BooleanField, Case, Q, Value, When
from django.db.models.expressions import Expression
from django.utils import timezone
from wagtail import hooks

ENTRY_AUTHOR_HIDDEN_HOOK = "entry_author_hidden"


def author_hidden_rule(now: datetime | None = None) -> Q | None:
    """Return the filter for entries whose author is unnamed at ``now``, or None."""
    moment = now or timezone.now()
    rules = [
        rule
        for hook in hooks.get_hooks(ENTRY_AUTHOR_HIDDEN_HOOK)
        if (rule := hook(moment)) is not None
    ]
    return reduce(or_, rules) if rules else None


def author_hidden_expression(now: datetime | None = None) -> Expression:
    """Return a boolean expression: is the entry's author unnamed at ``now``?"""
    rule = author_hidden_rule(now)
    if rule is None:
        return Value(False, output_field=BooleanField())
    return Case(
        When(rule, then=Value(True)), default=Value(False), output_field=BooleanField()
    )
