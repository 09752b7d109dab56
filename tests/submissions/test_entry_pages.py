"""The entry pages' markup: headings, form addresses, the rules link, the scripts."""

import pytest
from bs4 import BeautifulSoup

from competitions.enums import EntryKind, Licence
from members.services import member_email_mark_verified
from tests.factories import CompetitionPageFactory, EntryFactory

RULES = "<p>Entries must be your own work.</p>"


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def member_client(client, author):
    """A browser signed in as the author, whose email is confirmed."""
    member_email_mark_verified(user=author)
    client.force_login(author)
    return client


@pytest.fixture
def stories(competition_index):
    """An open competition for stories, called by a title that is a phrase."""
    return CompetitionPageFactory(
        parent=competition_index,
        title="Your first year, in 500 words",
        slug="first-year-stories",
        entry_kinds=[EntryKind.STORY.value],
        licence_options=[Licence.CC_BY.value],
        rules=RULES,
    )


def test_the_entry_page_names_the_competition_in_quotes(member_client, stories):
    """ "Enter “Your first year, in 500 words”", not "Enter Your first year…"."""
    page = soup(member_client.get("/competitions/first-year-stories/enter/"))

    assert page.h1.get_text() == "Enter “Your first year, in 500 words”"
    assert page.title.get_text().startswith("Enter “Your first year, in 500 words”")


def entry_form(response):
    form = soup(response).find("form", class_="entry-form")
    assert form is not None
    return form


def test_the_new_entry_form_posts_to_the_entry_page_by_its_address(
    member_client, stories
):
    """No empty action (the HTML checker's error): the form names enter/."""
    form = entry_form(member_client.get("/competitions/first-year-stories/enter/"))

    assert form["action"] == "/competitions/first-year-stories/enter/"


def test_a_refused_new_entry_form_still_names_its_address(member_client, stories):
    """The form shown again after a refusal also posts to enter/."""
    response = member_client.post(
        "/competitions/first-year-stories/enter/", {"kind": "story", "title": ""}
    )

    assert response.status_code == 400
    assert entry_form(response)["action"] == "/competitions/first-year-stories/enter/"


def test_the_edit_form_posts_to_the_entrys_edit_address(member_client, stories, author):
    entry = EntryFactory(competition=stories, author=author)

    form = entry_form(member_client.get(entry.get_edit_url()))

    assert form["action"] == entry.get_edit_url()


def test_i_accept_the_rules_links_to_the_rules(member_client, stories):
    """The rules are one click away from the box that accepts them, in a new tab."""
    form = entry_form(member_client.get("/competitions/first-year-stories/enter/"))

    rules_field = form.find(attrs={"data-field": "rules_accepted"})
    link = rules_field.find("a")
    assert rules_field.find("input", attrs={"name": "rules_accepted"}) is not None
    assert link["href"] == "/competitions/first-year-stories/#rules"
    assert link["target"] == "_blank"
    assert "noopener" in link["rel"]


def test_the_rules_anchor_exists_on_the_competition_page(client, stories):
    """The link's #rules is the heading of the rules section."""
    page = soup(client.get(stories.url))

    assert page.find(id="rules").get_text() == "Rules"


def test_the_guardian_field_is_in_the_page_for_the_script_to_show(
    member_client, stories
):
    """Without JavaScript it is simply there; the script only hides it."""
    page = soup(member_client.get("/competitions/first-year-stories/enter/"))

    guardian = page.find(attrs={"data-field": "guardian_confirmed"})
    assert guardian is not None and not guardian.has_attr("hidden")
    scripts = [script.get("src", "") for script in page.find_all("script")]
    assert "/static/js/entry-form.js" in scripts
    assert all(script.get("src") for script in page.find_all("script"))


def test_the_verify_first_page_links_to_the_email_page(client, author, stories):
    """Sending the link again is allauth's email page, found by its name."""
    client.force_login(author)

    page = soup(client.get("/competitions/first-year-stories/enter/"))

    assert page.find("a", href="/accounts/email/") is not None


@pytest.mark.parametrize(
    ("kind", "hint"),
    [
        ("image", "A JPEG, PNG, WebP or HEIC (iPhone) photo, up to 20 MB."),
        ("film", "MP4, MOV (iPhone) or WebM, up to 3 minutes and 100 MB."),
    ],
)
def test_each_file_input_says_what_it_takes(kind, hint, competition, author):
    """The limits the checker applies are stated beside the file input."""
    from submissions.forms import EntryForm
    from submissions.models import Entry

    form = EntryForm(instance=Entry(competition=competition, kind=kind, author=author))

    assert hint in form.as_div()
