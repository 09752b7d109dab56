"""The story editor in a real browser: safe with refused input, counts, paragraphs."""

import re

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from competitions.enums import EntryKind, Licence
from core.sanitize import count_text_words
from members.services import member_email_mark_verified
from submissions.models import Entry
from tests.factories import CompetitionPageFactory, EntryFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOADS = ["<img src=x onerror=alert(1)>", "<svg onload=alert(1)>"]
LIVE_ELEMENTS = (
    "document.querySelectorAll("
    "'.story-editor__area img, .story-editor__area svg, [onerror], [onload]'"
    ").length"
)


@pytest.fixture
def member(site_tree):
    user = UserFactory(handle="ana_writes")
    member_email_mark_verified(user=user)
    return user


@pytest.fixture
def signed_in(page: Page, live_server, member, settings) -> Page:
    """The browser signed in as the member (the session made by Django's client)."""
    settings.RECAPTCHA_ENABLED = False  # The browser here cannot reach Google.
    client = Client()
    client.force_login(member)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session,
                "url": live_server.url,
            }
        ]
    )
    return page


@pytest.fixture
def competition(site_tree):
    return CompetitionPageFactory(
        parent=site_tree.competitions,
        title="Your first year",
        entry_kinds=[EntryKind.STORY.value],
        licence_options=[Licence.CC_BY.value],
        story_word_limit=500,
    )


def short_story_competition(site_tree):
    """A call for stories of at most three words: easy to go over."""
    return CompetitionPageFactory(
        parent=site_tree.competitions,
        entry_kinds=[EntryKind.STORY.value],
        licence_options=[Licence.CC_BY.value],
        story_word_limit=3,
    )


def editor(page: Page):
    return page.locator(".story-editor__area")


def fill_the_small_print(page: Page, age_band: str = "18 or over") -> None:
    page.get_by_label("Title").fill("My first term")
    page.get_by_label("Licence").select_option(Licence.CC_BY.value)
    page.get_by_label(age_band).check()
    page.get_by_label("I accept the rules").check()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_refused_story_never_becomes_live_html(
    signed_in: Page, competition, console_errors, payload
):
    """The review's attack: raw HTML posted, the save refused, the page re-rendered."""
    page = signed_in
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{competition.url}enter/")
    fill_the_small_print(page, age_band="Under 13")
    # Post the payload itself, as a crafted request or a browser without JS would.
    page.evaluate(
        """payload => document.querySelector("form.entry-form").addEventListener(
            "submit",
            () => { document.querySelector("textarea[name=story]").value =
                "<p>The harbour at night.</p>" + payload; })""",
        payload,
    )
    page.get_by_role("button", name="Save draft").click()

    expect(page.get_by_role("alert")).to_contain_text("you must be 13 or over")
    expect(editor(page)).to_have_text("The harbour at night.")
    assert page.evaluate(LIVE_ELEMENTS) == 0
    assert dialogs == []
    assert [
        error for error in console_errors if "Content Security Policy" in error
    ] == []


def test_the_editor_cleans_html_it_loads(signed_in: Page, competition, member):
    """A story with markup outside the allow-list loads without it."""
    entry = EntryFactory(
        competition=competition,
        author=member,
        story=(
            '<p>Kept <strong>bold</strong> <a href="javascript:alert(1)">link</a>'
            "<span style='color:red'>and words</span></p>"
        ),
    )
    page = signed_in
    page.goto(entry.get_edit_url())

    expect(editor(page).locator("strong")).to_have_text("bold")
    assert editor(page).locator("a").get_attribute("href") is None
    assert page.evaluate(LIVE_ELEMENTS) == 0


def test_enter_twice_makes_a_new_paragraph(signed_in: Page, competition):
    """One, Enter, Enter, two: two paragraphs, and no empty one between them."""
    page = signed_in
    page.goto(f"{competition.url}enter/")
    fill_the_small_print(page)
    editor(page).click()
    page.keyboard.type("First line of the story.")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    page.keyboard.type("Second paragraph here.")
    page.get_by_role("button", name="Save draft").click()

    expect(page.get_by_role("status")).to_be_visible()
    assert Entry.objects.get().story == (
        "<p>First line of the story.</p><p>Second paragraph here.</p>"
    )


def test_the_word_count_is_live_and_counts_like_the_server(
    signed_in: Page, competition
):
    """Typing updates the count beside the story, by the server's own rules."""
    page = signed_in
    page.goto(f"{competition.url}enter/")
    count = page.locator("#id_story_count")
    expect(count).to_have_text("0 of 500 words")
    text = "Don't stop\u2800now: well-known 1,500 東京 words\u200bhere"

    editor(page).click()
    page.keyboard.insert_text(text)

    expected = count_text_words(text)
    assert expected == 9
    expect(count).to_have_text(f"{expected} of 500 words")


def test_the_word_count_says_when_the_story_is_over_the_limit(
    signed_in: Page, site_tree
):
    page = signed_in
    page.goto(f"{short_story_competition(site_tree).url}enter/")

    editor(page).click()
    page.keyboard.insert_text("one two three four five")

    expect(page.locator("#id_story_count")).to_have_text(
        "5 of 3 words: 2 over the limit"
    )


def test_the_editor_stops_growing_and_scrolls(signed_in: Page, competition):
    """A long story scrolls inside a box of fixed greatest height."""
    page = signed_in
    page.goto(f"{competition.url}enter/")
    area = editor(page)
    empty_height = area.evaluate("element => element.clientHeight")

    area.click()
    for number in range(60):
        page.keyboard.type(f"Paragraph {number}.")
        page.keyboard.press("Enter")

    height, scroll_height, viewport = area.evaluate(
        "element => [element.clientHeight, element.scrollHeight, innerHeight]"
    )
    assert empty_height <= height < viewport
    assert scroll_height > height
    assert area.evaluate("element => getComputedStyle(element).overflowY") == "auto"


def test_a_story_refused_for_its_length_leads_back_to_the_editor(
    signed_in: Page, site_tree
):
    """The summary has focus; its "Story" link and the label reach the editor box,
    not the textarea hidden behind it."""
    page = signed_in
    page.goto(f"{short_story_competition(site_tree).url}enter/")
    fill_the_small_print(page)
    editor(page).click()
    page.keyboard.insert_text("one two three four five")

    page.get_by_role("button", name="Submit").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name=re.compile("^Story")).click()
    expect(editor(page)).to_be_focused()
    page.locator(".error-summary").focus()
    page.locator('label[for="id_story"]').click()
    expect(editor(page)).to_be_focused()
    expect(editor(page)).to_have_attribute("aria-invalid", "true")
