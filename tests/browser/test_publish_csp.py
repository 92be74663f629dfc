"""Search on cari/ through the production nginx configuration: Pagefind's scripts,
WebAssembly and worker run under its Content-Security-Policy."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest


pytestmark = [pytest.mark.browser, pytest.mark.slow]

QUERY = "imunisasi"  # in the sample: content/berita/dinkes/pekan-imunisasi-posyandu-karangsari.md

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


def test_search_runs_under_the_csp(served, browser):
    server, out = served
    if not (out / "pagefind").is_dir():
        pytest.skip("the built site has no pagefind/ folder (no search plugin in this build): nothing to search")
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    console_errors = []
    page.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
    page.add_init_script(RECORD_VIOLATIONS)
    try:
        response = page.goto(f"{server.url}/cari/")
        assert response.status == 200
        assert "wasm-unsafe-eval" in response.headers["content-security-policy"]
        box = page.locator("main input[type=search], main [role=searchbox]").first
        box.fill(QUERY)
        box.press("Enter")
        page.wait_for_function(
            """q => [...document.querySelectorAll('main a[href]')]
                   .some(a => a.textContent.toLowerCase().includes(q) && !a.closest('nav'))""",
            arg=QUERY,
            timeout=15000,
        )
        assert page.evaluate("window.__cspViolations") == []
        assert not [e for e in console_errors if "Content Security Policy" in e]
    finally:
        context.close()


def test_maklumat_audio_plays_under_the_csp(served, browser):
    """The spoken maklumat (ppid plugin) is served as audio and loads under media-src 'self'."""
    server, out = served
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    try:
        assert page.goto(f"{server.url}/maklumat-pelayanan/").status == 200
        # Each format served with its type (Safari takes the MP3, Chromium the Ogg, written first).
        sources = [urlsplit(s.get_attribute("src")).path for s in page.locator("audio source").all()]
        assert [page.request.get(f"{server.url}{src}").headers["content-type"] for src in sources] == ["audio/ogg", "audio/mpeg"]
        duration = page.locator("audio").evaluate("""el => new Promise((ok, fail) => {
            if (el.readyState >= 1) return ok(el.duration);
            el.addEventListener('loadedmetadata', () => ok(el.duration));
            el.addEventListener('error', () => fail('media error ' + (el.error && el.error.code)));
            el.load();
        })""")
        assert duration > 30
        assert urlsplit(page.locator("audio").evaluate("el => el.currentSrc")).path == sources[0]
        assert page.evaluate("window.__cspViolations") == []
    finally:
        context.close()
