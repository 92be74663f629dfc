"""Scaffold text never publishes: an error in an item that would publish, a warning in a draft."""

from __future__ import annotations

import hypothesis
from hypothesis import strategies

from conftest import line_of


def test_field_placeholder_is_an_error_when_published_and_a_warning_in_a_draft(site, capsys):
    entry = site.content / "dip/dinkes/laporan-keuangan.md"
    entry.write_text(entry.read_text().replace("Tempat-Pembuatan: Sukamaju", "Tempat-Pembuatan: [ISI: kota tempat informasi dibuat]"))
    report = site.check()
    msgs = [str(p) for p in report.errors]
    assert any(
        m.endswith("laporan-keuangan.md: Tempat-Pembuatan: masih berisi teks contoh '[ISI: kota tempat informasi dibuat]'; "
                   f"ganti dengan kota tempat informasi dibuat sebelum terbit (baris {line_of(entry, 'Tempat-Pembuatan')})")
        for m in msgs
    ), msgs
    assert site.build(CARI_ENABLED=False) == 1
    assert "Tempat-Pembuatan: masih berisi teks contoh" in capsys.readouterr().err
    entry.write_text(entry.read_text().replace("Date:", "Status: draft\nDate:"))
    report = site.check()
    assert not report.errors
    assert any("Tempat-Pembuatan: masih berisi teks contoh" in str(w) and "draf" in str(w) for w in report.warnings)


def test_body_placeholder_of_a_future_item_is_a_warning(site):
    site.write("berita/dinkes/nanti.md", """
        Title: Jadwal Imunisasi
        Date: 2027-01-10 09:00
        OPD: dinkes
        Author: Humas Dinkes
        Category: Berita

        Tulis isi di sini. Paragraf pertama menjadi ringkasan.
        """)
    report = site.check()
    assert not report.errors
    assert any(str(w).endswith("nanti.md: isi: masih berisi teks contoh 'Tulis isi di sini' (draf, belum terbit); "
                               "tulis isi halaman (paragraf pertama menjadi ringkasan) sebelum terbit") for w in report.warnings)



@hypothesis.settings(max_examples=300, deadline=None)
@hypothesis.given(strategies.lists(strategies.sampled_from(
    ["Tulis isi di sini", "Tulis isi", "[ISI:", "[ISI: alamat]", "[ISI", "ISI:", "]", "\n", " ", "teks", "[", "di sini"]
), max_size=12))
def test_placeholders_are_found_in_any_text_as_the_pattern_finds_them(parts):
    """The quick look for a placeholder's beginning never hides one the pattern finds."""
    from content.schema import PLACEHOLDER_RE, find_placeholder

    text = "".join(parts)
    found, expected = find_placeholder(text), PLACEHOLDER_RE.search(text)
    assert (found and found.span()) == (expected and expected.span())


def test_the_preview_shows_an_item_still_being_written_and_a_build_still_refuses_it(site, capsys):
    """A news item just made by `new` (its body still the scaffold's text) shows in the
    preview with a warning, instead of every page turning into the error page; the next
    `build` is not taken as up to date by the preview's output and refuses it."""
    from conftest import CONF
    from content import build

    site.write("berita/dinkes/baru.md", """
        Title: Posyandu Keliling Desa Sukamaju
        Date: 2024-03-05 09:00
        OPD: dinkes
        Author: Humas Dinkes
        Category: Berita

        Tulis isi di sini. Paragraf pertama menjadi ringkasan.
        """)
    assert build.build(CONF, site.output, preview=True, **site.settings(CARI_ENABLED=False)) == 0
    said = capsys.readouterr().err
    assert "baru.md: isi: masih berisi teks contoh 'Tulis isi di sini'" in said
    assert "(pratinjau menampilkannya; build, check dan publish menolaknya)" in said
    pages = [p for p in site.output.glob("berita/**/index.html") if "Posyandu Keliling Desa Sukamaju" in p.read_text()]
    assert pages and "Tulis isi di sini" in pages[0].read_text()
    assert site.build(CARI_ENABLED=False) == 1
    said = capsys.readouterr().err
    assert "Tidak ada perubahan" not in said
    assert "baru.md: isi: masih berisi teks contoh 'Tulis isi di sini'; tulis isi halaman" in said
