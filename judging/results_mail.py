"""The email each entrant gets when results are published: won, or results out.

One email per entrant with an approved entry, whatever the number of their
entries: a winner hears which prizes they won; everyone else that the results
are out and where to see them. When a round shares judges' comments, they go
in the same email, without the judges' names.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string


def absolute(url: str) -> str:
    """Return ``url`` with the site's address in front if it has none."""
    if url.startswith(("http://", "https://")):
        return url
    return settings.WAGTAILADMIN_BASE_URL + url


@task()
def send_results_email(*, competition_id: int, author_id: int) -> None:
    """Tell one entrant what they won, or that the results are out."""
    from competitions.models import CompetitionPage
    from members.models import User
    from submissions.enums import EntryStatus
    from submissions.models import Entry

    from .awards import shared_comments
    from .models import Award

    competition = CompetitionPage.objects.filter(pk=competition_id).first()
    author = User.objects.filter(pk=author_id, is_active=True).first()
    if competition is None or author is None:
        return
    entries = list(
        Entry.objects.filter(
            competition=competition, author=author, status=EntryStatus.APPROVED
        ).order_by("pk")
    )
    if not entries:
        return
    public = Entry.objects.public().filter(pk__in=[entry.pk for entry in entries])
    awards = list(
        Award.objects.filter(entry__in=public)
        .select_related("prize", "entry")
        .order_by("place", "prize__sort_order", "pk")
    )
    comments = shared_comments(entries)
    context = {
        "competition": competition,
        "handle": author.public_name,
        "awards": awards,
        "entries": [
            {
                "entry": entry,
                "url": absolute(entry.get_absolute_url()),
                "comments": comments.get(entry.pk, []),
            }
            for entry in entries
        ],
        "results_url": absolute(
            competition.get_url() + competition.reverse_subpage("results")
        ),
    }
    base = "judging/email/" + ("won" if awards else "results_out")
    message = EmailMultiAlternatives(
        subject=render_to_string(f"{base}_subject.txt", context).strip(),
        body=render_to_string(f"{base}.txt", context),
        to=[author.email],
    )
    message.attach_alternative(render_to_string(f"{base}.html", context), "text/html")
    message.send()
