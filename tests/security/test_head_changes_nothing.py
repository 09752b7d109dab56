"""A crawler or scanner sending HEAD to every form page changes nothing.

The form pages answer HEAD now (``core.methods.require_safe_or_post``), and
several used to write on anything that was not a GET: a HEAD to /me/data/ would
have built an export, one to /me/delete/ or /entries/<id>/report/ would have
counted against the member's limit. A HEAD must take the reading branch; the
addresses that only write (vote, submit) still refuse it, as they refuse GET.
"""

import pytest
from django.urls import reverse
from wagtail.models import Site

from core.ratelimit import rate_limit_hit
from home.models import SiteSettings
from members.models import DataExport, User
from moderation.models import EntryReport
from submissions.enums import EntryStatus
from submissions.models import Entry
from tests.factories import CompetitionPageFactory, EntryFactory
from tests.voting.conftest import verified_member
from voting.models import Vote

pytestmark = pytest.mark.django_db

TRIES = 10  # more than any of the forms' limits


@pytest.fixture
def world(competition_index):
    """A member with a draft and a submitted entry; another's entry up for votes."""
    competition = CompetitionPageFactory(parent=competition_index, voting=True)
    member = verified_member(email="ana@example.org", handle="ana_writes")
    neighbour = verified_member(email="ben@example.org", handle="benshoots")
    # Made on the first page shown otherwise, which would queue a cache refresh.
    SiteSettings.load(request_or_site=Site.objects.get(is_default_site=True))
    return {
        "member": member,
        "draft": EntryFactory(competition=competition, author=member, draft=True),
        "submitted": EntryFactory(
            competition=competition, author=member, submitted=True
        ),
        "other": EntryFactory(competition=competition, author=neighbour, approved=True),
    }


def form_pages(world) -> dict[str, int]:
    """Each form page of the member, and the status GET (so HEAD) answers there."""
    draft, submitted, other = world["draft"], world["submitted"], world["other"]
    return {
        draft.get_edit_url(): 200,
        reverse("submissions:entry_delete", args=[draft.public_id]): 200,
        reverse("submissions:entry_withdraw", args=[submitted.public_id]): 200,
        reverse("submissions:entry_submit", args=[draft.public_id]): 405,
        reverse("moderation_public:entry_report", args=[other.public_id]): 200,
        reverse("voting_public:entry_vote", args=[other.public_id]): 405,
        reverse("members:data_export"): 200,
        reverse("members:account_delete"): 200,
    }


def stored(world) -> dict:
    """What a write would change: statuses, reports, votes, exports, the account."""
    member = User.objects.get(pk=world["member"].pk)
    return {
        "statuses": dict(Entry.objects.values_list("public_id", "status")),
        "reports": EntryReport.objects.count(),
        "votes": Vote.objects.count(),
        "exports": DataExport.objects.count(),
        "account": (member.is_active, member.email, member.handle),
    }


def nothing_counted(member) -> bool:
    """Return whether no limit of the forms has counted a try by ``member``."""
    return all(
        rate_limit_hit(scope=scope, key=member.pk, limit=1, period=60)
        for scope in ("data-export", "account-delete", "report", "vote-member")
    )


def test_head_on_every_form_page_answers_as_get_and_writes_nothing(
    client, world, django_capture_on_commit_callbacks
):
    """Asked again and again with HEAD, every page reads; nothing is written."""
    client.force_login(world["member"])
    before = stored(world)
    pages = form_pages(world)

    with django_capture_on_commit_callbacks() as queued:
        answers = {
            url: {client.head(url).status_code for _ in range(TRIES)} for url in pages
        }

    assert answers == {url: {status} for url, status in pages.items()}
    assert stored(world) == before
    assert queued == []  # no export built, no email sent
    assert nothing_counted(world["member"])
    assert Entry.objects.get(pk=world["draft"].pk).status == EntryStatus.DRAFT


def test_the_same_pages_still_write_on_post(client, world):
    """The forms are not broken by answering HEAD: a POST still writes."""
    client.force_login(world["member"])
    withdraw = reverse(
        "submissions:entry_withdraw", args=[world["submitted"].public_id]
    )
    report = reverse("moderation_public:entry_report", args=[world["other"].public_id])

    assert client.post(withdraw).status_code == 302
    assert client.post(report, {"reason": "copyright"}).status_code == 302
    assert Entry.objects.get(pk=world["submitted"].pk).status == EntryStatus.WITHDRAWN
    assert EntryReport.objects.get().entry == world["other"]
