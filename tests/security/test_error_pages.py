"""Answers made before or beside the views: methods no page takes, a stale form
token, a Host not allowed. Each is a 4xx in plain words on the site's own page."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import CompetitionPageFactory, EntryFactory
from tests.voting.conftest import verified_member


@pytest.fixture
def entry(competition_index):
    competition = CompetitionPageFactory(parent=competition_index, voting=True)
    return EntryFactory(competition=competition, approved=True)


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "TRACE", "PROPFIND"])
@pytest.mark.parametrize("path", ["/", "/showcase/", "/me/", "/feeds/entries/"])
def test_methods_no_page_takes_are_refused_in_words(client, db, method, path):
    response = client.generic(method, path)

    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "POST", "OPTIONS"}
    assert "Not something this page does" in response.content.decode()


def test_an_entry_page_refuses_a_delete(client, entry):
    response = client.delete(entry.get_absolute_url())

    assert response.status_code == 405
    assert entry.__class__.objects.filter(pk=entry.pk).exists()


def test_a_405_from_a_view_gets_the_page_too(client, entry):
    vote = reverse("voting_public:entry_vote", kwargs={"public_id": entry.public_id})

    response = client.get(vote)

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "Not something this page does" in response.content.decode()


def test_a_stale_form_token_is_explained(entry):
    member = verified_member()
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    vote = reverse("voting_public:entry_vote", kwargs={"public_id": entry.public_id})

    page = client.post(vote, {"action": "cast"})
    script = client.post(
        vote, {"action": "cast"}, headers={"Accept": "application/json"}
    )

    assert page.status_code == 403
    assert "Please send the form again" in page.content.decode()
    assert script.status_code == 403
    answer = json.loads(script.content)
    assert answer["ok"] is False
    assert "reload the page" in answer["message"]


def test_a_host_not_allowed_gets_the_plain_400_page(client, db):
    response = client.get("/showcase/", headers={"Host": "evil.example"})

    assert response.status_code == 400
    assert "Request not understood" in response.content.decode()
