"""Reliability: every class of bad input gets a clear `path: Key: pesan`, alone and
together in one run; nothing crashes; a refused build loses nothing."""

from __future__ import annotations

import codecs
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import pdf_with_text, word_file
from content import source
from content.validate import Checker

NEWS = "Title: Judul\nDate: 2026-11-01 08:00\nOPD: dinkes\nAuthor: Humas\nCategory: Berita\n"

# One realistic bad file per error class of CONTENT.md, with the key and words its message must carry.
BAD_FILES = {
    "missing-key": ("berita/dinkes/tanpa-penulis.md", NEWS.replace("Author: Humas\n", "") + "\nIsi.\n", "Author", "wajib diisi"),
    "outside-list": ("berita/dinkes/kategori.md", NEWS.replace("Berita", "Liputan") + "\nIsi.\n", "Category", "pilihan yang boleh"),
    "bad-date": ("berita/dinkes/tanggal.md", NEWS.replace("2026-11-01 08:00", "1 November 2026") + "\nIsi.\n", "Date", "YYYY-MM-DD HH:MM"),
    "unknown-opd": ("berita/dinkes/opd.md", NEWS.replace("OPD: dinkes", "OPD: dinas-kesehatan") + "\nIsi.\n", "OPD", "tidak terdaftar"),
    "missing-image": ("berita/dinkes/foto.md", NEWS + "Image: images/rapat.jpg\nImage-Alt: Rapat\n\nIsi.\n", "Image", "tidak ditemukan"),
    "image-outside": ("berita/dinkes/luar.md", NEWS + "Image: ../../rahasia.jpg\nImage-Alt: x\n\nIsi.\n", "Image", "di luar folder content/"),
    "no-alt": ("berita/dinkes/alt.md", NEWS + "Image: images/ada.jpg\n\nIsi.\n", "Image-Alt", "wajib diisi"),
    "bad-image": ("berita/dinkes/rusak.md", NEWS + "Image: images/rusak.jpg\nImage-Alt: x\n\nIsi.\n", "Image", "tidak dapat dibaca sebagai gambar"),
    "dik-document": (
        "dip/dinkes/dik.md",
        "Title: Rekam Medis\nJenis: dikecualikan\nOPD: dinkes\nPenanggung-Jawab: Kadis\nWaktu-Pembuatan: 2025\n"
        "Tempat-Pembuatan: Sukamaju\nBentuk: softcopy\nRetensi: 25 tahun\nDate: 2025-01-01 08:00\n"
        "Dasar-Hukum: UU 14/2008 Pasal 17 huruf h\nAlasan: Rahasia pribadi\nUji-Konsekuensi: 480/1/PPID/2025\n"
        "Berlaku-Hingga: 2030-01-01\nDokumen: dokumen/dinkes/rekam-medis.pdf\n\nIsi.\n",
        "Dokumen", "tidak boleh diisi",
    ),
    "same-url": ("berita/bpbd/kembar.md", NEWS.replace("Judul", "Posyandu Serentak di Kecamatan Karangsari").replace("11-01", "11-05") + "\nIsi.\n", "Title", "sama dengan"),
    "script": ("berita/dinkes/skrip.md", NEWS + "\nHalo <script>fetch('https://x')</script>\n", "isi", "<script>"),
    "handler": ("berita/dinkes/handler.md", NEWS + '\n<a href="#" onclick="steal()">klik</a>\n', "isi", "atribut onclick pada <a>"),
    "js-url": ("berita/dinkes/jsurl.md", NEWS + '\n<a href="JaVaScRiPt:alert(1)">klik</a>\n', "isi", "javascript:"),
    "embed": ("berita/dinkes/embed.md", NEWS + '\n<object data="https://iklan.example/x.swf"></object>\n', "isi", "tidak diizinkan"),
    "nik": ("berita/dinsos/bansos.md", NEWS + "\nPenerima: Siti Aminah (NIK 3302015708850002), Desa Karangsari.\n", "isi", "mirip NIK"),
    "nik-meta": ("berita/dinsos/bansos2.md", NEWS + "Summary: Bantuan untuk 3302015708850002\n\nIsi.\n", "Summary", "mirip NIK"),
    "script-meta": ("berita/dinkes/judul.md", NEWS.replace("Title: Judul", "Title: Halo <img src=x onerror=alert(1)>") + "\nIsi.\n", "Title", "atribut onerror pada <img>"),
}


def with_document(site, *docs: str):
    """The fixture's DIP entry, naming ``docs`` in its Dokumen."""
    entry = site.content / "dip/dinkes/laporan-keuangan.md"
    site.write("dip/dinkes/laporan-keuangan.md", entry.read_text().replace("Date:", f"Dokumen: {', '.join(docs)}\nDate:"))


def plant(site, case):
    rel, text, _, _ = BAD_FILES[case]
    site.write(rel, text)
    if case == "no-alt":
        site.image("images/ada.jpg")
    if case == "bad-image":
        (site.content / "images").mkdir(exist_ok=True)
        (site.content / "images/rusak.jpg").write_bytes(b"\xff\xd8\xff\xe0 bukan jpeg utuh")
    if case == "dik-document":
        (site.content / "dokumen/dinkes").mkdir(parents=True, exist_ok=True)
        (site.content / "dokumen/dinkes/rekam-medis.pdf").write_bytes(b"%PDF-1.4")


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_each_error_class_alone(site, case, capsys):
    plant(site, case)
    rel, _, key, words = BAD_FILES[case]
    assert site.build() == 1
    lines = [ln.strip() for ln in capsys.readouterr().err.splitlines() if rel in ln]
    # the line names the file (a same-URL line names both files, on either of them)
    assert any(f": {key}: " in ln and words in ln for ln in lines), lines
    assert "Traceback" not in "".join(lines)


def test_all_error_classes_together_reported_in_one_run(site, capsys):
    assert site.build() == 0
    before = site.digest()
    for case in BAD_FILES:
        plant(site, case)
    assert site.build() == 1
    err = capsys.readouterr().err
    for case, (rel, _, key, words) in BAD_FILES.items():
        assert any(rel in ln and f": {key}: " in ln and words in ln for ln in err.splitlines()), case
    assert site.digest() == before, "a refused build must leave the previous output byte for byte"


@pytest.mark.parametrize("line, why, fix", [
    ("OPD dinkes", "sesudah OPD harus titik dua", "OPD: …"),
    ("OPD; dinkes", "sesudah OPD harus titik dua", "OPD: …"),
    ("Date 2026-11-20 08:00", "sesudah Date harus titik dua", "Date: …"),
    ("Tags : imunisasi, posyandu", "ada spasi sebelum titik dua", "Tags: …"),
    ("Keterangan Foto: Bidan menimbang balita", "nama kunci tidak boleh berspasi", "Image-Caption: …"),  # the key its label names
    ("Image-caption : Bidan menimbang balita", "ada spasi sebelum titik dua", "Image-Caption: …"),
    ("\tTags: imunisasi", "diawali spasi atau tab", "Tags: …"),
    ("\u200bTags: imunisasi", "karakter tak terlihat", "Tags: …"),
])
def test_a_header_line_that_is_no_key_is_refused_at_its_line(site, line, why, fix, capsys):
    """python-markdown ends the header at the first line that is no `Key: value`: every
    line after it (tags, photo, category) would be published as the article's text. The
    build refuses, naming that line, why and how to write it; the keys below it are not
    also reported missing."""
    site.write("berita/dinkes/kepala.md", NEWS.replace("Category: Berita\n", line + "\nCategory: Berita\n") + "\nIsi.\n")
    assert site.build() == 1
    mine = [ln.strip() for ln in capsys.readouterr().err.splitlines() if "kepala.md" in ln]
    assert len(mine) == 1, mine
    assert "kepala.md: baris 5: " in mine[0] and why in mine[0] and f'tulis "{fix}"' in mine[0], mine[0]
    assert "terbaca sebagai isi halaman" in mine[0]


def test_content_no_one_may_read_is_refused(site):
    """chmod 000 on a news item or an OPD's folder: a build by any user but root skipped it,
    or the whole folder, without a word."""
    locked = site.write("berita/dinkes/rapat.md", NEWS)
    locked.chmod(0)
    folder = site.content / "berita" / "bpbd"
    folder.mkdir()
    folder.chmod(0)
    try:
        errors = [str(p) for p in site.check().errors]
    finally:
        locked.chmod(0o644)
        folder.chmod(0o755)
    assert any("berita/dinkes/rapat.md: berkas ini tidak boleh dibaca atau dibuka siapa pun" in e and "chmod a+r " in e
               for e in errors), errors
    assert any("berita/bpbd: folder ini tidak boleh dibaca atau dibuka siapa pun" in e and "chmod a+rx " in e for e in errors), errors
    # A folder readable but not to be entered (chmod -R 644): its news went missing.
    folder.chmod(0o644)
    try:
        errors = [str(p) for p in site.check().errors]
    finally:
        folder.chmod(0o755)
    assert any("berita/bpbd: folder ini tidak boleh dibaca atau dibuka siapa pun" in e for e in errors), errors


def test_a_folder_that_cannot_be_listed_is_refused(site, monkeypatch):
    """A folder another user owns (0700): listing it fails for the build's user, and all it
    held was left out without a word. (Run as root, the refusal is made to happen.)"""
    real = os.scandir
    closed = str(site.content / "berita" / "bpbd")
    os.makedirs(closed)

    def scandir(path="."):
        if os.fspath(path) == closed:
            raise PermissionError(13, "Permission denied", closed)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    errors = [str(p) for p in site.check().errors]
    assert any("berita/bpbd: folder ini tidak dapat dibuka (Permission denied), sehingga build melewati seluruh isinya" in e
               for e in errors), errors


def test_a_content_file_with_an_upper_case_ending_is_refused(site):
    """`Berita Baru (1).MD` was skipped by the build and passed by check, without a word."""
    from conftest import NEWS

    site.write("berita/dinkes/Berita Baru (1).MD", NEWS)
    errors = [str(p) for p in site.check().errors]
    assert len(errors) == 1 and "akhiran .MD berhuruf besar tidak dibaca oleh build" in errors[0], errors
    assert "ganti namanya menjadi Berita Baru (1).md" in errors[0]


@pytest.mark.parametrize("first", ["Sumber: Humas Setda Kabupaten Sukamaju", "Foto: Dok. Humas Dinkes",
                                   "Status: terbuka untuk umum, tanpa biaya."])
def test_a_body_starting_with_a_label_named_like_a_key_is_the_body(site, first):
    """After the header's blank line, one line such as "Sumber: Humas" is the body's own
    label, not the header cut in two."""
    site.write("berita/dinkes/rapat.md", NEWS + "\n" + first + "\n\nRapat koordinasi digelar di aula.\n")
    assert [str(p) for p in site.check().errors] == []


def test_a_blank_line_among_the_keys_is_said_at_its_line(site, capsys):
    """A blank line in place of the Nomor line ended the header there: the keys below were
    reported missing (Tahun, Status-Berlaku, Date), with no word of the blank line."""
    text = ("Title: Tata Kelola Posyandu\nJenis: perbup\n\nTahun: 2024\nTanggal-Penetapan: 2024-03-04\n"
            "Status-Berlaku: berlaku\nDokumen: dokumen/regulasi/perbup.pdf\nDate: 2024-03-05 10:00\n\nIsi.\n")
    site.write("regulasi/posyandu.md", text)
    site.write("dokumen/regulasi/perbup.pdf", b"%PDF-1.4\n%%EOF\n")
    assert site.build() == 1
    mine = [ln.strip() for ln in capsys.readouterr().err.splitlines() if "posyandu.md" in ln]
    assert len(mine) == 1, mine
    assert ('posyandu.md: baris 4: "Tahun: 2024" dan baris sesudahnya terbaca sebagai isi, bukan kepala berkas: '
            "kepala berakhir di baris kosong 3; hapus baris kosong itu") in mine[0], mine
    # Two blank lines: the same, at the first key below them.
    site.write("regulasi/posyandu.md", text.replace("perbup\n\n", "perbup\n\n\n"))
    errors = [str(p) for p in site.check().errors if "posyandu.md" in str(p)]
    assert len(errors) == 1 and 'baris 5: "Tahun: 2024" dan baris sesudahnya terbaca sebagai isi' in errors[0], errors


@pytest.mark.parametrize("first", ["Pukul 10:00 WIB acara dimulai di aula.", "- Hari/tanggal: Senin, 2 November",
                                   "1. Langkah: daftar di loket", "Status gizi balita membaik",
                                   "Foto bersama peserta pelatihan kader"])
def test_body_text_with_a_colon_right_after_the_header_is_no_key(site, first):
    """Text under the header that names no key of the type is the body as written: only
    the missing blank line is warned about, nothing is refused."""
    site.write("berita/dinkes/rapat.md", NEWS + first + "\n")
    report = site.check()
    assert [str(p) for p in report.errors] == []
    assert any("kepala berkas tidak diakhiri baris kosong" in str(w) for w in report.warnings)


def test_a_header_fenced_with_dashes_needs_no_blank_line(site):
    site.write("berita/dinkes/rapat.md", "---\n" + NEWS + "---\nRapat dimulai pukul sembilan.\n")
    report = site.check()
    assert [str(p) for p in report.errors] == [] and not any("rapat.md" in str(w) for w in report.warnings)


def test_text_right_after_the_header_is_its_body_with_a_warning(site):
    """Body text with no blank line after the header is published as the body (as Pelican
    reads it): a warning says to add the blank line."""
    site.write("berita/dinkes/rapat.md", NEWS + "Rapat koordinasi dimulai pukul sembilan pagi dan dihadiri seluruh camat.\n")
    report = site.check()
    assert [str(p) for p in report.errors] == []
    warned = [str(p) for p in report.warnings if "rapat.md" in str(p)]
    assert any("baris 6: kepala berkas tidak diakhiri baris kosong" in w and "sisipkan satu baris kosong" in w for w in warned), warned
    assert site.build() == 0
    assert "dihadiri seluruh camat" in (site.output / "berita/2026/11/judul/index.html").read_text(encoding="utf-8")


def test_content_saved_in_a_form_the_build_never_reads_is_named(site):
    """Notepad's `berita.md.txt` is refused with the name to give it; a Word file, a page
    saved as HTML or a reStructuredText file among the content gets a warning saying where
    content and documents go; a folder spelt with a
    capital is refused with the folder meant. Each was skipped in silence (CI green,
    nothing published)."""
    site.write("berita/dinkes/rapat.md.txt", NEWS + "\nIsi.\n")
    site.write("berita/dinkes/rapat.docx", b"PK\x03\x04 word")
    site.write("Berita/dinkes/kabar.md", NEWS + "\nIsi.\n")
    # Word's "Web Page" export, and reStructuredText (Pelican's other readers are off).
    site.write("berita/dinkes/posyandu.htm", "<html><body><p>Posyandu serentak.</p></body></html>")
    site.write("halaman/profil.rst", "Profil\n######\n\nProfil dinas.\n")
    report = site.check()
    errors, warnings = [str(p) for p in report.errors], [str(p) for p in report.warnings]
    assert any("rapat.md.txt: berkas bernama rapat.md.txt tidak dibaca" in e and "ganti namanya menjadi rapat.md" in e for e in errors), errors
    assert any("rapat.docx: berkas .docx tidak dibaca dan tidak diterbitkan" in w and "content/dokumen/" in w for w in warnings), warnings
    assert any("posyandu.htm: berkas .htm tidak dibaca dan tidak diterbitkan: konten ditulis sebagai berkas .md "
               "(salin isinya ke posyandu.md" in w for w in warnings), warnings
    assert any("halaman/profil.rst: berkas .rst tidak dibaca" in w for w in warnings), warnings
    assert any("Berita/dinkes/kabar.md: folder Berita/ tidak dikenal; mungkin maksudnya berita/" in e for e in errors), errors
    # A Word file an entry names (its Dokumen, next to it) is a document, not content saved wrong.
    site.write("dip/dinkes/lampiran.docx", word_file())
    with_document(site, "dip/dinkes/lampiran.docx")
    assert not any("lampiran.docx" in str(p) for p in site.check().warnings)


def test_a_refused_document_is_not_also_called_unreferenced_and_others_still_are(site):
    site.write("dokumen/dinkes/lra-2025.pdf", b"<html>bukan pdf</html>")
    site.write("dokumen/dinkes/lupa.pdf", b"%PDF-1.4 tidak dirujuk")
    with_document(site, "dokumen/dinkes/lra-2025.pdf")
    report = site.check()
    assert any("laporan-keuangan.md: Dokumen:" in str(e) for e in report.errors), report.errors
    unreferenced = [str(w) for w in report.warnings if "tidak dirujuk" in str(w)]
    assert len(unreferenced) == 1 and "lupa.pdf" in unreferenced[0], unreferenced


def test_a_date_years_ahead_is_taken_for_a_typo(site):
    """A news item dated 2062 would wait 36 years to publish: a warning asks about the year."""
    site.write("berita/dinkes/posyandu.md", NEWS.replace("2026-11-01 08:00", "2062-11-01 08:00") + "\nIsi.\n")
    warnings = [str(p) for p in site.check().warnings]
    assert any("posyandu.md: Date: 2062-11-01 lebih dari setahun lagi" in w and "Salah ketik tahun?" in w for w in warnings), warnings
    site.write("berita/dinkes/posyandu.md", NEWS.replace("2026-11-01 08:00", "2027-01-01 08:00") + "\nIsi.\n")
    assert not any("setahun" in str(p) for p in site.check().warnings)  # next month's news: no question


@pytest.mark.parametrize("written, meant", [("Gambar", "Image"), ("Judul", "Title"), ("Penulis", "Author"),
                                            ("Keterangan-Foto", "Image-Caption"), ("Ringkasan", "Summary")])
def test_an_indonesian_key_name_gets_the_key_meant(site, written, meant):
    site.write("berita/dinkes/posyandu.md", NEWS + f"{written}: nilai\n\nIsi.\n")
    warnings = [str(p) for p in site.check().warnings]
    assert any(f"posyandu.md: {written}: kunci tidak dikenal" in w and f"mungkin maksudnya {meant}?" in w for w in warnings), warnings


@pytest.mark.parametrize("rel, text, words", [
    ("layanan/ikm/2026-semester-1.toml", 'periode = "2026 Semester I"\nnrr = { u1 = 3,21 }\n',
     "format TOML tidak sah di baris 2 (nrr = { u1 = 3,21 }): angka desimal memakai titik, bukan koma: 3.21"),
    ("layanan/ikm/2026-semester-1.toml", 'periode = "2026 Semester I\n', "di baris 1 (periode = \"2026 Semester I): tanda kutip belum ditutup"),
    ("dip/penetapan.toml", '[2026]\nnomor = 188.45/012/2026\n', 'teks harus diapit tanda kutip, mis. nomor = "188.45/012/2026"'),
    ("dip/penetapan.toml", '[2026]\nnomor = "1"\n[2026]\nnomor = "2"\n', "di baris 3 ([2026]): tabel [2026] ditulis dua kali"),
    ("hari-libur.toml", "tanggal = [\n  24-12-2026,\n]\n", "tanggal ditulis tahun-bulan-tanggal tanpa tanda kutip, mis. 2026-12-24"),
])
def test_a_toml_mistake_is_told_in_indonesian_at_its_line(site, rel, text, words):
    """The data files (IKM, DIP decree, holidays, registry) are TOML: tomllib's English
    ("Expected '=' after a key…") becomes the line, what is wrong on it and how to write it."""
    site.write(rel, text)
    errors = [str(p) for p in site.check().errors]
    assert any(rel in e and words in e for e in errors), errors
    assert not any("Expected" in e or "Illegal" in e or "Cannot" in e for e in errors), errors


def test_a_decree_written_without_its_year_s_table_is_told_once_how_to_fix_it(site):
    """penetapan.toml with its keys but no [2026] line above them: each key was named as a
    table of its own ("[nomor]: setiap penetapan ditulis sebagai tabel bertahun"), four
    messages about tables the author never wrote."""
    site.write("dip/penetapan.toml", 'nomor = "188.45/012/2026"\ntanggal = 2026-01-15\npenandatangan = "Sekretaris Daerah"\n'
                                     'dokumen = "dokumen/ppid/sk-dip-2026.pdf"\n')
    errors = [str(p) for p in site.check().errors if "penetapan.toml" in str(p)]
    assert len(errors) == 1, errors
    assert ("penetapan.toml: nomor: nomor, tanggal, penandatangan, dokumen ditulis di luar tabel tahun; tulis tahun "
            "keputusannya pada baris sendiri di atasnya, mis. [") in errors[0] and "(baris 1)" in errors[0], errors


def test_a_broken_registry_is_reported_alone(site):
    """With content/opd.toml unreadable every OPD value would be wrong: the register rows,
    surveys and items naming an OPD are not judged, the one real problem is the report."""
    from test_services import REGISTER_2025

    site.write("layanan/register/2025.csv", REGISTER_2025)
    site.write("opd.toml", (site.content / "opd.toml").read_text().replace('nama = "', "nama = ", 1).replace('"\n', "\n", 1))
    errors = [str(p) for p in site.check().errors]
    assert len(errors) == 1 and "opd.toml: format TOML tidak sah di baris" in errors[0] and "tanda kutip" in errors[0], errors


def test_a_key_of_another_content_type_says_whose_it_is(site):
    """A news item saved among the DIP entries, an event given a news item's Date: the
    message says whose key it is and what to do (before: "this key controls how the site
    writes pages", which explained nothing)."""
    site.write("dip/dinkes/kabar.md", NEWS + "Tags: posyandu\n\nIsi.\n")
    site.write("dip/dinkes/agenda.md", "Title: Rapat\nOPD: dinkes\nMulai: 2026-11-03 09:00\n\nIsi.\n")
    site.write("agenda/dinkes/rapat.md", "Title: Rapat\nOPD: dinkes\nDate: 2026-11-01 08:00\nMulai: 2026-11-03 09:00\nTempat: Aula\n\nIsi.\n")
    report = site.check()
    said = [str(p) for p in report.errors + report.warnings]
    # A news item among the DIP entries: said once, where it belongs; not each DIP key it lacks.
    mine = [p for p in said if "kabar.md" in p]
    assert len(mine) == 1 and mine[0].endswith("dip/dinkes/kabar.md: berkas ini tampaknya berita (kunci Author, Category, "
                                               "Tags), bukan informasi publik: pindahkan ke content/berita/dinkes/"), mine
    # One key of another type alone: that key, whose it is.
    assert any("agenda.md: Mulai: bukan kunci informasi publik (kunci agenda)" in p and "content/agenda/" in p for p in said), said
    # Date is a key of several types: not "move the file", where the event's date goes.
    assert any("rapat.md: Date: bukan kunci agenda dan tidak dibaca; tanggal agenda ditulis di Mulai" in p for p in said), said
    # A key spelt like one of its own type's: that one, not another type's folder.
    site.write("regulasi/x.md", "Title: Tata Kelola\nJenis: perbup\nTahun: 2026\nStatus: rancangan\nStatus-Berlaku: rancangan\n"
               "Tahap: uji publik\nDate: 2026-11-01 08:00\n\nIsi.\n")
    said = [str(p) for p in site.check().errors]
    assert any("regulasi/x.md: Status: bukan kunci produk hukum dan tidak dibaca; mungkin maksudnya Status-Berlaku?" in p for p in said), said


def test_a_web_address_in_a_file_field_says_where_the_file_goes(site):
    site.write("berita/dinkes/posyandu.md", NEWS + "Image: https://drive.google.com/file/d/abc/foto.jpg\nImage-Alt: Posyandu\n\nIsi.\n")
    errors = [str(p) for p in site.check().errors]
    assert any("posyandu.md: Image:" in e and "adalah alamat web, bukan berkas di dalam content/" in e and "images/" in e for e in errors), errors


def test_a_date_with_a_no_break_space_pasted_from_word_is_a_date(site):
    site.write("berita/dinkes/posyandu.md", NEWS.replace("2026-11-01 08:00", "2026-11-01\u00a008:00") + "\nIsi.\n")
    assert [str(p) for p in site.check().errors] == []


def test_a_register_header_in_capitals_is_told_to_be_written_exactly(site):
    from test_services import HEADER

    site.write("layanan/register/2025.csv", HEADER.replace("nomor", "Nomor").replace("opd", "OPD") + "\n")
    report = site.check()
    errors = [str(p) for p in report.errors]
    assert any("2025.csv: baris 1, kolom Nomor: tulis nama kolom persis seperti format register: nomor (huruf kecil)" in e for e in errors), errors
    assert not any("hapus kolomnya" in e or "kolom nomor" in e.lower() and "belum ada" in e for e in errors), errors
    assert not any("register permohonan tahun 2025 belum ada" in str(w) for w in report.warnings)


def test_links_the_build_would_refuse_are_found_by_check_with_the_fix(site):
    """A link to another content file written without {filename}, and a link to a folder:
    `check` said "Konten sah" and the build refused them later (the first as a link to a
    file that does not exist, although it does). Now `check` says what to write."""
    site.write("berita/dinkes/lain.md", NEWS.replace("Judul", "Judul Lain") + "\nIsi.\n")
    (site.content / "dokumen/dinkes").mkdir(parents=True)
    site.write("berita/dinkes/posyandu.md", NEWS + "\nBaca [berita lain](lain.md) dan [dokumen]({static}/dokumen/dinkes/).\n")
    errors = [str(p) for p in site.check().errors]
    assert any("posyandu.md: isi: tautan lain.md menuju berkas konten; tulis {filename}lain.md" in e and "(baris 7)" in e for e in errors), errors
    assert any("posyandu.md: isi: tautan {static}/dokumen/dinkes/ menuju folder, bukan berkas" in e for e in errors), errors
    site.write("berita/dinkes/posyandu.md", NEWS + "\nBaca [berita lain]({filename}lain.md).\n")
    assert [str(p) for p in site.check().errors] == []
    assert site.build() == 0


def test_youtube_s_own_embed_code_passes_and_gets_the_site_s_hardening(site):
    """The code YouTube's "Sematkan" button gives, pasted as is (it was refused for its
    referrerpolicy, and Markdown cannot write a video): published with the site's own
    sandbox and referrer policy."""
    embed = ('<iframe width="560" height="315" src="https://www.youtube.com/embed/abc123XYZ?si=Qw3" '
             'title="YouTube video player" frameborder="0" allow="accelerometer; autoplay; clipboard-write; '
             'encrypted-media; gyroscope; picture-in-picture; web-share" referrerpolicy="no-referrer-when-downgrade" '
             'allowfullscreen></iframe>')
    site.write("berita/dinkes/posyandu.md", NEWS + "\nSimak videonya.\n\n" + embed + "\n")
    assert [str(p) for p in site.check().errors] == []
    assert site.build() == 0
    page = (site.output / "berita/2026/11/judul/index.html").read_text(encoding="utf-8")
    frame = re.search(r"<iframe[^>]*>", page).group(0)
    assert 'referrerpolicy="strict-origin-when-cross-origin"' in frame and "no-referrer-when-downgrade" not in frame
    assert 'sandbox="allow-scripts allow-same-origin allow-presentation allow-popups"' in frame


def test_a_news_category_in_another_case_is_shown_as_the_site_spells_it(site):
    """`Category: pengumuman` passes validation (any case); the cards, the category page and
    its address show the site's "Pengumuman", not the author's spelling."""
    site.write("berita/dinkes/posyandu.md", NEWS.replace("Category: Berita", "Category: pengumuman") + "\nIsi.\n")
    assert site.build() == 0
    listing = (site.output / "kategori/pengumuman/index.html").read_text(encoding="utf-8")
    assert "· Pengumuman</p>" in listing and "· pengumuman" not in listing
    assert re.search(r"<h1[^>]*>[^<]*Pengumuman", listing)


def test_small_mistakes_get_the_exact_fix(site):
    """A Word file named .pdf is named as a Word file; a Windows-1252 save names its line and
    character; a value in quotes is warned about (the quotes would show); a register saved
    as a workbook says how to save it as CSV; a survey copied twice is refused."""
    from test_services import survey

    site.write("dokumen/dinkes/lra-2025.pdf", word_file())
    with_document(site, "dokumen/dinkes/lra-2025.pdf")
    site.write("berita/dinkes/ansi.md", (NEWS + "\nKata \u201ckutip\u201d dari Word.\n").encode("cp1252"))
    site.write("berita/dinkes/kutip.md", NEWS.replace("Title: Judul", 'Title: "Judul Berkutip"') + "\nIsi.\n")
    site.write("layanan/register/2026.xlsx", b"PK\x03\x04")
    site.write("layanan/ikm/2026-semester-1.toml", survey("2026 Semester I", "3.2"))
    site.write("layanan/ikm/salinan.toml", survey("2026 Semester I", "3.2"))
    report = site.check()
    errors, warnings = [str(p) for p in report.errors], [str(p) for p in report.warnings]
    assert any("laporan-keuangan.md: Dokumen:" in e and "isinya berkas Word, bukan PDF" in e and "berakhiran .docx" in e for e in errors), errors
    assert not any("hasil pindai" in w for w in warnings), warnings  # not a PDF at all: nothing to say of its pages
    assert any("ansi.md: berkas bukan UTF-8 (baris 7: karakter \"\u201c\"" in e for e in errors), errors
    assert any("kutip.md: Title: nilainya diapit tanda kutip" in w for w in warnings), warnings
    assert any("2026.xlsx: nama berkas register harus <tahun>.csv" in e and "CSV UTF-8 (Comma delimited)" in e for e in errors), errors
    assert any("salinan.toml: periode: survei \"2026 Semester I\" PPID Utama sudah ada di" in e for e in errors), errors


def test_what_a_second_round_of_author_mistakes_found(site):
    """Each published something wrong, or said something wrong, before:
    an opened entry keeping its exemption fields (its page showed them), a link to an
    exempt entry's file, "-" standing for a required value, an event's date without its
    hour (shown at 00:00), a year typo in an event's end and in Modified (the index counted
    2062 as fresh), two addresses in one, documents split by a semicolon, an image on an
    event taken for a news item, an Indonesian key for an event's field."""
    entry = site.content / "dip/dinkes/laporan-keuangan.md"
    base = entry.read_text()
    site.write("dip/dinkes/dibuka.md", base.replace("Date:", "Dasar-Hukum: UU 14/2008 Pasal 17 huruf h\nDate:"))
    site.write("dip/dinkes/laporan-keuangan.md", base.replace("Date:", "Modified: 2062-01-10 10:00\n"
                                                                "Tautan: https://a.example/x ; https://b.example/y\nDate:"))
    site.write("agenda/dinkes/rapat.md", "Title: Rapat\nOPD: dinkes\nMulai: 2026-11-20\nSelesai: 2062-11-20 12:00\n"
               "Tempat: Aula\nImage: images/x.jpg\nImage-Alt: Rapat\nLink: https://zoom.example/r\n\nIsi.\n")
    report = site.check()
    errors, warnings = [str(p) for p in report.errors], [str(p) for p in report.warnings]
    assert any("dibuka.md: Dasar-Hukum: hanya untuk Jenis: dikecualikan" in e for e in errors), errors
    assert any("laporan-keuangan.md: Tautan:" in e and "lebih dari satu alamat" in e for e in errors), errors
    assert any("laporan-keuangan.md: Modified: 2062-01-10 lebih dari setahun lagi" in w for w in warnings), warnings
    assert any("rapat.md: Mulai: 2026-11-20 tanpa jam tampil sebagai pukul 00:00" in w for w in warnings), warnings
    assert any("rapat.md: Selesai: 2062-11-20 lebih dari setahun lagi" in w for w in warnings), warnings
    assert not any("tampaknya berita" in e for e in errors), errors  # an event with an image is an event
    assert any("rapat.md: Link: kunci tidak dikenal" in w and "mungkin maksudnya Tautan-Siaran?" in w for w in warnings), warnings


def test_a_dash_for_a_required_value_is_no_value(site):
    site.write("berita/dinkes/posyandu.md", NEWS.replace("Author: Humas", "Author: -") + "\nIsi.\n")
    errors = [str(p) for p in site.check().errors]
    assert any("posyandu.md: Author: wajib diisi" in e for e in errors), errors


def test_an_exempt_entry_may_not_link_its_file(site):
    entry = site.content / "dip/dinkes/data-pasien.md"
    site.write("dip/dinkes/data-pasien.md", entry.read_text().replace("Date:", "Tautan: https://drive.example/rekam-medis\nDate:"))
    errors = [str(p) for p in site.check().errors]
    assert any("data-pasien.md: Tautan: tidak boleh diisi jika Jenis: dikecualikan" in e for e in errors), errors


def test_two_documents_split_by_a_semicolon_are_told_to_use_a_comma(site):
    site.write("dokumen/dinkes/a.pdf", b"%PDF-1.4 a")
    with_document(site, "dokumen/dinkes/a.pdf; dokumen/dinkes/a.pdf")
    report = site.check()
    assert any("Dokumen:" in str(e) and "pisahkan beberapa berkas dengan koma, bukan titik koma" in str(e) for e in report.errors), report.errors
    assert not any("tidak dirujuk" in str(w) for w in report.warnings)


def test_data_file_values_are_shown_as_written_and_their_mistakes_named(site):
    """No Python in a message (datetime.date(…), True): the value as the author wrote it,
    with what to write. A survey period without its year is refused (surveys sort by it)."""
    from test_services import survey

    site.write("hari-libur.toml", "tanggal = [2026-12-24T00:00:00, { tanggal = 2026-12-31 }]\n")
    site.write("layanan/ikm/s.toml", survey("Semester I", "3.2").replace("u1 = 3.2", "u1 = true"))
    errors = [str(p) for p in site.check().errors]
    assert any("hari-libur.toml: tanggal: nilai ke-1: 2026-12-24 00:00:00 berisi jam; tulis tanggalnya saja, mis. 2026-12-24" in e
               for e in errors), errors
    assert any("nilai ke-2: { tanggal = 2026-12-31 } bukan tanggal" in e for e in errors), errors
    assert any("s.toml: nrr.u1: true bukan angka" in e for e in errors), errors
    assert any('s.toml: periode: "Semester I" tanpa tahun (survei diurutkan menurut tahun), '
               'mis. periode = "2026 Semester I"' in e for e in errors), errors
    # Its year written after it, as a report's title often has it: taken (it was refused).
    site.write("layanan/ikm/s.toml", survey("Semester II Tahun 2024", "3.2"))
    errors = [str(p) for p in site.check().errors]
    assert not any("s.toml" in e for e in errors), errors
    assert not any("datetime" in e or "True" in e for e in errors), errors


def test_a_decree_file_with_a_mistake_does_not_make_its_pdfs_unreferenced(site):
    site.write("dokumen/ppid/sk-dip-2026.pdf", b"%PDF-1.4 sk")
    site.write("dip/penetapan.toml", '[2026]\nnomor = 188.45/012/2026\ntanggal = 2026-01-15\ndokumen = "dokumen/ppid/sk-dip-2026.pdf"\n')
    report = site.check()
    assert any("penetapan.toml" in str(e) for e in report.errors), report.errors
    assert not any("sk-dip-2026.pdf" in str(w) and "tidak dirujuk" in str(w) for w in report.warnings), report.warnings


def test_check_reads_the_search_dictionary_as_the_build_does(site):
    """content/singkatan.toml was read by the build alone: `check` said "Konten sah", the
    build then named it by its absolute path."""
    site.write("singkatan.toml", "simrs = sistem informasi manajemen rumah sakit\n")
    errors = [str(p) for p in site.check().errors]
    assert any(e.startswith("content/singkatan.toml: format TOML tidak sah di baris 1") and "tanda kutip" in e
               or "singkatan.toml: format TOML tidak sah di baris 1" in e for e in errors), errors


def test_data_files_left_where_none_is_read_and_a_register_without_its_header(site):
    """A register in a year's folder, a survey beside the registers, the holidays under
    layanan/: each dropped without a word before. A register whose header row was left
    out gets one line (was one "delete this column" per value of its first row)."""
    from test_services import HEADER, REGISTER_2025, survey

    site.write("layanan/register/2026/2026.csv", REGISTER_2025)
    site.write("layanan/ikm.toml", survey("2026 Semester I", "3.2"))
    site.write("hari_libur.toml", "tanggal = [2026-12-24]\n")
    site.write("layanan/register/2025.csv", REGISTER_2025.split("\n", 1)[1])
    report = site.check()
    warnings, errors = [str(p) for p in report.warnings], [str(p) for p in report.errors]
    for rel in ("layanan/register/2026/2026.csv", "layanan/ikm.toml", "hari_libur.toml"):
        assert any(rel in w and "berkas ini tidak dibaca di sini" in w for w in warnings), (rel, warnings)
    mine = [e for e in errors if "register/2025.csv" in e]
    assert len(mine) == 1 and f"baris pertama bukan baris judul kolom; sisipkan di atasnya: {HEADER}" in mine[0], mine


def test_a_lead_sentence_under_the_header_read_as_a_key_is_named(site):
    site.write("berita/dinkes/posyandu.md", NEWS + "Sukamaju: Demam berdarah dengue masih muncul setiap musim hujan di desa.\n")
    warnings = [str(p) for p in site.check().warnings]
    assert any("Sukamaju: kunci tidak dikenal" in w and "kalimat pembuka isi, sisipkan satu baris kosong" in w for w in warnings), warnings


def test_an_opd_e_mail_without_its_domain_is_refused(site):
    site.write("opd.toml", (site.content / "opd.toml").read_text() + '\n[dishub]\nnama = "Dinas Perhubungan"\n'
               'singkatan = "Dishub"\nemail = "dishub@sukamajukab"\n')
    errors = [str(p) for p in site.check().errors]
    assert any("opd.toml: [dishub] email: \"dishub@sukamajukab\" bukan alamat surel lengkap" in e for e in errors), errors


def test_a_new_event_has_no_real_looking_place_until_one_is_written(site, capsys):
    """`new agenda` wrote `Tempat: Daring`: an author writing only the body published an
    online event. The place is now a placeholder, refused while it stands."""
    from content import registry, scaffold

    path = scaffold.new(site.content, "agenda", "dinkes", "Rapat Koordinasi", registry.load(site.content)[0], "Asia/Jakarta")
    assert "Tempat: [ISI: tempat acara, atau Daring]" in path.read_text(encoding="utf-8")
    errors = [str(p) for p in site.check().errors]
    assert any(path.name in e and "Tempat: masih berisi teks contoh" in e for e in errors), errors


def test_a_new_event_has_no_start_until_one_is_written(site):
    """`new agenda` wrote `Mulai: <the time of writing>`: left unchanged, the event was
    published at that moment. Without --mulai the start is a placeholder, named as such."""
    from content import registry, scaffold

    reg = registry.load(site.content)[0]
    path = scaffold.new(site.content, "agenda", "dinkes", "Rapat Evaluasi", reg, "Asia/Jakarta")
    assert "Mulai: [ISI: tanggal dan jam mulai, YYYY-MM-DD HH:MM]" in path.read_text(encoding="utf-8")
    errors = [str(p) for p in site.check().errors]
    assert any(path.name in e and "Mulai: masih berisi teks contoh '[ISI: tanggal dan jam mulai, YYYY-MM-DD HH:MM]'; "
               "ganti dengan tanggal dan jam mulai, YYYY-MM-DD HH:MM" in e for e in errors), errors
    # As a draft (planned, not yet dated) it is a warning, as every placeholder in a draft is.
    path.write_text(path.read_text(encoding="utf-8").replace("Tempat:", "Status: draft\nTempat:"), encoding="utf-8")
    report = site.check()
    assert not [p for p in report.errors if path.name in p.path], report.errors
    assert any(path.name in str(w) and "Mulai: masih berisi teks contoh" in str(w) and "(draf, belum terbit)" in str(w)
               for w in report.warnings), report.warnings
    given = scaffold.new(site.content, "agenda", "dinkes", "Rapat Lanjutan", reg, "Asia/Jakarta", mulai="2026-12-20 09:00")
    assert "Mulai: 2026-12-20 09:00" in given.read_text(encoding="utf-8")


def test_a_link_to_a_news_item_that_does_not_exist_is_found_by_check(site):
    """A news item, DIP entry, event or regulation linked by its address: `check` knows
    every such address (each made from one file), so a mistyped one is refused before the
    build, with the nearest address; lists and OPD pages are left to the build."""
    body = ("Lihat [berita itu](/berita/2026/11/posyandu-serentak-kecamatan-karangsari/), "
            "[yang benar](/berita/2026/11/posyandu-serentak-di-kecamatan-karangsari/), "
            "[daftar Dinkes](/opd/dinkes/berita/), [DIP](/dip/) dan [entri](/dip/dinkes/tidak-ada/#bagian).\n")
    site.write("berita/dinkes/tautan.md", NEWS.replace("Judul", "Tautan ke berita") + "\n" + body)
    errors = [str(p) for p in site.check().errors]
    assert len(errors) == 2, errors
    assert ("tautan.md: isi: tautan /berita/2026/11/posyandu-serentak-kecamatan-karangsari/ menuju berita yang tidak ada "
            "(tidak ada yang terbit di alamat itu); mungkin maksudnya /berita/2026/11/posyandu-serentak-di-kecamatan-karangsari/?") in errors[0]
    assert errors[0].endswith("(baris 7)"), errors
    assert "tautan /dip/dinkes/tidak-ada/#bagian menuju informasi publik yang tidak ada (tidak ada yang terbit" in errors[1], errors
    # A draft is not published: its links are not looked at until it is.
    site.write("berita/dinkes/tautan.md", NEWS.replace("Judul", "Tautan ke berita") + "Status: draft\n\n" + body)
    assert [str(p) for p in site.check().errors] == []


def test_links_inside_content_that_pelican_cannot_read_once_are_refused(site, tmp_path):
    """A folder linked inside content/ (read twice by Pelican, or without end when it is a
    folder above the link), a link to nothing and a pipe named .md: each refused in one
    line naming it. An editor's lock file (`.#berita.md`, a link to nothing that Emacs
    makes) is not read by Pelican and not reported."""
    os.symlink("../berita", site.content / "berita/ulang")
    os.symlink(site.content / "berita/dinkes", site.content / "dip/salinan")
    os.symlink("tidak-ada.md", site.content / "berita/dinkes/putus.md")
    os.symlink("root@mesin.12345:1733380000", site.content / "berita/dinkes/.#posyandu.md")
    os.mkfifo(site.content / "berita/dinkes/pipa.md")
    errors = [str(p) for p in site.check().errors]
    assert any("berita/ulang: tautan simbolik (symlink) ke folder" in e and "terbaca dua kali tanpa akhir" in e for e in errors), errors
    assert any("dip/salinan: tautan simbolik (symlink) ke folder" in e and "terbaca dua kali; hapus tautannya" in e for e in errors), errors
    assert any("putus.md: tautan simbolik (symlink) ke tidak-ada.md, yang tidak ada" in e for e in errors), errors
    assert any("pipa.md: bukan berkas biasa" in e for e in errors), errors
    assert not any(".#posyandu" in e for e in errors), errors
    assert len(errors) == 4, errors


@pytest.mark.parametrize("data, said", [
    (b"\x89PNG\r\n\x1a\n" + bytes(40), "berkas ini berkas PNG, bukan teks"),
    (b"\xff\xd8\xff\xe0" + bytes(40), "berkas ini berkas JPEG, bukan teks"),
    (b"%PDF-1.7\n" + bytes(40), "berkas ini berkas PDF, bukan teks"),
    (b"PK\x03\x04" + bytes(40), "berkas ini berkas ZIP (mis. Word .docx atau Excel .xlsx), bukan teks"),
])
def test_a_photo_or_document_saved_as_md_is_named_as_what_it_is(site, data, said):
    """A photo renamed berita.md was told it was text saved as ANSI/Windows-1252."""
    site.write("berita/dinkes/foto.md", data)
    errors = [str(p) for p in site.check().errors if "foto.md" in p.path]
    assert len(errors) == 1 and said in errors[0] and "ANSI" not in errors[0], errors


def test_names_the_settings_ignore_are_left_out_files_and_folders(site):
    """IGNORE_FILES as Pelican applies it (bare names, folders with all they hold), with the
    editors' files always among them: an old copy kept in an ignored folder is not a second
    item, and an Emacs lock file stays unread with a site's own list too."""
    news = (site.content / "berita/dinkes/posyandu.md").read_text(encoding="utf-8")
    site.write("berita/dinkes/arsip-lama/posyandu.md", news)
    os.symlink("staf@komputer.1:1", site.content / "berita/dinkes/.#posyandu.md")
    assert any("sama dengan" in str(p) for p in site.check().errors)  # the copy is read: one address twice
    from content.build import load_settings
    from conftest import CONF

    report = Checker(site.content, load_settings(CONF, **site.settings(IGNORE_FILES=["arsip-lama"]))).run()
    assert report.errors == [], report.errors
    assert not any("arsip-lama" in str(i.path) for i in report.items)


def test_a_file_check_leaves_out_is_never_published_either(site):
    """`check` skips editors' files (`IGNORE_FILES`); Pelican is given the same names, so
    such a file cannot carry unchecked HTML onto the site."""
    site.write("berita/dinkes/.#bocor.md", NEWS.replace("Judul", "Bocor") + "\n<script>alert('bocor-satu')</script>\n")
    site.write("berita/dinkes/bocor.md~", NEWS.replace("Judul", "Bocor Juga") + "\n<script>alert('bocor-dua')</script>\n")
    assert site.check().errors == []
    assert site.build(CARI_ENABLED=False) == 0
    published = [p for p in site.output.rglob("*") if p.is_file() and b"bocor-" in p.read_bytes()]
    assert published == [] and not list(site.output.rglob("*bocor*")), published


def test_a_link_to_a_page_whose_file_is_refused_says_to_fix_that_file_first(site):
    site.write("berita/dinkes/tujuan.md", NEWS.replace("Judul", "Berita Tujuan").replace("2026-11-01 08:00", "2026-13-01 08:00") + "\nIsi.\n")
    site.write("berita/dinkes/asal.md", NEWS.replace("Judul", "Berita Asal") + "\nLihat [ini](/berita/2026/13/berita-tujuan/).\n")
    errors = [str(p) for p in site.check().errors]
    assert any("tujuan.md: Date:" in e for e in errors), errors
    assert any("asal.md: isi: tautan /berita/2026/13/berita-tujuan/ menuju berita yang tidak ada" in e
               and "(bila yang dituju berkas di berita/ yang sedang bermasalah, perbaiki berkas itu dulu)" in e for e in errors), errors


def test_symlink_pointing_out_of_content_is_refused(site, tmp_path):
    secret = tmp_path / "rahasia.jpg"
    secret.write_bytes(b"x")
    (site.content / "images").mkdir()
    os.symlink(secret, site.content / "images/tautan.jpg")
    site.write("berita/dinkes/x.md", NEWS + "Image: images/tautan.jpg\nImage-Alt: x\n\nIsi.\n")
    errors = [str(p) for p in site.check().errors]
    assert any("x.md: Image:" in e and "di luar folder content/" in e for e in errors), errors


def test_nik_in_a_document_file_name(site):
    (site.content / "dokumen/dinsos").mkdir(parents=True)
    (site.content / "dokumen/dinsos/ktp-3302015708850002.pdf").write_bytes(b"%PDF")
    entry = site.content / "dip/dinkes/laporan-keuangan.md"
    site.write("dip/dinkes/laporan-keuangan.md", entry.read_text().replace("Date:", "Dokumen: dokumen/dinsos/ktp-3302015708850002.pdf\nDate:"))
    errors = [str(p) for p in site.check().errors]
    assert any("laporan-keuangan.md: Dokumen: nama berkas ktp-3302015708850002.pdf berisi nomor mirip NIK" in e for e in errors), errors


def test_a_pdf_of_figures_and_civil_servant_numbers_is_not_taken_for_a_nik(site):
    """The text of a PDF is read for NIKs, but a report's amounts, dates and 18-digit
    NIPs are not NIKs, and a PDF without text (scanned pages) or one pypdf cannot read
    passes: the format itself is checked by its bytes."""
    rows = [f"{i}. Kegiatan {i}  Rp 1.250.{i:03d}.000  31-12-2025  NIP 19750312 200003 1 00{i % 10}" for i in range(40)]
    site.write("dokumen/dinkes/lra-2025.pdf", pdf_with_text([["Laporan Realisasi Anggaran 2025"], rows]))
    site.write("dokumen/dinkes/pindaian.pdf", pdf_with_text([[]]))
    site.write("dokumen/dinkes/rusak.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    entry = site.content / "dip/dinkes/laporan-keuangan.md"
    docs = "Dokumen: dokumen/dinkes/lra-2025.pdf, dokumen/dinkes/pindaian.pdf, dokumen/dinkes/rusak.pdf\n"
    site.write("dip/dinkes/laporan-keuangan.md", entry.read_text().replace("Date:", docs + "Date:"))
    assert [str(p) for p in site.check().errors] == []


def test_a_scanned_pdf_publishes_with_a_warning_naming_its_entry_and_field(site):
    """A PDF of scanned pages (no text layer, or a page number alone) is published, but
    its author learns that a screen reader cannot read it, in the Dokumen field and linked
    from the text alike; a PDF saved from a word processor passes without a word."""
    words = "Laporan realisasi anggaran Dinas Kesehatan tahun anggaran dua ribu dua puluh lima"
    site.write("dokumen/dinkes/lra-2025.pdf", pdf_with_text([[words] * 3]))
    site.write("dokumen/dinkes/pindaian.pdf", pdf_with_text([["12"], []]))
    site.write("dokumen/dinkes/lampiran.pdf", pdf_with_text([[]]))
    import io

    from pypdf import PdfReader, PdfWriter
    locked = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_with_text([[]]))))
    locked.encrypt("rahasia")
    buf = io.BytesIO()
    locked.write(buf)
    site.write("dokumen/dinkes/terkunci.pdf", buf.getvalue())  # cannot be read: nothing said of its text
    entry = site.content / "dip/dinkes/laporan-keuangan.md"
    text = entry.read_text().replace("Date:", "Dokumen: dokumen/dinkes/lra-2025.pdf, dokumen/dinkes/pindaian.pdf, "
                                               "dokumen/dinkes/terkunci.pdf\nDate:")
    site.write("dip/dinkes/laporan-keuangan.md", text + "\n[Lampiran (PDF)]({static}/dokumen/dinkes/lampiran.pdf)\n")
    report = site.check()
    assert [str(p) for p in report.errors] == []
    scanned = sorted(str(p) for p in report.warnings if "hasil pindai" in str(p))
    assert len(scanned) == 2, scanned
    assert "laporan-keuangan.md: Dokumen: dokumen/dinkes/pindaian.pdf berisi gambar hasil pindai tanpa teks" in scanned[0]
    assert "pembaca layar" in scanned[0] and "Simpan Sebagai" in scanned[0]
    assert "laporan-keuangan.md: isi: dokumen/dinkes/lampiran.pdf berisi gambar hasil pindai" in scanned[1]
    assert site.build() == 0
    assert (site.output / "dokumen/dinkes/pindaian.pdf").is_file()


def test_every_pdf_of_the_sample_site_has_a_text_layer():
    """A new site starts from the sample's forms and decrees: none of them is a picture."""
    from conftest import ROOT
    from content import berkas

    pdfs = sorted((ROOT / "content").rglob("*.pdf"))
    assert len(pdfs) > 40
    assert [p.name for p in pdfs if berkas.scanned(p)] == []


def test_utf16_file_says_how_to_resave(site):
    site.write("berita/dinkes/x.md", codecs.BOM_UTF16_LE + (NEWS + "\nIsi.\n").encode("utf-16-le"))
    errors = [str(p) for p in site.check().errors]
    assert any("x.md: berkas tersimpan sebagai UTF-16" in e and "UTF-8" in e for e in errors), errors


# --- properties: arbitrary input never crashes, it is accepted or gets errors ----------

KEYS = ["Title", "Date", "OPD", "Author", "Category", "Tags", "Image", "Image-Alt", "Status", "Slug", "Sumber-URL", "Modified", "Jenis", "Kategori", "Bentuk", "Dokumen", "Tahun"]
values = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["2026-11-01 08:00", "2026-02-30", "dinkes", "Berita", "draft", "softcopy", "../x", "/etc/passwd", "9" * 16, "https://x.id"]),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), min_size=1000, max_size=5000),
)
headers = st.lists(st.tuples(st.sampled_from(KEYS), values), max_size=12)


def check_text(site, rel, data: bytes):
    path = site.write(rel, data)
    report = Checker(site.content, {"TIMEZONE": "Asia/Jakarta", "NEWS_CATEGORIES": ["Berita"], "MARKDOWN": {}}).run()
    mine = [p for p in report.errors if p.path.endswith(rel)]
    item = report.item_for(path)
    assert mine or item is not None
    for p in mine:
        assert p.message and "\n" not in p.key
    return report


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=headers, body=st.text(max_size=400))
def test_any_header_is_accepted_or_gets_errors(site, header, body):
    text = "\n".join(f"{k}: {v}".replace("\n", " ") for k, v in header) + "\n\n" + body
    check_text(site, "berita/dinkes/acak.md", text.encode("utf-8", "surrogatepass"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300))
def test_any_bytes_are_accepted_or_get_errors(site, data):
    check_text(site, "dip/dinkes/acak.md", data)


@settings(max_examples=100, deadline=None)
@given(text=st.text())
def test_header_parser_never_crashes(text):
    src = source.parse(text)
    assert isinstance(src.meta, dict) and isinstance(src.body, str)


def test_empty_file_is_said_to_be_empty_naming_every_required_key(site):
    site.write("berita/dinkes/kosong.md", b"")
    errors = [p.message for p in site.check().errors if p.path.endswith("kosong.md")]
    assert len(errors) == 1 and errors[0].startswith("berkas kosong;"), errors
    assert "kunci wajibnya: Title, Date, OPD, Author, Category;" in errors[0]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    title=st.text(min_size=1, max_size=80).filter(lambda t: t.strip() and "\n" not in t and "\r" not in t),
    tags=st.text(max_size=40).map(lambda t: t.replace("\n", " ")),
    body=st.text(max_size=300),
)
def test_whole_build_accepts_or_refuses_but_never_crashes(site, title, tags, body):
    site.write("berita/dinkes/acak.md", f"Title: {title}\nDate: 2026-11-01 08:00\nOPD: dinkes\nAuthor: Humas\nCategory: Berita\nTags: {tags}\n\n{body}\n")
    assert site.build() in (0, 1)
