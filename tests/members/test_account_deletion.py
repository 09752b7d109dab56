"""/me/delete/: a member closes their account, and the site forgets them.

What goes: personal details, unapproved and non-winning entries with every
file (originals, showcase copies, renditions, posters), their words in reports
and appeals. What stays: their votes' counts, unlinked; winning entries where the
competition's rules keep them, shown as by a former member; an audit record
without personal data.
"""

import json
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage, storages
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import ModelLogEntry

from members.data_rights import ERASE_LOG_ACTION, data_export_build, member_erase
from members.models import User
from moderation.models import Appeal, EntryReport
from submissions.enums import EntryStatus
from submissions.models import Entry
from tests.factories import UserFactory
from tests.support.data_rights import (
    ANA_EMAIL,
    ANA_PASSWORD,
    ANA_REPORT_NOTE,
    BEN_REPORT_NOTE,
    build_world,
)
from tests.support.judging_results import judge
from tests.support.moderation import admin_moderator
from tests.support.staff import sign_in
from voting.integrity import integrity_report
from voting.models import EntryVoteCount, Vote
from voting.services import counts_reconcile


@pytest.fixture
def world(competition_index):
    return build_world(competition_index)


def stored_files(world) -> dict[str, list[tuple]]:
    """Return every stored file of Ana's entries: private, showcase, renditions."""
    files: dict[str, list[tuple]] = {}
    for entry in world.ana_entries:
        entry.refresh_from_db()
        found = [
            (storages["private"], getattr(entry, field).name)
            for field in ("image", "film_file", "film_poster")
            if getattr(entry, field)
        ]
        if entry.public_image_id:
            image = entry.public_image
            found.append((default_storage, image.file.name))
            found += [(default_storage, r.file.name) for r in image.renditions.all()]
        files[entry.title] = found
    return files


def erase(user, capture) -> dict:
    with capture(execute=True):
        return member_erase(user=user)


def vote_counts() -> dict[int, int]:
    return dict(EntryVoteCount.objects.values_list("entry_id", "valid_votes"))


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get("/me/delete/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/me/delete/"
    assert client.post("/me/delete/", {"password": "x"}).status_code == 302


def test_the_page_says_what_goes_and_what_stays_and_asks_for_the_password(
    client, world
):
    client.force_login(world.ana)

    response = client.get("/me/delete/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "What is deleted" in content
    assert "What is kept" in content
    assert 'type="password"' in content
    assert 'for="id_password"' in content


def test_a_wrong_password_is_a_400_that_says_so_and_deletes_nothing(client, world):
    client.force_login(world.ana)

    response = client.post("/me/delete/", {"password": "not-my-password"})

    assert response.status_code == 400
    assert "That is not your password. Nothing has been deleted." in (
        response.content.decode()
    )
    ana = User.objects.get(pk=world.ana.pk)
    assert ana.email == ANA_EMAIL and ana.is_active and ana.erased_at is None
    assert Entry.objects.filter(author=ana).count() == len(world.ana_entries)
    assert client.get("/me/").status_code == 200  # still signed in


def test_an_empty_password_is_a_400_too(client, world):
    client.force_login(world.ana)

    response = client.post("/me/delete/", {})

    assert response.status_code == 400
    assert User.objects.get(pk=world.ana.pk).is_active


def test_guessing_the_password_is_limited(client, world):
    """Five tries an hour; then even the right password waits (429)."""
    client.force_login(world.ana)
    for _attempt in range(5):
        assert client.post("/me/delete/", {"password": "guess"}).status_code == 400

    response = client.post("/me/delete/", {"password": ANA_PASSWORD})

    assert response.status_code == 429
    assert User.objects.get(pk=world.ana.pk).is_active


@pytest.mark.parametrize(
    "role",
    [
        pytest.param(lambda: admin_moderator(handle="mod_two"), id="moderator"),
        pytest.param(lambda: judge(handle="judge_two"), id="judge"),
        pytest.param(lambda: UserFactory(editor=True), id="editor"),
    ],
)
def test_staff_are_told_another_editor_must_close_their_account(client, db, role):
    """An account with admin access is refused here, with the reason, and kept."""
    staff = sign_in(client, role())

    shown = client.get("/me/delete/")
    posted = client.post("/me/delete/", {"password": "correct-horse-battery"})

    assert shown.status_code == posted.status_code == 403
    assert "ask another editor" in posted.content.decode()
    staff = User.objects.get(pk=staff.pk)
    assert staff.is_active and staff.erased_at is None


def test_the_service_refuses_staff_too(db):
    with pytest.raises(PermissionDenied, match="closed by an editor"):
        member_erase(user=UserFactory(editor=True))


def test_the_right_password_closes_the_account_and_signs_out(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.ana)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/me/delete/", {"password": ANA_PASSWORD}, follow=True)

    assert response.redirect_chain[-1] == ("/", 302)
    assert "Your account is closed" in response.content.decode()
    assert client.get("/me/").status_code == 302  # signed out
    assert not client.login(email=ANA_EMAIL, password=ANA_PASSWORD)


def test_the_members_other_sessions_end_too(
    client, world, django_capture_on_commit_callbacks
):
    """A phone still signed in is signed out: the session's password hash is stale."""
    phone = type(client)()
    phone.force_login(world.ana)
    assert phone.get("/me/").status_code == 200
    client.force_login(world.ana)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/me/delete/", {"password": ANA_PASSWORD})

    assert phone.get("/me/").status_code == 302


def test_the_account_is_emptied_of_personal_data(
    world, django_capture_on_commit_callbacks
):
    erase(world.ana, django_capture_on_commit_callbacks)

    ana = User.objects.get(pk=world.ana.pk)
    assert ana.erased_at is not None
    assert ANA_EMAIL not in ana.email and ana.email.endswith("@erased.invalid")
    assert ana.handle is None and ana.first_name == ana.last_name == ""
    assert not ana.is_active and not ana.has_usable_password()
    assert ana.public_name == str(ana) == "Former member"
    assert not EmailAddress.objects.filter(user=ana).exists()
    assert not Authenticator.objects.filter(user=ana).exists()


def test_closing_is_audited_without_personal_data(
    world, django_capture_on_commit_callbacks
):
    done = erase(world.ana, django_capture_on_commit_callbacks)

    entry = ModelLogEntry.objects.get(action=ERASE_LOG_ACTION)
    assert entry.object_id == str(world.ana.pk)
    assert entry.data["done"] == done
    assert done["entries_deleted"] == 2  # the draft and the undecided film
    assert done["entries_kept"] == 1
    assert done["votes_anonymised"] == 2
    record = json.dumps(entry.data) + entry.label
    for personal in (ANA_EMAIL, "ana_writes", "Quietname", "Kept winner"):
        assert personal not in record


def test_unapproved_entries_go_with_every_file(
    world, django_capture_on_commit_callbacks
):
    """The draft and the undecided film are deleted, their originals and poster too."""
    before = stored_files(world)
    assert len(before["Harbour film"]) == 2 and len(before["Draft"]) == 1

    erase(world.ana, django_capture_on_commit_callbacks)

    assert not Entry.objects.filter(pk__in=[world.draft.pk, world.film.pk]).exists()
    for storage, name in before["Draft"] + before["Harbour film"]:
        assert not storage.exists(name), name


def test_entries_on_record_are_emptied_and_their_files_deleted(
    world, django_capture_on_commit_callbacks
):
    """An approved entry a decision points at stays as an empty, withdrawn row."""
    before = stored_files(world)
    assert len(before["Approved"]) == 4  # original, showcase copy, two renditions
    showcase_copy = world.approved.public_image_id

    erase(world.ana, django_capture_on_commit_callbacks)

    for title in ("Approved", "Rejected", "Dropped winner"):
        for storage, name in before[title]:
            assert not storage.exists(name), name
    for entry in (world.approved, world.rejected, world.dropped_winner):
        entry.refresh_from_db()
        assert entry.status == EntryStatus.WITHDRAWN
        assert entry.title == entry.story == entry.age_band == ""
        assert not entry.image and entry.public_image_id is None
        assert not entry.events.exclude(note="").exists()
    assert not get_image_model().objects.filter(pk=showcase_copy).exists()
    assert (
        not Entry.objects.public()
        .filter(author=world.ana)
        .exclude(pk=world.kept_winner.pk)
    )


def test_a_winner_is_kept_as_a_former_members_where_the_rules_say_so(
    client, world, django_capture_on_commit_callbacks
):
    before = stored_files(world)

    erase(world.ana, django_capture_on_commit_callbacks)

    kept = Entry.objects.get(pk=world.kept_winner.pk)
    assert kept.status == EntryStatus.APPROVED and kept.title == "Kept winner"
    assert kept.age_band == ""
    for storage, name in before["Kept winner"]:
        assert storage.exists(name), name
    page = client.get(kept.get_absolute_url()).content.decode()
    assert "Former member" in page
    assert "ana_writes" not in page
    dropped = Entry.objects.get(pk=world.dropped_winner.pk)
    assert dropped.status == EntryStatus.WITHDRAWN and dropped.title == ""


def test_votes_are_unlinked_and_every_count_stays(
    world, django_capture_on_commit_callbacks
):
    counts = vote_counts()
    reports = {
        competition.pk: integrity_report(competition)
        for competition in (world.voting, world.keeps)
    }

    erase(world.ana, django_capture_on_commit_callbacks)

    assert not Vote.objects.filter(voter=world.ana).exists()
    ana_votes = Vote.objects.filter(pk__in=[v.pk for v in world.ana_votes])
    assert ana_votes.count() == 2
    assert set(ana_votes.values_list("voter", "ip_hash")) == {(None, "")}
    assert ana_votes.get(entry=world.ben_other).excluded_rule == "ip_burst"
    assert len(set(ana_votes.values_list("former_voter", flat=True))) == 1
    counted = {k: v for k, v in counts.items() if Entry.objects.filter(pk=k).exists()}
    assert vote_counts() == counted
    assert counts_reconcile() == []
    for competition in (world.voting, world.keeps):
        assert integrity_report(competition) == reports[competition.pk]
    out = StringIO()
    call_command("votes_reconcile", stdout=out)
    assert "Every count was right." in out.getvalue()


def test_reports_and_appeals_lose_the_members_words(
    world, django_capture_on_commit_callbacks
):
    erase(world.ana, django_capture_on_commit_callbacks)

    ana_report = EntryReport.objects.get(entry=world.ben_entry)
    assert ana_report.note == ""
    assert Appeal.objects.get(entry=world.rejected).statement == ""
    assert EntryReport.objects.filter(note=BEN_REPORT_NOTE).exists()
    assert not EntryReport.objects.filter(note=ANA_REPORT_NOTE).exists()


def test_old_exports_are_deleted_with_the_account(
    world, django_capture_on_commit_callbacks
):
    export = data_export_build(user=world.ana)

    erase(world.ana, django_capture_on_commit_callbacks)

    assert not storages["private"].exists(export.file_name)
    assert not world.ana.data_exports.exists()


def test_another_members_data_is_untouched(world, django_capture_on_commit_callbacks):
    ben_before = User.objects.filter(pk=world.ben.pk).values().get()

    erase(world.ana, django_capture_on_commit_callbacks)

    assert User.objects.filter(pk=world.ben.pk).values().get() == ben_before
    assert Entry.objects.public().filter(author=world.ben).count() == 2
    assert Vote.objects.filter(voter=world.ben).count() == 2


def test_an_account_cannot_be_closed_twice(world, django_capture_on_commit_callbacks):
    erase(world.ana, django_capture_on_commit_callbacks)

    with pytest.raises(PermissionDenied, match="already been closed"):
        member_erase(user=world.ana)
