"""PPID service pages of the sample site in Chromium: no axe violations at phone and
desktop width, the maklumat's audio loads and plays, and every PPID menu link opens a page."""

import pytest

from .conftest import VIEWPORTS, axe_violations, screenshot
from .pages import AXED_BY_THEME  # at 1280 px; here axe runs at 1280 px on the others only

PAGES = ["ppid/", "maklumat-pelayanan/", "opd/dinkes/", "opd/dinkes/maklumat-pelayanan-ppid-pelaksana-dinas-kesehatan/", ""]


@pytest.mark.parametrize("path", PAGES)
def test_ppid_pages_pass_axe(page, site_url, viewport, path):
    page.set_viewport_size(VIEWPORTS[viewport])
    assert page.goto(f"{site_url}/{path}").status == 200
    screenshot(page, f"ppid-{path.strip('/').replace('/', '-') or 'beranda'}-{viewport}")
    if viewport == "ponsel" or path not in AXED_BY_THEME:
        assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_maklumat_audio_loads_and_plays(page, site_url):
    page.goto(f"{site_url}/maklumat-pelayanan/")
    audio = page.get_by_role("region", name="Versi suara").locator("audio")
    assert audio.is_visible()
    duration = audio.evaluate("""el => new Promise((ok, fail) => {
        if (el.readyState >= 1) return ok(el.duration);
        el.addEventListener('loadedmetadata', () => ok(el.duration));
        el.addEventListener('error', () => fail(String(el.error && el.error.code)));
        el.load();
    })""")
    assert duration > 30  # the whole maklumat is read, not a fragment
    assert audio.evaluate("el => { el.muted = true; return el.play().then(() => !el.paused); }")


def test_every_ppid_menu_link_opens_a_page(page, site_url):
    page.goto(f"{site_url}/")
    links = page.locator("#ppid ~ ul a, nav[aria-labelledby='kaki-ppid'] a").evaluate_all("els => els.map(a => a.href)")
    page.goto(f"{site_url}/ppid/")
    links += page.locator("main a").evaluate_all("els => els.map(a => a.href)")
    assert len(links) > 20
    assert any(h.startswith("mailto:") for h in links)  # the PPID Pelaksana's addresses
    for href in sorted(h for h in set(links) if h.startswith("http")):
        assert page.request.get(href).status == 200, href
