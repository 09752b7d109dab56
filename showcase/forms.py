"""The gallery's filters: every one a GET parameter, so each state has its URL."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.models import PartnerCommunity
from competitions.enums import EntryKind
from competitions.models import CompetitionPage

from .selectors import (
    MAX_QUERY_LENGTH,
    SORT_NEWEST,
    SORT_RANDOM,
    GalleryQuery,
    clean_search,
    public_competitions,
)

SORT_CHOICES = [(SORT_NEWEST, _("Newest first")), (SORT_RANDOM, _("Shuffled"))]
# Parameters that are not filters: left out of the filter links' own URLs.
PAGE_PARAM = "page"


class GalleryFilterForm(forms.Form):
    """Filters of /showcase/ (with competitions) or a gallery (with categories).

    Search text longer than ``MAX_QUERY_LENGTH`` is cut, not refused: a pasted
    essay still searches for its start. Other values outside the choices are
    errors the page explains, while the filters that were fine still apply.
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
        anything = [("", _("Any"))]
        if competition is None:
            self.competitions = {c.slug: c for c in public_competitions()}
            self.fields["competition"].choices = anything + [
                (slug, c.title) for slug, c in self.competitions.items()
            ]
            del self.fields["category"]
            kinds = [kind.value for kind in EntryKind]
        else:
            self.competitions = {}
            del self.fields["competition"]
            self.fields["category"].choices = anything + [
                (str(c.pk), c.name) for c in competition.categories.all()
            ]
            if len(self.fields["category"].choices) == 1:
                del self.fields["category"]
            kinds = list(competition.entry_kinds)
        self.fields["kind"].choices = anything + [
            (kind, EntryKind(kind).label) for kind in kinds
        ]
        self.partners = {p.slug: p for p in PartnerCommunity.objects.order_by("name")}
        self.fields["partner"].choices = anything + [
            (slug, p.name) for slug, p in self.partners.items()
        ]
        self.fields["q"].widget.attrs["maxlength"] = MAX_QUERY_LENGTH

    def gallery_query(self) -> GalleryQuery:
        """Return what to show: the valid filters, the invalid ones left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        category = data.get("category")
        competition = self.competition or self.competitions.get(
            data.get("competition") or ""
        )
        partner = self.partners.get(data.get("partner") or "")
        return GalleryQuery(
            competition=competition,
            kind=data.get("kind") or "",
            category_id=int(category) if category else None,
            partner_id=partner.pk if partner else None,
            winners=bool(data.get("winners")),
            search=clean_search(data.get("q") or ""),
            sort=data.get("sort") or SORT_NEWEST,
            seed=data.get("seed") or "",
        )
