"""Entry cards, kept as HTML by what they show until public pages go stale.

Rendering 24 cards is about a third of a gallery made afresh, and a card hardly
ever changes. So the cards of a page are kept (``showcase.fragments``) under a
digest of everything the card template reads (``card_inputs``), the host asked,
the language and the template itself: a changed title, count, handle or picture is
another key, never an old card.
"""

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .fragments import digest, kept_html

CARD_TEMPLATE = "showcase/includes/entry_card.html"
CARDS_TEMPLATE = "showcase/includes/entry_cards.html"


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


def cards_key(
    entries, *, show_counts: bool, show_competition: bool, host: str = ""
) -> str:
    """The digest of these cards as shown: a link to another site is absolute."""
    flags = (host, get_language(), show_counts, show_competition)
    return digest(flags, *(card_inputs(entry) for entry in entries))


def render_cards(
    request, entries, *, show_counts: bool = False, show_competition: bool = False
) -> SafeString:
    """Return the cards of ``entries`` (each with its ``card_picture``) as HTML."""
    entries = list(entries)
    if not entries:
        return mark_safe("")  # noqa: S308 - nothing to mark
    context = {
        "request": request,
        "entries": entries,
        "show_counts": show_counts,
        "show_competition": show_competition,
    }
    key = cards_key(
        entries,
        show_counts=show_counts,
        show_competition=show_competition,
        host=request.get_host() if request is not None else "",
    )
    return kept_html(
        "entry-cards", key, CARDS_TEMPLATE, context, depends_on=(CARD_TEMPLATE,)
    )
