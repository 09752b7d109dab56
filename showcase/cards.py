"""Entry cards, kept as HTML by what they show until public pages go stale.

Rendering 24 cards is about a third of a gallery made afresh, and a card hardly
ever changes. So a list of cards is kept (``core.pagecache.generation_cached``,
with a copy in each worker) under a digest of everything the card template reads
(``card_inputs``), the host asked, the language and the template itself: a
changed title, count, handle or picture is another key, never an old card. What
the inputs do not say (a site's address, a page moved) starts a new generation,
which every kept list belongs to. Inside a transaction, or while the cache cannot
be reached, the cards are rendered afresh.
"""

import hashlib
from functools import cache as once

from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.pagecache import generation_cached

CARD_TEMPLATE = "showcase/includes/entry_card.html"
CARDS_TEMPLATE = "showcase/includes/entry_cards.html"
TEMPLATES = (CARDS_TEMPLATE, CARD_TEMPLATE)


def card_inputs(entry) -> tuple:
    """Return everything ``entry_card.html`` reads of ``entry``.

    A field the card template starts to show must be added here, or its change
    would not show until public pages next go stale.
    """
    author, competition = entry.author, entry.competition
    partner = entry.referral_partner
    return (
        entry.pk,
        entry.public_id,
        str(entry),
        entry.kind,
        entry.story,
        entry.idea_proposal,
        entry.image_caption,
        entry.image_alt_text,
        entry.film_poster.name if entry.film_poster else "",
        getattr(entry, "card_picture", None),
        getattr(entry, "valid_votes", None),
        bool(getattr(entry, "author_hidden", False)),
        author.handle,
        author.erased_at,
        competition.pk,
        competition.title,
        competition.url_path,
        partner.name if partner is not None else None,
    )


@once
def _template_version() -> str:
    """A digest of the card templates' source: a new card design is a new key."""
    sources = (get_template(name).template.source for name in TEMPLATES)
    return hashlib.sha256("".join(sources).encode()).hexdigest()[:12]


def cards_key(
    entries, *, show_counts: bool, show_competition: bool, host: str = ""
) -> str:
    """The key of these cards as shown: a link to another site's page is absolute."""
    digest = hashlib.sha256()
    flags = (host, get_language(), show_counts, show_competition)
    digest.update(repr(flags).encode())
    for entry in entries:
        digest.update(repr(card_inputs(entry)).encode())
    return f"entry-cards:{_template_version()}:{digest.hexdigest()}"


def render_cards(
    request, entries, *, show_counts: bool = False, show_competition: bool = False
) -> SafeString:
    """Return the cards of ``entries`` (each with its ``card_picture``) as HTML."""
    entries = list(entries)
    if not entries:
        return mark_safe("")  # noqa: S308 - nothing to mark

    def render() -> str:
        context = {
            "request": request,
            "entries": entries,
            "show_counts": show_counts,
            "show_competition": show_competition,
        }
        return str(get_template(CARDS_TEMPLATE).render(context))

    key = cards_key(
        entries,
        show_counts=show_counts,
        show_competition=show_competition,
        host=request.get_host() if request is not None else "",
    )
    return mark_safe(generation_cached(key, render))  # noqa: S308 - rendered above
