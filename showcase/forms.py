"""The gallery's filters: every one a GET parameter, so each state has its URL."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from communities.models import PartnerCommunity
from competitions.enums import EntryKind
from competitions.models import CompetitionPage
from core.pagecache import generation_cached

from .selectors import (
    MAX_QUERY_LENGTH,
    SORT_MOST_VOTED,
    SORT_NEWEST,
    SORT_RANDOM,
    GalleryQuery,
    clean_search,
    default_seed,
    has_winners,
    public_competitions,
    vote_counts_shown,
)

SORT_CHOICES = [(SORT_NEWEST, _("Newest first")), (SORT_RANDOM, _("Shuffled"))]
MOST_VOTED_CHOICE = (SORT_MOST_VOTED, _("Most votes first"))
MOST_VOTED_HIDDEN = _(
    "Most votes first is offered only for one competition that shows its vote "
    "counts now, so the newest entries come first instead."
)
# Parameters that are not filters: left out of the filter links' own URLs.
PAGE_PARAM = "page"


def _kept(name: str, queryset: QuerySet) -> list:
    """Return the rows of a filter's choices, kept per generation of public pages.

    Competitions, categories and partner communities change when an editor
    publishes or saves them, which starts a new generation.
    """
    return generation_cached(f"gallery-choices:{name}", lambda: list(queryset))


class GalleryFilterForm(forms.Form):
    """Filters of /showcase/ (with competitions) or a gallery (with categories).

    Search text longer than ``MAX_QUERY_LENGTH`` is cut, not refused: a pasted
    essay still searches for its start. Other values outside the choices are
    errors the page explains, while the filters that were fine still apply.
    "Most votes first" is a choice only where one competition is shown and its
    voting rules show counts now; asked for elsewhere, it is explained and left out.
    "Winners only" is offered once the competitions shown have published winners;
    before that it is not a field, and ``winners=on`` in an address is ignored.
    """

    q = forms.CharField(label=_("Search"), required=False, strip=True)
    competition = forms.ChoiceField(label=_("Competition"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    partner = forms.ChoiceField(label=_("Partner community"), required=False)
    winners = forms.BooleanField(label=_("Winners only"), required=False)
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=SORT_CHOICES)
    seed = forms.CharField(required=False, widget=forms.HiddenInput, max_length=40)

    def __init__(self, data, *, competition: CompetitionPage | None = None) -> None:
        super().__init__(data)
        self.competition = competition
        self.explanations: dict[str, str] = {}
        anything = [("", _("Any"))]
        if competition is None:
            listed = _kept("competitions", public_competitions())
            self.competitions = {c.slug: c for c in listed}
            self.fields["competition"].choices = anything + [
                (slug, c.title) for slug, c in self.competitions.items()
            ]
            del self.fields["category"]
            kinds = [kind.value for kind in EntryKind]
        else:
            self.competitions = {}
            del self.fields["competition"]
            categories = competition.categories.values_list("pk", "name")
            categories = _kept(f"categories:{competition.pk}", categories)
            self.fields["category"].choices = anything + [
                (str(pk), name) for pk, name in categories
            ]
            if len(self.fields["category"].choices) == 1:
                del self.fields["category"]
            kinds = list(competition.entry_kinds)
        self.fields["kind"].choices = anything + [
            (kind, EntryKind(kind).label) for kind in kinds
        ]
        partners = PartnerCommunity.objects.order_by("name")
        partners = _kept("partners", partners.values_list("slug", "pk", "name"))
        self.partners = {slug: pk for slug, pk, _name in partners}
        self.fields["partner"].choices = anything + [
            (slug, name) for slug, _pk, name in partners
        ]
        self.fields["q"].widget.attrs["maxlength"] = MAX_QUERY_LENGTH
        chosen = self.competition or self.competitions.get(
            (data or {}).get("competition") or ""
        )
        if not has_winners(chosen):
            del self.fields["winners"]
        self._offer_most_voted(data, chosen)

    def _offer_most_voted(self, data, chosen: CompetitionPage | None) -> None:
        """Offer "most votes first" where counts show; else note why it is not."""
        data = data or {}
        if vote_counts_shown(chosen):
            self.fields["sort"].choices = [*SORT_CHOICES, MOST_VOTED_CHOICE]
        elif data.get("sort") == SORT_MOST_VOTED:
            self.explanations["sort"] = MOST_VOTED_HIDDEN

    def left_out(self) -> list[tuple[forms.BoundField, str]]:
        """Return each filter not understood: its field and, where known, why.

        The page gives each explanation the id its field's ``aria-describedby``
        names (``<auto id>_error``), so a screen reader reads why with the field.
        """
        self.is_valid()
        return [
            (self[name], self.explanations.get(name, ""))
            for name in self.fields
            if name in self.errors
        ]

    def gallery_query(self) -> GalleryQuery:
        """Return what to show: the valid filters, the invalid ones left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        category = data.get("category")
        competition = self.competition or self.competitions.get(
            data.get("competition") or ""
        )
        return GalleryQuery(
            competition=competition,
            kind=data.get("kind") or "",
            category_id=int(category) if category else None,
            partner_id=self.partners.get(data.get("partner") or ""),
            winners=bool(data.get("winners")),
            search=clean_search(data.get("q") or ""),
            sort=data.get("sort") or SORT_NEWEST,
            seed=data.get("seed") or "",
        )

    def kept_as(self) -> tuple | None:
        """Return what this form's HTML depends on, or None if it is not to be kept.

        The choices' labels are kept per generation, which the kept HTML belongs to.
        A search, a seed other than the day's, or a filter not understood is a
        visitor's own text: such a form is drawn afresh, so made-up values never
        fill the cache.
        """
        if self.errors or self["q"].value() or self.explanations:
            return None
        if self["seed"].value() not in ("", None, default_seed()):
            return None
        return (
            self.competition.pk if self.competition is not None else None,
            [(name, repr(self[name].value())) for name in self.fields],
            [
                (name, [str(value) for value, _label in field.choices])
                for name, field in self.fields.items()
                if hasattr(field, "choices")
            ],
        )
