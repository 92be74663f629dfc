"""Public-information pages of the sample site in Chromium: readable on a 360 px phone,
no axe violations, print without navigation."""

import pytest

from .conftest import VIEWPORTS, axe_violations, screenshot
from .pages import AXED_BY_THEME  # at 1280 px; here axe runs at 1280 px on the others only

PAGES = ["dip/", "dip/dikecualikan/", "informasi-berkala/", "opd/dinkes/"]


@pytest.mark.parametrize("path", PAGES)
def test_public_information_pages_pass_axe_and_fit_a_phone(page, site_url, viewport, path):
    page.set_viewport_size(VIEWPORTS[viewport])
    assert page.goto(f"{site_url}/{path}").status == 200
    screenshot(page, f"kip-{path.strip('/').replace('/', '-')}-{viewport}")
    if viewport == "ponsel" or path not in AXED_BY_THEME:
        assert axe_violations(page) == []
    # nothing pushes the page sideways: wide tables stack (phone) or scroll inside their region
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    table = page.locator("table").first
    assert table.locator("caption").is_visible()
    if viewport == "ponsel":
        cell = table.locator("tbody td[data-label]").first
        label = cell.get_attribute("data-label")
        assert label in page.evaluate("(el) => getComputedStyle(el, '::before').content", cell.element_handle())


def test_berkala_index_prints_without_navigation(page, site_url):
    page.goto(f"{site_url}/informasi-berkala/")
    page.emulate_media(media="print")
    assert not page.locator("header.kepala").is_visible()
    assert page.locator("table thead").evaluate("el => getComputedStyle(el).display") == "table-header-group"
