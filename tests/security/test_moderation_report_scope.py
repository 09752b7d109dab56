"""Only editors read the moderation report: it names moderators and compares partners.

The attacks: a moderator (even one of the partner whose report it is), a judge-like
staff user, a member and an anonymous visitor go for the report in each grouping,
one partner's report, their results fragments and their CSV and XLSX exports. The
moderator and the judge are refused the way the admin refuses staff (sent back to
the dashboard with "Sorry, you do not have permission", or a 403 for a script's
request), the member gets no admin at all (403), the visitor is sent to sign in;
none of them sees a moderator's name or a number, and nothing is downloaded.
"""

import pytest
from django.urls import reverse

from moderation.models import ModerationDecision
from submissions.enums import EntryStatus
from tests.factories import UserFactory
from tests.support.moderation import admin_moderator, build_world
from tests.support.staff import sign_in

EXPORTS = [None, "csv", "xlsx"]


@pytest.fixture
def world(competition_index):
    world = build_world(competition_index)
    ModerationDecision.objects.create(
        entry=world.entry_a,
        actor=world.moderator_a,
        community=world.studyhub,
        from_status=EntryStatus.SUBMITTED,
        to_status=EntryStatus.APPROVED,
    )
    return world


def report_urls(world) -> list[str]:
    """Every address of the report: each grouping, its results, one partner's."""
    urls = []
    for by in ("competitions", "moderators", "communities"):
        urls += [
            reverse("moderation:report", kwargs={"by": by}),
            reverse("moderation:report_results", kwargs={"by": by}),
        ]
    for by in ("moderators", "competitions"):
        kwargs = {"community_id": world.studyhub.pk, "by": by}
        urls += [
            reverse("moderation:partner_report", kwargs=kwargs),
            reverse("moderation:partner_report_results", kwargs=kwargs),
        ]
    return urls


def fetch(client, url: str, export: str | None):
    return client.get(url, {"export": export} if export else {})


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode()


@pytest.mark.parametrize("export", EXPORTS)
def test_an_editor_reads_every_report_and_export(client, world, export):
    sign_in(client, world.editor)

    for url in report_urls(world):
        response = fetch(client, url, export)
        assert response.status_code == 200, url
        if export is None:
            markers = ("Picture your high street", "mod_a", "StudyHub")
            assert any(marker in body(response) for marker in markers), url
        else:
            assert "attachment" in response["Content-Disposition"], url


def assert_refused(response) -> None:
    """Turned away as the admin turns away staff, with nothing of the report."""
    if response.status_code == 302:
        assert response["Location"] == reverse("wagtailadmin_home")
    else:
        assert response.status_code == 403
    assert "mod_a" not in body(response)
    assert "StudyHub" not in body(response)
    assert "attachment" not in response.get("Content-Disposition", "")


@pytest.mark.parametrize("export", EXPORTS)
@pytest.mark.parametrize("who", ["moderator", "own_partners_moderator", "judge"])
def test_staff_who_are_not_editors_are_refused(client, world, who, export):
    """A moderator cannot read the report, not even their own community's."""
    user = {
        "moderator": world.moderator_b,
        "own_partners_moderator": world.moderator_a,  # lent by StudyHub
        "judge": admin_moderator(handle="judge_one"),
    }[who]
    sign_in(client, user)

    for url in report_urls(world):
        assert_refused(fetch(client, url, export))
        script = client.get(
            url,
            {"export": export} if export else {},
            headers={"x-requested-with": "XMLHttpRequest"},
        )
        assert script.status_code == 403, url
        assert_refused(script)


def test_a_refused_moderator_is_told_why(client, world):
    sign_in(client, world.moderator_a)

    response = client.get(
        reverse("moderation:report", kwargs={"by": "moderators"}), follow=True
    )

    assert "you do not have permission" in response.content.decode()
    assert "mod_b" not in response.content.decode()


@pytest.mark.parametrize("export", EXPORTS)
def test_a_member_gets_no_admin_at_all(client, world, export):
    sign_in(client, UserFactory(handle="curious_member"))

    for url in report_urls(world):
        response = fetch(client, url, export)
        assert response.status_code == 403, url
        assert "mod_a" not in body(response)


@pytest.mark.parametrize("export", EXPORTS)
def test_an_anonymous_visitor_is_sent_to_sign_in(client, world, export):
    for url in report_urls(world):
        response = fetch(client, url, export)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login"))


def test_the_report_is_not_offered_to_moderators(client, world):
    """No menu item and no partner-listing button points a moderator at it."""
    sign_in(client, world.moderator_a)

    home = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "/admin/moderation/report/" not in home
