"""Referral attribution: which partner community sent a visitor.

A partner links to any public address with ``?via=<partner-slug>``. The first
valid partner seen in a visit is remembered in the session; sign-up stores it on
the member, and ``referral_credit_for`` gives anything else that credits the
partner (entries, for instance) this visit's partner or else the member's own.
Unknown or malformed values are ignored without a word.
"""

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .models import PartnerCommunity

REFERRAL_PARAMETER = "via"
REFERRAL_SESSION_KEY = "referral_partner_id"
# What PartnerCommunity.slug accepts: an ASCII SlugField of up to 80 characters.
SLUG_PATTERN = re.compile(r"\A[-a-zA-Z0-9_]{1,80}\Z")


def referral_partner_for(request: HttpRequest) -> PartnerCommunity | None:
    """Return the partner community that referred this visitor, if any."""
    partner_id = request.session.get(REFERRAL_SESSION_KEY)
    if partner_id is None:
        return None
    return PartnerCommunity.objects.filter(pk=partner_id).first()


def referral_credit_for(request: HttpRequest) -> PartnerCommunity | None:
    """Return the partner to credit for what the visitor does now.

    The partner that referred this visit wins; without one, the partner the
    member joined through (``referred_by``) keeps the credit.
    """
    return referral_partner_for(request) or getattr(request.user, "referred_by", None)


def remember_referral(request: HttpRequest) -> None:
    """Record the partner named by ``?via=`` unless the visit already has one.

    Cheap by design: a request without ``via`` touches neither the session nor
    the database.
    """
    if request.method not in ("GET", "HEAD"):
        return
    slug = request.GET.get(REFERRAL_PARAMETER)
    if not slug or not SLUG_PATTERN.match(slug):
        return
    if REFERRAL_SESSION_KEY in request.session:
        return
    partner_id = (
        PartnerCommunity.objects.filter(slug=slug).values_list("pk", flat=True).first()
    )
    if partner_id is not None:
        request.session[REFERRAL_SESSION_KEY] = partner_id


class ReferralMiddleware:
    """Remember ``?via=<partner-slug>`` on any page; needs the session middleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        remember_referral(request)
        return self.get_response(request)
