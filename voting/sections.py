"""The vote section of an entry's public page (submissions' ENTRY_PAGE_HOOK).

While voting is open a public entry shows its vote button, "You voted" with a
way to take it back, or the reason the viewer may not vote; visitors who are
not signed in are asked to sign in. The count shows only where the
competition's rules allow, also after voting has closed.
"""

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from core.pagecache import limit_page_cache, limit_page_cache_until
from core.sections import PageSection
from submissions.models import Entry

from .forms import CAST, WITHDRAW, VoteForm
from .selectors import shown_count, vote_of, voted_entries, votes_left
from .services import vote_refusal

UNKNOWN = object()  # vote_context: the viewer's vote, not read yet


def vote_section(request: HttpRequest, entry: Entry) -> PageSection | None:
    now = timezone.now()
    if not entry.is_public_now():
        return None
    count = shown_count(entry=entry, now=now)
    timeline = entry.competition.timeline
    voting_open = timeline.accepts_votes_at(now)
    # A cached page shows the button only while voting is open, a count briefly.
    limit_page_cache_until(request, timeline.moments())
    if voting_open and count is not None:
        limit_page_cache(request, settings.PUBLIC_PAGE_COUNTS_SECONDS)
    if not voting_open and count is None:
        return None
    return PageSection(
        order=40,
        template="voting/includes/entry_vote.html",
        context=vote_context(request, entry, now=now, count=count),
    )


def vote_context(
    request: HttpRequest, entry: Entry, *, now, count, vote=UNKNOWN
) -> dict:
    """Return the vote section's context; ``vote``: the viewer's, if already read."""
    user = request.user
    voting_open = entry.competition.timeline.accepts_votes_at(now)
    context = {
        "entry": entry,
        "count": count,
        "voting_open": voting_open,
        "signed_in": user.is_authenticated,
        "vote": None,
        "refusal": None,
        "votes_left": None,
        "voted": [],
        "form": None,
        "action": None,
    }
    if not (voting_open and user.is_authenticated):
        return context
    if vote is UNKNOWN:
        vote = vote_of(entry=entry, voter=user)
    context["vote"] = vote
    if vote is not None:
        context.update(form=VoteForm(), action=WITHDRAW)
        return context
    refusal = vote_refusal(entry=entry, voter=user, now=now)
    left = votes_left(competition=entry.competition, voter=user)
    if refusal is None and left == 0:
        refusal = ""  # the template says the votes are used up, and where they went
        context["voted"] = voted_entries(competition=entry.competition, voter=user)
    context.update(refusal=refusal, votes_left=left)
    if refusal is None:
        context.update(form=VoteForm(), action=CAST)
    return context
