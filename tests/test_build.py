"""End-to-end: build a small site into tmp_path and read what was written."""

from __future__ import annotations


from conftest import EPOCH, NEWS

import pytest


def test_builds_pages_at_contract_urls(site):
    assert site.build() == 0
    news = site.read("berita/2026/11/posyandu-serentak-di-kecamatan-karangsari/index.html")
    assert "Posyandu Serentak di Kecamatan Karangsari" in news
    assert '<html lang="id">' in news
    assert "Selasa, 10 November 2026 | 09:30 WIB" in news
    entry = site.read("dip/dinkes/laporan-keuangan-dinas-kesehatan-2025/index.html")
    assert "Kepala Dinas Kesehatan" in entry
    assert "Daftar Informasi Publik Dinkes" in entry  # the entry carries its OPD record
    assert "Profil PPID" in site.read("profil-ppid/index.html")
    assert (site.output / "404.html").is_file()
    assert "Posyandu Serentak" in site.read("berita/index.html")


def test_slug_metadata_sets_the_url(site):
    site.write("berita/dinkes/posyandu.md", "Slug: posyandu-karangsari\n" + site.content.joinpath("berita/dinkes/posyandu.md").read_text())
    assert site.build() == 0
    assert (site.output / "berita/2026/11/posyandu-karangsari/index.html").is_file()


@pytest.mark.parametrize(
    "header, reason",
    [
        ("Status: draft\nDate: 2026-11-01 08:00", "draft"),
        ("Date: 2026-11-23 08:00", "dated after SOURCE_DATE_EPOCH"),
    ],
)
def test_drafts_and_future_items_never_reach_the_output(site, header, reason):
    body = "Title: Rahasia Belum Terbit\nOPD: dinkes\nAuthor: Humas\nCategory: Berita\n" + header + "\n\nIsi belum terbit.\n"
    site.write("berita/dinkes/belum.md", body)
    assert site.build() == 0
    written = "".join(p.read_text(errors="ignore") for p in site.output.rglob("*.html"))
    assert "Rahasia Belum Terbit" not in written, reason
    assert not list(site.output.rglob("*rahasia-belum-terbit*"))


def test_an_item_dated_later_today_publishes_today(site):
    """A Date's day publishes the item (the contract: "a Date in the future publishes on
    that date"): the build just after midnight shows an item dated 15:00 that day, else
    it would wait for the next day's build."""
    site.write("berita/dinkes/sore.md", "Title: Berita Sore\nOPD: dinkes\nAuthor: Humas\nCategory: Berita\nDate: 2026-11-22 23:30\n\nIsi.\n")
    assert site.build() == 0  # SOURCE_DATE_EPOCH: 2026-11-22 12:00 WIB
    assert (site.output / "berita/2026/11/berita-sore/index.html").is_file()


def test_future_item_publishes_once_its_date_has_come(site, monkeypatch):
    site.write("berita/dinkes/besok.md", "Title: Berita Besok\nOPD: dinkes\nAuthor: Humas\nCategory: Berita\nDate: 2026-11-23 08:00\n\nIsi.\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(EPOCH) + 2 * 86400))
    assert site.build() == 0
    assert (site.output / "berita/2026/11/berita-besok/index.html").is_file()


def test_entry_documents_are_published_only_when_referenced(site):
    (site.content / "dokumen/dinkes").mkdir(parents=True)
    (site.content / "dokumen/dinkes/lra-2025.pdf").write_bytes(b"%PDF-1.4 laporan")
    (site.content / "dokumen/dinkes/lupa.pdf").write_bytes(b"%PDF-1.4 tidak dirujuk")
    entry = site.content / "dip/dinkes/laporan-keuangan.md"
    entry.write_text(entry.read_text().replace("Date:", "Dokumen: dokumen/dinkes/lra-2025.pdf\nDate:"))
    assert site.build() == 0
    assert (site.output / "dokumen/dinkes/lra-2025.pdf").read_bytes() == b"%PDF-1.4 laporan"
    assert not (site.output / "dokumen/dinkes/lupa.pdf").exists()
    assert any("tidak dirujuk" in str(w) for w in site.check().warnings)
    # A page's text linking it publishes it too: no warning that it is not published.
    site.write("halaman/formulir.md", "Title: Formulir\n\n[Formulir (PDF)]({static}/dokumen/dinkes/lupa.pdf)\n")
    assert not any("lupa.pdf" in str(w) and "tidak dirujuk" in str(w) for w in site.check().warnings)
    assert site.build() == 0
    assert (site.output / "dokumen/dinkes/lupa.pdf").read_bytes() == b"%PDF-1.4 tidak dirujuk"


def test_broken_file_stops_the_build_and_keeps_the_previous_output(site, capsys):
    assert site.build() == 0
    before = site.digest()
    site.write("berita/dinkes/rusak.md", "Title: Rusak\nOPD: dinkesx\nAuthor: Humas\nCategory: Kabar\nDate: 2026-13-01 08:00\n\nIsi.\n")
    site.write("dip/dinkes/tanpa-jenis.md", "Title: Tanpa Jenis\nOPD: dinkes\n\nIsi.\n")
    assert site.build() == 1
    err = capsys.readouterr().err
    assert "content/berita/dinkes/rusak.md: OPD: nilai \"dinkesx\" tidak terdaftar di content/opd.toml; pilihan yang boleh: dinkes, bpbd" in err
    assert "rusak.md: Category: nilai \"Kabar\" tidak dikenal; pilihan yang boleh: Berita, Pengumuman, Siaran Pers, Artikel" in err
    assert "rusak.md: Date: \"2026-13-01 08:00\" bukan tanggal dan jam yang sah" in err
    assert "tanpa-jenis.md: Jenis: wajib diisi" in err
    assert "tanpa-jenis.md: Penanggung-Jawab: wajib diisi" in err
    assert site.digest() == before
    assert not list(site.root.glob(".output*"))


def test_a_file_pelican_cannot_read_stops_the_build_by_name_though_validation_passed_it(site, capsys, monkeypatch):
    """Pelican logs "Could not process" for a file it cannot read and builds on without it:
    a news item lost while the build says it succeeded. Here the reader fails on one file
    that validation accepts (as a header Pelican reads otherwise than the checks did)."""
    from rendering.reader import FastMarkdownReader

    assert site.build() == 0
    before = site.digest()
    site.write("berita/dinkes/tak-terbaca.md", NEWS.replace("Posyandu Serentak", "Imunisasi Serentak"))
    read = FastMarkdownReader.read

    def failing(self, source_path):
        if source_path.endswith("tak-terbaca.md"):
            raise TypeError("expected string or bytes-like object")
        return read(self, source_path)

    monkeypatch.setattr(FastMarkdownReader, "read", failing)
    assert site.check().errors == []
    assert site.build() == 1
    err = capsys.readouterr().err
    assert "content/berita/dinkes/tak-terbaca.md: pemeriksaan meloloskan berkas ini, tetapi build gagal membacanya" in err
    assert site.digest() == before
    assert not list(site.root.glob(".output*"))


def test_failure_inside_pelican_keeps_the_previous_output(site, tmp_path):
    assert site.build() == 0
    before = site.digest()
    bad_theme = tmp_path / "theme"
    (bad_theme / "templates").mkdir(parents=True)
    (bad_theme / "templates/base.html").write_text("{% block content %}{{ undefined_macro() }}{% endblock %}")
    with pytest.raises(Exception):
        site.build(THEME=str(bad_theme))
    assert site.digest() == before


def test_sample_site_builds(tmp_path):
    from content import build

    from conftest import CONF

    assert build.build(CONF, tmp_path / "out") == 0
    assert (tmp_path / "out/index.html").is_file()
    assert len(list((tmp_path / "out/berita").rglob("index.html"))) >= 30
    assert len(list((tmp_path / "out/dip").rglob("index.html"))) >= 40


def test_summary_defaults_to_the_first_paragraph(site):
    site.write(
        "berita/dinkes/dua.md",
        "Title: Dua Paragraf\nDate: 2026-11-09 08:00\nOPD: dinkes\nAuthor: Humas\nCategory: Berita\n\n"
        "Paragraf pertama yang menjadi ringkasan.\n\nParagraf kedua yang panjang dan tidak ikut.\n",
    )
    assert site.build() == 0
    listing = site.read("berita/index.html")
    assert "Paragraf pertama yang menjadi ringkasan." in listing
    assert "Paragraf kedua" not in listing



def test_metadata_text_is_escaped_in_pages(site):
    site.image("images/foto.jpg")
    site.write(
        "berita/dinkes/kutip.md",
        'Title: Bupati Buka "Sukamaju Expo" & Pameran <UMKM>\nDate: 2026-11-09 08:00\nOPD: dinkes\nAuthor: Humas\n'
        'Category: Berita\nImage: images/foto.jpg\nImage-Alt: Spanduk "Expo" x" data-x="1\n\nIsi berita.\n',
    )
    assert site.build() == 0
    html = site.read("berita/2026/11/bupati-buka-sukamaju-expo-pameran-umkm/index.html")
    assert "&lt;UMKM&gt;" in html and "<UMKM>" not in html
    assert 'data-x="1"' not in html  # the quote in Image-Alt did not open an attribute
    assert "<p>Isi berita.</p>" in html  # the rendered body is still HTML


def test_builds_leave_garbage_collection_on_for_a_long_running_preview(site, tmp_path):
    """A build switches the cyclic collector off while it runs; `invoke serve` builds again
    and again in one process, which must not keep growing after a build, a refused build
    or a crashed one."""
    import gc

    assert site.build() == 0
    assert gc.isenabled()
    site.write("berita/dinkes/rusak.md", "Title: Rusak\nOPD: dinkesx\n\nIsi.\n")
    assert site.build() == 1
    assert gc.isenabled()
    (site.content / "berita/dinkes/rusak.md").unlink()
    (tmp_path / "theme/templates").mkdir(parents=True)
    (tmp_path / "theme/templates/base.html").write_text("{{ undefined_macro() }}")
    with pytest.raises(Exception):
        site.build(THEME=str(tmp_path / "theme"))
    assert gc.isenabled()


def test_a_one_off_build_loads_the_last_builds_memory_with_the_collector_off(site, monkeypatch):
    """The collector walks every object a large unpickling makes (0.44-0.56 s against 0.10 s
    for the memory of the 10 000 + 2 000 site, BENCHMARKS.md): a one-off build loads what the
    last one kept with it off, and turns it back on when done."""
    import gc

    from rendering import incremental

    seen, load = [], incremental.load_memory

    def watched(*args):
        seen.append(gc.isenabled())
        return load(*args)

    monkeypatch.setattr(incremental, "load_memory", watched)
    assert site.build() == 0
    site.write("berita/dinkes/posyandu.md", NEWS + "\nKalimat tambahan.\n")
    assert site.build() == 0
    assert seen == [False, False]
    assert gc.isenabled()


@pytest.mark.parametrize("ends", [True, False])
def test_a_build_whose_process_ends_leaves_its_model_to_the_operating_system(site, ends):
    """The tasks pass ``process_ends=True``: the site model the build drops is frozen out
    of the cyclic collector (the operating system reclaims it when the command ends);
    any other caller's build leaves it to the collector, as a process that builds again needs."""
    import subprocess
    import sys

    from conftest import CONF, ROOT

    code = ("import gc, sys\n"
            f"sys.path.insert(0, {str(ROOT / 'plugins')!r})\n"
            "from content import build\n"
            f"code = build.build({str(CONF)!r}, {str(site.output)!r}, process_ends={ends}, CARI_ENABLED=False, "
            f"**{site.settings()!r})\n"
            "print('FROZEN', gc.get_freeze_count(), code)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(ROOT))
    line = next(x for x in result.stdout.splitlines() if x.startswith("FROZEN"))
    frozen, code = map(int, line.split()[1:])
    assert code == 0
    assert (frozen > 1000) if ends else (frozen == 0), frozen
