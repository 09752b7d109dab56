"""Fixtures for entry tests: members, a moderator, an open competition, tasks."""

import pytest
from django.contrib.auth.models import Permission
from django.tasks.signals import task_finished

from competitions.enums import EntryKind, Licence
from tests.factories import (
    CompetitionPageFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _no_oembed_requests(monkeypatch):
    """Record the films whose embed is fetched, instead of asking the network."""
    fetched: list[str] = []
    monkeypatch.setattr("submissions.tasks.get_embed", fetched.append)
    return fetched


@pytest.fixture
def fetched_embeds(_no_oembed_requests) -> list[str]:
    """The film links whose oEmbed the tasks asked for."""
    return _no_oembed_requests


@pytest.fixture
def competition(competition_index):
    """An open competition taking every kind, with a 50-word limit for stories."""
    return CompetitionPageFactory(
        parent=competition_index,
        title="Rivers and Streams",
        entry_kinds=[kind.value for kind in EntryKind],
        licence_options=[Licence.CC_BY.value, Licence.CC_BY_SA.value],
        story_word_limit=50,
    )


@pytest.fixture
def author(db):
    """The member who enters."""
    return UserFactory(handle="ana_writes", email="ana.private@example.org")


@pytest.fixture
def other_member(db):
    """Another member, who must not touch the author's entries."""
    return UserFactory(handle="benshoots", email="ben.private@example.org")


@pytest.fixture
def moderator(db):
    """Staff granted the moderate_entry permission, but not a superuser."""
    user = UserFactory(
        handle="mod_studyhub", email="mod.private@example.org", is_staff=True
    )
    user.user_permissions.add(
        Permission.objects.get(
            codename="moderate_entry", content_type__app_label="submissions"
        )
    )
    return type(user).objects.get(pk=user.pk)  # drop the cached permissions


@pytest.fixture
def finished_tasks():
    """The tasks run while the test runs: (dotted path, keyword arguments, status)."""
    finished: list[tuple[str, dict, str]] = []

    def record(sender, task_result, **kwargs):
        finished.append(
            (
                task_result.task.module_path,
                task_result.kwargs,
                task_result.status.value,
            )
        )

    task_finished.connect(record)
    yield finished
    task_finished.disconnect(record)
