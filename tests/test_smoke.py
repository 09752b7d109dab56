from tests.factories import CompetitionPageFactory


def test_competition_page_renders(client, competition_index):
    """A published competition is served at /competitions/<slug>/."""
    CompetitionPageFactory(parent=competition_index, slug="hello", title="Hello call")
    response = client.get("/competitions/hello/")
    assert response.status_code == 200
    assert b"Hello call" in response.content
