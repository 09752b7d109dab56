"""/me/data/: a member downloads everything the site holds about them, and only that."""

import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.files.storage import storages
from django.core.management import call_command
from django.utils import timezone

from judging.models import Criterion
from members.data_rights import data_export_build, data_exports_sweep
from members.models import DataExport
from tests.factories import UserFactory
from tests.support.data_rights import (
    ANA_EMAIL,
    ANA_NAME,
    ANA_REPORT_NOTE,
    APPEAL_STATEMENT,
    BEN_EMAIL,
    BEN_REPORT_NOTE,
    TOTP_SECRET,
    build_world,
)
from tests.support.judging_results import editor, judge, make_round, score
from tests.support.moderation import admin_moderator
from tests.support.staff import sign_in

LINK = re.compile(r"https?://[^/\s]+(/me/data/[^/\s]+/)")


@pytest.fixture
def world(competition_index):
    return build_world(competition_index)


def unzip(content: bytes) -> tuple[dict, dict[str, bytes]]:
    """Return data.json and every other file of an export zip."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    return json.loads(files.pop("data.json")), files


def built_export(user) -> tuple[dict, dict[str, bytes]]:
    export = data_export_build(user=user)
    with storages["private"].open(export.file_name, "rb") as stored:
        return unzip(stored.read())


@pytest.fixture
def request_link(client, django_capture_on_commit_callbacks):
    """Ask for an export as a member; return the path of the emailed link."""

    def ask(user) -> str:
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/me/data/")
        assert response.status_code == 302
        assert mail.outbox[-1].to == [user.email]
        return LINK.search(mail.outbox[-1].body).group(1)

    return ask


def test_the_export_holds_every_kind_of_data_about_the_member(world):
    """Profile, addresses, entries with every field, votes, reports and appeals."""
    data, _files = built_export(world.ana)

    profile = data["account"]["profile"]
    assert profile["email"] == ANA_EMAIL
    assert profile["handle"] == "ana_writes"
    assert (profile["first_name"], profile["last_name"]) == ANA_NAME
    assert data["account"]["email_addresses"] == [
        {"email": ANA_EMAIL, "verified": True, "primary": True}
    ]
    assert [a["type"] for a in data["account"]["two_step_sign_in"]] == ["totp"]
    entries = {entry["public_id"]: entry for entry in data["entries"]}
    assert set(entries) == {entry.public_id for entry in world.ana_entries}
    draft = entries[world.draft.public_id]
    assert draft["title"] == "Draft"
    assert draft["status"] == "draft"
    assert draft["age_band"] == world.draft.age_band
    assert draft["history"] == []
    assert entries[world.rejected.public_id]["story"] == world.rejected.story
    votes = {vote["entry"]: vote for vote in data["votes"]}
    assert set(votes) == {world.ben_entry.public_id, world.ben_other.public_id}
    assert votes[world.ben_other.public_id]["excluded_rule"] == "ip_burst"
    assert votes[world.ben_entry.public_id]["counted"] is True
    moderation = data["moderation"]
    assert [r["note"] for r in moderation["reports"]] == [ANA_REPORT_NOTE]
    assert [a["statement"] for a in moderation["appeals"]] == [APPEAL_STATEMENT]
    awards = data["judging"]["awards_to_your_entries"]
    assert {a["entry__public_id"] for a in awards} == {
        world.kept_winner.public_id,
        world.dropped_winner.public_id,
    }


def test_the_export_holds_the_members_uploaded_files_byte_for_byte(world):
    """Each original, film and poster is in the zip under the path data.json gives."""
    data, files = built_export(world.ana)

    entries = {entry["public_id"]: entry for entry in data["entries"]}
    expected = {}
    for entry in world.ana_entries:
        for field in ("image", "film_file", "film_poster"):
            stored = getattr(entry, field)
            if stored:
                with stored.open("rb") as handle:
                    expected[entries[entry.public_id][field]] = handle.read()
    assert len(expected) == 6  # four images, a film and its poster
    assert files == expected


def test_the_export_holds_nobody_elses_personal_data(world):
    """Ben's email, names and report, staff notes and the TOTP secret stay out."""
    data, files = built_export(world.ana)

    text = json.dumps(data)
    for secret in (
        BEN_EMAIL,
        "benshoots",
        "Benedict",
        BEN_REPORT_NOTE,
        "mod_one",
        "Staff only",
        TOTP_SECRET,
    ):
        assert secret not in text
    assert world.ben_entry.public_id not in {e["public_id"] for e in data["entries"]}


def test_a_judges_export_holds_their_sheets_and_no_entrants_details(world):
    """A judge's scores and comments are theirs; the entrants' names are not."""
    judge = UserFactory(handle="judge_jo", is_staff=True)
    judging_round = make_round(world.voting, judges=[judge])
    score(judging_round, judge, world.ben_entry, 7, 4)

    data, _files = built_export(judge)

    (sheet,) = data["judging"]["score_sheets"]
    names = list(Criterion.objects.filter(round=judging_round).values_list("name"))
    assert sheet["entry"] == world.ben_entry.public_id
    assert sheet["scores"] == {names[0][0]: 7, names[1][0]: 4}
    assert sheet["comment"] == f"judge_jo on {world.ben_entry.title}"
    assert BEN_EMAIL not in json.dumps(data)


def test_asking_emails_a_link_that_downloads_the_zip(client, world, request_link):
    """The task builds the zip at once in tests; the emailed link serves it."""
    path = request_link(world.ana)

    response = client.get(path)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    data, _files = unzip(b"".join(response.streaming_content))
    assert data["account"]["profile"]["email"] == ANA_EMAIL


def test_another_members_link_is_not_found(client, world, request_link):
    """Ben signed in with Ana's link gets a 404, not her data."""
    path = request_link(world.ana)
    client.force_login(world.ben)

    response = client.get(path)

    assert response.status_code == 404
    assert ANA_EMAIL.encode() not in response.content


def test_an_anonymous_visitor_with_the_link_is_sent_to_sign_in(
    client, world, request_link
):
    path = request_link(world.ana)
    client.logout()

    response = client.get(path)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_a_tampered_link_is_not_found(client, world, request_link):
    path = request_link(world.ana)
    export = DataExport.objects.get(user=world.ana)
    forged = path.replace(f"/data/{export.pk}:", f"/data/{export.pk + 1}:")
    assert forged != path

    assert client.get(forged).status_code == 404
    assert client.get("/me/data/nonsense/").status_code == 404


def test_the_link_expires_after_a_day_and_the_sweep_deletes_the_file(
    client, world, request_link, django_capture_on_commit_callbacks
):
    """After 24 hours the link is a 404 and the sweep removes the zip and its row."""
    path = request_link(world.ana)
    export = DataExport.objects.get(user=world.ana)
    storage = storages["private"]
    assert storage.exists(export.file_name)

    with time_machine.travel(timezone.now() + timedelta(hours=25), tick=False):
        assert client.get(path).status_code == 404
        with django_capture_on_commit_callbacks(execute=True):
            removed = data_exports_sweep()

    assert removed == 1
    assert not DataExport.objects.filter(pk=export.pk).exists()
    assert not storage.exists(export.file_name)


def test_the_sweep_keeps_exports_whose_links_still_work(world):
    export = data_export_build(user=world.ana)

    assert data_exports_sweep() == 0
    assert storages["private"].exists(export.file_name)


def test_the_sweep_command_reports_what_it_deleted(world):
    export = data_export_build(user=world.ana)
    out = io.StringIO()

    with time_machine.travel(timezone.now() + timedelta(hours=25), tick=False):
        call_command("data_exports_sweep", stdout=out)

    assert "Deleted 1 expired data export(s)." in out.getvalue()
    assert not DataExport.objects.filter(pk=export.pk).exists()


@pytest.mark.parametrize(
    "role",
    [
        pytest.param(lambda: admin_moderator(handle="mod_two"), id="moderator"),
        pytest.param(lambda: judge(handle="judge_two"), id="judge"),
        pytest.param(lambda: editor(handle="editor_two"), id="editor"),
    ],
)
def test_staff_with_a_members_link_get_a_404(client, world, request_link, role):
    """The link is the member's alone: moderators, judges and editors cannot use it."""
    path = request_link(world.ana)
    sign_in(client, role())

    response = client.get(path)

    assert response.status_code == 404
    assert ANA_EMAIL.encode() not in response.content


def test_asking_too_often_is_refused_with_a_reason(
    client, world, django_capture_on_commit_callbacks
):
    """Three exports a day; the fourth ask is a 429 that says why."""
    client.force_login(world.ana)
    with django_capture_on_commit_callbacks(execute=True):
        for _attempt in range(3):
            assert client.post("/me/data/").status_code == 302
        response = client.post("/me/data/")

    assert response.status_code == 429
    assert b"3 times today" in response.content
    assert len(mail.outbox) == 3


def test_the_confirm_page_explains_and_needs_signing_in(client, world):
    assert client.get("/me/data/").status_code == 302
    client.force_login(world.ana)

    response = client.get("/me/data/")

    assert response.status_code == 200
    assert b"Email me a link to my data" in response.content
    assert mail.outbox == []


def test_me_links_to_the_export_and_to_deleting_the_account(client, world):
    client.force_login(world.ana)

    content = client.get("/me/").content.decode()

    assert 'href="/me/data/"' in content
    assert 'href="/me/delete/"' in content
