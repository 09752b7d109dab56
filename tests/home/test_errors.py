import pytest
from django.urls import path

from home.views import server_error


def broken_view(request):
    raise RuntimeError("boom")


urlpatterns = [path("broken/", broken_view)]
handler500 = server_error


@pytest.mark.urls("tests.home.test_errors")
def test_unexpected_error_shows_the_friendly_500_page(client):
    """An unhandled error gives the site's 500 page, not a traceback."""
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong" in body
    assert "Nothing you saved has been lost" in body
    assert "boom" not in body
