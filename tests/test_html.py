"""Every page of the demo world is HTML a checker passes: parsed without errors.

The external checks crawl the demo world, so this test does too: each public page
kind (with a filter error, a 404 and the partner widgets among them), the sign-in
and sign-up forms with and without errors, and a member's own area and entries in
every status, then the staff areas this project draws as each staff role reaches
them, run through ``tests.support.html`` (the WHATWG parser's errors,
duplicate ids, references to missing ids, bad nesting). The axe test in e2e/ reads
what a browser made of the page; this one reads what the server sent.
"""

import json
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from competitions.models import CompetitionPage
from members.models import User
from submissions.enums import EntryStatus
from submissions.models import Entry
from tests.support.html import html_problems
from tests.support.staff import staff_login

pytestmark = pytest.mark.django_db

MEMBERS = ("ana@example.org", "ben@example.org", "cai@example.org")
ENTRY_ACTIONS = ("", "edit/", "withdraw/", "appeal/", "report/")
# Wrong on purpose: the pages that explain what was wrong.
SIGNUP_ERRORS = {"email": "not-an-email", "handle": "a b", "password1": "1"}
LOGIN_ERRORS = {"login": "nobody@example.org", "password": "wrong"}


def public_addresses() -> list[str]:
    addresses = [
        "/",
        "/competitions/",
        "/showcase/",
        "/showcase/?q=street",
        "/showcase/?winners=on&sort=random",
        "/showcase/?partner=studyhub&kind=image",
        "/showcase/?kind=no-such-kind&sort=sideways",  # the filter error state
        "/partners/studyhub/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/no-such-page/",
    ]
    for competition in CompetitionPage.objects.live().order_by("path"):
        url = competition.url
        addresses += [
            url,
            f"{url}gallery/",
            f"{url}gallery/?category=999&kind=nothing",
            f"{url}results/",
            f"/embed/{competition.slug}/",
        ]
    addresses += [entry.get_absolute_url() for entry in Entry.objects.public()]
    return addresses


def checked(response, problems: dict[str, list[str]], address: str) -> None:
    assert response.status_code in {200, 400, 403, 404}, address
    if "html" in response.headers.get("Content-Type", ""):
        if found := html_problems(response.content):
            problems[f"{response.status_code} {address}"] = found


def test_every_page_of_the_demo_world_is_valid_html(client):
    call_command("seed_demo", stdout=None)
    problems: dict[str, list[str]] = {}
    addresses = public_addresses()
    assert len(addresses) > 30

    for address in addresses:
        checked(client.get(address), problems, address)
    checked(client.post("/accounts/signup/", SIGNUP_ERRORS), problems, "signup")
    checked(client.post("/accounts/login/", LOGIN_ERRORS), problems, "login")

    statuses_seen = set()
    enter = f"{CompetitionPage.objects.get(slug='first-year-stories').url}enter/"
    for email in MEMBERS:
        member = User.objects.get(email=email)
        client.force_login(member)
        for address in ("/me/", "/me/data/", "/me/delete/", enter):
            checked(client.get(address), problems, f"{email} {address}")
        checked(client.post(enter, {"title": ""}), problems, f"{email} POST {enter}")
        # The author's view of an entry in each status, once.
        for entry in Entry.objects.filter(author=member).order_by("pk"):
            if entry.status in statuses_seen:
                continue
            statuses_seen.add(entry.status)
            for action in ENTRY_ACTIONS:
                address = f"{entry.get_absolute_url()}{action}"
                response = client.get(address, follow=True)
                checked(response, problems, f"{email} {address}")
    assert statuses_seen >= set(EntryStatus)

    assert problems == {}


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("<p><div>block</div></p>", "unexpected-end-tag"),
        ("<div><span>left open</div>", "end-tag-too-early"),
        ("<section>never closed", "expected-closing-tag-but-got-eof"),
        ('<p class="a"id="b">run together</p>', "after-attribute-value"),
        ('<p class="a" class="b">twice</p>', "duplicate-attribute"),
        ("<form><form></form></form>", "unexpected-start-tag"),
        ('<i id="x"></i><b id="x"></b>', 'id "x" is used 2 times'),
        ('<input aria-describedby="id_kind_error">', '"id_kind_error"> names an id'),
        ('<label for="nowhere">Name</label>', '"nowhere"> names an id'),
        ('<a href="#gone">Skip</a>', '"gone"> names an id'),
        ('<a href="/x"><button>Go</button></a>', "<button> inside <a>"),
        ("<ul><div>not an item</div></ul>", "<div> directly inside <ul>"),
        ("<div><li>loose</li></div>", "<li> inside <div>"),
    ],
)
def test_the_checker_finds_each_kind_of_problem(body, problem):
    page = f"<!doctype html><html lang=en><title>t</title>{body}"

    assert any(problem in found for found in html_problems(page)), html_problems(page)


def test_the_checker_passes_valid_html5():
    page = (
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>t</title>"
        '</head><body><a href="#main">Skip</a><main id="main"><p>One<br>two</p>'
        '<label for="q">Search</label><input id="q" aria-describedby="q_help">'
        '<p id="q_help">Words</p><ul><li>item</li><template><li>x</li></template>'
        '</ul><a href="/x"><img src="/i.png" alt="" loading="lazy"></a>'
        '<button type="submit"><span>Go</span></button></main></body></html>'
    )

    assert html_problems(page) == []


# The staff areas this project draws (Wagtail's own pages are Wagtail's to check).
OWN_ADMIN_AREAS = (
    "/admin/moderation/",
    "/admin/moderatorassignment/",
    "/admin/judging/",
    "/admin/judging-rounds/",
    "/admin/voting/",
    "/admin/impact/",
    "/admin/snippets/submissions/",
)
STAFF = ("mod.studyhub@example.org", "judge.one@example.org", "editor@example.org")
# Where each role starts: the sidebar is drawn by script, so its links are not
# in the page. The vote's pages are per competition (added in the test).
STARTS = (
    "/admin/moderation/",
    "/admin/moderatorassignment/",
    "/admin/judging/",
    "/admin/judging-rounds/",
    "/admin/impact/",
    "/admin/snippets/submissions/entry/",
)
# Links not followed: they change something, or answer with a file; and the
# rounds' edit form, which is Wagtail's InlinePanel (it writes each row's ORDER
# value twice, Wagtail's own markup).
NOT_FOLLOWED = re.compile(
    r"delete|export|download|\.csv|\.xlsx|/media/|/files/|judging-rounds/edit/"
)
PAGES_PER_ROLE = 60


def own_admin_links(content: bytes, base: str) -> list[str]:
    soup = BeautifulSoup(content, "html.parser")
    found = []
    for link in soup.select("a[href]"):
        parts = urlsplit(urljoin(base, link["href"]))
        if parts.netloc not in {"", "testserver"}:
            continue
        address = parts.path + (f"?{parts.query}" if parts.query else "")
        if address.startswith(OWN_ADMIN_AREAS) and not NOT_FOLLOWED.search(address):
            found.append(address)
    return found


def test_the_staff_pages_this_project_draws_are_valid_html(client):
    """Each staff role follows the links of its own areas, as far as it may."""
    call_command("seed_demo", stdout=None)
    problems: dict[str, list[str]] = {}
    crawled = {}
    votes = [
        f"/admin/voting/competitions/{c.pk}/" for c in CompetitionPage.objects.all()
    ]
    for email in STAFF:
        client.logout()
        staff_login(client, User.objects.get(email=email))
        seen: set[str] = set()
        home = client.get("/admin/").content
        waiting = deque([*own_admin_links(home, "/admin/"), *STARTS, *votes])
        while waiting and len(seen) < PAGES_PER_ROLE:
            address = waiting.popleft()
            if address in seen:
                continue
            seen.add(address)
            response = client.get(address)
            if response.status_code in {301, 302, 403, 404}:
                continue  # not this role's (Wagtail draws those pages)
            checked(response, problems, f"{email} {address}")
            waiting.extend(own_admin_links(response.content, address))
        crawled[email] = seen
        reviews = sorted(a for a in seen if a.startswith("/admin/moderation/entries/"))
        if reviews:  # a decision sent without its reason: the page with errors
            refused = client.post(reviews[0], {"action": "reject", "message": ""})
            assert refused.status_code == 400
            checked(refused, problems, f"{email} POST {reviews[0]}")
    # Each role reached its own work: a queue and a review, a sheet to score.
    assert any("/admin/moderation/entries/" in a for a in crawled[STAFF[0]])
    assert any(a.startswith("/admin/judging/") for a in crawled[STAFF[1]])
    assert len(crawled[STAFF[2]]) > 20

    assert problems == {}, json.dumps(problems, indent=1)
