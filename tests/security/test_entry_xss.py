"""Script smuggled into an entry through its form never reaches a reader.

Stories are rich text, sanitised on save: the payloads must be gone from the
database, not merely hidden on the page. Plain-text fields (title, caption, alt
text) are escaped wherever they are shown. The CSP is the second line: it still
forbids inline script on entry pages.
"""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission

from competitions.enums import EntryKind, Licence
from members.services import member_email_mark_verified
from moderation.services import decision_approve
from submissions.enums import AgeBand, EntryStatus
from submissions.models import Entry
from tests.factories import CompetitionPageFactory, UserFactory
from tests.support.entries import image_upload

# Each payload carries a marker that only its dangerous part contains.
STORY_PAYLOADS = {
    "script": '<p>Before</p><script>alert("xss-script")</script><p>After</p>',
    "onerror": "<p>Look <img src=x onerror=\"alert('xss-onerror')\"> here</p>",
    "javascript link": "<p><a href=\"javascript:alert('xss-js')\">click me</a></p>",
    "iframe": '<p>Watch</p><iframe src="https://evil.example/xss-iframe"></iframe>',
    "style": "<p style=\"background:url('https://evil.example/xss-style')\">Hi</p>",
    "upper case": '<SCRIPT>alert("xss-upper")</SCRIPT><P>Shouting</P>',
    "svg onload": "<svg onload=\"alert('xss-svg')\"></svg><p>Vector</p>",
}
DANGEROUS = ["<script", "onerror", "onload", "javascript:", "<iframe", "style=", "<svg"]
TITLE = "</title><script>alert('xss-title')</script>"
CAPTION = "\"><script>alert('xss-caption')</script>"
ALT_TEXT = "\"><img src=x onerror=alert('xss-alt')>"
UNSAFE_SCRIPT_SOURCES = {
    "'unsafe-inline'",
    "'unsafe-eval'",
    "'unsafe-hashes'",
    "'strict-dynamic'",
    "*",
    "http:",
    "https:",
    "data:",
    "blob:",
}


@pytest.fixture
def member(db):
    user = UserFactory(handle="ana_writes", email="ana.private@example.org")
    member_email_mark_verified(user=user)
    return user


@pytest.fixture
def moderator(db):
    user = UserFactory(handle="mod_one", email="mod@example.org", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(
            codename="moderate_entry", content_type__app_label="submissions"
        )
    )
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def competition_for(competition_index):
    def make(kind: str):
        return CompetitionPageFactory(
            parent=competition_index,
            entry_kinds=[kind],
            licence_options=[Licence.CC_BY.value],
        )

    return make


def enter(client, competition, recaptcha, **fields) -> Entry:
    """Submit an entry through the real form and return it."""
    data = {
        "kind": competition.entry_kinds[0],
        "title": "Harbour lights",
        "licence": Licence.CC_BY.value,
        "age_band": AgeBand.ADULT.value,
        "rules_accepted": "on",
        "action": "submit",
        **recaptcha.data("entry_submit"),
        **fields,
    }
    response = client.post(f"{competition.url}enter/", data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    (entry,) = Entry.objects.all()
    assert entry.status == EntryStatus.SUBMITTED
    return entry


def approve(entry, moderator, capture) -> Entry:
    with capture(execute=True):
        decision_approve(entry=entry, actor=moderator)
    return Entry.objects.get(pk=entry.pk)


@pytest.mark.parametrize("payload", STORY_PAYLOADS.values(), ids=STORY_PAYLOADS)
def test_story_payloads_are_removed_before_saving_and_from_the_page(
    client,
    member,
    moderator,
    competition_for,
    recaptcha,
    django_capture_on_commit_callbacks,
    payload,
):
    """A hostile story is stored clean; neither author nor public sees the payload."""
    client.force_login(member)
    entry = enter(
        client,
        competition_for(EntryKind.STORY),
        recaptcha,
        story=f"<p>Safe words.</p>{payload}",
    )

    assert "Safe words." in entry.story
    assert [bad for bad in DANGEROUS if bad in entry.story.lower()] == []
    assert "xss-" not in entry.story

    preview = client.get(entry.get_absolute_url()).content.decode()
    client.logout()
    public = client.get(
        approve(entry, moderator, django_capture_on_commit_callbacks).get_absolute_url()
    ).content.decode()
    for html in (preview, public):
        story = str(BeautifulSoup(html, "html.parser").select_one(".entry-story"))
        assert "Safe words." in story
        assert [bad for bad in DANGEROUS if bad in story.lower()] == []
        assert "xss-" not in html


def test_a_link_in_a_story_keeps_its_text_and_gets_a_safe_rel(
    client, member, competition_for, recaptcha
):
    """A javascript: link loses its href; an https link is kept as nofollow ugc."""
    client.force_login(member)
    entry = enter(
        client,
        competition_for(EntryKind.STORY),
        recaptcha,
        story=(
            "<p><a href=\"javascript:alert('xss-js')\">bad</a> and "
            '<a href="https://example.org/" onclick="steal()">good</a></p>'
        ),
    )

    links = BeautifulSoup(entry.story, "html.parser").find_all("a")
    assert [link.get_text() for link in links] == ["bad", "good"]
    assert links[0].get("href") is None
    assert links[1]["href"] == "https://example.org/"
    assert links[1]["rel"] == ["nofollow", "ugc", "noopener"]
    assert "onclick" not in entry.story


def test_entry_pages_forbid_inline_script(
    client,
    member,
    moderator,
    competition_for,
    recaptcha,
    django_capture_on_commit_callbacks,
):
    """The CSP of the author's view and of the public page refuses inline script."""
    client.force_login(member)
    entry = enter(client, competition_for(EntryKind.STORY), recaptcha, story="Hi.")
    responses = [client.get(entry.get_absolute_url()), client.get(entry.get_edit_url())]
    client.logout()
    entry = approve(entry, moderator, django_capture_on_commit_callbacks)
    responses.append(client.get(entry.get_absolute_url()))

    for response in responses:
        assert response.status_code == 200
        policy = {
            name: sources
            for name, *sources in (
                directive.split()
                for directive in response["Content-Security-Policy"].split(";")
                if directive.strip()
            )
        }
        assert "script-src" in policy
        assert UNSAFE_SCRIPT_SOURCES.isdisjoint(policy["script-src"])
        page = BeautifulSoup(response.content, "html.parser")
        inline = [script for script in page.find_all("script") if not script.get("src")]
        assert inline == []


def test_title_caption_and_alt_text_are_escaped_everywhere(
    client,
    member,
    moderator,
    competition_for,
    recaptcha,
    django_capture_on_commit_callbacks,
):
    """``"><script>`` in the title, caption or alt text shows as text, never runs."""
    client.force_login(member)
    entry = enter(
        client,
        competition_for(EntryKind.IMAGE),
        recaptcha,
        title=TITLE,
        image_caption=CAPTION,
        image_alt_text=ALT_TEXT,
        image_upload=image_upload(),
    )
    assert (entry.title, entry.image_caption, entry.image_alt_text) == (
        TITLE,
        CAPTION,
        ALT_TEXT,
    )
    pages = {
        "author's view": client.get(entry.get_absolute_url()),
        "edit form": client.get(entry.get_edit_url()),
        "my entries": client.get("/me/"),
    }
    client.logout()
    entry = approve(entry, moderator, django_capture_on_commit_callbacks)
    pages["public page"] = client.get(entry.get_absolute_url())

    for name, response in pages.items():
        html = response.content.decode()
        page = BeautifulSoup(html, "html.parser")
        scripts = " ".join(script.get_text() for script in page.find_all("script"))
        assert "xss-" not in scripts, name
        assert not page.find_all(attrs={"onerror": True}), name
        assert "<script>alert(" not in html, name
        assert "<img src=x" not in html, name
        if name != "my entries":
            assert page.find("h1").get_text() == TITLE, name
            assert TITLE in page.find("title").get_text(), name
        if name in ("author's view", "public page"):
            assert page.select_one(".entry-image figcaption").get_text() == CAPTION
            assert page.select_one(".entry-image img")["alt"] == ALT_TEXT
