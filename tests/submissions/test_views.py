"""A member enters through the real pages: start, save, preview, submit, withdraw."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from competitions.enums import EntryKind, Licence
from members.services import member_email_mark_verified
from submissions.enums import AgeBand, EntryStatus
from submissions.models import Entry
from tests.factories import (
    CompetitionPageFactory,
    EntryFactory,
    PartnerCommunityFactory,
    UserFactory,
)
from tests.support.entries import FILM_URL, image_bytes, image_upload

NO_TOKEN = (
    "We couldn't check that you're human. Please make sure JavaScript is "
    "switched on, then try again."
)
NOT_HUMAN = "We couldn't confirm that you're human. Please try again."
KEPT = "Your draft is saved, but it could not be submitted yet."
SUBMITTED = "Your entry is submitted. We've emailed you a receipt."
UNDER_13 = "Sorry, you must be 13 or over to enter."
WRONG_KIND = "This competition does not take entries of that kind."
NOT_AN_IMAGE = "This file is not a JPEG, PNG, WebP or HEIC image."
STORY_TEXT = "The tide came in slowly over the flats.\n\nWe watched it together."

KIND_CONTENT = {
    EntryKind.STORY: {"story": STORY_TEXT},
    EntryKind.IMAGE: {
        "image_caption": "Low tide at dusk.",
        "image_alt_text": "Wet sand shining under an orange sky.",
    },
    EntryKind.FILM: {"film_url": FILM_URL},
    EntryKind.IDEA: {
        "idea_problem": "The last bus leaves at ten.",
        "idea_proposal": "A night bus on the busiest route.",
        "idea_beneficiaries": "Shift workers and students.",
        "idea_requirements": "Two drivers and one bus.",
    },
}


def enter_url(competition) -> str:
    return f"{competition.url}enter/"


def entry_data(kind: str, action: str = "save", **overrides) -> dict:
    """Return what the entry form posts for ``kind``; None leaves a field out."""
    data = {
        "kind": kind,
        "title": "Harbour lights",
        "licence": Licence.CC_BY.value,
        "age_band": AgeBand.ADULT.value,
        "rules_accepted": "on",
        "action": action,
        **KIND_CONTENT[kind],
        **overrides,
    }
    return {name: value for name, value in data.items() if value is not None}


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def text(response) -> str:
    """Return the words a reader sees on the page, with spaces normalised."""
    return " ".join(soup(response).get_text(" ").split())


def field_value(response, name: str) -> str:
    """Return what the form shows in field ``name`` (an input or a textarea)."""
    field = soup(response).find(attrs={"name": name})
    assert field is not None, f"No field {name!r} on the page."
    if field.name == "textarea":
        return field.get_text().strip()
    return field.get("value", "")


def only_entry() -> Entry:
    (entry,) = Entry.objects.all()
    return entry


def stored(entry) -> Entry:
    return Entry.objects.get(pk=entry.pk)


@pytest.fixture
def member(author):
    """The author, with a confirmed email address."""
    member_email_mark_verified(user=author)
    return author


@pytest.fixture
def member_client(client, member):
    """A browser signed in as the verified author."""
    client.force_login(member)
    return client


@pytest.fixture
def story_competition(competition_index):
    """An open competition for stories only, one entry each, up to 50 words."""
    return CompetitionPageFactory(
        parent=competition_index,
        entry_kinds=[EntryKind.STORY.value],
        licence_options=[Licence.CC_BY.value],
        story_word_limit=50,
    )


@pytest.fixture
def competition_for(competition_index):
    """Make an open competition that takes one ``kind`` of entry."""

    def make(kind: str):
        return CompetitionPageFactory(
            parent=competition_index,
            entry_kinds=[kind],
            licence_options=[Licence.CC_BY.value],
        )

    return make


# Who may enter ------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in_and_back(client, story_competition):
    """An anonymous visitor goes to the sign-in page with ``next`` set to enter/."""
    url = enter_url(story_competition)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={url}"
    assert not Entry.objects.exists()


def test_member_without_a_confirmed_email_is_asked_to_confirm_it(
    client, author, story_competition
):
    """A member who has not confirmed their email gets a 403 saying what to do."""
    client.force_login(author)

    response = client.get(enter_url(story_competition))
    client.post(enter_url(story_competition), entry_data(EntryKind.STORY))

    assert response.status_code == 403
    assert "Please confirm your email address first" in text(response)
    assert soup(response).find("a", href="/accounts/email/")
    assert not Entry.objects.exists()


def test_competition_taking_several_kinds_asks_which_kind(member_client, competition):
    """With several kinds accepted, the page offers each kind and no form yet."""
    response = member_client.get(enter_url(competition))

    assert response.status_code == 200
    choices = [a["href"] for a in soup(response).select(".kind-choices a")]
    assert choices == ["?kind=story", "?kind=image", "?kind=film", "?kind=idea"]
    assert soup(response).find("form", class_="entry-form") is None


def test_competition_taking_one_kind_shows_its_form(member_client, story_competition):
    """With one kind accepted, the page shows that kind's form at once."""
    response = member_client.get(enter_url(story_competition))

    page = soup(response)
    assert response.status_code == 200
    assert page.find("input", attrs={"name": "kind"})["value"] == "story"
    assert page.find("textarea", attrs={"name": "story"}) is not None
    assert page.find(attrs={"name": "image_upload"}) is None
    assert page.select(".kind-choices") == []


def test_choosing_a_kind_shows_that_kinds_form(member_client, competition):
    """``?kind=image`` on a competition that takes images shows the image form."""
    response = member_client.get(enter_url(competition) + "?kind=image")

    page = soup(response)
    assert page.find("input", attrs={"name": "kind"})["value"] == "image"
    assert page.find("input", attrs={"name": "image_upload"})["type"] == "file"
    assert page.find(attrs={"name": "story"}) is None


# Drafts, previews and submitting ------------------------------------------------


def test_saving_a_new_story_makes_a_draft_and_opens_its_edit_page(
    member_client, member, story_competition
):
    """ "Save draft" makes the author's draft with what was typed, then edits it."""
    response = member_client.post(
        enter_url(story_competition), entry_data(EntryKind.STORY)
    )

    entry = only_entry()
    assert response.status_code == 302
    assert response.url == entry.get_edit_url()
    assert (entry.author, entry.kind, entry.status) == (member, "story", "draft")
    assert entry.title == "Harbour lights"
    assert "<p>The tide came in slowly over the flats.</p>" in entry.story
    assert mail.outbox == []
    follow = member_client.get(response.url)
    assert field_value(follow, "title") == "Harbour lights"
    assert "Your draft is saved." in text(follow)


def test_save_and_preview_opens_the_entry_page(member_client, story_competition):
    """ "Save and preview" saves the draft and shows it as it will look."""
    response = member_client.post(
        enter_url(story_competition), entry_data(EntryKind.STORY, action="preview")
    )

    entry = only_entry()
    assert response.url == entry.get_absolute_url()
    assert entry.status == EntryStatus.DRAFT
    preview = member_client.get(response.url)
    assert "The tide came in slowly over the flats." in text(preview)
    assert "Only you can see this draft." in text(preview)


def test_submit_with_a_human_token_submits_and_sends_a_receipt(
    member_client, story_competition, recaptcha, django_capture_on_commit_callbacks
):
    """ "Submit entry" with a good reCAPTCHA token submits and emails a receipt."""
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            enter_url(story_competition),
            entry_data(EntryKind.STORY, action="submit")
            | recaptcha.data("entry_submit"),
        )

    entry = only_entry()
    assert response.url == entry.get_absolute_url()
    assert entry.status == EntryStatus.SUBMITTED
    assert entry.submitted_at is not None
    assert recaptcha.tokens == ["test-token:entry_submit"]
    (receipt,) = mail.outbox
    assert receipt.to == ["ana.private@example.org"]
    assert "Harbour lights" in receipt.body
    assert SUBMITTED in text(member_client.get(response.url))


@pytest.mark.parametrize(
    ("token", "score", "message"),
    [(False, 0.9, NO_TOKEN), (True, 0.1, NOT_HUMAN)],
    ids=["no token", "low score"],
)
def test_submit_without_a_human_check_keeps_the_draft_and_says_why(
    member_client, story_competition, recaptcha, token, score, message
):
    """No token, or a low score: the draft is saved, not submitted, and explained."""
    recaptcha.score = score
    data = entry_data(EntryKind.STORY, action="submit")
    if token:
        data |= recaptcha.data("entry_submit")

    response = member_client.post(enter_url(story_competition), data)

    entry = only_entry()
    assert response.status_code == 400
    assert (entry.status, entry.title) == ("draft", "Harbour lights")
    assert "The tide came in slowly" in entry.story
    assert KEPT in text(response)
    assert message in text(response)
    assert field_value(response, "title") == "Harbour lights"
    assert mail.outbox == []


def test_submitting_a_saved_draft_from_its_preview(
    member_client, member, story_competition, recaptcha
):
    """The preview's "Submit this entry" button submits a ready draft."""
    entry = EntryFactory(competition=story_competition, author=member, draft=True)

    preview = member_client.get(entry.get_absolute_url())
    form = soup(preview).find("button", string="Submit this entry").find_parent("form")
    response = member_client.post(form["action"], recaptcha.data("entry_submit"))

    assert response.url == entry.get_absolute_url()
    assert stored(entry).status == EntryStatus.SUBMITTED


def test_submitting_from_the_preview_without_a_token_keeps_the_draft(
    member_client, member, story_competition
):
    """Without a token the preview's submit is refused with the draft kept."""
    entry = EntryFactory(competition=story_competition, author=member, draft=True)

    response = member_client.post(f"/entries/{entry.public_id}/submit/", {})

    assert response.status_code == 400
    assert NO_TOKEN in text(response)
    assert field_value(response, "title") == entry.title
    assert stored(entry).status == EntryStatus.DRAFT


@pytest.mark.parametrize(
    ("state", "wording"), [("withdrawn", "withdrawn"), ("approved", "approved")]
)
def test_submitting_an_entry_already_sent_in_says_so_plainly(
    member_client, member, story_competition, recaptcha, state, wording
):
    """A second tab or the back button: no "draft saved", no dead form."""
    entry = EntryFactory(competition=story_competition, author=member, **{state: True})

    response = member_client.post(
        f"/entries/{entry.public_id}/submit/", recaptcha.data("entry_submit")
    )

    assert response.status_code == 302
    assert response.url == entry.get_absolute_url()
    shown = text(member_client.get(response.url))
    assert f"This entry is {wording}, so there is nothing to submit." in shown
    assert KEPT not in shown
    assert stored(entry).status == state


@pytest.mark.parametrize("kind", [kind.value for kind in EntryKind])
def test_each_kind_goes_from_draft_to_submitted(
    member_client,
    member,
    competition_for,
    recaptcha,
    django_capture_on_commit_callbacks,
    kind,
):
    """A story, an image, a film and an idea are each saved, then submitted."""
    competition = competition_for(kind)
    draft = entry_data(kind)
    if kind == EntryKind.IMAGE:
        draft["image_upload"] = image_upload(
            image_bytes("PNG"), name="holiday.png", content_type="image/png"
        )

    saved = member_client.post(enter_url(competition), draft)
    entry = only_entry()
    assert saved.url == entry.get_edit_url()
    assert entry.status == EntryStatus.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        submitted = member_client.post(
            entry.get_edit_url(),
            entry_data(kind, action="submit") | recaptcha.data("entry_submit"),
        )

    entry = stored(entry)
    assert submitted.url == entry.get_absolute_url()
    assert (entry.kind, entry.status) == (kind, "submitted")
    assert len(mail.outbox) == 1
    if kind == EntryKind.IMAGE:
        assert entry.image.name.endswith(".png")
        assert "holiday" not in entry.image.name
        assert (entry.image_width, entry.image_height) == (64, 48)
        assert entry.image_alt_text == "Wet sand shining under an orange sky."
    if kind == EntryKind.FILM:
        assert entry.film_url == FILM_URL
    if kind == EntryKind.IDEA:
        assert entry.idea_requirements == "Two drivers and one bus."


# Refusals keep what was typed -----------------------------------------------------


@pytest.fixture
def tokyo_competition(competition_index):
    """A story competition whose entries close at noon on 1 March 2030 in Tokyo."""
    with time_machine.travel(datetime(2030, 2, 1, tzinfo=UTC), tick=False):
        return CompetitionPageFactory(
            parent=competition_index,
            time_zone="Asia/Tokyo",
            entries_open_at=datetime(2030, 1, 1, tzinfo=UTC),
            entries_close_at=datetime(2030, 3, 1, 3, 0, tzinfo=UTC),
        )


def test_submit_after_the_close_keeps_the_draft_and_names_the_close(
    client, member, tokyo_competition, recaptcha
):
    """A submit just after the close saves the edit, refuses, and says when it shut."""
    with time_machine.travel(datetime(2030, 2, 28, 12, 0, tzinfo=UTC), tick=False):
        client.force_login(member)
        client.post(enter_url(tokyo_competition), entry_data(EntryKind.STORY))
    entry = only_entry()

    with time_machine.travel(datetime(2030, 3, 1, 3, 1, tzinfo=UTC), tick=False):
        response = client.post(
            entry.get_edit_url(),
            entry_data(EntryKind.STORY, action="submit", title="Harbour at night")
            | recaptcha.data("entry_submit"),
        )

    entry = stored(entry)
    assert response.status_code == 400
    assert (
        "Entries closed on 1 March 2030, 12:00 (Asia/Tokyo); your draft is kept."
        in text(response)
    )
    assert field_value(response, "title") == "Harbour at night"
    assert (entry.status, entry.title) == ("draft", "Harbour at night")
    assert "The tide came in slowly" in entry.story


def test_a_new_entry_sent_after_the_close_is_refused_with_its_text_kept(
    client, member, tokyo_competition, recaptcha
):
    """A form opened before the close and sent after it keeps the typing on screen."""
    with time_machine.travel(datetime(2030, 3, 1, 2, 0, tzinfo=UTC), tick=False):
        client.force_login(member)
        form_page = client.get(enter_url(tokyo_competition))
    assert form_page.status_code == 200

    with time_machine.travel(datetime(2030, 3, 1, 3, 1, tzinfo=UTC), tick=False):
        response = client.post(
            enter_url(tokyo_competition),
            entry_data(EntryKind.STORY, action="submit")
            | recaptcha.data("entry_submit"),
        )

    assert response.status_code == 400
    assert "Entries closed on 1 March 2030, 12:00 (Asia/Tokyo)." in text(response)
    assert "draft is kept" not in text(response)
    assert field_value(response, "title") == "Harbour lights"
    assert "The tide came in slowly" in field_value(response, "story")
    assert not Entry.objects.exists()


def test_submit_over_the_entry_limit_keeps_the_new_draft(
    member_client, member, story_competition, recaptcha
):
    """A second entry where one is allowed is saved as a draft and explained."""
    EntryFactory(competition=story_competition, author=member, submitted=True)

    response = member_client.post(
        enter_url(story_competition),
        entry_data(EntryKind.STORY, action="submit", title="A second try")
        | recaptcha.data("entry_submit"),
    )

    assert response.status_code == 400
    assert (
        "You have already entered 1 time; this competition takes 1 entry "
        "per member. Your draft is kept." in text(response)
    )
    assert field_value(response, "title") == "A second try"
    draft = Entry.objects.get(status=EntryStatus.DRAFT)
    assert draft.title == "A second try"
    assert "The tide came in slowly" in draft.story


def test_submit_without_accepting_the_rules_keeps_the_draft(
    member_client, story_competition, recaptcha
):
    """An unticked rules box stops the submit, names the box and keeps the draft."""
    response = member_client.post(
        enter_url(story_competition),
        entry_data(EntryKind.STORY, action="submit", rules_accepted=None)
        | recaptcha.data("entry_submit"),
    )

    entry = only_entry()
    assert response.status_code == 400
    assert "Please accept the rules to enter." in text(response)
    assert soup(response).select_one(".field--error #id_rules_accepted") is not None
    assert field_value(response, "title") == "Harbour lights"
    assert (entry.status, entry.title) == ("draft", "Harbour lights")
    assert "The tide came in slowly" in entry.story


def test_under_13s_are_refused_on_save_and_their_story_is_not_stored(
    member_client, story_competition
):
    """Choosing "Under 13" is refused when saving; nothing about the child is kept."""
    response = member_client.post(
        enter_url(story_competition),
        entry_data(EntryKind.STORY, age_band=AgeBand.UNDER_13.value),
    )

    assert response.status_code == 400
    assert UNDER_13 in text(response)
    assert field_value(response, "title") == "Harbour lights"
    assert "The tide came in slowly" in field_value(response, "story")
    assert not Entry.objects.filter(age_band=AgeBand.UNDER_13).exists()
    assert not Entry.objects.exists()


def test_a_kind_the_competition_does_not_take_shows_the_kind_choice(
    member_client, story_competition
):
    """``?kind=film`` on a story competition explains and offers stories instead."""
    response = member_client.get(enter_url(story_competition) + "?kind=film")

    assert response.status_code == 400
    assert WRONG_KIND in text(response)
    assert [a["href"] for a in soup(response).select(".kind-choices a")] == [
        "?kind=story"
    ]
    assert soup(response).find(attrs={"name": "film_url"}) is None


def test_posting_a_film_to_a_story_competition_makes_no_film(
    member_client, story_competition
):
    """A film POSTed to a story competition is refused; no entry is made."""
    response = member_client.post(
        enter_url(story_competition),
        entry_data(EntryKind.FILM, action="submit"),
    )

    assert response.status_code == 400
    assert WRONG_KIND in text(response)
    assert not Entry.objects.exists()


def test_posting_a_kind_another_competition_takes_makes_no_entry(
    member_client, competition_index
):
    """A film POSTed to a stories-and-images competition is refused with a message."""
    competition = CompetitionPageFactory(
        parent=competition_index,
        entry_kinds=[EntryKind.STORY.value, EntryKind.IMAGE.value],
    )

    response = member_client.post(enter_url(competition), entry_data(EntryKind.FILM))

    assert response.status_code == 400
    assert WRONG_KIND in text(response)
    assert [a["href"] for a in soup(response).select(".kind-choices a")] == [
        "?kind=story",
        "?kind=image",
    ]
    assert not Entry.objects.exists()


def test_a_story_over_the_word_limit_is_saved_but_not_submitted(
    member_client, story_competition, recaptcha
):
    """60 words where 50 are allowed: the draft keeps them and the limit is named."""
    long_story = " ".join(["word"] * 60)

    response = member_client.post(
        enter_url(story_competition),
        entry_data(EntryKind.STORY, action="submit", story=long_story)
        | recaptcha.data("entry_submit"),
    )

    entry = only_entry()
    assert response.status_code == 400
    assert "Your story has 60 words; the limit is 50." in text(response)
    assert field_value(response, "title") == "Harbour lights"
    assert "word word" in field_value(response, "story")
    assert (entry.status, entry.word_count) == ("draft", 60)


def test_html_named_jpg_is_refused_and_the_other_fields_are_kept(
    member_client, competition_for
):
    """An HTML file called photo.jpg gets the checker's message; typing is kept."""
    competition = competition_for(EntryKind.IMAGE)
    fake = image_upload(b"<html><script>alert(1)</script></html>", name="photo.jpg")

    response = member_client.post(
        enter_url(competition), entry_data(EntryKind.IMAGE, image_upload=fake)
    )

    assert response.status_code == 400
    assert NOT_AN_IMAGE in text(response)
    assert field_value(response, "title") == "Harbour lights"
    assert field_value(response, "image_caption") == "Low tide at dusk."
    assert not Entry.objects.exclude(image="").exists()


def test_a_good_image_is_kept_when_the_title_is_too_long(
    member_client, competition_for
):
    """A valid upload is stored on the draft even when another field needs fixing."""
    competition = competition_for(EntryKind.IMAGE)

    response = member_client.post(
        enter_url(competition),
        entry_data(EntryKind.IMAGE, title="x" * 121, image_upload=image_upload()),
    )

    entry = only_entry()
    assert response.status_code == 400
    assert "Ensure this value has at most 120 characters" in text(response)
    assert field_value(response, "title") == "x" * 121
    assert entry.image.name.endswith(".jpg")
    assert soup(response).find("img", src=entry.image_url) is not None


# Editing and withdrawing --------------------------------------------------------


def test_the_author_edits_a_draft(member_client, member, story_competition):
    """The edit page shows the draft and saves changes to it."""
    entry = EntryFactory(competition=story_competition, author=member, draft=True)

    page = member_client.get(entry.get_edit_url())
    response = member_client.post(
        entry.get_edit_url(), entry_data(EntryKind.STORY, title="A new title")
    )

    assert page.status_code == 200
    assert field_value(page, "title") == entry.title
    assert response.url == entry.get_edit_url()
    assert stored(entry).title == "A new title"


def test_a_submitted_entry_cannot_be_edited_after_the_close(
    member_client, member, story_competition
):
    """After entries close, a submitted entry's edit page is not found."""
    entry = EntryFactory(
        competition=story_competition, author=member, submitted=True, title="Kept"
    )

    with time_machine.travel(
        story_competition.entries_close_at + timedelta(minutes=1), tick=False
    ):
        page = member_client.get(entry.get_edit_url())
        post = member_client.post(
            entry.get_edit_url(), entry_data(EntryKind.STORY, title="Changed")
        )

    assert (page.status_code, post.status_code) == (404, 404)
    assert stored(entry).title == "Kept"


def test_a_submitted_entry_can_be_edited_while_entries_are_open(
    member_client, member, story_competition
):
    """While open (and the rules allow it), a submitted entry can still change."""
    entry = EntryFactory(competition=story_competition, author=member, submitted=True)

    response = member_client.post(
        entry.get_edit_url(), entry_data(EntryKind.STORY, title="Better title")
    )

    assert response.status_code == 302
    assert (stored(entry).title, stored(entry).status) == ("Better title", "submitted")


def test_withdrawing_asks_first_then_withdraws(
    member_client, member, story_competition
):
    """GET shows the confirmation; POST withdraws and returns to /me/."""
    entry = EntryFactory(competition=story_competition, author=member, submitted=True)
    url = f"/entries/{entry.public_id}/withdraw/"

    confirm = member_client.get(url)
    assert confirm.status_code == 200
    assert f"Withdraw “{entry.title}”?" in text(confirm)
    assert stored(entry).status == EntryStatus.SUBMITTED

    response = member_client.post(url)

    assert response.url == "/me/"
    assert stored(entry).status == EntryStatus.WITHDRAWN
    assert "Your entry is withdrawn." in text(member_client.get("/me/"))


@pytest.mark.parametrize(
    ("trait", "status", "next_step"),
    [
        ("draft", "Draft", "Only you can see this draft."),
        ("submitted", "Submitted", "A moderator will look at it"),
        ("changes_requested", "Changes requested", "Please remove the surname"),
    ],
)
def test_the_entry_page_shows_the_author_its_status_and_next_step(
    member_client, member, story_competition, trait, status, next_step
):
    """The author sees the status badge, what happens next and what they can do."""
    entry = EntryFactory(competition=story_competition, author=member, **{trait: True})

    response = member_client.get(entry.get_absolute_url())

    page = soup(response)
    assert response.status_code == 200
    assert page.select_one(".entry__status .badge").get_text() == status
    assert next_step in text(response)
    assert page.find("a", string="Withdraw") is not None
    assert page.find("a", href=entry.get_edit_url()) is not None
    has_submit = page.find("button", string="Submit this entry") is not None
    assert has_submit is (trait != "submitted")


# Query budget ---------------------------------------------------------------------


def me_queries(client) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/me/")
    assert response.status_code == 200
    return len(queries)


def test_me_costs_the_same_queries_for_2_and_10_entries(
    member_client, member, competition_index, story_competition
):
    """/me/ does not run more queries as the member's list of entries grows."""
    other = CompetitionPageFactory(
        parent=competition_index, entry_kinds=[EntryKind.IDEA.value]
    )
    traits = ["draft", "submitted", "approved", "rejected", "changes_requested"]
    EntryFactory(competition=story_competition, author=member, draft=True)
    EntryFactory(competition=other, author=member, rejected=True)
    me_queries(member_client)  # The first request makes the site's settings row.
    with_two = me_queries(member_client)

    for index in range(8):
        EntryFactory(
            competition=[story_competition, other][index % 2],
            author=member,
            **{traits[index % len(traits)]: True},
        )
    EntryFactory(competition=other, author=UserFactory(), submitted=True)
    with_ten = me_queries(member_client)

    assert Entry.objects.filter(author=member).count() == 10
    assert with_ten == with_two


# Referral credit ----------------------------------------------------------------


def test_an_entry_credits_the_partner_that_referred_the_visit(
    member_client, story_competition
):
    """A visit that arrived with ?via=<partner> stamps that partner on the entry."""
    partner = PartnerCommunityFactory(slug="studyhub")
    member_client.get(f"{story_competition.url}?via=studyhub")

    member_client.post(enter_url(story_competition), entry_data(EntryKind.STORY))

    assert only_entry().referral_partner == partner


def test_an_entry_without_a_referral_credits_nobody(member_client, story_competition):
    """A visit with no ?via= leaves the entry's referral empty."""
    PartnerCommunityFactory(slug="studyhub")

    member_client.post(enter_url(story_competition), entry_data(EntryKind.STORY))

    assert only_entry().referral_partner is None


def test_a_refused_edit_of_a_submitted_entry_keeps_the_new_image(
    member_client, member, competition_for
):
    """Unticking the rules on a submitted entry is refused, but the new image stays."""
    competition = competition_for(EntryKind.IMAGE)
    entry = EntryFactory(
        competition=competition, author=member, kind="image", submitted=True
    )
    old_name = entry.image.name
    data = entry_data(EntryKind.IMAGE, rules_accepted=None, title=entry.title)
    data["image_upload"] = image_upload(image_bytes(colour=(10, 200, 10)))

    response = member_client.post(entry.get_edit_url(), data)

    assert response.status_code == 400
    assert "Please accept the rules to enter." in text(response)
    saved = stored(entry)
    assert saved.rules_accepted is True
    assert saved.status == EntryStatus.SUBMITTED
    assert saved.image.name != old_name
