from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from communities.models import PartnerCommunity
from competitions.models import CompetitionPartnership

from .models import DiscussionThread
from .permissions import competitions_for, partners_for


def partner_hosts(partner: PartnerCommunity) -> set[str]:
    """Return the host names of the partner's website and embed origins."""
    addresses = [partner.website, *partner.allowed_embed_origins]
    hosts = {(urlsplit(address).hostname or "").lower() for address in addresses}
    return {host.removeprefix("www.") for host in hosts if host}


def on_partner_site(url: str, partner: PartnerCommunity) -> bool:
    """Return whether ``url`` is on the partner's own site (or a subdomain of it)."""
    host = (urlsplit(url).hostname or "").lower()
    return any(
        host == site or host.endswith(f".{site}") for site in partner_hosts(partner)
    )


class DiscussionThreadForm(WagtailAdminModelForm):
    """Add a thread: the choices are the editor's or the moderator's own."""

    class Meta:
        model = DiscussionThread
        fields = ["partner", "competition", "title", "url", "visible"]
        widgets = {"partner": forms.Select, "competition": forms.Select}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners_for(self.for_user)
        self.fields["competition"].queryset = competitions_for(self.for_user).order_by(
            "title"
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        partner = cleaned.get("partner")
        competition = cleaned.get("competition")
        if partner and competition and not self._takes_part(partner, competition):
            self.add_error(
                "competition",
                _("%(partner)s does not take part in this competition.")
                % {"partner": partner.name},
            )
        url = cleaned.get("url")
        if partner and url and not on_partner_site(url, partner):
            self.add_error(
                "url",
                _("The thread must be on %(partner)s’s own site (%(site)s).")
                % {"partner": partner.name, "site": partner.website},
            )
        return cleaned

    @staticmethod
    def _takes_part(partner, competition) -> bool:
        return CompetitionPartnership.objects.filter(
            page=competition, partner=partner
        ).exists()

    def save(self, commit: bool = True) -> DiscussionThread:
        if self.instance.pk is None and self.for_user is not None:
            self.instance.added_by = self.for_user
        return super().save(commit=commit)
