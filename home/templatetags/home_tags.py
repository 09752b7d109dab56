from dataclasses import dataclass

from django import template
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from core.pagecache import generation_cached
from core.sites import site_for_request
from home.models import SiteSettings

register = template.Library()

CACHE_ATTRIBUTE = "_opencall_information_links"


@dataclass(frozen=True)
class InformationLink:
    label: str
    url: str


@register.simple_tag(takes_context=True)
def information_links(context) -> dict[str, InformationLink]:
    """Return the privacy notice and terms of entry chosen in site settings.

    Keyed "privacy" and "terms"; a page that is unset or not live is left out.
    Kept per site and generation of public pages (publishing or unpublishing a
    page, or saving the settings, starts a new one), and once a request.
    """
    request: HttpRequest | None = context.get("request")
    if request is None:
        return {}
    if not hasattr(request, CACHE_ATTRIBUTE):
        site = site_for_request(request)
        links = generation_cached(
            f"information-links:{site.pk if site else ''}:{get_language()}",
            lambda: _links(request),
        )
        setattr(request, CACHE_ATTRIBUTE, links)
    return getattr(request, CACHE_ATTRIBUTE)


def _links(request: HttpRequest) -> dict[str, InformationLink]:
    settings = SiteSettings.load(request_or_site=request)
    chosen = {
        "privacy": (settings.privacy_notice_id, _("Privacy notice")),
        "terms": (settings.terms_of_entry_id, _("Terms of entry")),
    }
    pages = Page.objects.live().in_bulk([pk for pk, _label in chosen.values() if pk])
    return {
        key: InformationLink(str(label), pages[pk].get_url(request=request))
        for key, (pk, label) in chosen.items()
        if pk in pages
    }
