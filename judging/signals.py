"""Model-level guards for judging data, whatever writes it.

The round's admin form explains the rules to editors; these refuse the same
changes from any other writer (a script, the shell, a future API), so a score
is never silently changed or dropped.
"""

from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver

from .models import Criterion
from .setup import check_criterion_change


@receiver(pre_save, sender=Criterion, dispatch_uid="judging_criterion_locked_save")
def refuse_changing_scored_criteria(sender, instance: Criterion, **kwargs) -> None:
    if kwargs.get("raw"):
        return  # loading fixtures
    check_criterion_change(instance)


@receiver(pre_delete, sender=Criterion, dispatch_uid="judging_criterion_locked_delete")
def refuse_deleting_scored_criteria(sender, instance: Criterion, **kwargs) -> None:
    check_criterion_change(instance, deleting=True)
