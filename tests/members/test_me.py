"""/me/: a member's own entries, with status, moderator feedback and next step."""

import pytest
from bs4 import BeautifulSoup

from competitions.enums import EntryKind
from tests.factories import CompetitionPageFactory, EntryFactory, UserFactory

CHANGES = "Please remove the surname in paragraph two."
REJECTED = "This is not on the competition's theme."


@pytest.fixture
def member(db):
    return UserFactory(handle="ana_writes", email="ana.private@example.org")


@pytest.fixture
def competition(competition_index):
    return CompetitionPageFactory(
        parent=competition_index,
        title="Rivers and Streams",
        entry_kinds=[EntryKind.STORY.value],
        entry_limit_per_member=10,
    )


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


def rows(response) -> dict[str, BeautifulSoup]:
    """Return the table's rows by entry title."""
    page = BeautifulSoup(response.content, "html.parser")
    return {
        row.find("td").find("a").get_text(): row
        for row in page.select(".entries-table tbody tr")
    }


def cells(row) -> list[str]:
    return [" ".join(cell.get_text(" ").split()) for cell in row.find_all("td")]


def links(row) -> dict[str, str]:
    return {a.get_text(): a["href"] for a in row.find_all("a")}


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    """/me/ is for members: an anonymous visitor goes to sign in, then back."""
    response = client.get("/me/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/me/"


def test_a_member_with_no_entries_is_pointed_to_the_open_calls(member_client):
    """With nothing entered, /me/ says so and links to the competitions."""
    response = member_client.get("/me/")

    page = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 200
    assert "You have not entered anything yet." in page.get_text()
    assert page.find("a", href="/competitions/") is not None
    assert page.select(".entries-table") == []


def test_me_lists_only_the_members_own_entries(member_client, member, competition):
    """Another member's entries, even in the same competition, are not listed."""
    EntryFactory(competition=competition, author=member, title="Mine", draft=True)
    EntryFactory(competition=competition, author=member, title="Also mine")
    EntryFactory(competition=competition, author=UserFactory(), title="Not mine")

    response = member_client.get("/me/")

    assert sorted(rows(response)) == ["Also mine", "Mine"]
    assert b"Not mine" not in response.content


def test_each_entry_shows_its_competition_kind_and_status(
    member_client, member, competition
):
    """A row names the entry, its kind, its competition and its status."""
    entry = EntryFactory(
        competition=competition, author=member, title="Tide", submitted=True
    )

    row = rows(member_client.get("/me/"))["Tide"]

    assert cells(row)[:3] == ["Tide Story", "Rivers and Streams", "Submitted"]
    assert links(row)["Tide"] == entry.get_absolute_url()
    assert links(row)["Rivers and Streams"] == competition.url
    assert "Waiting for a moderator." in cells(row)[3]


@pytest.mark.parametrize(
    ("trait", "status", "next_step", "link"),
    [
        ("draft", "Draft", "Finish and submit your draft", "edit"),
        (
            "changes_requested",
            "Changes requested",
            f"Changes asked for: {CHANGES} Make the changes and resubmit",
            "edit",
        ),
        ("approved", "Approved", "Public. See it", "detail"),
        (
            "rejected",
            "Rejected",
            f"Not accepted: {REJECTED} See the decision and what you can do",
            "detail",
        ),
        ("withdrawn", "Withdrawn", "Withdrawn.", None),
    ],
)
def test_each_status_shows_the_next_step(
    member_client, member, competition, trait, status, next_step, link
):
    """Feedback shows for returned and rejected entries, with a link where useful."""
    entry = EntryFactory(
        competition=competition, author=member, title="Tide", **{trait: True}
    )

    row = rows(member_client.get("/me/"))["Tide"]

    assert cells(row)[2] == status
    assert cells(row)[3] == next_step
    step_links = set(links(row.find_all("td")[3]).values())
    expected = {
        "edit": {entry.get_edit_url()},
        "detail": {entry.get_absolute_url()},
        None: set(),
    }[link]
    assert step_links == expected


def test_me_greets_the_member_by_handle_not_email(member_client, member):
    """The page uses the handle; the email address is not shown."""
    response = member_client.get("/me/")

    assert "Hello, ana_writes" in response.content.decode()
    assert b"ana.private@example.org" not in response.content


def test_me_links_to_changing_the_password_and_the_email(member_client):
    """The member area offers allauth's password and email pages."""
    page = BeautifulSoup(member_client.get("/me/").content, "html.parser")
    settings_nav = page.find("nav", attrs={"aria-label": "Account settings"})

    links = {a.get_text(strip=True): a["href"] for a in settings_nav.find_all("a")}
    assert links["Change your password"] == "/accounts/password/change/"
    assert links["Change your email address"] == "/accounts/email/"
    assert links["Two-step sign-in"] == "/accounts/2fa/"


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/accounts/password/change/", "Change your password"),
        ("/accounts/email/", "Change your email address"),
        ("/accounts/2fa/", "Two-step sign-in"),
    ],
)
def test_account_pages_are_in_the_sites_frame(member_client, path, heading):
    """Each page has the site's header, one heading and a way back to /me/."""
    response = member_client.get(path)

    page = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 200
    assert page.find("header", class_="site-header")
    assert [h1.get_text(strip=True) for h1 in page.find_all("h1")] == [heading]
    assert page.find("a", href="/me/", string="Back to your account")
    assert page.title.get_text().startswith(heading)


def test_a_member_changes_their_password(member_client, member):
    """The old password and the new one twice change it; the member stays in."""
    response = member_client.post(
        "/accounts/password/change/",
        {
            "oldpassword": "correct-horse-battery",
            "password1": "a-brand-new-passphrase",
            "password2": "a-brand-new-passphrase",
        },
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("a-brand-new-passphrase")
    assert member_client.get("/me/").status_code == 200


def test_a_wrong_current_password_is_refused_with_a_message(member_client, member):
    """A wrong current password changes nothing and says so."""
    response = member_client.post(
        "/accounts/password/change/",
        {
            "oldpassword": "not-my-password",
            "password1": "a-brand-new-passphrase",
            "password2": "a-brand-new-passphrase",
        },
    )

    assert response.status_code == 200
    assert "Please type your current password." in response.content.decode()
    member.refresh_from_db()
    assert member.check_password("correct-horse-battery")


def test_a_member_changes_their_email_once_the_new_one_is_verified(
    member_client, member, mailoutbox
):
    """A new address gets a link; the account keeps the old one until it is opened."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(
        user=member, email=member.email, verified=True, primary=True
    )

    response = member_client.post(
        "/accounts/email/", {"action_add": "", "email": "ana.new@example.org"}
    )

    assert response.status_code == 302
    assert [message.to for message in mailoutbox] == [["ana.new@example.org"]]
    member.refresh_from_db()
    assert member.email == "ana.private@example.org"
    page = member_client.get("/accounts/email/").content.decode()
    assert "Waiting for you to open the link sent to" in page
