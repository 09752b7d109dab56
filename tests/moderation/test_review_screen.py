"""The review screen: the entry as the public would see it, and only its kind.

Each entry here carries leftovers of the other kinds (an entrant who started
a story and switched to an image keeps the story in its row), so the page must
pick the fields by kind, not by what happens to be filled in.
"""

import html
from datetime import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import connection
from django.templatetags.static import static
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags
from wagtail.users.models import UserProfile

from competitions.enums import EntryKind
from members.models import User
from moderation.enums import FindingKind, ReportReason
from moderation.models import EntryReport, ModerationDecision, SafeguardingFlag
from moderation.services import decision_approve, decision_request_changes
from submissions.enums import AgeBand, EntryStatus
from submissions.models import Entry
from tests.factories import EntryFactory, UserFactory
from tests.support.entries import image_bytes
from tests.support.films import film_bytes
from tests.support.moderation import build_world
from tests.support.staff import sign_in

LEFTOVERS = {
    "story": "<p>Leftover story about the canal.</p>",
    "idea_problem": "Leftover problem: the bins.",
    "idea_proposal": "Leftover idea: more bins.",
    "idea_beneficiaries": "Leftover beneficiaries.",
    "idea_requirements": "Leftover requirements.",
    "image_caption": "Leftover caption of a photo.",
    "image_alt_text": "Leftover description of a photo.",
    "film_url": "https://www.youtube.com/watch?v=leftover123",
}
OWN = {
    EntryKind.STORY: {
        "story": "<p>The kettle was <em>still warm</em> on the first morning.</p>",
        "word_count": 9,
    },
    EntryKind.IMAGE: {
        "image_caption": "Bunting on Bridge Street.",
        "image_alt_text": "Flags strung between two shops.",
    },
    EntryKind.FILM: {"film_url": "https://www.youtube.com/watch?v=ownfilm0001"},
    EntryKind.IDEA: {
        "idea_problem": "The last bus leaves at ten.",
        "idea_proposal": "Run a night bus on Fridays.",
        "idea_beneficiaries": "Shift workers and students.",
        "idea_requirements": "Two drivers and a bus.",
    },
}
# What of each kind's own content must show, as text on the page.
SHOWN = {
    EntryKind.STORY: ["The kettle was still warm on the first morning.", "9 words"],
    EntryKind.IMAGE: ["Bunting on Bridge Street.", "Flags strung between two shops."],
    EntryKind.FILM: ["Watch the film"],
    EntryKind.IDEA: [
        "The problem",
        "The last bus leaves at ten.",
        "The idea",
        "Run a night bus on Fridays.",
        "Who benefits",
        "Shift workers and students.",
        "What it would take",
        "Two drivers and a bus.",
    ],
}


@pytest.fixture
def world(competition_index):
    world = build_world(competition_index)
    for competition in (world.competition_a, world.competition_b):
        competition.entry_kinds = [kind.value for kind in EntryKind]
        competition.save()
    return world


def review(entry) -> str:
    return reverse("moderation:review", kwargs={"public_id": entry.public_id})


def entry_of(world, kind: str, competition=None) -> Entry:
    """Return a submitted entry of ``kind`` with the other kinds' leftovers in it."""
    files = {}
    if kind != EntryKind.IMAGE:
        files["image"] = ContentFile(image_bytes(), name="leftover.jpg")
    if kind == EntryKind.FILM:
        files["film_file"] = ContentFile(film_bytes(), name="film.mp4")
        files["film_poster"] = ContentFile(image_bytes(), name="poster.jpg")
    return EntryFactory(
        competition=competition or world.competition_a,
        author=world.author,
        kind=kind,
        title=f"A {kind} entry",
        submitted=True,
        age_band=AgeBand.AGE_13_TO_17,
        **{**LEFTOVERS, **OWN[kind], **files},
    )


def page_of(client, entry):
    response = client.get(review(entry))
    assert response.status_code == 200
    return response


def visible_text(response) -> str:
    soup = BeautifulSoup(response.content, "html.parser")
    return " ".join(soup.get_text(" ").split())


def entry_part(response) -> BeautifulSoup:
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.select_one(".moderation-review__entry")


# Each kind, and only its own fields -----------------------------------------------


@pytest.mark.parametrize("kind", list(EntryKind), ids=[k.value for k in EntryKind])
def test_each_kind_shows_its_own_content_and_nothing_of_the_others(client, world, kind):
    entry = entry_of(world, kind)
    sign_in(client, world.moderator_a)

    response = page_of(client, entry)

    shown = " ".join(entry_part(response).get_text(" ").split())
    for words in SHOWN[kind]:
        assert words in shown
    content = html.unescape(response.content.decode())
    for field, value in LEFTOVERS.items():
        if field not in OWN[kind]:
            plain = strip_tags(value)
            assert plain not in content, field
    if kind not in (EntryKind.FILM,):
        assert "Watch the film" not in content
    images = [img["src"] for img in entry_part(response).select("img")]
    videos = entry_part(response).select("video")
    assert images == ([entry.image_url] if kind == EntryKind.IMAGE else [])
    if kind == EntryKind.FILM:
        (video,) = videos
        assert video["src"] == entry.film_file_url
        assert video["poster"] == entry.media_url("poster")
    else:
        assert videos == []


def test_the_entrant_is_shown_by_handle_age_band_and_submission_time(client, world):
    entry = entry_of(world, EntryKind.STORY)
    sign_in(client, world.moderator_a)

    soup = BeautifulSoup(page_of(client, entry).content, "html.parser")

    who = soup.select_one(".moderation-review__who")
    pairs = dict(
        zip(
            [dt.get_text(strip=True) for dt in who.select("dt")],
            [dd.get_text(" ", strip=True) for dd in who.select("dd")],
            strict=True,
        )
    )
    assert pairs["Entrant"] == "ana_writes"
    assert pairs["Age"] == "13 to 17"
    stamp = datetime.fromisoformat(who.select_one("time")["datetime"])
    assert stamp == entry.submitted_at


def test_no_email_address_appears_anywhere_on_the_page(client, world):
    """Not the author's, the moderators', nor the deciders' in the history.

    The viewer's own address is left out of the check: Wagtail's account menu
    names the signed-in person by it.
    """
    entry = entry_of(world, EntryKind.IDEA)
    decision_request_changes(
        entry=entry, actor=world.moderator_a, message="Please add a cost."
    )
    Entry.objects.filter(pk=entry.pk).update(status=EntryStatus.SUBMITTED)
    sign_in(client, world.editor)

    content = html.unescape(page_of(client, entry).content.decode())

    emails = list(
        User.objects.exclude(pk=world.editor.pk).values_list("email", flat=True)
    )
    assert "ana.private@example.org" in emails
    for email in emails:
        assert email not in content


def test_the_history_lists_every_decision_oldest_first(client, world):
    entry = entry_of(world, EntryKind.STORY)
    decision_request_changes(
        entry=entry,
        actor=world.moderator_a,
        message="Please leave out your flatmate's surname.",
        internal_note="Surname in the third line.",
    )
    Entry.objects.filter(pk=entry.pk).update(status=EntryStatus.SUBMITTED)
    decision_approve(entry=entry, actor=world.editor, message="Thank you.")
    sign_in(client, world.moderator_a)

    soup = BeautifulSoup(page_of(client, entry).content, "html.parser")

    items = [
        " ".join(item.get_text(" ").split())
        for item in soup.select(".moderation-review__decisions li")
    ]
    assert len(items) == 2
    assert items[0].startswith("Changes requested")
    assert "mod_a" in items[0] and "(StudyHub)" in items[0]
    assert "Please leave out your flatmate's surname." in items[0]
    assert "Surname in the third line." in items[0]
    assert items[1].startswith("Approved") and "the_editor" in items[1]


def test_a_decision_by_staff_without_a_handle_is_not_shown_as_a_members(client, world):
    """The demo's editor has no handle: the history said "by A member", as
    though an entrant had approved the entry."""
    User.objects.filter(pk=world.editor.pk).update(handle=None)
    entry = entry_of(world, EntryKind.STORY)
    decision_approve(entry=entry, actor=User.objects.get(pk=world.editor.pk))
    sign_in(client, world.moderator_a)

    soup = BeautifulSoup(page_of(client, entry).content, "html.parser")

    (item,) = soup.select(".moderation-review__decisions li")
    text = " ".join(item.get_text(" ").split())
    assert "A member" not in text
    assert "by the organisers" in text


# Private media --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "field", "attribute"),
    [
        (EntryKind.IMAGE, "image", "image"),
        (EntryKind.FILM, "film", "film_file"),
        (EntryKind.FILM, "poster", "film_poster"),
    ],
)
def test_the_private_files_are_served_to_the_moderator_only(
    client, world, kind, field, attribute
):
    """The page's media addresses work for A's moderator, and are 404 for B's."""
    entry = entry_of(world, kind)
    sign_in(client, world.moderator_a)
    content = html.unescape(page_of(client, entry).content.decode())
    url = entry.media_url(field)
    assert f'"{url}"' in content

    response = client.get(url)

    assert response.status_code == 200
    served = b"".join(response.streaming_content)
    stored = getattr(Entry.objects.get(pk=entry.pk), attribute)
    with stored.open("rb") as file:
        assert served == file.read()
    assert response["Cache-Control"] == "private, no-store"

    sign_in(client, world.moderator_b)
    assert client.get(url).status_code == 404
    assert client.get(review(entry)).status_code == 404


# Keys and panels ------------------------------------------------------------------


def test_the_page_carries_its_keys_and_loads_its_script_from_a_file(client, world):
    """The shortcuts are marked on the controls; the script is a static file."""
    entry = entry_of(world, EntryKind.IMAGE)
    sign_in(client, world.moderator_a)

    soup = BeautifulSoup(page_of(client, entry).content, "html.parser")

    keys = {
        element["data-moderation-key"]: element
        for element in soup.select("[data-moderation-key]")
    }
    assert set(keys) == {"a", "r", "c", "n"}
    assert keys["a"].name == "button" and keys["a"].get_text(strip=True) == "Approve"
    assert keys["r"]["for"] == "id_reject-reason"
    assert keys["c"]["for"] == "id_request_changes-message"
    # entry_a of the world waited longest: it is next, then the later one.
    assert keys["n"]["href"] == review(world.entry_a)
    script = static("moderation/review.js")
    assert script in [tag.get("src") for tag in soup.select("script")]
    assert finders.find("moderation/review.js") is not None
    assert not soup.select(".moderation-review script")
    assert not [
        tag
        for tag in soup.select(".moderation-review *")
        if any(name.startswith("on") for name in tag.attrs)
    ]


def test_with_nothing_else_waiting_n_goes_back_to_the_queue(client, world):
    sign_in(client, world.moderator_a)

    soup = BeautifulSoup(page_of(client, world.entry_a).content, "html.parser")

    link = soup.select_one('[data-moderation-key="n"]')
    assert link["href"] == reverse("moderation:queue")
    assert link.get_text(strip=True) == "Back to the queue"


def test_the_decisions_still_work_without_the_script(client, world):
    """Plain forms: each posts to the page itself with its own action."""
    sign_in(client, world.moderator_a)

    soup = BeautifulSoup(page_of(client, world.entry_a).content, "html.parser")

    forms = soup.select("form.moderation-review__decision")
    assert [form.select_one('[name="action"]')["value"] for form in forms] == [
        "approve",
        "reject",
        "request_changes",
        "escalate",
    ]
    assert {form["action"] for form in forms} == {review(world.entry_a)}
    assert all(form.select_one('button[type="submit"]') for form in forms)


def test_the_keys_follow_the_admins_own_shortcut_setting(client, world):
    """Someone whose tools use single keys turns Wagtail's shortcuts off, and ours."""
    UserProfile.objects.update_or_create(
        user=world.moderator_a, defaults={"keyboard_shortcuts": False}
    )
    sign_in(client, world.moderator_a)

    response = page_of(client, world.entry_a)

    soup = BeautifulSoup(response.content, "html.parser")
    root = soup.select_one("[data-moderation-review]")
    assert root["data-keys-enabled"] == "false"
    assert not soup.select("[aria-keyshortcuts]")
    assert "Keyboard shortcuts are turned off in your" in visible_text(response)


# What the screen costs ------------------------------------------------------------


def with_history(world, size: int) -> Entry:
    """Return a waiting entry with ``size`` earlier decisions, reports and flags."""
    entry = EntryFactory(competition=world.competition_a, submitted=True)
    for number in range(size):
        ModerationDecision.objects.create(
            entry=entry,
            actor=world.moderator_a if number % 2 else world.editor,
            community=world.studyhub if number % 2 else None,
            from_status=EntryStatus.SUBMITTED,
            to_status=EntryStatus.CHANGES_REQUESTED,
            message=f"Please crop it ({number}).",
        )
        EntryReport.objects.create(
            entry=entry,
            reporter=UserFactory(handle=f"reader_{size}_{number}"),
            reason=ReportReason.SPAM,
        )
        SafeguardingFlag.objects.create(
            entry=entry, kind=FindingKind.PHONE, field="title", found=f"0770090{number}"
        )
    return entry


def review_queries(client, entry) -> tuple[int, str]:
    """Open the review screen; return its query count and its text."""
    url = reverse("moderation:review", kwargs={"public_id": entry.public_id})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), html.unescape(response.content.decode())


def test_the_review_screen_costs_the_same_for_2_or_12_earlier_decisions(client, world):
    """Its history, reports and flags are read in a query each, however long."""
    small, large = with_history(world, 2), with_history(world, 12)
    sign_in(client, world.moderator_a)
    review_queries(client, world.entry_a)  # the session and caches warmed up

    (few, _), (many, page) = (
        review_queries(client, small),
        review_queries(client, large),
    )

    assert few == many
    for shown in ("Please crop it (11).", "reader_12_11", "07700901"):
        assert shown in page
