"""The API's documentation works in a real browser under the strict CSP, and
passes axe like every other public page."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_public_pages_axe import serious_violations
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


def test_the_api_docs_page_has_a_language_a_viewport_and_passes_axe(
    page: Page, live_server, site_tree
):
    CompetitionPageFactory(parent=site_tree.competitions, slug="river-stories")

    page.goto("/api/v1/docs", wait_until="networkidle")
    expect(page.locator(".opblock-summary-path")).to_have_count(7)

    assert page.locator("html").get_attribute("lang") == "en"
    viewport = page.locator('meta[name="viewport"]').get_attribute("content")
    assert viewport == "width=device-width, initial-scale=1"
    expect(page.locator("main")).to_have_count(1)
    found, report = serious_violations(page)
    assert found == [], report
