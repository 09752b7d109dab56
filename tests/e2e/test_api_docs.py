"""The API's documentation works in a real browser under the strict CSP."""

import pytest
from playwright.sync_api import Page, expect

from tests.factories import CompetitionPageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_show_every_operation_without_a_csp_violation(
    page: Page, live_server, site_tree, console_errors
):
    CompetitionPageFactory(parent=site_tree.competitions, slug="river-stories")

    response = page.goto("/api/v1/docs", wait_until="networkidle")

    assert response is not None and response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator(".swagger-ui .info .title")).to_contain_text(
        "OpenCall open data"
    )
    expect(page.locator(".opblock-summary-path")).to_have_count(7)
    assert console_errors == []
