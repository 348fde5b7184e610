"""The API page (``/api-dokumentation/``) in Chromium: axe-core finds nothing, in Danish and
English, at 1280 and 360 px; it is reached from the footer, and its links lead to the schema,
the downloads and the DCAT entry."""

import pytest


@pytest.mark.parametrize("width", [1280, 360])
def test_the_api_page_has_no_axe_violations(page, assert_accessible, width):
    page.set_viewport_size({"width": width, "height": 900})
    for url in ("/api-dokumentation/", "/en/api-dokumentation/"):
        page.goto(url)
        assert page.locator("h1").inner_text() in {"Åbne data og API", "Open data and API"}
        assert_accessible(page)


def test_the_footer_leads_to_the_api_page_and_on_to_the_data(page):
    page.goto("/")
    page.locator("footer").get_by_role("link", name="Åbne data og API").click()
    page.wait_for_url("**/api-dokumentation/")
    links = page.locator("main a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    for end in ("/api/openapi.json", "/api/data/meetings.jsonl", "/api/data/catalog.jsonld"):
        (href,) = [href for href in hrefs if href.endswith(end)]
        assert page.request.get(href).status == 200
