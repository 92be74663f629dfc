"""What the allowlist lets through is harmless when a reader opens it in Chromium, on a
host that sends no security header at all (as GitHub Pages and GitLab Pages): no dialog,
no request to another host before a click, no navigation, no form to another host, no
element covering the page. Search still works under the page's own CSP."""

from __future__ import annotations

import http.server
import threading
from functools import partial
from urllib.parse import urlsplit

import pytest

from conftest import Site

from .conftest import QuietHandler

pytestmark = pytest.mark.browser

ALLOWED_BUT_WATCHED = """
Title: Pameran <UMKM> & "Sukamaju Expo"
Date: 2026-11-10 09:30
OPD: dinkes
Author: Humas Dinkes
Category: Berita
Summary: Ringkasan dengan **tebal** dan [tautan](https://kemkes.go.id).

Paragraf dengan <strong>tebal</strong>, <em>miring</em> dan <span style="color: #7a1f1f; text-align: center">warna</span>.

<a href="https://kemkes.go.id/info" target="_blank">Info Kemenkes</a>

<iframe src="https://www.youtube-nocookie.com/embed/abc123" width="560" height="315" allowfullscreen></iframe>

| Kecamatan | Jumlah |
|:--|--:|
| Karangsari | 12 |

Catatan kaki[^1].

[^1]: Sumber: Dinas Kesehatan.
"""

WATCH = """
window.__dialogs = 0;
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""

COVERING = """() => {
  const area = innerWidth * innerHeight;
  return [...document.querySelectorAll('body *')].filter(el => {
    const s = getComputedStyle(el);
    if (!['fixed', 'absolute'].includes(s.position)) return false;
    const r = el.getBoundingClientRect();
    return r.width * r.height > area / 2;
  }).map(el => el.outerHTML.slice(0, 80));
}"""


@pytest.fixture(scope="module")
def watched_site(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("serangan"))
    site.write("berita/dinkes/pameran.md", ALLOWED_BUT_WATCHED)
    assert site.build() == 0
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(site.output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_allowed_markup_is_harmless_in_chromium(browser, watched_site):
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    dialogs, foreign, navigations = [], [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: urlsplit(r.url).hostname not in ("127.0.0.1", None) and foreign.append(r.url))
    page.add_init_script(WATCH)
    try:
        url = f"{watched_site}/berita/2026/11/pameran-umkm-sukamaju-expo/"
        assert page.goto(url).status == 200
        page.on("framenavigated", lambda f: f == page.main_frame and navigations.append(f.url))
        page.wait_for_timeout(500)
        assert dialogs == []
        assert navigations == [] and page.url == url
        # The one allowed embed is the only other host, and it is sandboxed and lazy.
        assert all(urlsplit(u).hostname == "www.youtube-nocookie.com" for u in foreign), foreign
        frame = page.locator("iframe")
        assert "allow-top-navigation" not in frame.get_attribute("sandbox")
        assert frame.get_attribute("title")
        forms = page.evaluate("[...document.forms].map(f => f.action)")
        assert all(urlsplit(a).hostname == "127.0.0.1" for a in forms), forms
        assert page.evaluate(COVERING) == []
        assert page.locator("a[target=_blank]").get_attribute("rel") == "noopener noreferrer"
        assert page.locator("h1").inner_text().startswith("Pameran <UMKM>")
        csp = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
        assert "object-src 'none'" in csp and "form-action 'self'" in csp and "base-uri 'self'" in csp
    finally:
        context.close()


def test_search_works_under_the_meta_csp_without_a_header(browser, site_url):
    """site_url is Python's plain file server: the only policy is the page's meta tag."""
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.add_init_script(WATCH)
    try:
        response = page.goto(f"{site_url}/cari/")
        assert "content-security-policy" not in response.headers
        box = page.locator("main input[type=search], main [role=searchbox]").first
        box.fill("imunisasi")
        box.press("Enter")
        page.wait_for_function(
            """() => [...document.querySelectorAll('main a[href]')]
                   .some(a => a.textContent.toLowerCase().includes('imunisasi') && !a.closest('nav'))""",
            timeout=15000,
        )
        assert page.evaluate("window.__violations") == []
    finally:
        context.close()
