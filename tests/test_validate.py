"""Unit tests of the schema and validators: each bad input gets `path: Key: pesan`."""

from __future__ import annotations

import codecs
import os

import pytest

from content import schema, source
from content.safety import looks_like_nik

GOOD_NEWS = "Title: Judul\nDate: 2026-11-01 08:00\nOPD: dinkes\nAuthor: Humas\nCategory: Berita\n"


def problems(site, rel):
    report = site.check()
    return [f"{p.key}: {p.message}" for p in report.errors if p.path.endswith(rel)]


@pytest.mark.parametrize(
    "extra, key, fragment",
    [
        ("Date: 2026-02-30 08:00", "Date", "bukan tanggal dan jam yang sah"),
        # Written as people write them: the same moment, as the site wants it.
        ("Date: 2026-01-08 08.00", "Date", "tulis 2026-01-08 08:00 (bentuknya YYYY-MM-DD HH:MM, titik dua di jam)"),
        ("Date: 5 Desember 2026 pukul 09.30 WIB", "Date", "tulis 2026-12-05 09:30 (bentuknya YYYY-MM-DD HH:MM, titik dua di jam) (zona waktu situs, WIB, berlaku sendiri: tulis tanpa WIB)"),
        ("Date: 12/05/2026", "Date", "tulis 2026-05-12 lalu jamnya, mis. 2026-05-12 09:00"),
        # A time in another zone than the site's (Asia/Jakarta) is given in the site's.
        ("Date: 05/12/2026 13.30 WITA", "Date", "tulis 2026-12-05 12:30 (bentuknya YYYY-MM-DD HH:MM, titik dua di jam) (pukul itu WITA adalah 12:30 WIB"),
        ("Modified: kemarin", "Modified", "tulis YYYY-MM-DD HH:MM"),
        # A time alone (an event's end on its first day, as people write it): the day too.
        ("Modified: 09.00 WIB", "Modified", "jam saja tidak cukup; tulis tanggal dan jamnya, mis. 2024-03-05 09:00 (juga bila harinya sama"),
        ("Category: Kabar", "Category", "pilihan yang boleh: Berita, Pengumuman, Siaran Pers, Artikel"),
        ("OPD: dinsos", "OPD", "tidak terdaftar di content/opd.toml; pilihan yang boleh: dinkes, bpbd"),
        ("Image: images/tidak-ada.jpg\nImage-Alt: x", "Image", "tidak ditemukan di dalam content/"),
        ("Image: ../../etc/passwd\nImage-Alt: x", "Image", "di luar folder content/"),
        ("Image: /etc/passwd\nImage-Alt: x", "Image", "lokasi di komputer atau di luar situs"),
        ("Status: terbit", "Status", "pilihan yang boleh: published, draft"),
        ("Sumber-URL: www.komdigi.go.id/berita", "Sumber-URL", "bukan alamat web yang sah"),
        ("Sumber: Komdigi", "Sumber-URL", "wajib diisi"),
        # A value written as the site shows it, or as a name: the slug meant is suggested.
        ("OPD: Dinas Kesehatan", "OPD", "mungkin maksudnya dinkes?"),
        # An OPD code spelt nearly as another is another agency: no guess (bapenda is not bappeda).
        ("OPD: bpbdd", "OPD", "tidak terdaftar di content/opd.toml; pilihan yang boleh"),
        ("Category: siaran-pers", "Category", "mungkin maksudnya Siaran Pers?"),
        # A path written from the project folder, with backslashes, or other capitals.
        ("Image: content/images/berita/ada.jpg\nImage-Alt: x", "Image", "tulis images/berita/ada.jpg (lokasi dihitung dari folder content/"),
        ("Image: images\\berita\\ada.jpg\nImage-Alt: x", "Image", "tulis images/berita/ada.jpg"),
        ("Image: images/berita/Ada.JPG\nImage-Alt: x", "Image", "yang ada images/berita/ada.jpg (huruf besar-kecil harus sama persis)"),
    ],
)
def test_news_field_errors(site, extra, key, fragment):
    meta = {}
    for line in (GOOD_NEWS + extra).splitlines():
        k, _, v = line.partition(": ")
        meta[k] = v
    site.write("berita/dinkes/x.md", "\n".join(f"{k}: {v}" for k, v in meta.items()) + "\n\nIsi.\n")
    site.image("images/berita/ada.jpg", size=(400, 300))
    found = problems(site, "berita/dinkes/x.md")
    assert any(p.startswith(f"{key}: ") and fragment in p for p in found), found


@pytest.mark.parametrize("link", ["{static}/dokumen/tidak-ada.pdf", "{filename}../bpbd/tidak-ada.md", "{attach}lampiran.csv",
                                  "{filename}/halaman/tidak-ada.md"])
def test_a_body_link_to_a_missing_content_file_is_named_by_check(site, link):
    """A link the author wrote to a file under content/ ({static}, {filename}, {attach}):
    `check` names it before any build, with its line."""
    site.write("berita/dinkes/x.md", GOOD_NEWS + f"\nBaca [laporannya]({link}).\n")
    found = [(p.key, p.message, p.at()) for p in site.check().errors if p.path.endswith("berita/dinkes/x.md")]
    assert found == [("isi", f"tautan {link} menuju berkas yang tidak ada di dalam content/; periksa ejaan dan huruf besar-kecilnya", 7)], found
    # The same link to a file that is there (relative to the item's folder, as Pelican reads it): no problem.
    target = site.content / "berita/dinkes" / link.split("}", 1)[1] if not link.split("}", 1)[1].startswith("/") \
        else site.content / link.split("}", 1)[1].lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"%PDF-1.4 ada" if target.suffix == ".pdf" else b"Title: Ada\n\nIsi.\n" if target.suffix == ".md" else b"tahun,jumlah\n2025,12\n")
    assert not [p for p in site.check().errors if p.path.endswith("berita/dinkes/x.md")]


def test_a_link_to_another_item_s_file_without_filename_is_named_by_check(site):
    """`[imunisasi](pekan-imunisasi.md)`, the file there: `check` says to write {filename}
    (it said nothing, and the build then refused the link as leading nowhere)."""
    site.write("berita/dinkes/pekan-imunisasi.md", GOOD_NEWS.replace("Title: ", "Title: Pekan ") + "\nIsi.\n")
    site.write("berita/dinkes/x.md", GOOD_NEWS + "\nBaca [imunisasi](pekan-imunisasi.md).\n")
    found = [(p.key, p.message, p.at()) for p in site.check().errors if p.path.endswith("berita/dinkes/x.md")]
    assert found == [("isi", "tautan pekan-imunisasi.md menuju berkas konten; tulis {filename}pekan-imunisasi.md "
                      "(mis. [teks]({filename}pekan-imunisasi.md)) agar situs menautkan halamannya", 7)], found


@pytest.mark.parametrize("written, rel, meant", [
    ("[laporannya](content/dokumen/dinkes/laporan.pdf)", "dokumen/dinkes/laporan.pdf", "{static}/dokumen/dinkes/laporan.pdf"),
    ("[laporannya]({static}/content/dokumen/dinkes/laporan.pdf)", "dokumen/dinkes/laporan.pdf", "{static}/dokumen/dinkes/laporan.pdf"),
    ("[berita lain](content/berita/bpbd/banjir.md)", "berita/bpbd/banjir.md", "{filename}/berita/bpbd/banjir.md"),
    ("![Foto posyandu](content/images/posyandu.jpg)", "images/posyandu.jpg", "{static}/images/posyandu.jpg"),
    # Copied from Windows' file manager: backslashes.
    ("[laporannya](/dokumen\\dinkes\\laporan.pdf)", "dokumen/dinkes/laporan.pdf", "{static}/dokumen/dinkes/laporan.pdf"),
])
def test_a_body_path_copied_with_content_in_front_gets_the_link_to_write(site, written, rel, meant):
    """A path copied as the repository or Windows shows it (`content/dokumen/…`, `\\`) names a
    file that is there: the message said only that it was not found, or "not on the site"."""
    if rel.endswith(".md"):
        site.write(rel, GOOD_NEWS.replace("Title: ", "Title: Banjir ") + "\nIsi.\n")
    elif rel.endswith(".jpg"):
        site.image(rel)
    else:
        site.write(rel, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    site.write("berita/dinkes/x.md", GOOD_NEWS + f"\nLihat {written}.\n")
    found = [p.message for p in site.check().errors if p.path.endswith("berita/dinkes/x.md")]
    assert len(found) == 1 and (f"tulis {meant} " in found[0] or found[0].endswith(f"tulis {written.split('](')[0]}]({meant})")), found
    assert "alamat di isi ditulis dari folder content/, dengan garis miring /, tanpa content/ di depannya" in found[0], found
    site.write("berita/dinkes/x.md", GOOD_NEWS + f"\nLihat {written.split('](')[0]}]({meant}).\n")
    assert not [p for p in site.check().errors if p.path.endswith("berita/dinkes/x.md")]


@pytest.mark.parametrize("link", ["../../dokumen/dinkes/laporan.pdf", "laporan.pdf"])
def test_a_document_linked_from_the_file_s_folder_without_static_is_named_by_check(site, link):
    """`[laporan](../../dokumen/dinkes/laporan.pdf)`, as a file manager or GitHub reads a
    path: the browser reads it from the page's address and the document was never
    published; the build refused it as a link to a file "not on the site", which is there.
    `check` says what to write; written so, the build publishes it."""
    rel = "dokumen/dinkes/laporan.pdf" if link.startswith("..") else "berita/dinkes/laporan.pdf"
    site.write(rel, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    site.write("berita/dinkes/x.md", GOOD_NEWS + f"\nUnduh [laporannya]({link}).\n")
    found = [(p.key, p.message, p.at()) for p in site.check().errors if p.path.endswith("berita/dinkes/x.md")]
    assert found == [("isi", f"tautan {link} menuju berkas content/{rel}, tetapi tanpa {{static}} alamatnya dibaca dari alamat "
                      f"halaman, bukan dari folder berkas ini, dan berkasnya tidak diterbitkan; tulis {{static}}/{rel} "
                      f"(mis. [teks]({{static}}/{rel}))", 7)], found
    site.write("berita/dinkes/x.md", GOOD_NEWS + f"\nUnduh [laporannya]({{static}}/{rel}).\n")
    assert not [p for p in site.check().errors if p.path.endswith("berita/dinkes/x.md")]
    assert site.build() == 0
    assert (site.output / rel).read_bytes().startswith(b"%PDF")


def test_every_bad_part_of_a_list_is_named_at_once(site):
    """An author fixes every part of a list in one go: each bad one is named, not the first."""
    site.write("dip/dinkes/x.md",
               "Title: Laporan\nJenis: setiap-saat\nOPD: dinkes\nPenanggung-Jawab: Kadis\nWaktu-Pembuatan: 2025\n"
               "Tempat-Pembuatan: Sukamaju\nBentuk: softcopy\nRetensi: 5 tahun\nDate: 2025-01-01 08:00\n"
               "Dokumen: dokumen/satu.pdf, dokumen/dua.pdf\n\nIsi.\n")
    found = [p for p in problems(site, "dip/dinkes/x.md") if p.startswith("Dokumen: ")]
    assert len(found) == 1 and '"dokumen/satu.pdf"' in found[0] and '"dokumen/dua.pdf"' in found[0], found



def test_a_semicolon_ending_a_list_of_files_is_said_as_such(site):
    site.write("dokumen/satu.pdf", b"%PDF-1.4 satu")
    site.write("dip/dinkes/x.md",
               "Title: Laporan\nJenis: setiap-saat\nOPD: dinkes\nPenanggung-Jawab: Kadis\nWaktu-Pembuatan: 2025\n"
               "Tempat-Pembuatan: Sukamaju\nBentuk: softcopy\nRetensi: 5 tahun\nDate: 2025-01-01 08:00\n"
               "Dokumen: dokumen/satu.pdf;\n\nIsi.\n")
    found = [p for p in problems(site, "dip/dinkes/x.md") if p.startswith("Dokumen: ")]
    assert found == ['Dokumen: "dokumen/satu.pdf;": hapus titik koma di akhir baris'], found


def test_image_requires_alt_text(site):
    site.image("images/foto.jpg")
    site.write("berita/dinkes/x.md", GOOD_NEWS + "Image: images/foto.jpg\n\nIsi.\n")
    assert problems(site, "x.md") == ["Image-Alt: wajib diisi (Deskripsi foto untuk pembaca layar)"]


def test_a_body_problem_names_the_line_of_what_it_is_about(site):
    """An image without its text, a link out of content/ and a video from a host the site
    does not allow are each said with the line the author wrote them on (below the
    header, where the same picture is also the news item's photo)."""
    site.image("images/foto.jpg")
    body = [
        "Paragraf pertama tentang foto.",
        "",
        "Lihat [laporan](../../../../etc/passwd.pdf) lengkapnya.",
        "",
        "![](/images/foto.jpg)",
        "",
        '<iframe src="https://video.example/embed/1" title="Video"></iframe>',
    ]
    header = GOOD_NEWS + "Image: images/foto.jpg\nImage-Alt: Foto kegiatan\n"
    site.write("berita/dinkes/x.md", header + "\n" + "\n".join(body) + "\n")
    first = len(header.splitlines()) + 2  # the header, then its blank line
    said = [str(p) for p in site.check().errors if p.path.endswith("x.md")]
    expected = {"menunjuk ke luar folder content/": first + 2, "tidak punya teks alternatif": first + 4,
                'sematan <iframe> dari "video.example"': first + 6}
    assert len(said) == len(expected), said
    for fragment, line in expected.items():
        found = next(s for s in said if fragment in s)
        assert found.endswith(f" (baris {line})"), found


def test_a_valid_body_is_not_read_again_for_lines(site, monkeypatch):
    """Lines are looked up for a problem only: checking bodies full of images and links
    that are all allowed reads no file again."""
    from content import source

    looked = []
    monkeypatch.setattr(source, "line_with", lambda *a, **k: looked.append(a) or 0)
    monkeypatch.setattr(source, "line_where", lambda *a, **k: looked.append(a) or 0)
    site.image("images/foto.jpg")
    site.write("halaman/profil.md", "Title: Profil\nSlug: profil\n\nProfil.\n")
    links = "\n\n".join(f"![Foto {n}](/images/foto.jpg) dan [profil](/profil/) <em>{n}</em>" for n in range(20))
    site.write("berita/dinkes/x.md", GOOD_NEWS + "\n" + links + "\n")
    assert [p for p in site.check().errors if p.path.endswith("x.md")] == []
    assert looked == []
    site.write("berita/dinkes/x.md", GOOD_NEWS + "\n" + links + "\n\n![](/images/foto.jpg)\n")
    assert len([p for p in site.check().errors if p.path.endswith("x.md")]) == 1
    assert len(looked) == 1


def test_html_refused_in_a_summary_names_the_summary_s_line_not_the_body_s(site, monkeypatch):
    """The summary's HTML is checked as the body's is; its problem is at the Summary key
    in the header, and the body, which may hold the same text, is not searched for it."""
    from content import source

    looked = []
    real = source.line_with
    monkeypatch.setattr(source, "line_with", lambda *a, **k: looked.append(a) or real(*a, **k))
    header = GOOD_NEWS + 'Summary: Ringkasan <span onclick="alert(1)">klik</span>\n'
    site.write("berita/dinkes/x.md", header + "\nAtribut onclick= tidak boleh dipakai.\n")
    said = [str(p) for p in site.check().errors if p.path.endswith("x.md")]
    assert len(said) == 1 and "Summary: atribut onclick pada <span> tidak diizinkan" in said[0], said
    assert said[0].endswith(f" (baris {len(header.splitlines())})"), said
    assert looked == []


def test_a_nik_in_the_body_names_its_line_however_it_is_written(site):
    """The line an author must remove a NIK from, with dots in it; one whose digits run
    over two lines is refused all the same, without a line."""
    body = ["Penyaluran bantuan pangan.", "", "Penerima: Siti Aminah, NIK 3302.0157.0885.0002, Desa Karangsari."]
    site.write("berita/dinkes/x.md", GOOD_NEWS + "\n" + "\n".join(body) + "\n")
    said = [str(p) for p in site.check().errors if p.path.endswith("x.md")]
    assert len(said) == 1 and "mirip NIK" in said[0], said
    assert said[0].endswith(f" (baris {len(GOOD_NEWS.splitlines()) + 4})"), said
    body[2:] = ["Penerima: Siti Aminah, NIK 3302 0157", "0885 0002, Desa Karangsari."]
    site.write("berita/dinkes/x.md", GOOD_NEWS + "\n" + "\n".join(body) + "\n")
    said = [str(p) for p in site.check().errors if p.path.endswith("x.md")]
    assert len(said) == 1 and "mirip NIK" in said[0] and "(baris" not in said[0], said


def test_html_the_allowlist_refuses_names_its_line_when_one_line_holds_it(site):
    """HTML pasted from a word processor or typed by hand: each refused element, attribute,
    scheme, class or style property is said with the line that holds it, in whatever case
    it was typed; one that two lines hold (allowed on one, maybe) gets no line."""
    body = [
        "Paragraf pertama.",
        "",
        '<p class="MsoNormal" style="mso-bidi-font-family:Arial">Teks dari Word.</p>',
        "",
        'Lihat <a href="JaVaScRiPt:alert(1)">tautan ini</a>.',
        "",
        "Halo <SCRIPT>fetch('https://x')</SCRIPT>",
        "",
        '<span onclick="a()">satu</span>',
        "",
        '<span onclick="b()">dua</span>',
    ]
    site.write("berita/dinkes/x.md", GOOD_NEWS + "\n" + "\n".join(body) + "\n")
    first = len(GOOD_NEWS.splitlines()) + 2
    said = [str(p) for p in site.check().errors if p.path.endswith("x.md")]
    expected = {'kelas "MsoNormal"': first + 2, "properti gaya mso-bidi-font-family": first + 2,
                "skema javascript:": first + 4, "elemen <script>": first + 6}
    for fragment, line in expected.items():
        found = [s for s in said if fragment in s]
        assert len(found) == 1 and found[0].endswith(f" (baris {line})"), (fragment, said)
    handler = [s for s in said if "atribut onclick" in s]
    assert len(handler) == 1 and "(baris" not in handler[0], said


@pytest.mark.parametrize("kind", ["corrupt", "not-an-image", "too-large", "heic"])
def test_bad_images_are_content_errors(site, kind):
    path = site.image("images/foto.jpg", size=(400, 300))
    if kind == "corrupt":
        path.write_bytes(path.read_bytes()[:300])
    elif kind == "not-an-image":
        path.write_bytes(b"%PDF-1.4 ini bukan gambar")
    elif kind == "heic":  # an iPhone photo renamed .jpg: its first box, as an iPhone writes it
        path.write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200)
    site.write("berita/dinkes/x.md", GOOD_NEWS + "Image: images/foto.jpg\nImage-Alt: Foto\n\nIsi.\n")
    report = site.check() if kind != "too-large" else None
    if kind == "too-large":
        from pipeline import check
        from content.build import load_settings
        from conftest import CONF

        report = check(site.content, load_settings(CONF, PATH=str(site.content), IMAGE_MAX_PIXELS=100_000))
        expected = "terlalu besar"
    else:
        expected = {"corrupt": "tidak dapat dibaca sebagai gambar", "not-an-image": "isinya berkas PDF, bukan gambar",
                    "heic": "berformat HEIC (format foto bawaan iPhone)"}[kind]
    found = [str(p) for p in report.errors]
    assert any(": Image: " in p and expected in p for p in found), found


def test_dik_requires_its_fields_and_forbids_documents(site):
    (site.content / "dokumen").mkdir()
    (site.content / "dokumen/a.pdf").write_bytes(b"%PDF")
    site.write(
        "dip/dinkes/dik.md",
        "Title: Rahasia\nJenis: dikecualikan\nOPD: dinkes\nPenanggung-Jawab: Kadis\nWaktu-Pembuatan: 2025\n"
        "Tempat-Pembuatan: Sukamaju\nBentuk: softcopy\nRetensi: 5 tahun\nDate: 2025-01-01 08:00\n"
        "Dokumen: dokumen/a.pdf\n\nIsi.\n",
    )
    found = problems(site, "dip/dinkes/dik.md")
    keys = sorted(p.split(":")[0] for p in found)
    assert keys == ["Alasan", "Berlaku-Hingga", "Dasar-Hukum", "Dokumen", "Uji-Konsekuensi"]
    assert any(p.startswith("Dokumen: tidak boleh diisi jika Jenis: dikecualikan") for p in found)


@pytest.mark.parametrize(
    "line, key, fragment",
    [
        ("Jenis: rahasia", "Jenis", "pilihan yang boleh: berkala, serta-merta, setiap-saat, dikecualikan"),
        ("Kategori: keuangan", "Kategori", "pilihan yang boleh: profil, program-kegiatan, kinerja"),
        ("Bentuk: pdf", "Bentuk", "pilihan yang boleh: softcopy, hardcopy"),
        # A month and year, a fiscal year as written in reports: the day or the year alone.
        ("Waktu-Pembuatan: Maret 2025", "Waktu-Pembuatan", "tulis YYYY-MM-DD atau YYYY, mis. 2025-03-01 (tanggalnya) atau 2025 saja"),
        ("Tahun: 25", "Tahun", "bukan tahun yang sah; tulis empat angka, mis. 2024"),
        ("Tahun: TA 2025", "Tahun", "bukan tahun yang sah; tulis empat angka, mis. 2025 saja"),
        ("Kategori: keuangan", "Kategori", "mungkin maksudnya laporan-keuangan?"),
        ("Tautan: jdih.sukamajukab.go.id", "Tautan", "bukan alamat web yang sah"),
    ],
)
def test_entry_field_errors(site, line, key, fragment):
    path = site.content / "dip/dinkes/laporan-keuangan.md"
    lines = [ln for ln in path.read_text().splitlines() if not ln.startswith(line.split(":")[0] + ":")]
    site.write("dip/dinkes/laporan-keuangan.md", "\n".join([line] + lines) + "\n")
    found = problems(site, "laporan-keuangan.md")
    assert any(p.startswith(f"{key}: ") and fragment in p for p in found), found


def test_kategori_required_only_for_berkala(site):
    path = site.content / "dip/dinkes/laporan-keuangan.md"
    text = path.read_text().replace("Kategori: laporan-keuangan\n", "")
    site.write("dip/dinkes/laporan-keuangan.md", text)
    assert problems(site, "laporan-keuangan.md")[0].startswith("Kategori: wajib diisi")
    site.write("dip/dinkes/laporan-keuangan.md", text.replace("Jenis: berkala", "Jenis: setiap-saat"))
    assert problems(site, "laporan-keuangan.md") == []


def test_agenda_end_before_start(site):
    site.write("agenda/dinkes/rapat.md", "Title: Rapat\nOPD: dinkes\nMulai: 2026-12-01 09:00\nSelesai: 2026-12-01 08:00\nTempat: Aula\n\nIsi.\n")
    assert problems(site, "rapat.md") == ["Selesai: tidak boleh sebelum Mulai"]
    site.write("agenda/dinkes/rapat.md", "Title: Rapat\nOPD: dinkes\nMulai: 2026-12-01 09:00\n\nIsi.\n")
    assert problems(site, "rapat.md") == ["Tempat: wajib diisi (Tempat acara, atau `Daring` untuk acara daring)"]


def test_all_problems_of_all_files_reported_at_once(site):
    site.write("berita/dinkes/a.md", "Title: A\n\nIsi.\n")
    site.write("dip/bpbd/b.md", "Title: B\nJenis: berkala\n\nIsi.\n")
    errors = site.check().errors
    assert {p.path.split("content/")[1] for p in errors} == {"berita/dinkes/a.md", "dip/bpbd/b.md"}
    assert len(errors) >= 4 + 8


def test_same_url_is_an_error_naming_both_files(site):
    site.write("berita/dinkes/kembar.md", source_text := (GOOD_NEWS.replace("Judul", "Posyandu Serentak di Kecamatan Karangsari").replace("2026-11-01", "2026-11-02") + "\nIsi.\n"))
    assert source_text
    found = [str(p) for p in site.check().errors]
    assert len(found) == 2, found  # each file is told, naming the other
    for this, other in (("kembar.md", "posyandu.md"), ("posyandu.md", "kembar.md")):
        error = next(e for e in found if e.split(":")[0].endswith(this))
        assert "Title: alamat /berita/2026/11/posyandu-serentak-di-kecamatan-karangsari/ sama dengan" in error
        assert error.split("sama dengan")[1].split(";")[0].strip().endswith(other), error


def test_a_copy_of_a_file_is_told_to_be_deleted_not_given_a_slug(site):
    """A file saved twice ("posyandu (1).md"): a Slug would publish the same news twice."""
    original = site.content / "berita/dinkes/posyandu.md"
    site.write("berita/dinkes/posyandu (1).md", original.read_text())
    found = [p.message for p in site.check().errors]
    assert len(found) == 2 and all("judul serta isinya sama: berkas salinan; hapus salah satunya" in m for m in found), found
    assert not [m for m in found if "Slug" in m]


@pytest.mark.parametrize("header, key, line, fragment", [
    # Pelican read such a title as a list and left the whole item out, the build still "successful".
    ("Title: Posyandu Serentak\nTitle: Posyandu Serentak di Karangsari\n" + GOOD_NEWS.split("\n", 1)[1], "Title", 2,
     "ditulis 2 kali di kepala berkas (juga di baris 1)"),
    ("Title: Posyandu Serentak di Kecamatan\n    Karangsari dan Sukamulya\n" + GOOD_NEWS.split("\n", 1)[1], "Title", 2,
     "nilainya berlanjut ke baris 2, yang diawali spasi atau tab"),
    # Pelican kept the first tags only, without a word.
    (GOOD_NEWS + "Tags: posyandu\nTags: kesehatan, balita\n", "Tags", 7, "ditulis 2 kali"),
    (GOOD_NEWS + "OPD: bpbd\n", "OPD", 6, "ditulis 2 kali di kepala berkas (juga di baris 3)"),
])
def test_a_key_written_twice_or_a_value_going_on_below_its_line_is_refused_once(site, header, key, line, fragment):
    site.write("berita/dinkes/x.md", header + "\nIsi.\n")
    report = site.check()
    mine = [p for p in report.errors + report.warnings if p.path.endswith("berita/dinkes/x.md")]
    assert [(p.key, p.line) for p in mine] == [(key, line)], [str(p) for p in mine]  # not also "dinkes bpbd" not registered
    assert fragment in mine[0].message
    assert site.build() == 1
    assert not site.output.exists()


def test_a_summary_may_go_on_over_several_lines(site):
    site.write("berita/dinkes/x.md", GOOD_NEWS + "Summary: Posyandu serentak digelar\n    di 12 kecamatan.\n\nIsi.\n")
    assert problems(site, "berita/dinkes/x.md") == []
    assert site.build() == 0
    assert "di 12 kecamatan" in site.read("berita/2026/11/judul/index.html")


@pytest.mark.parametrize("body, line, fragment", [
    # Tags pasted from a social media caption: python-markdown needs no space after "#".
    ("Posyandu digelar serentak.\n\n#SukamajuSehat #PosyanduCeria\n", 9,
     'baris "#SukamajuSehat #PosyanduCeria" tampil sebagai judul besar, bukan tagar: tanda pagar di awal baris membuat judul; '
     'tulis \\#SukamajuSehat'),
    ("Posyandu digelar serentak.\n\n# Jadwal Posyandu\n\nSetiap Senin.\n", 9,
     'judul "Jadwal Posyandu" di isi setingkat judul halaman (judul 1)'),
    ("Jadwal Posyandu\n===============\n\nSetiap Senin.\n", 7, "tulis ## di depannya untuk subjudul (dan hapus garis ==="),
    # The line named is the heading's, not a "# comment" in a code block above it.
    ("```\n# komentar\n```\n\n# Jadwal Posyandu\n", 11, 'judul "Jadwal Posyandu" di isi setingkat judul halaman'),
])
def test_a_first_level_heading_in_the_text_is_a_warning_naming_its_line(site, body, line, fragment):
    site.write("berita/dinkes/x.md", GOOD_NEWS + "\n" + body)
    report = site.check()
    mine = [p for p in report.warnings if p.path.endswith("berita/dinkes/x.md")]
    assert [(p.key, p.line) for p in mine] == [("isi", line)], [str(p) for p in mine]
    assert fragment in mine[0].message
    assert not [p for p in report.errors if p.path.endswith("berita/dinkes/x.md")]


def test_headings_below_the_first_level_and_escaped_tags_are_not_warned_about(site):
    site.write("berita/dinkes/x.md", GOOD_NEWS + "\n## Jadwal\n\nSetiap Senin. \\#SukamajuSehat\n\n```\n# bukan judul\n```\n")
    report = site.check()
    assert [str(p) for p in report.warnings + report.errors if p.path.endswith("berita/dinkes/x.md")] == []
    assert site.build() == 0
    page = site.read("berita/2026/11/judul/index.html")
    assert "#SukamajuSehat" in page and page.count("<h1") == 1


def test_unknown_key_is_a_warning_with_a_suggestion(site):
    text = (site.content / "berita/dinkes/posyandu.md").read_text()
    site.write("berita/dinkes/posyandu.md", "Kategorie: Berita\n" + text)
    report = site.check()
    assert not report.errors
    assert any("Kategorie: kunci tidak dikenal" in str(w) for w in report.warnings)


def test_registry_slug_may_not_take_a_dip_address(site):
    site.write("opd.toml", '[dinkes]\nnama = "Dinas Kesehatan"\nsingkatan = "Dinkes"\n\n[berkala]\nnama = "X"\nsingkatan = "X"\n')
    found = [str(p) for p in site.check().errors]
    assert any("opd.toml: [berkala]: slug ini dipakai situs untuk alamat dip/berkala/" in p for p in found), found


def test_registry_errors_name_the_table_and_key(site):
    site.write("opd.toml", '[dinkes]\nnama = "Dinas Kesehatan"\n\n["Bad Slug"]\nnama = "X"\nsingkatan = "X"\nwarna = "merah"\n')
    found = [str(p) for p in site.check().errors]
    assert any("opd.toml: [dinkes] singkatan: wajib diisi" in p for p in found), found
    assert len([p for p in found if "opd.toml" not in p]) == 0, "a broken registry is reported once, not per file"
    assert any("opd.toml: [Bad Slug]: slug OPD hanya boleh" in p for p in found), found
    assert any("opd.toml: [Bad Slug] warna: kunci tidak dikenal" in p for p in found), found


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + GOOD_NEWS.encode() + b"\nIsi.\n",
        GOOD_NEWS.replace("\n", "\r\n").encode() + b"\r\nIsi.\r\n",
    ],
    ids=["bom", "crlf"],
)
def test_utf8_bom_and_crlf_are_accepted(site, data):
    site.write("berita/dinkes/x.md", data)
    assert problems(site, "x.md") == []


def test_other_encodings_say_how_to_resave(site):
    site.write("berita/dinkes/x.md", (GOOD_NEWS + "\nKegiatan di Cilacap—Kabupaten Sukamaju: caf\xe9\n").encode("cp1252"))
    found = problems(site, "x.md")
    assert len(found) == 1 and "bukan UTF-8" in found[0] and "Simpan Sebagai" in found[0]


@pytest.mark.parametrize(
    "body, fragment",
    [
        ("<script>alert(1)</script>", "<script>"),
        ('<img src="x.jpg" alt="x" onerror="alert(1)">', "atribut onerror pada <img> tidak diizinkan"),
        ("[klik](javascript:alert(1))", "javascript:"),
        ('<iframe src="https://evil.example/x"></iframe>', "tidak diizinkan; hanya https dari host"),
    ],
)
def test_unsafe_html_is_an_error(site, body, fragment):
    site.write("berita/dinkes/x.md", GOOD_NEWS + "\n" + body + "\n")
    found = problems(site, "x.md")
    assert any(p.startswith("isi: ") and fragment in p for p in found), found


def test_youtube_embed_and_code_spans_are_fine(site):
    body = '<iframe src="https://www.youtube.com/embed/abc" title="Video"></iframe>\n\nTulis `<script>` di kode.\n'
    site.write("berita/dinkes/x.md", GOOD_NEWS + "\n" + body)
    assert problems(site, "x.md") == []


def test_nik_is_an_error_unless_allowed(site):
    site.write("berita/dinkes/x.md", GOOD_NEWS + "\nPenerima atas nama Budi, NIK 3302014508900003.\n")
    found = problems(site, "x.md")
    assert len(found) == 1 and "nomor mirip NIK (3302…03)" in found[0] and "Izinkan-NIK: ya" in found[0]
    site.write("berita/dinkes/x.md", GOOD_NEWS + "Izinkan-NIK: ya\n\nNomor kontrak 3302014508900003.\n")
    assert problems(site, "x.md") == []


def test_izinkan_nik_covers_the_names_of_the_files_the_body_links_and_shows(site):
    """CONTENT.md: a NIK-like number is an error unless the item says Izinkan-NIK: ya: in the
    file names its body links or shows too, as in its header's documents' names."""
    site.write("dokumen/dinkes/sk-3302014508900003.pdf", b"%PDF-1.4\n%%EOF\n")
    site.image("images/berita/3302014508900003.jpg")
    body = ("\n[Salinan SK]({static}/dokumen/dinkes/sk-3302014508900003.pdf)\n\n"
            "![Papan nomor kontrak]({static}/images/berita/3302014508900003.jpg)\n")
    site.write("berita/dinkes/x.md", GOOD_NEWS + body)
    found = problems(site, "x.md")
    assert sum("nama berkas" in p and "mirip NIK" in p for p in found) == 2, found
    site.write("berita/dinkes/x.md", GOOD_NEWS + "Izinkan-NIK: ya\n" + body)
    assert problems(site, "x.md") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("3302014508900003", True),
        ("3302 0145 0890 0003", True),
        ("9999014508900003", False),  # no such province
        ("3302019908900003", False),  # day 99
        ("33020145089000031", False),  # 17 digits
        ("Rp 1.250.000.000", False),
        ("33.02.01.450890.0003", True),  # as a KTP's number is often typed
        ("3302.0145.0890.0003", True),
        ("periode 31.03.2024 - 01.04.2024", False),  # two dates, 16 digits between them
        ("31/03/2024-01/04/2024", False),
    ],
)
def test_nik_plausibility(text, expected):
    assert bool(looks_like_nik(text)) is expected


def test_header_parsing_matches_markdown_meta():
    src = source.parse("Title: Satu\nTags: a, b\n  lanjutan: bukan kunci\n\nIsi\nKey: bukan metadata\n")
    assert src.meta["title"] == "Satu"
    assert "key" not in src.meta
    assert src.body.startswith("Isi")


def test_every_dip_column_is_filled_by_a_field():
    letters = [letter for letter, _, fields in schema.dip_columns() if fields]
    assert letters == ["b", "c", "d", "e", "f", "g"]  # a is the derived number
    assert schema.DIP_COLUMNS["c"] == "Pejabat atau unit/satuan kerja yang menguasai informasi"


# The folders reserved by hand before they were derived from the address settings.
RESERVED_BEFORE = {
    "berita", "dip", "opd", "cari", "agenda", "data", "feeds", "informasi-berkala",
    "narasi-tunggal", "siaran-pers", "pagefind", "images", "dokumen", "theme", "tag",
    "kategori", "halaman", "layanan-informasi", "ppid", "peta-situs", "regulasi",
}


@pytest.mark.parametrize("conf", ["pelicanconf.py", "publishconf.py"])
def test_reserved_slugs_come_from_the_address_settings(conf):
    from conftest import ROOT

    from common.urls import reserved_slugs
    from content.build import load_settings

    settings = load_settings(ROOT / conf)
    assert reserved_slugs(settings) >= RESERVED_BEFORE | {"admin"}
    # A new address setting (a plugin's default or the site's) reserves its folder.
    assert "laporan" in reserved_slugs({**settings, "LAPORAN_URL": "laporan/{slug}/"})
    moved = reserved_slugs({**settings, "AGENDA_LIST_URL": "acara/", "AGENDA_LIST_SAVE_AS": "acara/index.html"})
    assert "acara" in moved


@pytest.mark.parametrize("slug", ["regulasi", "peta-situs", "siaran-pers", "admin"])
def test_a_page_may_not_take_a_folder_of_the_site(site, slug):
    site.write(f"halaman/{slug}.md", f"Title: Halaman Saya\nSlug: {slug}\n\nIsi.\n")
    assert problems(site, f"halaman/{slug}.md") == [f"Slug: alamat /{slug}/ dipakai oleh situs sendiri; pilih Slug lain"]


def test_validation_reads_each_content_file_once(site, monkeypatch):
    """A file's md5 (for the validation cache) and its check come from one read."""
    import builtins
    import io
    from collections import Counter
    from pathlib import Path

    opened = Counter()
    real = builtins.open

    def counting(file, mode="r", *args, **kwargs):
        if str(file).endswith(".md") and "b" in mode:
            opened[Path(str(file)).name] += 1
        return real(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", counting)
    monkeypatch.setattr(io, "open", counting)  # pathlib's read_bytes
    report = site.check()
    assert report.items and not report.errors
    files = {p.name for p in site.content.rglob("*.md")}
    assert set(opened) == files and set(opened.values()) == {1}, opened


def test_a_file_saved_after_the_build_took_its_stamp_is_checked_as_saved(site, tmp_path, monkeypatch):
    """The check takes the content files' stamps and md5s from the build's fingerprint,
    taken moments before, instead of taking them again. A file saved in between, whose kept result cannot be used (the
    photo it names changed), is checked as it is now and its result kept under what was
    checked: saved back as it was, it gets its own result again, not the one of the
    version in between."""
    from common.stamps import FileDigests
    from conftest import CONF
    from content import check
    from content.build import load_settings

    settings = load_settings(CONF, **site.settings())
    cache = tmp_path / "keadaan" / "validasi.pickle"
    site.image("images/foto.jpg")
    good = GOOD_NEWS + "Image: images/foto.jpg\nImage-Alt: Foto di posyandu\n\nIsi.\n"
    path = site.write("berita/dinkes/x.md", good)

    def errors(stamps=None):
        report = check(site.content, settings, cache_path=cache, stamps=stamps)
        return [f"{p.key}: {p.message}" for p in report.errors if p.path.endswith("x.md")]

    assert errors() == []
    taken = FileDigests()
    taken.of(path.resolve())  # the build's fingerprint
    stat, looked = os.stat, []
    monkeypatch.setattr(os, "stat", lambda p, *a, **k: looked.append(os.fspath(p)) or stat(p, *a, **k))
    assert errors() == []
    alone = looked.count(str(path.resolve()))
    looked.clear()
    assert errors(taken.new) == []
    assert looked.count(str(path.resolve())) == alone - 1  # its stamp is the fingerprint's
    monkeypatch.undo()
    site.image("images/foto.jpg", size=(640, 480))
    path.write_text(good.replace("Category: Berita", "Category: Kabar"), encoding="utf-8")
    assert [e.split(":")[0] for e in errors(taken.new)] == ["Category"]
    path.write_text(good, encoding="utf-8")
    assert errors() == []


def test_check_names_the_items_dated_ahead(site):
    """A news item dated next week (a mistyped month, or a scheduled one) is not on the
    site until that day: `check` names it and its day, so the author sees why."""
    import io

    from conftest import CONF
    from content import build

    site.write("berita/dinkes/besok.md", GOOD_NEWS.replace("Judul", "Jadwal Vaksin").replace("2026-11-01", "2026-12-12") + "\nIsi.\n")
    out = io.StringIO()
    assert build.check(CONF, out=out, **site.settings()) == 0, out.getvalue()
    lines = out.getvalue().splitlines()
    assert any(l.strip().startswith("terjadwal: ") and l.endswith("berita/dinkes/besok.md terbit 2026-12-12 08:00") for l in lines), lines


@pytest.mark.parametrize("text, says", [
    ("", "berkas kosong; isi kepalanya (Title: … dan kunci lain, satu per baris) lalu isinya, atau hapus berkasnya"),
    ("\n\n", "berkas kosong"),
    ("Posyandu Serentak di Karangsari\n\nIsi berita.\n",
     "berkas tidak diawali kepala (Title: … dan kunci lain, satu per baris, lalu satu baris kosong); baris pertamanya "
     "\"Posyandu Serentak di Karangsari\": tulis Title: di depannya bila itu judulnya"),
])
def test_a_file_without_a_header_gets_one_message_saying_so(site, text, says):
    """An empty file, or a title typed without `Title:`: one message on the file, not one
    "wajib diisi" per key."""
    site.write("berita/dinkes/x.md", text)
    found = problems(site, "berita/dinkes/x.md")
    assert len(found) == 1 and says in found[0], found
    assert "./run.sh new berita --opd <opd> --judul" in found[0]


def test_a_title_of_emoji_alone_is_said(site):
    """`Title: 🎉🎉🎉` built without a word, its address silently the file's name."""
    site.write("berita/dinkes/2026-11-01-peluncuran.md", GOOD_NEWS.replace("Title: Judul", "Title: 🎉🎉🎉") + "\nIsi.\n")
    site.write("berita/dinkes/2026-11-02-rapat.md", GOOD_NEWS.replace("Title: Judul", "Title: Rapat 🎉") + "\nIsi.\n")
    report = site.check()
    said = [f"{p.path}: {p.key}: {p.message}" for p in report.warnings if "tanpa huruf atau angka" in p.message]
    assert len(said) == 1 and said[0].endswith(
        "2026-11-01-peluncuran.md: Title: judul \"🎉🎉🎉\" tanpa huruf atau angka: pembaca layar dan pencarian tidak mendapat "
        "apa pun darinya, dan alamat halamannya menjadi /berita/2026/11/2026-11-01-peluncuran/ (dari nama berkas); tulis judul "
        "dengan kata-kata"), said


def test_keys_are_read_whatever_their_case(site):
    """The contract's keys are case-insensitive: a header typed in small letters (or in
    capitals, a phone's caps lock) builds the same page as the guide's spelling."""
    site.write("berita/dinkes/kecil.md", """
        title: Vaksinasi Massal di Alun-alun
        date: 2026-11-12 08:00
        opd: dinkes
        AUTHOR: Humas Dinkes
        CATEGORY: Berita
        tags: imunisasi

        Vaksinasi.
        """)
    assert problems(site, "berita/dinkes/kecil.md") == []
    assert site.build() == 0
    html = site.read("berita/2026/11/vaksinasi-massal-di-alun-alun/index.html")
    assert "Vaksinasi Massal di Alun-alun" in html and "Humas Dinkes" in html and "/tag/imunisasi/" in html
    assert "/opd/dinkes/" in html


def test_a_document_written_while_its_entry_is_checked_is_found_by_the_next_build(site, monkeypatch):
    """A folder copied back while a build reads it (the preview): an entry checked while its
    document was not there yet, the document written before that check ended. The next
    build looks again and publishes it, instead of repeating "tidak ditemukan" for a file
    that is there, until someone saves the entry again."""
    from conftest import ENTRY, pdf_with_text
    from content import validate

    site.write("dip/dinkes/laporan-keuangan.md", ENTRY.replace("Date: 2026-09-01 10:00", "Date: 2026-09-01 10:00\nDokumen: dokumen/dinkes/lapkeu.pdf"))
    document = site.content / "dokumen/dinkes/lapkeu.pdf"
    real = validate.Checker.nearest_file

    def copied_meanwhile(self, value):  # asked once the check found no file: the copy reaches it now
        said = real(self, value)
        document.parent.mkdir(parents=True, exist_ok=True)
        document.write_bytes(pdf_with_text([["Laporan realisasi anggaran"]]))
        return said

    monkeypatch.setattr(validate.Checker, "nearest_file", copied_meanwhile)
    assert site.build() != 0  # not there when the check looked
    monkeypatch.setattr(validate.Checker, "nearest_file", real)
    assert site.build() == 0
    assert (site.output / "dokumen/dinkes/lapkeu.pdf").is_file() or any(site.output.rglob("lapkeu*.pdf"))
