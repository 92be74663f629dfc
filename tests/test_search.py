"""The search index, end to end: built into tmp_path, read back from Pagefind's bundle."""

from __future__ import annotations

import json

import pytest
from conftest import indexed

DRAFT = """
Title: Rencana Lomba Desa Sehat yang Belum Diumumkan
Date: 2026-11-01 09:00
OPD: dinkes
Author: Humas Dinkes
Category: Berita
Status: draft

Draf berita lomba desa sehat.
"""

FUTURE = """
Title: Peresmian Puskesmas Baru Tahun Depan
Date: 2027-03-01 09:00
OPD: dinkes
Author: Humas Dinkes
Category: Berita

Berita yang terbit tahun depan.
"""


def test_index_holds_content_pages_only(site):
    site.write("berita/dinkes/draf.md", DRAFT)
    site.write("berita/dinkes/tahun-depan.md", FUTURE)
    assert site.build() == 0
    entry = json.loads(site.read("pagefind/pagefind-entry.json"))
    pages = indexed(site.output)
    assert "Copyright 2022 CloudCannon" in site.read("pagefind/LICENSE.txt")  # MIT: its notice travels with its scripts
    assert entry["languages"]["id"]["page_count"] == len(pages)
    # Published news, the DIP entry, the DIK entry and the static page; no home,
    # news list, tag, category or search page; no draft, no future item.
    static = [f"/{p.stem}/" for p in (site.content / "halaman").glob("*.md")]  # profil-ppid and the menus' pages
    assert sorted(pages) == sorted([
        "/berita/2026/11/posyandu-serentak-di-kecamatan-karangsari/",
        "/dip/dinkes/data-pribadi-pasien/",
        "/dip/dinkes/laporan-keuangan-dinas-kesehatan-2025/",
        *static,
    ])
    for page in pages.values():
        assert "Lomba Desa Sehat" not in page["content"]
        assert "Puskesmas Baru" not in page["content"]


def test_pages_carry_filters_meta_and_sort(site):
    assert site.build() == 0
    pages = indexed(site.output)
    news = pages["/berita/2026/11/posyandu-serentak-di-kecamatan-karangsari/"]
    assert news["filters"] == {"tipe": ["Berita"], "opd": ["Dinkes"], "jenis": ["Berita"], "tahun": ["2026"]}
    assert news["meta"]["title"] == "Posyandu Serentak di Kecamatan Karangsari"
    assert news["meta"]["tanggal"] == "10 November 2026"
    assert news["meta"]["opd"] == "Dinkes"
    html = site.read("berita/2026/11/posyandu-serentak-di-kecamatan-karangsari/index.html")
    assert 'data-pagefind-sort="date[data-nilai]" data-nilai="2026-11-10"' in html
    # Navigation inside the article (the tag links) is not indexed.
    assert "Tag:" not in news["content"]
    entry = pages["/dip/dinkes/laporan-keuangan-dinas-kesehatan-2025/"]
    assert entry["filters"]["tipe"] == ["Informasi Publik"]
    assert entry["filters"]["jenis"] == ["Informasi Berkala"]
    assert entry["filters"]["kategori"] == ["Laporan keuangan"]
    dik = pages["/dip/dinkes/data-pribadi-pasien/"]
    assert dik["filters"]["jenis"] == ["Informasi yang Dikecualikan"]
    assert pages["/profil-ppid/"]["filters"] == {"tipe": ["Halaman"]}
    # Exact-word tokens let the search page tell `pengadaan` from `ada`.
    assert "qkeuanganq" in entry["meta"]["kata"].split()


def test_search_page_offers_the_filters_of_the_site(site):
    assert site.build() == 0
    html = site.read("cari/index.html")
    assert 'name="q"' in html and 'method="get"' in html
    for value in ("Berita", "Informasi Publik", "Halaman", "Dinkes", "Informasi yang Dikecualikan", "Laporan keuangan", "2026"):
        assert f'<option value="{value}">' in html
    assert "data-pagefind-body" not in html


def test_search_can_be_skipped_for_quick_builds(site):
    assert site.build(CARI_ENABLED=False) == 0
    assert not (site.output / "pagefind").exists()
    assert (site.output / "cari" / "index.html").is_file()


def test_indexer_failure_stops_the_build_and_keeps_the_old_output(site, monkeypatch, capsys, tmp_path):
    assert site.build() == 0
    before = site.digest()
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'Error: gagal membaca berkas' >&2\nexit 3\n")
    broken.chmod(0o755)
    import pagefind_bin

    monkeypatch.setattr(pagefind_bin, "get_executable", lambda: broken)
    site.write("berita/dinkes/baru.md", NEWS_2)
    assert site.build() == 1
    err = capsys.readouterr().err
    assert "indeks pencarian (Pagefind) gagal dibuat" in err
    assert "kode 3" in err and "gagal membaca berkas" in err
    assert "Traceback" not in err
    assert site.digest() == before


@pytest.mark.parametrize(
    "texts, expected",
    [
        (["Pengadaan Barang"], ["qpengadaanq", "qbarangq"]),
        (["serta-merta, Serta-Merta"], ["qsertamertaq", "qsertaq", "qmertaq"]),
        (["Rp7,8 miliar"], ["qrp78q", "qrp7q", "qmiliarq"]),
        (["Ruang rapat Pendapa di ruang"], ["qruangq", "qrapatq", "qpendapaq", "qdiq"]),
    ],
)
def test_exact_words_are_distinct_unstemmable_tokens(texts, expected):
    from search.model import exact_words

    assert exact_words(*texts) == expected


NEWS_2 = """
Title: Pelayanan Puskesmas Diperpanjang
Date: 2026-11-12 09:00
OPD: dinkes
Author: Humas Dinkes
Category: Pengumuman

Jam pelayanan diperpanjang.
"""


def test_preview_rebuild_keeps_the_previous_index(site):
    assert site.build() == 0
    before = {p.relative_to(site.output): p.stat().st_ino for p in (site.output / "pagefind").rglob("*") if p.is_file()}
    assert before
    news = site.content / "berita/dinkes/posyandu.md"
    news.write_text(news.read_text() + "\nKalimat tambahan untuk pratinjau.\n")
    assert site.build(CARI_PREVIEW=True) == 0
    after = {p.relative_to(site.output): p.stat().st_ino for p in (site.output / "pagefind").rglob("*") if p.is_file()}
    assert after == before  # the same files, linked, not indexed again
    assert "Kalimat tambahan untuk pratinjau." in site.read("berita/2026/11/posyandu-serentak-di-kecamatan-karangsari/index.html")


def test_the_search_page_s_examples_are_the_site_s_own():
    """A new kota's search page offered "laporan keuangan dinkes 2025" and "perbup
    12/2024": the sample's OPD and a Peraturan Bupati. The examples name the site's newest
    regulation of its head's kind, or none."""
    from datetime import datetime
    from types import SimpleNamespace

    from content import regulasi
    import search

    settings = {"SITENAME_SHORT": "Kota Tirtajaya", "REGULASI_JENIS": None}
    kinds, _ = regulasi.instruments(settings)

    def reg(jenis, nomor, tahun):
        return SimpleNamespace(peraturan={"jenis": kinds[jenis], "nomor": nomor, "tahun": tahun})

    now = datetime(2026, 12, 5)
    assert search.examples(settings, [], now) == ["laporan keuangan 2025", "pengadaan", "peringatan dini banjir"]
    found = search.examples(settings, [reg("perwali", 3, 2025), reg("perwali", 14, 2026), reg("perwali", 7, 2026),
                                       reg("perda", 19, 2026), reg("kepwali", "188.45/12/2026", 2026)], now)
    assert found == ["laporan keuangan 2025", "pengadaan", "perwali 14/2026", "peringatan dini banjir"]  # 14 after 7, as numbers


def test_a_result_s_picture_is_a_published_file(site):
    """The index's picture of a news item is a file the site publishes (its share card),
    never the author's original, which stays private."""
    site.image("images/posyandu.jpg", size=(1600, 1200))
    site.write("berita/dinkes/posyandu.md", (site.content / "berita/dinkes/posyandu.md").read_text(encoding="utf-8")
               .replace("Tags:", "Image: images/posyandu.jpg\nImage-Alt: Kader posyandu menimbang balita\nTags:"))
    assert site.build(SITEURL="https://sukamaju.example") == 0
    meta = indexed(site.output)["/berita/2026/11/posyandu-serentak-di-kecamatan-karangsari/"]["meta"]
    assert meta["image_alt"] == "Kader posyandu menimbang balita"
    assert meta["image"].startswith("https://sukamaju.example/")
    published = site.output / meta["image"].removeprefix("https://sukamaju.example/")
    assert published.is_file() and published.name.endswith(".jpg")
    assert not (site.output / "images/posyandu.jpg").exists()
