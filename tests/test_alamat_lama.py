"""A page's former addresses (``Alamat-Lama``): a news item whose Date was corrected or an
event moved to another month changes address; the links already shared keep leading to
it. Read back from the built output, as a citizen's browser and a search engine read it."""

from __future__ import annotations

import lxml.html
import pytest

from conftest import ROOT, indexed

MOVED = """
Title: Apel Kesiapsiagaan Bencana
OPD: bpbd
Mulai: 2026-12-14 07:30
Tempat: Alun-alun Sukamaju
Alamat-Lama: /agenda/2026/11/apel-kesiapsiagaan-bencana/, https://sukamajukab.go.id/agenda/2026/10/apel-siaga/index.html

Apel diundur ke bulan Desember.
"""
NEW = "agenda/2026/12/apel-kesiapsiagaan-bencana/"


def problems(site, rel):
    return [f"{p.key}: {p.message}" for p in site.check().errors if p.path.endswith(rel)]


def test_a_former_address_leads_to_the_page_where_it_is_now(site):
    site.write("agenda/bpbd/apel.md", MOVED)
    site.write("berita/dinkes/tautan.md", """
        Title: Tautan ke Apel
        Date: 2026-11-12 08:00
        OPD: dinkes
        Author: Humas Dinkes
        Category: Berita

        Lihat [jadwal apel](/agenda/2026/11/apel-kesiapsiagaan-bencana/) yang diumumkan pekan lalu.
        """)
    assert site.build(SITEURL="https://sukamajukab.go.id") == 0  # the link to the old address is no broken link
    for old in ("agenda/2026/11/apel-kesiapsiagaan-bencana/", "agenda/2026/10/apel-siaga/"):
        doc = lxml.html.fromstring(site.read(old + "index.html"))
        refresh = doc.xpath('//meta[@http-equiv="refresh"]/@content')
        assert refresh and refresh[0].startswith("0; url=") and refresh[0].endswith("/" + NEW), refresh
        link = doc.xpath('//h1/following::a[contains(., "Apel Kesiapsiagaan Bencana")]/@href')
        assert link and link[0].endswith("/" + NEW), link
        assert doc.xpath('//meta[@name="robots"]/@content') == ["noindex"]
        assert "Halaman ini sudah pindah" in doc.text_content()
        # Shared again on WhatsApp, the old link's preview shows the item's title.
        assert doc.xpath('//meta[@property="og:title"]/@content') == ["Apel Kesiapsiagaan Bencana"]
        # ... and the address where it is now, the one search engines keep.
        assert doc.xpath('//meta[@property="og:url"]/@content') == ["https://sukamajukab.go.id/" + NEW]
        assert doc.xpath('//link[@rel="canonical"]/@href') == ["https://sukamajukab.go.id/" + NEW]
    # Not a page of its own for search engines or the site's search.
    assert "agenda/2026/11/" not in site.read("sitemap.xml")
    urls = indexed(site.output)
    assert any(NEW in u for u in urls), sorted(urls)
    assert not any("2026/11/apel" in u or "2026/10/apel" in u for u in urls), sorted(urls)


@pytest.mark.parametrize("old, fragment", [
    # its own address now
    (f"/{NEW}", "adalah alamat halaman ini sekarang; hapus dari Alamat-Lama"),
    # an address of another type (the news item's)
    ("/berita/2026/11/posyandu-serentak-di-kecamatan-karangsari/",
     "bukan alamat agenda (bentuknya /agenda/2026/11/<slug>/)"),
    # a list of the site's own
    ("/agenda/", "bukan alamat agenda"),
    ("/agenda/2026/11/a/b/", "bukan alamat agenda"),
    ("/agenda/2026/11/../rahasia/", "bukan alamat halaman di situs ini"),
])
def test_a_former_address_that_cannot_lead_here_is_refused_with_its_reason(site, old, fragment):
    site.write("agenda/bpbd/apel.md", MOVED.replace(MOVED.split("Alamat-Lama: ")[1].split("\n")[0], old))
    found = problems(site, "agenda/bpbd/apel.md")
    assert any(p.startswith("Alamat-Lama: ") and fragment in p for p in found), found


def test_an_address_a_published_item_has_or_another_item_claims_is_refused(site):
    site.write("agenda/bpbd/lain.md", """
        Title: Rapat Koordinasi
        OPD: bpbd
        Mulai: 2026-11-20 09:00
        Tempat: Posko BPBD
        Alamat-Lama: /agenda/2026/10/apel-siaga/

        Rapat.
        """)
    site.write("agenda/bpbd/apel.md", MOVED)
    found = problems(site, "agenda/bpbd/apel.md")
    assert any("/agenda/2026/10/apel-siaga/ juga ditulis di Alamat-Lama" in p and "lain.md" in p for p in found), found
    assert any("juga ditulis di Alamat-Lama" in p and "apel.md" in p for p in problems(site, "agenda/bpbd/lain.md"))
    site.write("agenda/bpbd/lain.md", """
        Title: Rapat Koordinasi
        Slug: apel-siaga
        OPD: bpbd
        Mulai: 2026-10-20 09:00
        Tempat: Posko BPBD

        Rapat.
        """)
    found = problems(site, "agenda/bpbd/apel.md")
    assert any("/agenda/2026/10/apel-siaga/ adalah alamat" in p and "lain.md sekarang" in p for p in found), found


def test_a_static_page_s_former_slug_may_not_take_a_list_of_the_site(site):
    site.write("halaman/layanan-pengaduan.md", "Title: Layanan Pengaduan\nAlamat-Lama: /berita/\n\nIsi.\n")
    assert any("bukan alamat halaman" in p for p in problems(site, "halaman/layanan-pengaduan.md"))
    site.write("halaman/layanan-pengaduan.md", "Title: Layanan Pengaduan\nAlamat-Lama: /pengaduan/\n\nIsi.\n")
    assert problems(site, "halaman/layanan-pengaduan.md") == []
    assert site.build() == 0
    doc = lxml.html.fromstring(site.read("pengaduan/index.html"))
    assert doc.xpath('//meta[@http-equiv="refresh"]/@content')[0].endswith("/layanan-pengaduan/")


def test_an_address_changed_since_the_last_build_is_said_with_the_line_to_add(site, capsys):
    site.write("agenda/bpbd/apel.md", """
        Title: Apel Kesiapsiagaan Bencana
        Slug: apel
        OPD: bpbd
        Mulai: 2026-12-14 07:30
        Tempat: Alun-alun Sukamaju

        Apel.
        """)
    assert site.build() == 0
    capsys.readouterr()
    # Moved to January: its address follows Mulai's month.
    text = (site.content / "agenda/bpbd/apel.md").read_text(encoding="utf-8")
    site.write("agenda/bpbd/apel.md", text.replace("Mulai: 2026-12-14", "Mulai: 2027-01-11"))
    assert site.build() == 0
    err = capsys.readouterr().err
    assert ("content/agenda/bpbd/apel.md: Alamat-Lama: alamat halaman ini berubah dari /agenda/2026/12/apel/ menjadi "
            "/agenda/2027/01/apel/; tautan lama yang sudah dibagikan tidak sampai lagi ke sini: tambahkan baris "
            "Alamat-Lama: /agenda/2026/12/apel/") in err, err
    # With the line added (and moved once more), the address it names is not said again.
    site.write("agenda/bpbd/apel.md", text.replace("Mulai: 2026-12-14", "Mulai: 2027-01-11")
               .replace("Slug: apel", "Slug: apel\nAlamat-Lama: /agenda/2026/12/apel/"))
    assert site.build() == 0
    assert "berubah dari" not in capsys.readouterr().err
    assert "agenda/2027/01/apel/" in site.read("agenda/2026/12/apel/index.html")


def test_the_preview_writes_and_takes_away_a_former_address_page_as_a_clean_build_does(tmp_path):
    """In the preview's build process (its site kept in memory, pages updated in place) a
    news item moved to another month with its former address, then the line taken out
    again: after each save the output equals a clean build's, file for file."""
    from test_rendering import Bigger, PreviewWorker, digest, header, page_of, saved, sources

    site = Bigger(tmp_path)
    worker = PreviewWorker(site)
    victim = sorted(site.content.glob("berita/*/*/*.md"))[3]
    try:
        assert worker.build()["ok"]
        old = page_of(site, victim).removesuffix("index.html")
        date = header(victim, "Date")
        moved = date[:5] + ("02" if date[5:7] == "01" else "01") + date[7:]
        before = sources(site)
        text = victim.read_text(encoding="utf-8")
        victim.write_text(text.replace(f"Date: {date}", f"Date: {moved}\nAlamat-Lama: /{old}"), encoding="utf-8")
        assert worker.build(saved(site, before))["ok"]
        assert digest(site.output) == site.clean()
        assert "Halaman ini sudah pindah" in (site.output / old / "index.html").read_text(encoding="utf-8")
        before = sources(site)
        victim.write_text(text.replace(f"Date: {date}", f"Date: {moved}"), encoding="utf-8")
        assert worker.build(saved(site, before))["ok"]
        assert not (site.output / old / "index.html").exists()
        assert digest(site.output) == site.clean()
    finally:
        worker.close()


def test_an_address_another_item_took_over_is_not_offered_as_a_former_one(site, capsys):
    """Two events swapping a day: the address the first left is the second's now, which
    ``Alamat-Lama`` could not name (check refuses it), so no line is offered."""
    event = "Title: {title}\nSlug: apel\nOPD: bpbd\nMulai: {mulai}\nTempat: Alun-alun Sukamaju\n\nApel.\n"
    site.write("agenda/bpbd/apel.md", event.format(title="Apel Desember", mulai="2026-12-14 07:30"))
    assert site.build() == 0
    capsys.readouterr()
    site.write("agenda/bpbd/apel.md", event.format(title="Apel Desember", mulai="2027-01-11 07:30"))
    site.write("agenda/bpbd/apel-baru.md", event.format(title="Apel Pengganti", mulai="2026-12-15 07:30"))
    assert site.build() == 0
    assert "berubah dari" not in capsys.readouterr().err


@pytest.mark.parametrize("rel, example", [
    ("berita/dinkes/posyandu.md", "/berita/2026/11/rapat-koordinasi-ppid/"),
    ("dip/dinkes/laporan-keuangan.md", "/dip/dinkes/daftar-puskesmas/"),
    ("halaman/profil-ppid.md", "/profil-ppid/"),
    ("agenda/bpbd/apel.md", "/agenda/2026/11/apel-siaga/"),
])
def test_a_former_address_that_is_no_address_is_answered_with_an_address_of_the_file_s_own_type(site, rel, example):
    """An author who wrote a sentence where the former address belongs is shown how an
    address of their own kind of page looks (not an event's, whatever the file), and the
    guide says the same."""
    if rel.startswith("agenda/"):
        site.write(rel, MOVED)
    path = site.content / rel
    head, body = path.read_text(encoding="utf-8").split("\n\n", 1)
    head = "\n".join(line for line in head.splitlines() if not line.startswith("Alamat-Lama:"))
    path.write_text(f"{head}\nAlamat-Lama: alamat yang dulu dibagikan di WhatsApp\n\n{body}", encoding="utf-8")
    found = problems(site, rel)
    assert any(p.startswith("Alamat-Lama: ") and "bukan alamat halaman di situs ini" in p and p.endswith(f"mis. {example}")
               for p in found), found
    assert f"mis. `{example}`" in (ROOT / "docs" / "panduan-penulis.md").read_text(encoding="utf-8")


def test_a_news_item_saved_under_another_file_name_is_tied_to_its_former_address(site, capsys):
    """A news file renamed with its Date corrected (a new file, the old one gone): the build
    names the line that keeps the address already shared; a file deleted with nothing like
    it written is not tied to anything."""
    news = "Title: Vaksinasi Massal di Alun-alun\nDate: {date}\nOPD: dinkes\nAuthor: Humas Dinkes\nCategory: berita\n\nVaksinasi.\n"
    site.write("berita/dinkes/vaksinasi.md", news.format(date="2026-10-30 09:00"))
    site.write("berita/dinkes/lomba.md", news.replace("Vaksinasi Massal", "Lomba Balita Sehat").format(date="2026-10-01 09:00"))
    assert site.build() == 0
    capsys.readouterr()
    (site.content / "berita/dinkes/vaksinasi.md").unlink()
    (site.content / "berita/dinkes/lomba.md").unlink()
    site.write("berita/dinkes/2026-11-vaksinasi.md", news.format(date="2026-11-02 09:00"))
    assert site.build() == 0
    err = capsys.readouterr().err
    said = [line for line in err.splitlines() if "berjudul sama" in line]
    assert len(said) == 1 and "content/berita/dinkes/2026-11-vaksinasi.md: Alamat-Lama: berkas ini berjudul sama dengan " \
        in said[0], err
    assert said[0].endswith(
        "content/berita/dinkes/vaksinasi.md, yang tidak ada lagi, dan alamatnya berbeda (dulu /berita/2026/10/vaksinasi-"
        "massal-di-alun-alun/, kini /berita/2026/11/vaksinasi-massal-di-alun-alun/); bila ini halaman yang sama, tautan "
        "lama yang sudah dibagikan tidak sampai lagi ke sini: tambahkan baris Alamat-Lama: /berita/2026/10/vaksinasi-"
        "massal-di-alun-alun/"), said
    assert "lomba" not in err
