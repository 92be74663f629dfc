"""A citizen on a phone downloads a small WebP of the news photo, never the original."""

from __future__ import annotations

import re

from PIL import Image

from .conftest import VIEWPORTS


def test_phone_downloads_a_small_webp_and_never_the_original(browser, sample_site, site_url):
    article = next(p for p in sorted(sample_site.glob("berita/*/*/*/index.html")) if 'fetchpriority="high"' in p.read_text(encoding="utf-8"))
    path = "/" + article.parent.relative_to(sample_site).as_posix() + "/"
    context = browser.new_context(viewport=VIEWPORTS["ponsel"], device_scale_factor=1, locale="id-ID")
    page = context.new_page()
    images = []
    page.on("response", lambda r: images.append(r) if "/images/" in r.url else None)
    try:
        assert page.goto(site_url + path).status == 200
        lead = page.locator("figure picture img")
        lead.wait_for()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=lead.element_handle())
        current = lead.evaluate("img => img.currentSrc")
        assert re.search(r"-480\.[0-9a-f]+\.webp$", current), current
        box = lead.bounding_box()
        assert box["width"] <= VIEWPORTS["ponsel"]["width"]
        assert abs(box["height"] / box["width"] - int(lead.get_attribute("height")) / int(lead.get_attribute("width"))) < 0.02
        photos = [r for r in images if "/images/berita/" in r.url]
        assert photos and all(re.search(r"-(\d+|og)\.[0-9a-f]+\.(webp|jpg)$", r.url) for r in photos), [r.url for r in photos]
        lead_response = next(r for r in photos if r.url == current)
        assert len(lead_response.body()) < 80_000
        with Image.open(sample_site / current.split(site_url + "/", 1)[1]) as im:
            assert im.width == 480 and len(im.getexif()) == 0
    finally:
        context.close()


def test_a_desktop_downloads_the_photo_at_the_width_it_is_shown(browser, sample_site, site_url):
    """At 1280 px the lead photo is shown 672 px wide (the text column): the browser took
    the 1600 px file (the sizes attribute said 68rem); the 960 px one is enough."""
    article = next(p for p in sorted(sample_site.glob("berita/*/*/*/index.html")) if 'fetchpriority="high"' in p.read_text(encoding="utf-8"))
    path = "/" + article.parent.relative_to(sample_site).as_posix() + "/"
    context = browser.new_context(viewport=VIEWPORTS["desktop"], device_scale_factor=1, locale="id-ID")
    try:
        page = context.new_page()
        assert page.goto(site_url + path).status == 200
        lead = page.locator("figure picture img")
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=lead.element_handle())
        shown = lead.bounding_box()["width"]
        natural, current = lead.evaluate("img => [img.naturalWidth, img.currentSrc]")
        assert re.search(r"-960\.[0-9a-f]+\.webp$", current) and shown <= natural, (shown, natural, current)
    finally:
        context.close()
