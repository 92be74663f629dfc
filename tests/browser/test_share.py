"""Share links in real Chromium: the sample site built with an absolute SITEURL on a
loopback port. Each link opens a URL that carries the page's address and title, and
nothing is requested from another host before a reader clicks."""

from __future__ import annotations

import http.server
import json
import threading
from functools import partial
from urllib.parse import parse_qs, urljoin, urlparse

import axe_playwright_python.sync_playwright  # noqa: F401 - reads axe.js before Pelican sets LC_ALL=C
import pytest
from playwright.sync_api import expect

from conftest import CONF, EPOCH
from nginx_helper import free_port

from .conftest import VIEWPORTS, QuietHandler, axe_violations

pytestmark = pytest.mark.browser

# Read counts (plugins/readcounts) as `./run.sh statistik` stores them, so the build also
# has "Dibaca N kali" and the "Terpopuler" lists (today is 2026-11-22 in EPOCH).
POPULAR = [
    "/berita/2026/02/rakor-ppid-2026-pemkab-sukamaju-targetkan-seluruh-opd-perbarui-informasi-berkala/",
    "/berita/2026/11/bupati-tetapkan-status-siaga-darurat-banjir-dan-tanah-longsor-hingga-31-maret/",
    "/berita/2026/11/kasus-dbd-meningkat-dinkes-sukamaju-minta-warga-gencarkan-psn-3m-plus/",
]
READ_COUNTS = {
    "versi": 1,
    "hari": {"2026-11-21": {POPULAR[0]: 1234, POPULAR[1]: 80}, "2026-11-01": {POPULAR[2]: 45}},
    "sebelumnya": {},
    "dilipat_hingga": None,
}


@pytest.fixture(scope="module")
def shared_site(tmp_path_factory):
    """(base URL, output): the sample built for http://127.0.0.1:<port>, served there."""
    from content import build

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    out = tmp_path_factory.mktemp("bagikan") / "output"
    counts = out.parent / "statistik.json"
    counts.write_text(json.dumps(READ_COUNTS), encoding="utf-8")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    try:
        assert build.build(CONF, out, SITEURL=base, CARI_ENABLED=False, STATISTIK_PATH=str(counts)) == 0
    finally:
        mp.undo()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), partial(QuietHandler, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield base, out
    server.shutdown()
    server.server_close()


def first_news_url(page, base) -> str:
    page.goto(f"{base}/berita/")
    return urljoin(base + "/", page.locator("main .kartu__judul a").first.get_attribute("href"))


def carried(url: str) -> str:
    """Every value of the URL's query (and a mailto's), decoded, joined."""
    parsed = urlparse(url)
    values = [v for vs in parse_qs(parsed.query).values() for v in vs]
    return "\n".join(values)


def test_each_share_link_carries_the_address_and_title_and_nothing_loads_before_a_click(browser, shared_site):
    base, _ = shared_site
    context = browser.new_context(viewport=VIEWPORTS["ponsel"], locale="id-ID")
    page = context.new_page()
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    opened = []

    def other_host(route):
        opened.append(route.request.url)
        route.fulfill(status=200, content_type="text/plain", body="ok")

    try:
        url = first_news_url(page, base)
        page.goto(url)
        page.wait_for_load_state("networkidle")
        canonical = page.locator("link[rel=canonical]").get_attribute("href")
        assert canonical == url
        title = page.locator("h1").inner_text().strip()
        links = page.get_by_role("region", name="Bagikan").get_by_role("link")
        names = [links.nth(i).get_attribute("aria-label") for i in range(links.count())]
        assert names == ["Bagikan ke WhatsApp", "Bagikan ke Facebook", "Bagikan ke X (Twitter)",
                         "Bagikan ke Telegram", "Bagikan lewat surel"]
        assert all(urlparse(u).hostname == "127.0.0.1" for u in requested), requested
        page.route(lambda u: urlparse(u).hostname != "127.0.0.1", other_host)
        hosts = {}
        for name in names[:4]:
            page.goto(url)
            with page.expect_navigation():
                page.get_by_role("link", name=name).click()
            target = opened[-1]
            assert page.url == target
            hosts[name] = urlparse(target).hostname
            text = carried(target)
            assert canonical in text, (name, target)
            if name != "Bagikan ke Facebook":  # Facebook takes only the address, the title comes from og:title
                assert title in text, (name, target)
        assert hosts == {"Bagikan ke WhatsApp": "wa.me", "Bagikan ke Facebook": "www.facebook.com",
                         "Bagikan ke X (Twitter)": "x.com", "Bagikan ke Telegram": "t.me"}
        # A mailto: link is handed to the mail program, not loaded: read what it would open.
        page.goto(url)
        mail = page.get_by_role("link", name="Bagikan lewat surel").get_attribute("href")
        assert mail.startswith("mailto:?")
        assert title in carried(mail) and canonical in carried(mail)
    finally:
        context.close()


def test_copy_link_and_the_device_share_sheet(browser, shared_site):
    base, _ = shared_site
    context = browser.new_context(viewport=VIEWPORTS["ponsel"], locale="id-ID")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    # The Web Share API as a phone has it: record what the page asks to share.
    context.add_init_script("navigator.share = d => { window.__shared = d; return Promise.resolve(); };")
    page = context.new_page()
    try:
        url = first_news_url(page, base)
        page.goto(url)
        title = page.locator("h1").inner_text().strip()
        page.get_by_role("button", name="Salin tautan halaman ini").click()
        assert page.url == url  # copied, not followed
        # The message follows the clipboard's promise: wait for it as a reader would.
        expect(page.get_by_role("status")).to_have_text("Tautan disalin.")
        assert page.evaluate("navigator.clipboard.readText()") == url
        button = page.get_by_role("button", name="Bagikan ke aplikasi lain")
        assert button.is_visible()
        button.click()
        assert page.evaluate("window.__shared") == {"title": title, "url": url}
    finally:
        context.close()


def test_without_web_share_or_a_clipboard_their_buttons_stay_hidden(browser, shared_site):
    """A browser without the share sheet or the clipboard (Opera Mini, a page over plain
    http): no button that does nothing; "Salin tautan" was a link to the page itself there,
    which only reloaded it."""
    base, _ = shared_site
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    context.add_init_script("delete Navigator.prototype.share; delete Navigator.prototype.clipboard;")
    page = context.new_page()
    try:
        page.goto(first_news_url(page, base))
        page.wait_for_load_state("load")  # bagikan.js (deferred) has run
        assert page.evaluate("navigator.clipboard === undefined")
        region = page.get_by_role("region", name="Bagikan")
        assert region.get_by_role("button").count() == 0
        assert region.get_by_role("link").count() == 5
        assert "Salin" not in region.inner_text()
    finally:
        context.close()


SHARED_PAGES = [
    "berita/2026/02/rakor-ppid-2026-pemkab-sukamaju-targetkan-seluruh-opd-perbarui-informasi-berkala/",
    "dip/dinkes/laporan-realisasi-anggaran-dinas-kesehatan-tahun-anggaran-2025/",
    "agenda/2026/12/apel-kesiapsiagaan-menghadapi-bencana-hidrometeorologi-2026-2027/",
]


@pytest.mark.parametrize("path", SHARED_PAGES)
def test_share_block_has_no_accessibility_violations(browser, shared_site, path, viewport):
    base, _ = shared_site
    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="id-ID")
    context.add_init_script("navigator.share = () => Promise.resolve();")  # the button shown, as on a phone
    page = context.new_page()
    try:
        page.goto(f"{base}/{path}")
        region = page.get_by_role("region", name="Bagikan")
        assert region.is_visible()
        assert page.get_by_role("button", name="Bagikan ke aplikasi lain").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]
        violations = axe_violations(page)
        assert violations == [], "\n".join(f"{v['id']}: {v['help']} → {[n['target'] for n in v['nodes']][:5]}" for v in violations)
    finally:
        context.close()


def test_news_page_with_share_links_stays_within_the_weight_budget_plus_2_kb(shared_site):
    from lxml import html as lxml_html

    from .pages import NEWS_WITH_PHOTO, built_file
    from .test_theme import WEIGHT_BUDGET, local_file

    _, out = shared_site
    html_file = built_file(out, NEWS_WITH_PHOTO)
    doc = lxml_html.fromstring(html_file.read_bytes())
    refs = doc.xpath("//link[@rel='stylesheet']/@href") + doc.xpath("//script/@src")
    assert any("/js/bagikan." in r for r in refs)
    files = [html_file] + [local_file(out, NEWS_WITH_PHOTO, urlparse(r).path) for r in refs]
    total = sum(f.stat().st_size for f in files)
    assert total <= WEIGHT_BUDGET + 2048, f"{total} bytes"


@pytest.mark.slow
def test_share_script_runs_under_the_production_csp(browser, served):
    """The published sample behind deploy/nginx.conf: the share script is allowed by its
    Content-Security-Policy (no violation), the copy and share-sheet buttons work."""
    server, _ = served
    context = browser.new_context(viewport=VIEWPORTS["ponsel"], locale="id-ID")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    context.add_init_script("""
        window.__csp = [];
        document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
        navigator.share = d => { window.__shared = d; return Promise.resolve(); };
    """)
    page = context.new_page()
    try:
        url = first_news_url(page, server.url)
        response = page.goto(url)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.get_by_role("button", name="Salin tautan halaman ini").click()
        # The message follows the clipboard's promise: wait for it as a reader would.
        expect(page.get_by_role("status")).to_have_text("Tautan disalin.")
        page.get_by_role("button", name="Bagikan ke aplikasi lain").click()
        assert page.evaluate("window.__shared.url") == url
        assert page.evaluate("window.__csp") == []
    finally:
        context.close()
