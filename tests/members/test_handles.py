"""Handles that impersonate: look-alikes share a skeleton, staff words are reserved.

Before: uniqueness ignored only case, and only whole reserved words were refused,
so studyhub-moderator, judge-one, ana-writes, admin_ and 0pencall were all
accepted beside studyhub_moderator, judge_one and ana_writes.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from hypothesis import given
from hypothesis import strategies as st

from members.handles import handle_is_reserved, handle_skeleton
from members.models import User
from tests.factories import PartnerCommunityFactory, UserFactory
from tests.members.test_signup import SIGNUP_URL, page_text, signup_data

PASSWORD = "correct-horse-battery"
TAKEN = "That handle is already taken."
RESERVED = "That handle is reserved. Please choose another."
HANDLE_CHARACTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"
handles = st.text(alphabet=HANDLE_CHARACTERS, min_size=3, max_size=30)


@pytest.fixture
def demo_world(db):
    """The demo's partners and staff, whose handles were granted by seed_demo."""
    PartnerCommunityFactory(slug="studyhub", name="StudyHub")
    PartnerCommunityFactory(slug="parents-together", name="Parents Together")
    for handle in ("studyhub_moderator", "judge_one", "ana_writes"):
        UserFactory(handle=handle)


def handle_errors(handle: str) -> list[str]:
    """Return the messages full_clean gives for ``handle`` on a new account."""
    user = User(email="someone@example.org", handle=handle)
    user.set_password(PASSWORD)
    try:
        user.full_clean()
    except ValidationError as error:
        return error.message_dict.get("handle", [])
    return []


# The review's examples ----------------------------------------------------------


@pytest.mark.parametrize(
    ("handle", "message"),
    [
        ("studyhub-moderator", TAKEN),
        ("judge-one", TAKEN),
        ("ana-writes", TAKEN),
        ("Ana_Wr1tes", TAKEN),
        ("anawrites", TAKEN),
        ("admin_", RESERVED),
        ("0pencall", RESERVED),
        ("OpenCall-Team", RESERVED),
        ("judge_two", RESERVED),
        ("ben_mod", RESERVED),
        ("thestaff", RESERVED),
        ("studyhub_fan", RESERVED),
        ("ParentsTogether", RESERVED),
        ("m0derat0r_ana", RESERVED),
        ("SupportDesk", RESERVED),
    ],
)
def test_impersonating_handles_are_refused(demo_world, handle, message):
    """Look-alikes of existing handles are taken; staff-looking ones are reserved."""
    assert message in handle_errors(handle)


@pytest.mark.parametrize(
    "handle", ["badminton", "modern_art", "benmod", "night_owl", "ana_reads", "cai"]
)
def test_ordinary_handles_are_accepted(demo_world, handle):
    """Words that only contain a reserved word's letters mid-way stay allowed."""
    assert handle_errors(handle) == []


@pytest.mark.parametrize(
    ("handle", "message"),
    [("ana-writes", TAKEN), ("studyhub-moderator", TAKEN), ("0pencall", RESERVED)],
)
def test_signup_refuses_the_reviews_handles(
    client, demo_world, recaptcha, handle, message
):
    """The sign-up form gives the same plain messages and keeps what was typed."""
    response = client.post(SIGNUP_URL, signup_data(recaptcha, handle=handle))

    assert response.status_code == 200
    assert message in page_text(response)
    assert not User.objects.filter(email="owl@example.org").exists()


def test_look_alikes_are_refused_by_the_database(db):
    """The skeleton is a unique column: a save that skips validation still fails."""
    UserFactory(handle="ana_writes")

    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(handle="ANA-WR1TES")


def test_changing_a_handle_updates_its_skeleton(db):
    """The skeleton follows the handle, also when only the handle is saved."""
    user = UserFactory(handle="night_owl")
    user.handle = "Day-Owl"
    user.save(update_fields=["handle"])

    user.refresh_from_db()
    assert user.handle_skeleton == "dayowl"
    UserFactory(handle="night_owl")


def test_accounts_without_a_handle_do_not_collide(db):
    """Staff without a handle have no skeleton, and many may exist."""
    UserFactory(handle=None)
    UserFactory(handle=None)

    assert User.objects.filter(handle_skeleton=None).count() == 2


def test_an_existing_account_keeps_its_granted_handle_when_cleaned(demo_world):
    """Saving a granted account again (a member's own edit) does not refuse it."""
    moderator = User.objects.get(handle="studyhub_moderator")
    moderator.first_name = "Sam"

    moderator.full_clean()


def test_partner_slugs_are_read_when_checking(db):
    """A partner added later reserves its slug at once."""
    assert not handle_is_reserved("riverfolk_ana", partner_slugs=frozenset())
    PartnerCommunityFactory(slug="riverfolk")

    assert RESERVED in handle_errors("riverfolk_ana")


# The skeleton, property by property --------------------------------------------


@given(handles)
def test_skeleton_is_idempotent(handle):
    """A skeleton's skeleton is itself."""
    assert handle_skeleton(handle_skeleton(handle)) == handle_skeleton(handle)


@given(handles, st.data())
def test_case_and_separator_variants_share_a_skeleton(handle, data):
    """Changing case or swapping _ - . for one another never makes a new handle."""
    variant = "".join(
        data.draw(st.sampled_from("_-."))
        if char in "_-."
        else data.draw(st.sampled_from([char.lower(), char.upper()]))
        for char in handle
    )
    assert handle_skeleton(variant) == handle_skeleton(handle)


@given(handles, st.integers(min_value=0, max_value=29), st.sampled_from("_-."))
def test_adding_a_separator_never_makes_a_new_handle(handle, position, separator):
    """ana_writes and anawrites are one handle."""
    spaced = handle[:position] + separator + handle[position:]
    assert handle_skeleton(spaced) == handle_skeleton(handle)


@given(handles)
def test_confusable_characters_share_a_skeleton(handle):
    """Writing o as 0, l or i as 1, s as 5 … never makes a new handle."""
    disguised = handle.translate(str.maketrans("oOlLiIsSeEaAtT", "00111155334477"))
    assert handle_skeleton(disguised) == handle_skeleton(handle)


@given(handles)
def test_skeleton_has_no_separators_or_capitals(handle):
    """What is stored is lower case letters and digits only."""
    skeleton = handle_skeleton(handle)
    assert skeleton == skeleton.lower()
    assert not set(skeleton) & set("_-.")


# Existing rows get their skeletons -----------------------------------------------


@pytest.fixture
def migrated_back_to_before_skeletons():
    """Take the schema back to before handle skeletons; bring it all forward after.

    Going back undoes later migrations too (members' and the apps that depend on
    them), so the schema is restored to every app's latest, for the tests after.
    """
    executor = MigrationExecutor(connection)
    executor.migrate([("members", "0003_user_referred_by")])
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_skeletons_and_keeps_older_look_alikes(
    migrated_back_to_before_skeletons,
):
    """Rows from before get a skeleton; a later look-alike keeps its handle."""
    before = [("members", "0003_user_referred_by")]
    after = [("members", "0004_user_handle_skeleton")]
    executor = MigrationExecutor(connection)
    OldUser = executor.loader.project_state(before).apps.get_model("members", "User")
    first = OldUser.objects.create(email="a@example.org", handle="ana_writes")
    later = OldUser.objects.create(email="b@example.org", handle="Ana-Writes")
    staff = OldUser.objects.create(email="c@example.org", handle=None)

    executor.migrate(after)

    NewUser = executor.loader.project_state(after).apps.get_model("members", "User")
    skeletons = dict(NewUser.objects.values_list("pk", "handle_skeleton"))
    assert skeletons == {
        first.pk: "anawrltes",
        later.pk: f"anawrltes#{later.pk}",
        staff.pk: None,
    }
    assert NewUser.objects.get(pk=later.pk).handle == "Ana-Writes"
    assert TAKEN in handle_errors("ana-wr1tes")
