"""The theme in real Chromium: axe-core on every page kind, no horizontal scrolling
at 360 px, keyboard access, weight budget and no request to another host.

The page kinds are listed once, in tests/browser/pages.py (PAGES): append there. A page
the build does not produce yet is skipped with its reason, unless the theme owns it.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import axe_playwright_python.sync_playwright  # noqa: F401 - reads axe.js before Pelican sets LC_ALL=C
import pytest
from lxml import html as lxml_html

from .conftest import VIEWPORTS, axe_violations, screenshot
from .pages import NEWS_WITH_PHOTO, PAGES, built_file

WEIGHT_BUDGET = 50 * 1024


@pytest.fixture(params=PAGES, ids=[p[0] for p in PAGES])
def page_kind(request, sample_site):
    name, path, owned = request.param
    if not built_file(sample_site, path).is_file():
        if owned:
            pytest.fail(f"{path} is a theme page and must be built")
        pytest.skip(f"{path}: the build does not produce this page kind yet")
    return name, path


def test_page_kind_has_no_accessibility_violations(page, site_url, page_kind):
    name, path = page_kind
    page.goto(f"{site_url}/{path}")
    violations = axe_violations(page)
    assert violations == [], "\n".join(
        f"{v['id']}: {v['help']} → {[n['target'] for n in v['nodes']][:5]}" for v in violations
    )
    screenshot(page, f"{name}-1280")
    page.set_viewport_size(VIEWPORTS["ponsel"])
    screenshot(page, f"{name}-360")


def test_page_kind_fits_a_360px_phone(page, site_url, page_kind):
    name, path = page_kind
    page.set_viewport_size(VIEWPORTS["ponsel"])
    page.goto(f"{site_url}/{path}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # Text enlarged to 200 % (WCAG 1.4.4, 1.4.10): still no sideways scrolling.
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    wide = page.evaluate("[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 361)"
                         ".slice(0, 3).map(e => e.tagName + '.' + e.className)")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, wide
    page.evaluate("document.documentElement.style.fontSize = ''")
    assert page.locator("h1").count() == 1
    assert page.locator("main#konten").count() == 1
    assert page.locator("header").first.is_visible() and page.locator("footer").last.is_visible()


def test_page_kind_reads_without_javascript(browser, site_url, page_kind):
    name, path = page_kind
    context = browser.new_context(java_script_enabled=False, viewport=VIEWPORTS["ponsel"])
    try:
        pg = context.new_page()
        pg.goto(f"{site_url}/{path}")
        assert pg.locator("h1").first.is_visible()
        assert len(pg.locator("main").inner_text().strip()) > 40
    finally:
        context.close()


def test_header_leaves_a_phone_screen_for_the_page_and_hides_no_menu_item(page, site_url):
    """On a 360 × 740 phone the header (site name, search, the whole menu) takes under
    a third of the first screen; every menu item is in sight without swiping or a button."""
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{site_url}/")
    header = page.locator("header.kepala").bounding_box()
    assert header["height"] <= 740 * 0.3, f"header {header['height']:.0f} px of 740"
    links = page.locator(".menu a")
    assert links.count() >= 7
    for i in range(links.count()):
        box = links.nth(i).bounding_box()
        assert box and 0 <= box["x"] and box["x"] + box["width"] <= 360 and box["y"] + box["height"] <= header["height"]
        assert box["height"] >= 24, "a menu link must stay an easy target (WCAG 2.5.8: 24 px)"


def test_skip_link_is_first_and_moves_focus_to_the_content(page, site_url):
    page.goto(f"{site_url}/{NEWS_WITH_PHOTO}")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Langsung ke konten utama"
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0, "the skip link must be visible when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "konten"


def test_focused_links_are_visibly_marked(page, site_url):
    page.goto(f"{site_url}/berita/")
    link = page.locator("main a").first
    before = link.evaluate("e => getComputedStyle(e).backgroundColor + getComputedStyle(e).boxShadow")
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    after = page.locator(":focus").evaluate("e => getComputedStyle(e).backgroundColor + getComputedStyle(e).boxShadow")
    assert after != before


def test_news_item_shows_photo_caption_date_opd_author_tags(page, site_url):
    page.goto(f"{site_url}/{NEWS_WITH_PHOTO}")
    meta = page.locator(".berita__meta").inner_text()
    assert re.search(r"(Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu), \d{1,2} \w+ 20\d\d \| \d\d:\d\d WIB", meta)
    assert "Dinas Komunikasi dan Informatika" in meta and "Oleh " in meta
    img = page.locator("figure.berita__gambar img")
    assert img.get_attribute("alt") and img.get_attribute("width") and img.get_attribute("height")
    assert page.locator("figure.berita__gambar figcaption").inner_text().strip()
    assert page.locator(".berita__tag a").count() >= 1
    assert page.get_by_role("navigation", name="Berita sebelumnya dan berikutnya").is_visible()
    assert "Dinas Komunikasi dan Informatika" in page.locator(".terkait h2").inner_text()
    assert page.locator(".terkait .kartu").count() >= 1


# --- Weight and hosts: read the built files -------------------------------------


def local_file(site: Path, page_path: str, ref: str) -> Path:
    url = urlparse(urljoin("http://situs.invalid/" + page_path, ref))
    return site / url.path.lstrip("/")


def test_news_page_html_css_js_within_budget(sample_site):
    page_path = NEWS_WITH_PHOTO
    html_file = built_file(sample_site, page_path)
    doc = lxml_html.fromstring(html_file.read_bytes())
    refs = doc.xpath("//link[@rel='stylesheet']/@href") + doc.xpath("//script/@src")
    assert refs, "the page references its stylesheet"
    files = [html_file] + [local_file(sample_site, page_path, r) for r in refs]
    total = sum(f.stat().st_size for f in files)
    assert total <= WEIGHT_BUDGET, f"{total} bytes: " + ", ".join(f"{f.name}={f.stat().st_size}" for f in files)


RESOURCE_ATTRS = [
    ("//link[@href][not(@rel='canonical')]", "href"),  # a canonical link fetches nothing ("//script[@src]", "src"), ("//img[@src]", "src"), ("//iframe[@src]", "src"),
    ("//source[@src]", "src"), ("//video[@poster]", "poster"), ("//audio[@src]", "src"), ("//embed[@src]", "src"),
    ("//object[@data]", "data"), ("//form[@action]", "action"),
]


def external_refs(doc) -> list[str]:
    refs = []
    for xpath, attr in RESOURCE_ATTRS:
        refs += [el.get(attr) for el in doc.xpath(xpath)]
    for el in doc.xpath("//*[@srcset]"):
        refs += [part.strip().split(" ")[0] for part in el.get("srcset").split(",")]
    for style in doc.xpath("//style/text()") + doc.xpath("//@style"):
        refs += re.findall(r"url\(\s*['\"]?([^'\")]+)", style)
    return [r for r in refs if urlparse(r).netloc or r.startswith("//")]


def test_no_page_loads_anything_from_another_host(sample_site):
    pages = sorted(sample_site.rglob("*.html"))
    assert len(pages) > 50
    offenders = {}
    for f in pages:
        refs = external_refs(lxml_html.fromstring(f.read_bytes()))
        if refs:
            offenders[str(f.relative_to(sample_site))] = refs
    assert offenders == {}
    for css in sample_site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")), css
        assert "@import" not in css.read_text(encoding="utf-8")


def test_external_reference_finder_catches_a_cdn():
    doc = lxml_html.fromstring('<html><head><link rel="stylesheet" href="https://cdn.example/x.css"></head>'
                               '<body><a href="https://example.org/">ok</a><img srcset="//img.example/a.jpg 2x"></body></html>')
    assert external_refs(doc) == ["https://cdn.example/x.css", "//img.example/a.jpg"]


def test_lists_read_as_cards_on_a_phone_held_sideways_and_contact_links_are_apart(page, site_url):
    """At 740 × 360 the DIK was a table wider than the screen inside a scrolling box; on
    the PPID page a telephone number and the e-mail below it were 18 px targets touching."""
    page.set_viewport_size({"width": 740, "height": 360})
    page.goto(f"{site_url}/dip/dikecualikan/")
    box = page.locator(".tabel-gulir").first
    assert box.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), "the list scrolls sideways"
    assert page.locator(".tabel-kip thead").first.bounding_box()["height"] <= 1, "still a table, not cards"
    page.set_viewport_size(VIEWPORTS["ponsel"])
    page.goto(f"{site_url}/ppid/")
    links = page.locator(".tabel-kip a[href^='tel:'], .tabel-kip a[href^='mailto:']")
    assert links.count() >= 2
    for i in range(links.count()):
        assert links.nth(i).bounding_box()["height"] >= 24


@pytest.mark.parametrize("name, section", [
    ("beranda", "Beranda"), ("berita", "Berita"), ("berita-foto", "Berita"), ("agenda", "Agenda"), ("acara", "Agenda"),
    ("dip", "Informasi Publik"), ("dip-berkala", "Informasi Publik"), ("dik", "Informasi Publik"),
    ("entri-dip", "Informasi Publik"), ("informasi-berkala", "Informasi Berkala"), ("ppid", "PPID"),
])
def test_the_main_menu_marks_the_section_a_page_is_in(sample_site, name, section):
    """The underline of the current menu item (and what a screen reader says as "halaman
    ini"): the agenda and the DIP's pages marked none."""
    path = next(p for n, p, _ in PAGES if n == name)
    page = lxml_html.parse(str(built_file(sample_site, path)))
    marked = page.xpath('//nav[@aria-label="Menu utama"]//a[@aria-current="page"]')
    assert [a.text_content().strip() for a in marked] == [section]


def test_the_dip_filter_marks_the_list_shown(sample_site):
    """The DIP's filter marked "Semua" on no page (its test read a name the page never had)."""
    for path, shown in (("dip/", ["Semua"]), ("dip/berkala/", ["Informasi Berkala"]), ("dip/dinkes/", [])):
        page = lxml_html.parse(str(built_file(sample_site, path)))
        marked = [a.text_content().strip() for a in page.xpath('//nav[@aria-label="Saring daftar"]//a[@aria-current="page"]')]
        assert marked == shown, (path, marked)


def test_an_author_s_table_fits_the_smallest_phone(browser, site_url):
    """A PPID's opening-hours table with an e-mail address in a cell was 331 px wide on a
    320 px phone: the whole page scrolled sideways."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        page.goto(f"{site_url}/opd/dinkes/jam-dan-saluran-layanan-ppid-pelaksana-dinas-kesehatan/")
        assert page.locator(".naskah table").count() >= 1
        wide = page.evaluate("[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 321)"
                             ".slice(0, 3).map(e => e.tagName + '.' + e.className)")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, wide
    finally:
        context.close()
