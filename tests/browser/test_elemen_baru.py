"""The new page elements in Chromium at 360 and 1280 px with axe-core: the site map,
the FAQ page, "Terpopuler" on the home and an OPD page, "Dibaca N kali" and the credits
on a news page (the share block: test_share.py). Same build as test_share.py: the
sample with an absolute SITEURL and read counts."""

from __future__ import annotations

import axe_playwright_python.sync_playwright  # noqa: F401 - reads axe.js before Pelican sets LC_ALL=C
import pytest

from .conftest import VIEWPORTS, axe_violations, screenshot
from .test_share import shared_site  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser

NEW_ELEMENTS = [
    ("peta-situs", "peta-situs/", "main .peta-situs"),
    ("tanya-jawab", "tanya-jawab-ppid/", "main .tanya-jawab__daftar"),
    ("beranda-terpopuler", "", "main .terpopuler"),
    ("opd-terpopuler", "opd/diskominfo/", "main .terpopuler"),
    ("berita-dibaca-kredit", "berita/2026/02/rakor-ppid-2026-pemkab-sukamaju-targetkan-seluruh-opd-perbarui-informasi-berkala/",
     "main .berita__dibaca"),
]


@pytest.mark.parametrize("name,path,selector", NEW_ELEMENTS, ids=[n for n, _, _ in NEW_ELEMENTS])
def test_new_element_has_no_accessibility_violations(browser, shared_site, name, path, selector, viewport):  # noqa: F811
    base, _ = shared_site
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="id-ID")
    page = context.new_page()
    try:
        page.goto(f"{base}/{path}")
        assert page.locator(selector).first.is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]
        violations = axe_violations(page)
        assert violations == [], "\n".join(f"{v['id']}: {v['help']} → {[n['target'] for n in v['nodes']][:5]}" for v in violations)
        screenshot(page, f"{name}-{VIEWPORTS[viewport]['width']}")
    finally:
        context.close()


def test_home_shows_most_read_lists_and_news_its_count(page, shared_site):  # noqa: F811
    base, _ = shared_site
    page.goto(f"{base}/")
    region = page.get_by_role("region", name="Terpopuler")
    week = region.get_by_role("list").first
    assert week.get_by_role("listitem").count() == 2  # the 2026-11-01 views are older than 7 days
    assert "dibaca 1.234 kali" in week.get_by_role("listitem").first.inner_text()
    month = region.get_by_role("list").nth(1)
    assert month.get_by_role("listitem").count() == 3
    page.goto(f"{base}/berita/2026/02/rakor-ppid-2026-pemkab-sukamaju-targetkan-seluruh-opd-perbarui-informasi-berkala/")
    assert page.locator(".berita__meta").inner_text().count("Dibaca 1.234 kali") == 1
    assert page.locator("figure.berita__gambar figcaption").inner_text().strip().endswith("Foto: Dinas Komunikasi dan Informatika")


def test_footer_links_to_the_site_map_and_the_faq(page, shared_site):  # noqa: F811
    base, _ = shared_site
    page.goto(f"{base}/berita/")
    page.locator("footer").get_by_role("link", name="Peta situs").click()
    assert page.url == f"{base}/peta-situs/"
    assert page.get_by_role("heading", level=1).inner_text() == "Peta situs"
    page.get_by_role("link", name="Tanya Jawab Layanan Informasi Publik").click()
    first = page.locator(".tanya-jawab__daftar a").first
    href = first.get_attribute("href")  # read on this page, before the click leaves it
    first.click()
    assert page.url.endswith(href)
