"""Inline child forms (InlinePanel rows) that survive a tampered row id.

Policy: a posted row of an inline formset whose id is missing or is not an id
at all (``criteria-0-id=abc``) is treated as Django's own model formsets treat
it: the row is not matched to a stored child, and the row's id field then says
the value is not a valid choice (or, left out, that it is required), so the form
comes back with a message instead of a server error. A blank id stays a new
row, as modelcluster needs for children kept only in a draft revision.
django-modelcluster (every Wagtail ``ClusterForm``: the page editor's
InlinePanels, the judging round's criteria and panel) converted the posted id
without catching the refusal, so such a POST answered 500.

``install_child_formset_guard`` applies this once, at start-up, to every
modelcluster formset.
"""

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms.models import BaseModelFormSet
from modelcluster.forms import BaseTransientModelFormSet


def posted_instance(formset: BaseTransientModelFormSet, i: int) -> Model:
    """Return the stored child the ``i``-th posted row names, or a new one."""
    pk_field = formset.model._meta.pk
    raw = formset.data.get(f"{formset.add_prefix(i)}-{pk_field.name}", "")
    if raw == "":
        return formset.model()
    try:
        pk = formset._get_to_python(pk_field)(raw)
    except ValidationError:
        return formset.model()
    return formset._existing_object(pk) or formset.model()


def _construct_form(self, i: int, **kwargs):
    """Build one row: posted rows by their id, unbound ones from the queryset."""
    initial_count = self.initial_form_count()
    pk_name = self.model._meta.pk.name
    posted = self.is_bound and i < initial_count
    if posted:
        kwargs["instance"] = posted_instance(self, i)
    if i < initial_count and "instance" not in kwargs:
        kwargs["instance"] = self.get_queryset()[i]
    if i >= initial_count and self.initial_extra:
        extra = i - initial_count
        if extra < len(self.initial_extra):
            kwargs["initial"] = self.initial_extra[extra]
    # Skip BaseModelFormSet's own _construct_form, as modelcluster does.
    form = super(BaseModelFormSet, self)._construct_form(i, **kwargs)
    if posted and f"{self.add_prefix(i)}-{pk_name}" not in self.data:
        form.fields[pk_name].required = True
    return form


def install_child_formset_guard() -> None:
    """Make every modelcluster formset refuse a tampered row id with a message."""
    if getattr(BaseTransientModelFormSet, "tampered_id_guard_installed", False):
        return
    BaseTransientModelFormSet._construct_form = _construct_form
    BaseTransientModelFormSet.tampered_id_guard_installed = True
