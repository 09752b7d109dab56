"""A volunteer moderator's night in a real browser, from the keyboard.

The moderator signs in (password, then the code from their authenticator
app), opens the queue, approves one entry and rejects another with a reason
without touching the mouse; the entrant then signs in and finds both outcomes
on /me/. A second test keeps the review page open and lets its timer renew
the claim.
"""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from competitions.enums import EntryKind, Licence
from moderation.models import EntryClaim, ModerationDecision, SafeguardingFlag
from submissions.enums import EntryStatus
from submissions.models import Entry
from tests.factories import (
    CompetitionPageFactory,
    EntryFactory,
    ModeratorAssignmentFactory,
    PartnerCommunityFactory,
    UserFactory,
)
from tests.support.dialogs import Questions
from tests.support.moderation import admin_moderator
from tests.support.staff import totp_code, totp_secret

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-enough-passphrase"
REJECTION = "Sorry, this is an advert for a car wash, not a high street."


def verified(user):
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    return user


@pytest.fixture
def night(site_tree, settings):
    """An image competition with two entries waiting, and its moderator."""
    settings.RECAPTCHA_ENABLED = False  # The browser here cannot reach Google.
    competition = CompetitionPageFactory(
        parent=site_tree.competitions,
        title="Picture your high street",
        slug="picture-your-high-street",
        entry_kinds=[EntryKind.IMAGE.value],
        licence_options=[Licence.CC_BY.value],
    )
    moderator = verified(
        admin_moderator(handle="night_mod", email="mod@example.org", password=PASSWORD)
    )
    ModeratorAssignmentFactory(
        competition=competition,
        community=PartnerCommunityFactory(name="StudyHub", slug="studyhub"),
        moderator=moderator,
    )
    entrant = verified(
        UserFactory(email="owl@example.org", handle="night_owl", password=PASSWORD)
    )
    now = timezone.now()
    bunting, car_wash = (
        EntryFactory(
            competition=competition,
            author=entrant,
            title=title,
            submitted=True,
            submitted_at=now - timedelta(hours=hours),
        )
        for title, hours in (("Bunting on Bridge Street", 30), ("Shiny cars", 2))
    )
    return {
        "moderator": moderator,
        "secret": totp_secret(moderator),
        "bunting": bunting,
        "car_wash": car_wash,
    }


def sign_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def sign_in_as_moderator(page: Page, night, *, next_url: str) -> None:
    """Password first, then the authenticator's code, as allauth asks for it."""
    page.goto(next_url)  # the admin sends a visitor to the one sign-in page
    page.get_by_label("Email").fill("mod@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(totp_code(night["secret"]))
    page.get_by_role("button", name="Sign in").click()


def review_path(entry) -> str:
    return reverse("moderation:review", kwargs={"public_id": entry.public_id})


def test_a_moderator_clears_the_queue_from_the_keyboard_and_the_entrant_sees_it(
    page: Page, new_context, live_server, night, console_errors
):
    queue = reverse("moderation:queue")
    sign_in_as_moderator(page, night, next_url=queue)

    expect(page).to_have_url(f"{live_server.url}{queue}")
    rows = page.locator("table.listing tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Bunting on Bridge Street")  # oldest first
    rows.first.get_by_role("link", name="Bunting on Bridge Street").click()

    expect(page).to_have_url(f"{live_server.url}{review_path(night['bunting'])}")
    expect(page.get_by_text("This entry is yours to review until")).to_be_visible()
    expect(page.locator("[data-moderation-keys]")).to_contain_text("Keys for reviewing")
    expect(page.locator("[data-moderation-keys]")).to_be_visible()
    page.wait_for_load_state("load")  # the shortcuts' script is deferred
    page.keyboard.press("a")
    expect(page.get_by_role("button", name="Approve", exact=True)).to_be_focused()
    page.keyboard.press("Enter")

    # Approved, and straight on to the next waiting entry.
    expect(page).to_have_url(f"{live_server.url}{review_path(night['car_wash'])}")
    expect(page.get_by_role("status")).to_contain_text(
        "“Bunting on Bridge Street” is approved."
    )
    page.wait_for_load_state("load")  # the shortcuts' script is deferred
    page.keyboard.press("r")
    reason = page.get_by_label("Reason")
    expect(reason).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(reason).to_have_value("off_topic")
    page.keyboard.press("Tab")
    message = page.get_by_label("Message to the entrant", exact=True)
    expect(message).to_be_focused()
    # Its letters include a, r, c and n: none of them may act as a shortcut here.
    page.keyboard.type(REJECTION)
    expect(message).to_have_value(REJECTION)
    page.keyboard.press("Control+Enter")

    # Nothing else is waiting: back to the queue.
    expect(page).to_have_url(f"{live_server.url}{queue}")
    expect(page.get_by_role("status")).to_contain_text(
        "“Shiny cars” is rejected; the entrant is told why."
    )
    statuses = dict(Entry.objects.values_list("title", "status"))
    assert statuses == {
        "Bunting on Bridge Street": EntryStatus.APPROVED,
        "Shiny cars": EntryStatus.REJECTED,
    }
    rejection = ModerationDecision.objects.get(to_status=EntryStatus.REJECTED)
    assert (rejection.reason, rejection.message) == ("off_topic", REJECTION)
    assert not EntryClaim.objects.exists()
    assert console_errors == []

    entrant = new_context().new_page()
    sign_in(entrant, "owl@example.org")
    entrant.goto("/me/")
    table = entrant.locator(".entries-table")
    bunting = table.get_by_role("row").filter(has_text="Bunting on Bridge Street")
    expect(bunting).to_contain_text("Approved")
    expect(bunting).to_contain_text("Public.")
    car_wash = table.get_by_role("row").filter(has_text="Shiny cars")
    expect(car_wash).to_contain_text("Rejected")
    expect(car_wash).to_contain_text("Not accepted:")
    expect(car_wash).to_contain_text("Sorry, this is an advert for a car wash")


def test_the_open_review_page_keeps_its_claim(
    page: Page, live_server, night, console_errors
):
    """The page's timer renews the claim; the page says until when."""
    page.clock.install()
    sign_in_as_moderator(page, night, next_url=review_path(night["bunting"]))
    expect(page.get_by_text("This entry is yours to review until")).to_be_visible()
    # Let the claim nearly run out, then let the page's timer run.
    nearly = timezone.now() + timedelta(minutes=1)
    EntryClaim.objects.filter(entry=night["bunting"]).update(expires_at=nearly)

    with page.expect_response(re.compile(r"/claim/renew/$")) as renewal:
        page.clock.run_for("05:01")

    assert renewal.value.status == 200
    claim = EntryClaim.objects.get(entry=night["bunting"])
    assert claim.moderator == night["moderator"]
    assert claim.expires_at > nearly + timedelta(minutes=10)
    until = timezone.localtime(claim.expires_at).strftime("%H:%M")
    expect(page.get_by_text(f"yours to review until {until}")).to_be_visible()
    assert console_errors == []


def test_a_typed_decision_is_not_lost_to_the_next_entry_key(
    page: Page, live_server, night
):
    """Esc then n (the keys the page teaches) asks before leaving a typed
    message; staying keeps it, and nothing is decided either way."""
    sign_in_as_moderator(page, night, next_url=review_path(night["bunting"]))
    expect(page.get_by_text("This entry is yours to review until")).to_be_visible()
    page.wait_for_load_state("load")  # the shortcuts' script is deferred
    page.keyboard.press("c")
    message = page.get_by_label("What should change")
    expect(message).to_be_focused()
    page.keyboard.type("Please crop the number plate out.")
    page.keyboard.press("Escape")
    questions = Questions(page)
    questions.answer_next(accept=False)
    page.keyboard.press("n")
    expect(message).to_have_value("Please crop the number plate out.")
    assert page.url == f"{live_server.url}{review_path(night['bunting'])}"
    assert questions.asked == [
        "What you typed for this entry is not sent yet. Leave it anyway?"
    ]

    questions.answer_next(accept=True)
    page.keyboard.press("n")
    expect(page).to_have_url(f"{live_server.url}{review_path(night['car_wash'])}")
    assert len(questions.asked) == 2
    assert not ModerationDecision.objects.exists()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_queue_keeps_entry_titles_whole(page: Page, live_server, night, width):
    """Beside ten other columns the titles were squeezed to a few letters a
    line ("Marke t day"): each title keeps room for its words."""
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as_moderator(page, night, next_url=reverse("moderation:queue"))
    title = page.locator("table.listing td.title a", has_text="Bunting")

    expect(title).to_be_visible()
    words = title.evaluate(
        """link => {
            const range = document.createRange();
            range.selectNodeContents(link);
            return Array.from(range.getClientRects()).length;
        }"""
    )
    assert words <= 2, "“Bunting on Bridge Street” should take a line or two"


@pytest.mark.parametrize("width", [390, 1280])
def test_every_column_of_the_queue_can_be_reached_and_flags_read_whole(
    page: Page, live_server, night, width
):
    """Wagtail's content area hides what overflows: the table scrolls in its own
    box, so the columns right of "Status" stay reachable on a phone, and a
    safeguarding finding is never cut off mid-word."""
    SafeguardingFlag.objects.create(
        entry=night["bunting"], kind="phone", field="story", found="07700 900123"
    )
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_as_moderator(page, night, next_url=reverse("moderation:queue"))
    box = page.get_by_role("region", name="Entries to moderate")
    expect(box).to_be_visible()

    box.evaluate("box => { box.scrollLeft = box.scrollWidth; }")

    flag = page.locator("td.moderation-flags li").first
    expect(flag).to_be_in_viewport()
    clipped = flag.evaluate(
        "li => li.scrollWidth > li.clientWidth + 1 || li.closest('td').scrollWidth"
        " > li.closest('td').clientWidth + 1"
    )
    assert not clipped
    assert page.evaluate("document.documentElement.scrollWidth") <= width
