"""The berkala matrix in Chromium: at 1280 px the whole OPD × kategori a–k matrix fits
without sideways scrolling, also with the 45 OPDs of a large kabupaten, its OPD column and
header stay in view while it scrolls; phones get stacked cards; axe finds nothing; the
public-information lists print as A4 landscape tables."""

from __future__ import annotations

import http.server
import re
import threading
from functools import partial

import pytest

from conftest import CONF, EPOCH, Site
from content.schema import KATEGORI_BERKALA

from .conftest import VIEWPORTS, QuietHandler, axe_violations, screenshot

KATEGORI = [k.slug for k in KATEGORI_BERKALA]
# Real names of a kabupaten's OPDs are long: the matrix must still fit.
LONG_NAMES = [
    "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan Keluarga Berencana",
    "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah",
    "Dinas Perumahan Rakyat, Kawasan Permukiman dan Pertanahan",
]


@pytest.fixture(scope="module")
def big_site_url(tmp_path_factory):
    """A site with 45 OPDs, each with berkala entries in some kategori."""
    root = tmp_path_factory.mktemp("besar")
    site = Site(root)
    registry = []
    for i in range(45):
        nama = LONG_NAMES[i % 3] if i % 5 == 0 else f"Dinas Nomor {i + 1}"
        registry.append(f'[opd{i:02d}]\nnama = "{nama}"\nsingkatan = "D{i:02d}"\n')
        for j, slug in enumerate(KATEGORI):
            if (i + j) % 3 == 0:
                continue
            date = "2026-10-01 08:00" if (i * j) % 4 else "2025-01-10 08:00"
            site.write(f"dip/opd{i:02d}/{slug}.md", "\n".join([
                f"Title: {slug.replace('-', ' ').title()} Dinas Nomor {i + 1} Tahun 2026", "Jenis: berkala", f"Kategori: {slug}",
                f"OPD: opd{i:02d}", "Penanggung-Jawab: Sekretaris", "Waktu-Pembuatan: 2026", "Tempat-Pembuatan: Sukamaju",
                "Bentuk: softcopy", "Retensi: 5 tahun", f"Date: {date}", "", "Isi."]) + "\n")
    site.write("opd.toml", "\n".join(registry))
    for rel in ("berita/dinkes/posyandu.md", "dip/dinkes/laporan-keuangan.md", "dip/dinkes/data-pasien.md"):
        (site.content / rel).unlink()
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    try:
        from content import build

        assert build.build(CONF, site.output, **site.settings()) == 0
    finally:
        mp.undo()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(site.output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def fits(page) -> dict:
    return page.evaluate("""() => {
        const box = document.querySelector('.matriks-gulir');
        const last = document.querySelector('.tabel-matriks thead th:last-child').getBoundingClientRect();
        return {page: document.documentElement.scrollWidth <= window.innerWidth,
                box: box.scrollWidth <= box.clientWidth, lastRight: last.right, width: window.innerWidth,
                table: document.querySelector('.tabel-matriks').getBoundingClientRect().width};
    }""")


@pytest.mark.parametrize("which", ["sampel", "45-opd"])
def test_matrix_fits_1280_without_sideways_scrolling(page, site_url, big_site_url, which):
    url = site_url if which == "sampel" else big_site_url
    page.set_viewport_size(VIEWPORTS["desktop"])
    page.goto(f"{url}/informasi-berkala/")
    screenshot(page, f"berkala-matriks-{which}")
    f = fits(page)
    assert f["page"] and f["box"], f
    assert f["lastRight"] <= f["width"], f  # kategori k is on screen
    headers = page.locator(".tabel-matriks thead th").all_inner_texts()
    assert [h.split()[0] for h in headers[2:]] == [k.letter for k in KATEGORI_BERKALA]


def test_opd_column_and_header_stay_in_view_while_scrolling(page, big_site_url):
    page.set_viewport_size(VIEWPORTS["desktop"])
    page.goto(f"{big_site_url}/informasi-berkala/")
    box = page.locator(".matriks-gulir")
    assert box.evaluate("el => el.scrollHeight > el.clientHeight")  # 45 OPDs: the matrix scrolls inside its box
    top = box.evaluate("el => el.getBoundingClientRect().top")
    box.evaluate("el => { el.scrollTop = el.scrollHeight; }")
    header = page.locator(".tabel-matriks thead th").first.bounding_box()
    assert abs(header["y"] - top) <= 2  # the header row is still at the top of the box
    last = page.locator(".tabel-matriks tbody tr").last
    assert last.locator("th").is_visible() and "Dinas Nomor 45" in last.locator("th").inner_text()
    assert page.locator(".tabel-matriks tbody th").first.evaluate("el => getComputedStyle(el).position") == "sticky"


def test_each_cell_links_to_its_item_or_to_the_opd_details(page, site_url):
    page.goto(f"{site_url}/informasi-berkala/")
    rows = page.locator(".tabel-matriks tbody tr")
    assert rows.count() == 10
    for cell in rows.first.locator("td.sel").all():
        href = cell.locator("a").get_attribute("href")
        if "sel--kosong" in cell.get_attribute("class"):
            assert href.startswith("#rincian-")
            assert page.locator(href).count() == 1
        else:
            assert page.request.get(f"{site_url}{href}").status == 200
    # the details name the entries and their dates
    first = page.locator(".rincian-opd").first
    assert first.locator("time").count() >= 1 and first.locator("ul li").count() == len(KATEGORI_BERKALA)


def test_phone_keeps_stacked_cards(page, site_url):
    page.set_viewport_size(VIEWPORTS["ponsel"])
    page.goto(f"{site_url}/informasi-berkala/")
    row = page.locator(".tabel-matriks tbody tr").first
    assert row.evaluate("el => getComputedStyle(el).display") == "block"
    cell = row.locator("td.sel").first
    assert cell.evaluate("el => getComputedStyle(el, '::before').content").strip('"').startswith("a. Profil badan publik")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("viewport_name", list(VIEWPORTS))
def test_big_matrix_passes_axe(page, big_site_url, viewport_name):
    page.set_viewport_size(VIEWPORTS[viewport_name])
    page.goto(f"{big_site_url}/informasi-berkala/")
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", ["dip/", "dip/dikecualikan/", "informasi-berkala/"])
def test_lists_print_as_a4_landscape_tables(page, site_url, path):
    page.goto(f"{site_url}/{path}")
    # the current year's DIP decree (sample content/dip/penetapan.toml) heads every printed list
    decree = page.locator(".penetapan-dip" if path == "dip/" else ".cetak-penetapan")
    assert decree.is_visible() == (path == "dip/")  # dip/ shows it on screen too
    page.emulate_media(media="print")
    assert decree.is_visible() and "188.45/012/2026" in decree.inner_text()
    assert not page.locator("header.kepala").is_visible() and not page.locator("footer.kaki").is_visible()
    assert not page.locator(".unduh").first.is_visible()
    table = page.locator("table.tabel-kip").first
    assert table.is_visible()
    assert table.locator("thead").evaluate("el => getComputedStyle(el).display") == "table-header-group"
    rules = page.evaluate("""() => [...document.styleSheets].flatMap(s => { try { return [...s.cssRules]; } catch (e) { return []; } })
        .flatMap(r => r.cssRules ? [...r.cssRules] : [r]).filter(r => r.type === CSSRule.PAGE_RULE).map(r => r.style.size)""")
    assert "a4 landscape" in [r.lower() for r in rules]
    pdf = page.pdf(prefer_css_page_size=True)
    width, height = (float(v) for v in re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups())
    assert abs(width - 841.9) < 1 and abs(height - 595.3) < 1  # A4 landscape, 297 × 210 mm in points
