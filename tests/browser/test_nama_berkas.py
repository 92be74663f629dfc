"""Files as authors name them: a phone at 390 px loads the 480 px WebP of
`images/Foto Rapat 01.JPG`, and a document keeps its name as the download name."""

from __future__ import annotations

import http.server
import re
import threading
import urllib.request
from functools import partial

from PIL import Image

from conftest import Site

from .conftest import QuietHandler


def test_photo_with_spaces_loads_the_480_webp_at_390px(browser, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795323600")
    site = Site(tmp_path)
    photo = site.content / "images/Foto Rapat 01.JPG"
    photo.parent.mkdir(parents=True, exist_ok=True)
    Image.linear_gradient("L").resize((1600, 1067)).convert("RGB").save(photo, "JPEG", quality=85)
    news = site.content / "berita/dinkes/posyandu.md"
    news.write_text(news.read_text().replace(
        "Tags:", "Image: images/Foto Rapat 01.JPG\nImage-Alt: Rapat koordinasi posyandu\nTags:"))
    (site.content / "dokumen/dinkes").mkdir(parents=True)
    (site.content / "dokumen/dinkes/Laporan Keuangan 2025 (final).pdf").write_bytes(b"%PDF-1.4 laporan\n%%EOF\n")
    entry = site.content / "dip/dinkes/laporan-keuangan.md"
    entry.write_text(entry.read_text().replace(
        "Date:", "Dokumen: dokumen/dinkes/Laporan Keuangan 2025 (final).pdf\nDate:"))
    assert site.build(CARI_ENABLED=False, GAMBAR_CACHE_PATH=str(tmp_path / "cache")) == 0

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(site.output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1, locale="id-ID")
    page = context.new_page()
    fetched = []
    page.on("response", lambda r: fetched.append((r.url, r.status)) if "/images/" in r.url else None)
    try:
        assert page.goto(base + "/berita/2026/11/posyandu-serentak-di-kecamatan-karangsari/").status == 200
        lead = page.locator("figure picture img")
        lead.wait_for()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=lead.element_handle())
        current = lead.evaluate("img => img.currentSrc")
        assert re.fullmatch(re.escape(base) + r"/images/foto-rapat-01-480\.[0-9a-f]+\.webp", current), current
        photos = [(u, s) for u, s in fetched if "foto-rapat" in u]
        assert (current, 200) in photos
        assert not [u for u, _ in photos if u.endswith(".jpg") or "-960." in u], photos

        assert page.goto(base + "/dip/dinkes/laporan-keuangan-dinas-kesehatan-2025/").status == 200
        link = page.locator("ul.dokumen a")
        assert link.get_attribute("download") == "Laporan Keuangan 2025 (final).pdf"
        href = link.evaluate("a => a.href")
        assert href == base + "/dokumen/dinkes/laporan-keuangan-2025-final.pdf"
        with urllib.request.urlopen(href) as response:
            assert response.read() == b"%PDF-1.4 laporan\n%%EOF\n"
    finally:
        context.close()
        server.shutdown()
