"""End-to-end: the public-information views and exports (kip plugin), built into tmp_path
with "today" fixed by SOURCE_DATE_EPOCH (conftest.EPOCH); dates are written relative to it."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import jsonschema
import pytest
from lxml import html

from conftest import EPOCH
from content.schema import DIP_COLUMNS, KATEGORI_BERKALA

# "Today" of every build here, in the site's time zone; dates below are relative to it.
TODAY = datetime.fromtimestamp(int(EPOCH), timezone.utc).astimezone(ZoneInfo("Asia/Jakarta")).date()


def ago(days: int, hour: str = "08:00") -> str:
    return f"{(TODAY - timedelta(days=days)).isoformat()} {hour}"


def iso(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


def entry(title, jenis="berkala", opd="dinkes", date="2026-09-01 10:00", **extra):
    head = {
        "Title": title, "Jenis": jenis, "OPD": opd, "Penanggung-Jawab": "Kepala Dinas",
        "Waktu-Pembuatan": "2026", "Tempat-Pembuatan": "Sukamaju", "Bentuk": "softcopy",
        "Retensi": "5 tahun", "Date": date, **{k.replace("_", "-"): v for k, v in extra.items()},
    }
    return "\n".join(f"{k}: {v}" for k, v in head.items()) + "\n\nKeterangan.\n"


def dik(title, until, opd="dinkes"):
    return entry(title, jenis="dikecualikan", opd=opd, date="2025-01-10 10:00", Dasar_Hukum="UU 14/2008 Pasal 17 huruf h",
                 Alasan="Rahasia pribadi.", Uji_Konsekuensi="Penetapan PPID 480/002/2025", Berlaku_Hingga=until)


def page(site, rel):
    return html.fromstring(site.read(rel))


def text(el) -> str:
    return " ".join(el.text_content().split())


def berkala_cell(site, opd_name, letter):
    doc = page(site, "informasi-berkala/index.html")
    row = next(tr for tr in doc.xpath("//table//tbody/tr") if opd_name in text(tr.xpath("./th")[0]))
    return text(next(td for td in row.xpath("./td") if td.get("data-label", "").startswith(f"{letter}. ")))


def score(site, opd_name):
    doc = page(site, "informasi-berkala/index.html")
    row = next(tr for tr in doc.xpath("//table//tbody/tr") if opd_name in text(tr.xpath("./th")[0]))
    return text(row.xpath("./td[@data-label='Skor']")[0])


@pytest.fixture
def berkala_site(site):
    # laporan-keuangan (d): the conftest entry, 2026-09-01, plus an older one: the newest wins.
    site.write("dip/dinkes/lra-lama.md", entry("LRA Lama 2024", Kategori="laporan-keuangan", date=ago(400)))
    # kinerja (c): 184 days before today: stale. program-kegiatan (b): exactly 183 days: fresh.
    site.write("dip/dinkes/lkjip.md", entry("LKjIP Dinkes", Kategori="kinerja", date=ago(184)))
    site.write("dip/dinkes/program.md", entry("Program Dinkes", Kategori="program-kegiatan", date=ago(183)))
    # regulasi (f): old Date but a recent Modified: fresh.
    site.write("dip/dinkes/perbup.md", entry("Perbup Tarif", Kategori="regulasi", date=ago(900), Modified=ago(30)))
    # profil (a): only a draft; pengadaan (i): only a future entry. Both stay empty.
    site.write("dip/dinkes/profil.md", entry("Profil Draf", Kategori="profil", Status="draft"))
    site.write("dip/dinkes/rup.md", entry("RUP Besok", Kategori="pengadaan", date=ago(-3)))
    return site


def build_warnings(capsys) -> list[str]:
    """The warnings the build printed, one line each, as an author sees them."""
    return [ln.removeprefix("PERINGATAN ") for ln in capsys.readouterr().err.splitlines() if ln.startswith("PERINGATAN ")]


def test_berkala_cells_newest_entry_and_freshness(berkala_site, capsys):
    site = berkala_site
    assert site.build() == 0
    warnings = build_warnings(capsys)
    d = berkala_cell(site, "Dinas Kesehatan", "d")
    assert "Terkini" in d and "Laporan Keuangan Dinas Kesehatan 2025" in d and "1 September 2026" in d
    assert "LRA Lama" not in d
    c = berkala_cell(site, "Dinas Kesehatan", "c")
    assert "Perlu diperbarui" in c and "LKjIP Dinkes" in c
    assert "Terkini" in berkala_cell(site, "Dinas Kesehatan", "b")
    assert "Terkini" in berkala_cell(site, "Dinas Kesehatan", "f")
    for letter in ("a", "i", "e"):
        assert "Kosong" in berkala_cell(site, "Dinas Kesehatan", letter)
    assert "Draf" not in site.read("informasi-berkala/index.html")
    assert "RUP Besok" not in site.read("informasi-berkala/index.html")
    assert score(site, "Dinas Kesehatan") == "3/11 terkini"
    assert score(site, "Badan Penanggulangan Bencana Daerah") == "0/11 terkini"
    assert "3/11 terkini" in site.read("opd/dinkes/index.html")

    data = json.loads(site.read("data/informasi-berkala.json"))
    assert data["tanggal"] == TODAY.isoformat()
    assert list(data["opd"]) == ["dinkes", "bpbd"]
    for cells in data["opd"].values():
        assert list(cells) == [k.slug for k in KATEGORI_BERKALA]
    dinkes = data["opd"]["dinkes"]
    assert dinkes["laporan-keuangan"] == {"status": "terkini", "url": "/dip/dinkes/laporan-keuangan-dinas-kesehatan-2025/", "date": "2026-09-01"}
    assert dinkes["kinerja"]["status"] == "perlu-diperbarui"
    assert dinkes["regulasi"]["date"] == iso(30)
    assert dinkes["profil"] == {"status": "kosong", "url": None, "date": None}
    assert dinkes["pengadaan"]["status"] == "kosong"

    stale = [w for w in warnings if "perlu diperbarui" in w]
    assert len(stale) == 1
    assert "dip/dinkes/lkjip.md: Date:" in stale[0] and "Ringkasan kinerja" in stale[0]
    # `check` (a pre-commit hook, CI) says the same, before any build.
    checked = [str(w) for w in site.check().warnings if "perlu diperbarui" in w.message]
    assert [c.split(" (baris")[0] for c in checked] == [stale[0].split(" (baris")[0]], (checked, stale)
    # It says what to write; written, the warning is gone.
    assert f"lalu tulis tanggal pembaruannya, mis. Modified: {TODAY.isoformat()}" in stale[0]
    site.write("dip/dinkes/lkjip.md", entry("LKjIP Dinkes", Kategori="kinerja", date=ago(184), Modified=TODAY.isoformat()))
    assert not [w for w in site.check().warnings if "perlu diperbarui" in w.message]


def test_status_is_readable_without_colour(berkala_site):
    assert berkala_site.build() == 0
    legend = text(page(berkala_site, "informasi-berkala/index.html").xpath("//section[@class='legenda']")[0])
    for word in ("Terkini", "Perlu diperbarui", "Kosong"):
        assert word in legend


def test_dip_numbering_order_and_columns(site):
    site.write("dip/bpbd/peringatan.md", entry("Peringatan Dini Banjir", jenis="serta-merta", opd="bpbd", date="2026-11-20 08:00"))
    site.write("dip/bpbd/profil.md", entry("Profil BPBD", opd="bpbd", Kategori="profil", date="2026-10-01 08:00"))
    site.write("dip/dinkes/sop.md", entry("SOP Layanan", jenis="setiap-saat", date="2026-01-01 08:00"))
    site.write("dip/dinkes/profil.md", entry("Profil Dinkes", Kategori="profil", date="2026-10-01 08:00"))
    assert site.build() == 0
    # registry order (dinkes, bpbd), then berkala/serta-merta/setiap-saat, then kategori letter.
    expected = ["Profil Dinkes", "Laporan Keuangan Dinas Kesehatan 2025", "SOP Layanan", "Profil BPBD", "Peringatan Dini Banjir"]
    rows = page(site, "dip/index.html").xpath("//table/tbody/tr")
    assert [text(r.xpath("./th")[0]) for r in rows] == expected
    assert [text(r.xpath("./td")[0]) for r in rows] == ["1", "2", "3", "4", "5"]
    heads = [text(th) for th in page(site, "dip/index.html").xpath("//table/thead//th")]
    for letter, label in DIP_COLUMNS.items():
        assert f"{letter}. {label}" in heads
    assert "Jenis informasi" in heads
    records = json.loads(site.read("data/dip.json"))
    assert [(r["nomor"], r["title"]) for r in records] == list(enumerate(expected, start=1))
    assert "Data Pribadi Pasien" not in site.read("dip/index.html")
    # by kind, and by OPD, keep the DIP number
    serta = page(site, "dip/serta-merta/index.html").xpath("//table/tbody/tr")
    assert [(text(r.xpath("./td")[0]), text(r.xpath("./th")[0])) for r in serta] == [("5", "Peringatan Dini Banjir")]
    bpbd = page(site, "dip/bpbd/index.html").xpath("//table/tbody/tr")
    assert [text(r.xpath("./th")[0]) for r in bpbd] == ["Profil BPBD", "Peringatan Dini Banjir"]
    table = page(site, "dip/berkala/index.html").xpath("//table")[0]
    assert table.xpath("./caption") and all(th.get("scope") == "col" for th in table.xpath("./thead//th"))


def test_expired_exemption_is_marked_and_warned(site, capsys):
    site.write("dip/dinkes/lama.md", dik("Hasil Audit Investigasi", iso(1)))
    site.write("dip/dinkes/hari-ini.md", dik("Dokumen Penyidikan", iso(0)))
    assert site.build() == 0
    warnings = build_warnings(capsys)
    rows = {text(r.xpath("./th")[0]): r for r in page(site, "dip/dikecualikan/index.html").xpath("//table/tbody/tr")}
    assert set(rows) == {"Hasil Audit Investigasi", "Dokumen Penyidikan", "Data Pribadi Pasien"}
    assert "Kedaluwarsa" in text(rows["Hasil Audit Investigasi"])
    assert "Berlaku" in text(rows["Dokumen Penyidikan"]) and "Kedaluwarsa" not in text(rows["Dokumen Penyidikan"])
    row = text(rows["Data Pribadi Pasien"])
    for value in ("UU 14/2008 Pasal 17 huruf h", "Rahasia pribadi pasien.", "Penetapan PPID Nomor 480/001/PPID/2025", "31 Desember 2030"):
        assert value in row
    assert "Kedaluwarsa" in text(page(site, "dip/dinkes/hasil-audit-investigasi/index.html").xpath("//article")[0])
    expired = [w for w in warnings if "kedaluwarsa" in w]
    assert len(expired) == 1 and "dip/dinkes/lama.md: Berlaku-Hingga:" in expired[0]
    # `check` (a pre-commit hook, CI) says so too, before any build.
    checked = [f"{w.path}: {w.key}: {w.message}" for w in site.check().warnings if "kedaluwarsa" in w.message]
    assert len(checked) == 1 and "dip/dinkes/lama.md: Berlaku-Hingga: masa pengecualian berakhir" in checked[0], checked
    assert "Hasil Audit Investigasi" not in site.read("dip/index.html")
    # The exports say it as the page does (a verifier reads the spreadsheet).
    status = {r["title"]: r["status_pengecualian"] for r in json.loads(site.read("data/dik.json"))}
    assert status == {"Hasil Audit Investigasi": "kedaluwarsa", "Dokumen Penyidikan": "berlaku", "Data Pribadi Pasien": "berlaku"}
    in_csv = {r["Ringkasan isi informasi"]: r["Status pengecualian"]
              for r in csv.DictReader(io.StringIO(site.read("data/dik.csv").lstrip("\ufeff")))}
    assert in_csv == status
    assert "status_pengecualian" not in json.loads(site.read("data/dip.json"))[0]


def test_each_exemption_shows_its_classification_from_the_letter_of_its_legal_basis(site):
    """A DIK decision states the classification of what it withholds (Perki 1/2021): the
    list, the entry's page and the exports name it from the letters of Pasal 17 that
    Dasar-Hukum cites, another provision's letters (after its own "Pasal") left out."""
    from openpyxl import load_workbook

    site.write("dip/bpbd/hps.md", entry("HPS Paket Tanggul", jenis="dikecualikan", opd="bpbd", date="2025-01-10 10:00",
                                        Dasar_Hukum="UU 14/2008 Pasal 17 huruf b dan huruf a jo. PP 61/2010 Pasal 8 huruf h",
                                        Alasan="Persaingan usaha.", Uji_Konsekuensi="Penetapan PPID 480/003/2025",
                                        Berlaku_Hingga="2030-12-31"))
    assert site.build() == 0
    want = {"Data Pribadi Pasien": ["h. Mengungkap rahasia pribadi"],
            "HPS Paket Tanggul": ["b. Mengganggu perlindungan hak atas kekayaan intelektual dan persaingan usaha tidak sehat",
                                  "a. Menghambat proses penegakan hukum"]}
    table = page(site, "dip/dikecualikan/index.html").xpath("//table")[0]
    headers = [text(th) for th in table.xpath("./thead//th")]
    assert headers.index("Klasifikasi pengecualian") == headers.index("Dasar hukum pengecualian") - 1
    for tr in table.xpath("./tbody/tr"):
        cell = tr.xpath("./td[@data-label='Klasifikasi pengecualian']")[0]
        assert [" ".join(t.split()) for t in cell.xpath("./text()") if t.strip()] == want[text(tr.xpath("./th")[0])]
    shown = page(site, "dip/bpbd/hps-paket-tanggul/index.html").xpath("//dt[.='Klasifikasi pengecualian']/following-sibling::dd[1]")
    assert [text(dd) for dd in shown] == ["; ".join(want["HPS Paket Tanggul"])]
    assert not page(site, "dip/dinkes/laporan-keuangan-dinas-kesehatan-2025/index.html").xpath("//dt[.='Klasifikasi pengecualian']")
    # The exports: an array of the classifications in JSON (valid against its schema), one cell in the CSV and the workbook.
    records = json.loads(site.read("data/dik.json"))
    assert {r["title"]: r["klasifikasi"] for r in records} == want
    jsonschema.Draft202012Validator(json.loads(site.read("data/dik.schema.json"))).validate(records)
    in_csv = {r["Ringkasan isi informasi"]: r["Klasifikasi pengecualian"]
              for r in csv.DictReader(io.StringIO(site.read("data/dik.csv").lstrip("\ufeff")))}
    assert in_csv == {title: "; ".join(v) for title, v in want.items()}
    sheet = list(load_workbook(site.output / "data" / "dik.xlsx").active.values)
    header = next(i for i, row in enumerate(sheet) if "Klasifikasi pengecualian" in row)
    column = sheet[header].index("Klasifikasi pengecualian")
    assert sorted(row[column] for row in sheet[header + 1:] if row[column]) == sorted(in_csv.values())
    assert "klasifikasi" not in json.loads(site.read("data/dip.json"))[0]


def test_serta_merta_banner_shows_only_current_announcements(site):
    site.write("dip/bpbd/banjir.md", entry("Siaga Banjir Kali Serayu", jenis="serta-merta", opd="bpbd", date=ago(21)))
    site.write("dip/bpbd/longsor.md", entry("Waspada Longsor Oktober", jenis="serta-merta", opd="bpbd", date=ago(31)))
    site.write("dip/dinkes/dbd.md", entry("Kewaspadaan DBD Besok", jenis="serta-merta", date=ago(-3)))
    assert site.build() == 0
    doc = page(site, "index.html")
    banner = doc.xpath("//section[contains(@class, 'serta-merta')]")
    assert len(banner) == 1
    assert "Siaga Banjir Kali Serayu" in text(banner[0])
    assert "Waspada Longsor" not in text(banner[0]) and "Besok" not in text(banner[0])
    main = doc.xpath("//main")[0]
    assert main.xpath("./*")[0] is banner[0]  # above everything else
    assert site.build(SERTA_MERTA_DAYS=60) == 0
    assert "Waspada Longsor Oktober" in site.read("index.html")


def test_an_announcement_leaves_the_home_page_the_day_after_its_situation_ends(site):
    """A flood warning for a week stayed on the home page 30 days: with Berakhir, it shows
    until that day and no longer; a long situation stays past the 30 days. The field is
    for serta-merta entries alone."""
    site.write("dip/bpbd/banjir.md", entry("Siaga Banjir Kali Serayu", jenis="serta-merta", opd="bpbd", date=ago(10),
                                           Berakhir=iso(4)))
    site.write("dip/bpbd/kemarau.md", entry("Siaga Darurat Kekeringan", jenis="serta-merta", opd="bpbd", date=ago(40),
                                            Berakhir=iso(-20)))
    site.write("dip/bpbd/longsor.md", entry("Waspada Longsor Hari Ini", jenis="serta-merta", opd="bpbd", date=ago(3),
                                            Berakhir=iso(0)))
    assert site.build() == 0
    banner = text(page(site, "index.html").xpath("//section[contains(@class, 'serta-merta')]")[0])
    assert "Siaga Darurat Kekeringan" in banner and "Waspada Longsor Hari Ini" in banner
    assert "Siaga Banjir Kali Serayu" not in banner
    entry_page = text(page(site, "dip/bpbd/siaga-banjir-kali-serayu/index.html"))
    assert "Keadaan berakhir" in entry_page
    site.write("dip/dinkes/lkjip.md", entry("LKjIP Dinkes", Kategori="kinerja", Berakhir=iso(-5)))
    said = [str(p) for p in site.check().errors if p.path.endswith("dip/dinkes/lkjip.md")]
    assert any("Berakhir" in p for p in said), said


def test_an_announcement_ending_before_it_is_published_and_a_kategori_outside_berkala_are_refused(site):
    """A serta-merta entry whose last day comes before its Date (a mistyped year) never
    reached the home page and nothing said so; a Kategori on another kind showed in the
    tables but filled no cell of the berkala index. Both are refused, naming what to do;
    the last day being the day it is published is allowed."""
    site.write("dip/bpbd/keracunan.md", entry("Waspada Keracunan Pangan", jenis="serta-merta", opd="bpbd",
                                              date="2026-11-05 10:00", Berakhir="2026-11-01"))
    site.write("dip/bpbd/angin.md", entry("Waspada Angin Kencang", jenis="serta-merta", opd="bpbd",
                                          date="2026-11-05 10:00", Berakhir="2026-11-05"))
    site.write("dip/dinkes/rekap.md", entry("Rekap Anggaran", jenis="setiap-saat", Kategori="laporan-keuangan"))
    said = {p.path.rsplit("/", 1)[-1]: (p.key, p.message) for p in site.check().errors}
    assert said["keracunan.md"] == ("Berakhir", "2026-11-01 sebelum Date 2026-11-05: pengumuman serta-merta ini tidak "
                                    "pernah tampil di beranda; tulis hari terakhir keadaannya (sesudah tanggal terbit)"), said
    assert said["rekap.md"][0] == "Kategori" and said["rekap.md"][1].startswith("hanya untuk Jenis: berkala"), said
    assert "angin.md" not in said


@pytest.mark.parametrize("basis, said", [
    ("UU 14/2008 Pasal 17 huruf z", "Pasal 17 UU 14/2008 berhuruf a sampai j; huruf z tidak ada di sana"),
    ("UU KIP Pasal 17 (h)", "sebutkan huruf Pasal 17 UU 14/2008 yang menjadi dasar pengecualiannya, mis. UU 14/2008 Pasal 17 huruf h"),
    ("Perbup 12/2024", "sebutkan huruf Pasal 17"),
    ("UU 14/2008 Pasal 17 huruf h dan huruf k", "huruf k tidak ada di sana"),
])
def test_an_exemption_s_legal_basis_names_a_letter_of_pasal_17(site, basis, said):
    """A verifier looks for the letter of UU KIP Pasal 17 an exemption rests on: one
    outside a-j, or none, was published as written."""
    site.write("dip/dinkes/rahasia.md", dik("Catatan Rahasia", "2030-01-01").replace(
        "Dasar-Hukum: UU 14/2008 Pasal 17 huruf h", f"Dasar-Hukum: {basis}"))
    errors = [(p.key, p.message) for p in site.check().errors if p.path.endswith("rahasia.md")]
    assert errors and errors[0][0] == "Dasar-Hukum" and said in errors[0][1], errors
    from content.kinds import DasarHukum  # the editor's form refuses it before a save, by its pattern

    editor = re.compile(DasarHukum.pattern[0])
    assert not editor.match(basis) and editor.match("UU 14/2008 pasal 17 huruf H angka 2")
    site.write("dip/dinkes/rahasia.md", dik("Catatan Rahasia", "2030-01-01").replace(
        "Pasal 17 huruf h", "pasal 17 huruf H angka 2"))
    assert not [p for p in site.check().errors if p.path.endswith("rahasia.md")]


def test_an_exemption_s_legal_basis_may_cite_other_provisions_with_their_own_letters(site):
    """A DIK often cites UU KIP with the provision that details it ("jo." PP 61/2010): the
    other provision's letters are not letters of Pasal 17."""
    from content.kinds import DasarHukum

    basis = "UU 14/2008 Pasal 17 huruf c angka 1 jo. PP 61/2010 Pasal 8 ayat (1) huruf m"
    site.write("dip/dinkes/rahasia.md", dik("Catatan Rahasia", "2030-01-01").replace(
        "Dasar-Hukum: UU 14/2008 Pasal 17 huruf h", f"Dasar-Hukum: {basis}"))
    assert not [p for p in site.check().errors if p.path.endswith("rahasia.md")]
    assert re.compile(DasarHukum.pattern[0]).match(basis)  # the editor's form takes it too


def test_an_update_or_a_making_dated_after_today_is_refused(site):
    """``Modified: 2027-03-01`` (for 2026) kept a berkala cell fresh for a year and the page
    said it was updated then; a Waktu-Pembuatan to come said the information was made.
    A scheduled entry may carry dates up to its own."""
    site.write("dip/dinkes/lk.md", entry("Laporan Keuangan 2025", Kategori="laporan-keuangan", Modified="2027-03-01 08:00"))
    site.write("dip/dinkes/rka.md", entry("RKA Dinkes", Kategori="program-kegiatan").replace(
        "Waktu-Pembuatan: 2026", "Waktu-Pembuatan: 2027-06-30"))
    site.write("dip/dinkes/renja.md", entry("Renja Dinkes", Kategori="program-kegiatan").replace(
        "Waktu-Pembuatan: 2026", "Waktu-Pembuatan: 2027"))
    site.write("dip/dinkes/nanti.md", entry("Profil Dinkes 2027", Kategori="profil", date="2027-01-10 08:00",
                                            Modified="2027-01-10 08:00").replace("Waktu-Pembuatan: 2026", "Waktu-Pembuatan: 2027"))
    said = {p.path.rsplit("/", 1)[-1]: (p.key, p.message) for p in site.check().errors}
    today = datetime.fromtimestamp(int(EPOCH), ZoneInfo("Asia/Jakarta")).date().isoformat()
    assert said["lk.md"] == ("Modified", f"2027-03-01 masih di masa depan (hari ini {today}); tanggal ini mencatat yang "
                                         "sudah terjadi: salah ketik tahun? Tulis tanggal yang benar"), said
    assert said["rka.md"][0] == "Waktu-Pembuatan" and said["rka.md"][1].startswith("2027-06-30 masih di masa depan"), said
    assert said["renja.md"][0] == "Waktu-Pembuatan" and said["renja.md"][1].startswith("2027 masih di masa depan"), said
    assert "nanti.md" not in said


def test_no_banner_without_current_announcement(site):
    assert site.build() == 0
    assert not page(site, "index.html").xpath("//section[contains(@class, 'serta-merta')]")


def test_exports_match_their_json_schema_and_csv_opens_in_excel(berkala_site):
    site = berkala_site
    site.write("dip/bpbd/banjir.md", entry("Siaga Banjir", jenis="serta-merta", opd="bpbd", date=ago(5)))
    assert site.build() == 0
    for name in ("dip", "dik", "informasi-berkala"):
        schema = json.loads(site.read(f"data/{name}.schema.json"))
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(schema)
        data = json.loads(site.read(f"data/{name}.json"))
        jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER).validate(data)
    dip = json.loads(site.read("data/dip.json"))
    assert {r["jenis"] for r in dip} == {"berkala", "serta-merta"}
    broken = dict(dip[0], jenis="dikecualikan")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([broken], json.loads(site.read("data/dip.schema.json")))
    dik_rows = json.loads(site.read("data/dik.json"))
    assert [r["berlaku-hingga"] for r in dik_rows] == ["2030-12-31"]
    assert all("dokumen" not in r for r in dik_rows) and all("dasar-hukum" not in r for r in dip)

    for name, count in (("dip", len(dip)), ("dik", 1)):
        raw = (site.output / f"data/{name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        header = rows[0]
        assert header[0] == "Nomor" and "Ringkasan isi informasi" in header
        assert "Penanggung jawab pembuatan atau penerbitan informasi" in header
        assert len(rows) == count + 1
    rows = list(csv.DictReader(io.StringIO(site.read("data/dik.csv").lstrip("\ufeff"))))
    assert rows[0]["Dasar hukum pengecualian"] == "UU 14/2008 Pasal 17 huruf h"
    assert rows[0]["Pejabat atau unit yang menguasai informasi"] == "Dinas Kesehatan"


def test_a_web_address_holding_commas_is_one_link_of_an_entry(site):
    """A map's address holds commas: `Tautan` is split at a comma before the next address
    only (as the editor writes its boxes, joined by ", "), not at every comma."""
    import json

    maps = "https://www.google.com/maps/@-7.3912,109.3632,15z"
    site.write("dip/dinkes/laporan-keuangan.md", site.content.joinpath("dip/dinkes/laporan-keuangan.md").read_text().replace(
        "Date: 2026-09-01 10:00", f"Date: 2026-09-01 10:00\nTautan: {maps}, https://djpk.kemenkeu.go.id/apbd,Https://x.example/a"))
    assert not site.check().errors
    assert site.build(CARI_ENABLED=False) == 0
    doc = page(site, "dip/dinkes/laporan-keuangan-dinas-kesehatan-2025/index.html")
    assert doc.xpath(f"//a[@href='{maps}']") and doc.xpath("//a[@href='https://djpk.kemenkeu.go.id/apbd']")
    record = next(r for r in json.loads(site.read("data/dip.json")) if r["title"].startswith("Laporan Keuangan"))
    assert record["tautan"] == [maps, "https://djpk.kemenkeu.go.id/apbd", "Https://x.example/a"], record
    # A part that is no address is still named, alone.
    site.write("dip/dinkes/laporan-keuangan.md", site.content.joinpath("dip/dinkes/laporan-keuangan.md").read_text().replace(
        ", https://djpk", ", djpk"))
    said = [str(e) for e in site.check().errors]
    assert len(said) == 1 and "Tautan:" in said[0] and "bukan alamat web yang sah" in said[0], said


def test_entry_page_labels_fields_and_sizes_documents(site):
    site.write("dokumen/dinkes/lra-2025.pdf", b"%PDF-1.4\n" + b"0" * 2039)
    site.write("dip/dinkes/laporan-keuangan.md", site.content.joinpath("dip/dinkes/laporan-keuangan.md").read_text().replace(
        "Date: 2026-09-01 10:00", "Date: 2026-09-01 10:00\nDokumen: dokumen/dinkes/lra-2025.pdf\nTautan: https://djpk.kemenkeu.go.id/apbd"))
    assert site.build() == 0
    doc = page(site, "dip/dinkes/laporan-keuangan-dinas-kesehatan-2025/index.html")
    labels = [text(dt) for dt in doc.xpath("//dl[@class='rincian']/dt")]
    for label in ("d. Penanggung jawab pembuatan atau penerbitan informasi", "Jenis informasi", "g. Jangka waktu penyimpanan atau retensi arsip"):
        assert label in labels
    docs = text(doc.xpath("//ul[@class='dokumen']")[0])
    assert "lra-2025.pdf (PDF, 2,0 KB)" in docs
    assert doc.xpath("//a[@href='https://djpk.kemenkeu.go.id/apbd']")
    assert (site.output / "dokumen/dinkes/lra-2025.pdf").stat().st_size == 2048
    # Each Perki column letter once, on its first row (c: OPD then unit; e: time then place).
    letters = [text(s) for s in doc.xpath("//dl[@class='rincian']/dt/span[@class='huruf']")]
    assert len(letters) == len(set(letters)) and {"c.", "d.", "e.", "g."} <= set(letters), letters
    # Where it sits and what it is, for a reader arriving from a search engine or a share.
    crumbs = [text(a) for a in doc.xpath("//nav[@class='remah']//li")]
    assert crumbs == ["Beranda", "Daftar Informasi Publik", "Dinkes", "Laporan Keuangan Dinas Kesehatan 2025"]
    opd_list = page(site, "dip/dinkes/index.html")
    assert [text(li) for li in opd_list.xpath("//nav[@class='remah']//li")] == ["Beranda", "Daftar Informasi Publik", "Dinkes"]
    assert doc.xpath("//nav[@class='remah']//a/@href") == ["/", "/dip/", "/dip/dinkes/"]
    description = doc.xpath("//meta[@name='description']/@content")[0]
    assert description.startswith("Laporan Keuangan Dinas Kesehatan 2025: informasi publik Dinas Kesehatan")


def test_every_registry_opd_has_a_profile_page(site):
    site.write("opd.toml", site.content.joinpath("opd.toml").read_text() + '\n[dinsos]\nnama = "Dinas Sosial"\nsingkatan = "Dinsos"\nalamat = "Jl. Melati 3"\ntelepon = "(0282) 1"\nemail = "dinsos@contoh.go.id"\n')
    assert site.build() == 0
    dinsos = text(page(site, "opd/dinsos/index.html").xpath("//main")[0])
    for value in ("Dinas Sosial", "Jl. Melati 3", "(0282) 1", "dinsos@contoh.go.id", "0/11 terkini"):
        assert value in dinsos
    dinkes = text(page(site, "opd/dinkes/index.html").xpath("//main")[0])
    assert "Posyandu Serentak" in dinkes and "Laporan Keuangan Dinas Kesehatan 2025" in dinkes
    assert (site.output / "opd/bpbd/index.html").is_file()
    opd = page(site, "opd/dinsos/index.html")
    assert opd.xpath("//meta[@name='description']/@content")[0].startswith("Profil, berita, informasi publik dan PPID Pelaksana Dinas Sosial")
    assert [text(li) for li in opd.xpath("//nav[@class='remah']//li")] == ["Beranda", "Layanan PPID", "Dinas Sosial"]


def test_five_thousand_entries_keep_every_page_under_one_megabyte(site):
    opds = [f"opd{i:02d}" for i in range(30)]
    site.write("opd.toml", "".join(f'[{o}]\nnama = "Organisasi Perangkat Daerah Nomor {o}"\nsingkatan = "{o.upper()}"\n\n' for o in opds))
    (site.content / "berita").joinpath("dinkes/posyandu.md").unlink()
    for p in site.content.joinpath("dip").rglob("*.md"):
        p.unlink()
    kinds = ["berkala", "serta-merta", "setiap-saat", "dikecualikan"]
    for n in range(5000):
        opd, jenis = opds[n % 30], kinds[n % 4]
        extra = {"Kategori": KATEGORI_BERKALA[n % 11].slug} if jenis == "berkala" else {}
        if jenis == "dikecualikan":
            text_ = dik(f"Informasi dikecualikan nomor {n} tentang urusan pemerintahan daerah", "2030-12-31", opd=opd)
        else:
            text_ = entry(f"Informasi publik nomor {n} tentang urusan pemerintahan daerah", jenis=jenis, opd=opd,
                          date=f"2026-{1 + n % 10:02d}-{1 + n % 28:02d} 08:00", **extra)
        site.write(f"dip/{opd}/e{n}.md", text_)
    assert site.build(CARI_ENABLED=False) == 0  # the pages' size, not the search index (test_search_shards.py)
    pages = list(site.output.rglob("*.html"))
    assert len(pages) > 5000
    sizes = {str(p.relative_to(site.output)): p.stat().st_size for p in pages}
    assert max(sizes.values()) < 1_000_000, max(sizes.items(), key=lambda kv: kv[1])
    assert len(json.loads(site.read("data/dip.json"))) == 3750
    assert (site.output / "dip/halaman/2/index.html").is_file()


def test_a_berkala_entry_with_nothing_to_read_is_said_and_counted(site):
    """A cell counted current whose entry is a line of text, no document, no link: a reader
    and a Monev verifier open it and find no report. Said on the file, and by the self-check."""
    import json

    site.write("dip/dinkes/lkjip.md", entry("LKjIP Dinkes", Kategori="kinerja", date=ago(10)))
    said = [w.message for w in site.check().warnings if w.path.endswith("dip/dinkes/lkjip.md")]
    assert any("entri berkala ini tanpa Dokumen atau Tautan dan isinya hanya 1 kata" in m
               and "Dokumen: dokumen/dinkes/nama-berkas.pdf" in m for m in said), said
    assert site.build() == 0
    monev = json.loads(site.read("data/kesiapan-monev.json"))
    berkala = next(b for b in monev["butir"] if b["kode"] == "informasi-berkala")
    assert "sel terkini berisi entri tanpa dokumen atau tautan" in berkala["catatan"], berkala
    # With its document, or a text that is the information itself: nothing said.
    site.write("dokumen/dinkes/lkjip.pdf", b"%PDF-1.4\n" + b"0" * 64)
    site.write("dip/dinkes/lkjip.md", entry("LKjIP Dinkes", Kategori="kinerja", date=ago(10), Dokumen="dokumen/dinkes/lkjip.pdf"))
    assert not [w for w in site.check().warnings if w.path.endswith("dip/dinkes/lkjip.md")]
    site.write("dip/dinkes/lkjip.md", entry("LKjIP Dinkes", Kategori="kinerja", date=ago(10)).replace("Keterangan.", "Capaian. " * 90))
    assert not [w for w in site.check().warnings if w.path.endswith("dip/dinkes/lkjip.md")]
    # A Dokumen written with a mistake is an error naming the file there, not also "no Dokumen".
    site.write("dip/dinkes/lkjip.md", entry("LKjIP Dinkes", Kategori="kinerja", date=ago(10), Dokumen="dokumen/dinkes/LKJIP.pdf"))
    report = site.check()
    assert [p.key for p in report.errors if p.path.endswith("dip/dinkes/lkjip.md")] == ["Dokumen"]
    assert not [w for w in report.warnings if w.path.endswith("dip/dinkes/lkjip.md")]
    # The self-check counts by the same rule: not an entry whose text is the information,
    # nor the yearly service report the register makes (a page of the site, no Dokumen).
    site.write("dip/dinkes/lkjip.md", entry("LKjIP Dinkes", Kategori="kinerja", date=ago(10)).replace("Keterangan.", "Capaian. " * 90))
    site.write(f"layanan/register/{TODAY.year}.csv",
               "nomor,tanggal,opd,kanal,pemohon,informasi,keputusan,pasal,tanggal_jawab,keberatan\n"
               f"001/PPID/{TODAY.year},{iso(30)},dinkes,surat,perorangan,Data imunisasi,dikabulkan,,{iso(27)},tidak\n")
    assert site.build() == 0
    index = json.loads(site.read("data/informasi-berkala.json"))
    assert index["opd"]["dinkes"]["laporan-akses"]["status"] == "terkini"
    monev = json.loads(site.read("data/kesiapan-monev.json"))
    berkala = next(b for b in monev["butir"] if b["kode"] == "informasi-berkala")
    # (one is: the fixture's laporan-keuangan.md, five words and no Dokumen, warned as such)
    assert [w.path for w in site.check().warnings if "entri berkala ini tanpa Dokumen" in w.message] == [
        str(site.content / "dip/dinkes/laporan-keuangan.md").replace(f"{os.getcwd()}/", "")]
    assert "; 1 sel terkini berisi entri tanpa dokumen atau tautan" in berkala["catatan"], berkala


def test_an_exemption_s_signed_consequence_test_is_published_and_linked(site):
    """The signed consequence test of an exemption is public (Perki 1/2021 Pasal 49), its
    information is not: the entry's page and its DIK row link the PDF, the exports give
    its address, and only a DIK entry may name one."""
    from conftest import pdf_with_text

    site.write("dokumen/ppid/uji-konsekuensi-480-002-2025.pdf", pdf_with_text([["Penetapan Uji Konsekuensi 480/002/2025"]]))
    site.write("dip/dinkes/audit.md", dik("Hasil Audit Investigasi", "2030-12-31").replace(
        "Berlaku-Hingga:", "Dokumen-Uji-Konsekuensi: dokumen/ppid/uji-konsekuensi-480-002-2025.pdf\nBerlaku-Hingga:"))
    assert site.build() == 0
    doc = page(site, "dip/dinkes/hasil-audit-investigasi/index.html")
    link = doc.xpath("//h2[.='Penetapan uji konsekuensi']/following-sibling::ul[1]//a")[0]
    assert link.get("href") == "/dokumen/ppid/uji-konsekuensi-480-002-2025.pdf"
    assert (site.output / "dokumen/ppid/uji-konsekuensi-480-002-2025.pdf").read_bytes()[:4] == b"%PDF"
    rows = {text(r.xpath("./th")[0]): r for r in page(site, "dip/dikecualikan/index.html").xpath("//table/tbody/tr")}
    cell = rows["Hasil Audit Investigasi"].xpath("./td[@data-label='Uji konsekuensi']")[0]
    assert "Penetapan PPID 480/002/2025" in text(cell)
    assert cell.xpath(".//a/@href") == ["/dokumen/ppid/uji-konsekuensi-480-002-2025.pdf"]
    # A screen reader's list of links names the decree, not only "Unduh penetapan".
    assert "Penetapan PPID 480/002/2025" in text(cell.xpath(".//a")[0])
    assert not rows["Data Pribadi Pasien"].xpath("./td[@data-label='Uji konsekuensi']//a")
    exported = {r["title"]: r.get("dokumen-uji-konsekuensi") for r in json.loads(site.read("data/dik.json"))}
    assert exported["Hasil Audit Investigasi"] == ["/dokumen/ppid/uji-konsekuensi-480-002-2025.pdf"]
    in_csv = {r["Ringkasan isi informasi"]: r["Dokumen uji konsekuensi"]
              for r in csv.DictReader(io.StringIO(site.read("data/dik.csv").lstrip("\ufeff")))}
    assert in_csv["Hasil Audit Investigasi"].endswith("/dokumen/ppid/uji-konsekuensi-480-002-2025.pdf")
    assert "Dokumen uji konsekuensi" not in site.read("data/dip.csv").splitlines()[0]
    # On an open entry, or as a Word file, it is refused with what to do.
    site.write("dip/dinkes/terbuka.md", entry("Laporan Terbuka", jenis="setiap-saat",
                                              Dokumen_Uji_Konsekuensi="dokumen/ppid/uji-konsekuensi-480-002-2025.pdf"))
    site.write("dokumen/ppid/uji.docx", b"PK\x03\x04")
    site.write("dip/dinkes/audit.md", (site.content / "dip/dinkes/audit.md").read_text().replace(
        "uji-konsekuensi-480-002-2025.pdf", "uji.docx"))
    found = [f"{e.path}: {e.key}: {e.message}" for e in site.check().errors]
    assert any("terbuka.md: Dokumen-Uji-Konsekuensi: hanya untuk Jenis: dikecualikan" in e for e in found), found
    assert any("audit.md: Dokumen-Uji-Konsekuensi:" in e and "bukan berkas PDF" in e for e in found), found
    site.write("dip/dinkes/audit.md", (site.content / "dip/dinkes/audit.md").read_text().replace(
        "dokumen/ppid/uji.docx", "dokumen/ppid/uji-konsekuensi-480-002-2025.pdf, dokumen/ppid/lampiran.pdf"))
    found = [f"{e.path}: {e.key}: {e.message}" for e in site.check().errors]
    assert any("audit.md: Dokumen-Uji-Konsekuensi:" in e and "hanya satu berkas PDF" in e for e in found), found


def test_a_consequence_test_pdf_is_checked_as_every_published_document_is(site):
    """The NIK check reads it, and two of them publishing under one name are refused (a
    verifier would get another OPD's decree)."""
    from conftest import pdf_with_text

    site.write("dokumen/dinkes/uji-nik.pdf", pdf_with_text([["Lampiran: Siti Aminah, NIK 3302014504850003"]]))
    site.write("dokumen/ppid/uji-konsekuensi.pdf", pdf_with_text([["Penetapan 480/001"]]))
    site.write("dokumen/ppid/Uji Konsekuensi.pdf", pdf_with_text([["Penetapan 480/002"]]))
    for name, doc in (("a", "dokumen/dinkes/uji-nik.pdf"), ("b", "dokumen/ppid/uji-konsekuensi.pdf"),
                      ("c", "dokumen/ppid/Uji Konsekuensi.pdf")):
        site.write(f"dip/dinkes/{name}.md", dik(f"Informasi {name}", "2030-12-31").replace(
            "Berlaku-Hingga:", f"Dokumen-Uji-Konsekuensi: {doc}\nBerlaku-Hingga:"))
    found = [f"{e.path}: {e.key}: {e.message}" for e in site.check().errors]
    assert any("a.md: Dokumen-Uji-Konsekuensi: berkas dokumen/dinkes/uji-nik.pdf berisi nomor mirip NIK" in e for e in found), found
    clash = [e for e in found if "terbit dengan nama yang sama" in e]
    assert len(clash) == 1 and "Dokumen-Uji-Konsekuensi:" in clash[0], found


def test_a_new_serta_merta_entry_asks_for_what_such_an_announcement_must_say(site):
    """`invoke new dip --jenis serta-merta` writes the threat, who is affected, how and
    where to evacuate and how to get help as parts to fill; check refuses the entry until
    they are written, and the page shows each part under its heading."""
    from content import registry, scaffold

    reg, _ = registry.load(site.content)
    path = scaffold.new(site.content, "dip", "dinkes", "Siaga Banjir Sungai Cisukamaju", reg, "Asia/Jakarta",
                        jenis="serta-merta")
    text = path.read_text(encoding="utf-8")
    parts = ["Wilayah dan warga yang terdampak", "Cara dan tempat evakuasi", "Meminta bantuan"]
    assert all(f"## {part}" in text for part in parts), text
    refused = [p.message for p in site.check().errors if p.path.endswith(path.name)]
    assert any("masih berisi teks contoh '[ISI: keadaan yang diumumkan" in m for m in refused), refused
    filled = re.sub(r"\[ISI: ([^\]]*)\]", lambda m: f"Keterangan tentang {m.group(1).split(',')[0]}.", text)
    path.write_text(filled, encoding="utf-8")
    assert not [p for p in site.check().errors if p.path.endswith(path.name)]
    assert site.build() == 0
    doc = html.fromstring(site.read("dip/dinkes/siaga-banjir-sungai-cisukamaju/index.html"))
    headings = [h.text_content().strip() for h in doc.xpath("//main//h2 | //main//h3")]
    assert [h for h in headings if h in parts] == parts, headings
