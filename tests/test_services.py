"""End-to-end: the register of requests and the yearly service report, working days,
the IKM, the DIP decree and the Monev self-check (services package), built into tmp_path
with today fixed at 2026-11-22 (conftest.EPOCH). Expected figures are computed by hand
in the comments."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime

import pytest
from lxml import html

from conftest import CONF, ROOT
from content.build import load_settings

HEADER = "nomor,tanggal,opd,kanal,pemohon,informasi,keputusan,pasal,tanggal_jawab,keberatan"

# A small register, every figure counted by hand.
#   working days after `tanggal` up to and including `tanggal_jawab`:
# r1 Fri 06-11 → Tue 10-11: Sat, Sun out; Mon, Tue                          = 2
# r2 Fri 14-08 → Thu 20-08: Mon 17-08 is Independence Day; Tue, Wed, Thu    = 3
# r3 Thu 01-10 → Thu 08-10: Fri 02-10 is in hari-libur.toml; Mon–Thu        = 4
# r4 Tue 01-09 → Tue 22-09: 3 + 5 + 5 + 2 (no holiday in September)        = 15  (> 10)
# r5 Wed 01-07 → Mon 27-07: 2 + 5 + 5 + 5 + 1 (no holiday in July)         = 18  (> 10, > 17)
# r6 Mon 02-03 → Mon 02-03: same day                                        = 0
# r7 dalam proses, no answer
# r8 Mon 02-02 → Wed 04-02: Tue, Wed                                        = 2
# answered: 0 2 2 3 4 15 18 → mean 44/7 = 6.29 → 6.3, median 3.0, max 18
REGISTER = f"""{HEADER}
001/PPID/2026,2026-11-06,dinkes,langsung,perorangan,Jadwal posyandu,dikabulkan,,2026-11-10,tidak
002/PPID/2026,2026-08-14,dinkes,email,perorangan,Data imunisasi,dikabulkan-sebagian,,2026-08-20,tidak
003/PPID/2026,2026-10-01,dinkes,email,perorangan,Daftar puskesmas,dikabulkan,,2026-10-08,tidak
004/PPID/2026,2026-09-01,dinkes,daring,perorangan,Anggaran stunting,dikabulkan,,2026-09-22,tidak
005/PPID/2026,2026-07-01,dinkes,surat,perorangan,Kontrak pengadaan alat,ditolak,b,2026-07-27,ya
006/PPID/2026,2026-03-02,bpbd,daring,badan-hukum,Data korban per orang,ditolak,h,2026-03-02,ya
007/PPID/2026,2026-11-16,bpbd,telepon,kelompok,Peta rawan banjir,dalam-proses,,,tidak
008/PPID/2026,2026-02-02,bpbd,daring,perorangan,Rencana kontinjensi,tidak-dikuasai,,2026-02-04,tidak
"""
HARI_LIBUR = "tanggal = [2026-10-02]\n"
REGISTER_2025 = f"{HEADER}\n001/PPID/2025,2025-05-05,bpbd,surat,perorangan,Data bencana,dikabulkan,,2025-05-08,tidak\n"


def write_register(site, year=2026, text=REGISTER):
    site.write(f"layanan/register/{year}.csv", text)
    site.write("hari-libur.toml", HARI_LIBUR)


def read_json(site, rel):
    return json.loads(site.read(rel))


def errors(capsys) -> list[str]:
    return [ln.strip() for ln in capsys.readouterr().err.splitlines() if ln.startswith("  ")]


def warnings(capsys) -> list[str]:
    return [ln.removeprefix("PERINGATAN ") for ln in capsys.readouterr().err.splitlines() if ln.startswith("PERINGATAN ")]


def text(el) -> str:
    return " ".join(el.text_content().split())


# --- working days and the report ------------------------------------------------------


def test_working_days_skip_weekends_national_holidays_and_hari_libur():
    from services.hari_kerja import WorkingDays

    plain = WorkingDays()
    assert plain.between(date(2026, 11, 6), date(2026, 11, 10)) == 2  # weekend
    assert plain.between(date(2026, 8, 14), date(2026, 8, 20)) == 3  # 17 August
    assert plain.between(date(2026, 10, 1), date(2026, 10, 8)) == 5
    assert WorkingDays({date(2026, 10, 2)}).between(date(2026, 10, 1), date(2026, 10, 8)) == 4  # hari-libur.toml


def test_the_national_holidays_counted_are_kept_for_the_next_build(site, monkeypatch):
    """The holidays of the years a register counts are kept with the build's memory: the
    next build (an edit elsewhere) counts the same working days without loading them."""
    import holidays

    asked = []
    real = holidays.country_holidays
    monkeypatch.setattr(holidays, "country_holidays", lambda *a, **k: asked.append(k.get("years")) or real(*a, **k))
    write_register(site)
    assert site.build() == 0
    assert asked and set(asked) <= {2025, 2026, 2027}
    figures = read_json(site, "data/laporan-layanan-2026.json")["hari_kerja"]
    asked.clear()
    site.write("layanan/ikm/s.toml", survey("2026 Semester I", "3.2"))
    assert site.build() == 0
    assert asked == []
    assert read_json(site, "data/laporan-layanan-2026.json")["hari_kerja"] == figures


def test_report_figures_of_a_small_register(site):
    write_register(site)
    site.write("layanan/register/2025.csv", REGISTER_2025)
    assert site.build() == 0
    report = read_json(site, "data/laporan-layanan-2026.json")
    assert report == {
        "tahun": 2026,
        "jumlah": 8,
        "keputusan": {"dikabulkan": 3, "dikabulkan-sebagian": 1, "ditolak": 2, "tidak-dikuasai": 1, "dalam-proses": 1},
        "penolakan": {"a": 0, "b": 1, "c": 0, "d": 0, "e": 0, "f": 0, "g": 0, "h": 1, "i": 0, "j": 0},
        "kanal": {"langsung": 1, "surat": 1, "email": 2, "daring": 3, "telepon": 1},
        "pemohon": {"perorangan": 6, "badan-hukum": 1, "kelompok": 1},
        "opd": {"dinkes": 5, "bpbd": 3},
        "bulan": {"01": 0, "02": 1, "03": 1, "04": 0, "05": 0, "06": 0, "07": 1, "08": 1, "09": 1, "10": 1, "11": 2, "12": 0},
        "hari_kerja": {"rata_rata": 6.3, "median": 3.0, "maksimum": 18, "lebih_dari_10": 2, "lebih_dari_17": 1},
        "keberatan": 2,
    }
    assert read_json(site, "data/laporan-layanan-2025.json")["jumlah"] == 1
    # The published schema describes every year's file.
    import jsonschema

    checker = jsonschema.Draft202012Validator(read_json(site, "data/laporan-layanan.schema.json"))
    for year in (2025, 2026):
        checker.validate(read_json(site, f"data/laporan-layanan-{year}.json"))
    assert not checker.is_valid({**report, "kanal": {**report["kanal"], "faks": 1}})
    # The report page says the same, and each chart has a text equivalent.
    doc = html.fromstring(site.read("layanan-informasi/laporan/2026/index.html"))
    figures = {text(d.xpath("dt")[0]): text(d.xpath("dd")[0]) for d in doc.xpath("//dl[@class='angka-laporan']/div")}
    assert figures["Permohonan diterima"] == "8"
    assert figures["Rata-rata"] == "6,3 hari kerja"
    assert figures["Dijawab lebih dari 17 hari kerja"] == "1"
    # The weekdays the count left out, listed so a reader can count again: the national
    # holidays by name (r2's Independence Day) and the site's own days (r3's 2 October).
    libur = [text(li) for li in doc.xpath("//details[@class='libur']//li")]
    assert "17 Agustus 2026: Hari Kemerdekaan Republik Indonesia" in libur
    assert "2 Oktober 2026: cuti bersama atau libur daerah" in libur
    days = [date.fromisoformat(d) for d in doc.xpath("//details[@class='libur']//time/@datetime")]
    assert days == sorted(days) and all(d.weekday() < 5 and d.year == 2026 for d in days)
    # The register itself is on the page too, a row per request in its columns' words,
    # without the downloads a verifier may not open on a phone.
    register = doc.xpath("//details[@class='register']//table")[0]
    assert [text(th) for th in register.xpath("thead//th")][:3] == ["Nomor registrasi", "Tanggal diterima", "OPD"]
    rows = {text(tr.xpath("th")[0]): [text(td) for td in tr.xpath("td")] for tr in register.xpath("tbody/tr")}
    assert len(rows) == 8 and "8 permohonan" in text(doc.xpath("//details[@class='register']/summary")[0])
    assert rows["006/PPID/2026"] == ["2 Maret 2026", "Badan Penanggulangan Bencana Daerah", "Daring", "Badan hukum",
                                     "Data korban per orang", "Ditolak", "h. Mengungkap rahasia pribadi", "2 Maret 2026", "Ya"]
    assert rows["007/PPID/2026"][-3:] == ["—", "—", "Tidak"]  # in process: no reason, not answered yet
    assert not doc.xpath("//script[not(@type='application/ld+json')]")
    svg = doc.xpath("//figure[figcaption='Permohonan menurut kanal']//*[local-name()='svg']")[0]
    assert svg.get("role") == "img"
    title = svg.xpath("./*[local-name()='title']")[0]
    assert svg.get("aria-labelledby") == title.get("id")
    assert "Surel: 2" in text(title) and "Daring: 3" in text(title)
    rows = doc.xpath("//figure[figcaption='Permohonan per bulan']//table//tr[th[@scope='row']]")
    assert [(text(r.xpath("th")[0]), text(r.xpath("td")[0])) for r in rows][10] == ("November", "2")


def test_report_fills_berkala_kategori_e_dated_the_day_after_the_last_row(site):
    write_register(site)
    assert site.build() == 0
    index = read_json(site, "data/informasi-berkala.json")["opd"]
    # the year's last row was received 2026-11-16
    for opd in ("dinkes", "bpbd"):
        assert index[opd]["laporan-akses"] == {"status": "terkini", "url": "/layanan-informasi/laporan/2026/", "date": "2026-11-17"}


def test_register_is_published_with_formulas_defused(site):
    write_register(site, text=f"{HEADER}\n=1+1,2026-03-02,bpbd,daring,perorangan,@SUM(A1),dikabulkan,,2026-03-03,tidak\n"
                              "-2,2026-03-03,bpbd,daring,perorangan,+cmd,dikabulkan,,2026-03-04,tidak\n")
    assert site.build() == 0
    rows = list(csv.reader(io.StringIO(site.read("data/register-2026.csv").lstrip("\ufeff"))))
    assert rows[0] == HEADER.split(",")
    assert [r[0] for r in rows[1:]] == ["'=1+1", "'-2"]
    assert [r[5] for r in rows[1:]] == ["'@SUM(A1)", "'+cmd"]


def test_register_is_published_with_each_value_as_the_contract_lists_it(site):
    """A register written with capitals and spaces (`Dikabulkan`, ` email `, `YA`) is read
    as the lists allow; the published CSV carries the same values, as listed."""
    write_register(site, text=f"{HEADER}\n041/PPID/2026, 2026-03-10 ,Dinkes,Email ,Perorangan,Data L,Dikabulkan,,2026-03-12,YA\n"
                              "042/PPID/2026,2026-03-11,dinkes,email,perorangan,Data M,Ditolak,H,2026-03-13,tidak\n")
    assert site.build() == 0
    rows = list(csv.reader(io.StringIO(site.read("data/register-2026.csv").lstrip("\ufeff"))))
    assert rows[1:] == [
        ["041/PPID/2026", "2026-03-10", "dinkes", "email", "perorangan", "Data L", "dikabulkan", "", "2026-03-12", "ya"],
        ["042/PPID/2026", "2026-03-11", "dinkes", "email", "perorangan", "Data M", "ditolak", "h", "2026-03-13", "tidak"],
    ]


def test_register_is_published_as_a_spreadsheet_with_the_csv_s_rows_and_date_cells(site):
    """A spreadsheet set to Indonesian opens the comma CSV in one column: the register is
    also an .xlsx, linked from its report, with the CSV's rows, dates a reader can sort by,
    and a formula-like cell kept as text."""
    import openpyxl

    write_register(site, text=f"{HEADER}\n=1+1,2026-03-02,bpbd,daring,perorangan,Data A,dikabulkan,,2026-03-03,tidak\n"
                              "042/PPID/2026,2026-03-11,dinkes,email,perorangan,Data M,ditolak,h,2026-03-13,tidak\n")
    assert site.build() == 0
    path = site.output / "data/register-2026.xlsx"
    sheet = openpyxl.load_workbook(path).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == HEADER.split(",")
    assert rows[1][:3] == ["'=1+1", datetime(2026, 3, 2), "bpbd"] and sheet["A2"].data_type == "s"
    assert rows[2] == ["042/PPID/2026", datetime(2026, 3, 11), "dinkes", "email", "perorangan", "Data M", "ditolak", "h",
                       datetime(2026, 3, 13), "tidak"]
    assert sheet["B3"].is_date and sheet["B3"].value.date() == date(2026, 3, 11)
    first = path.read_bytes()
    page = html.fromstring(site.read("layanan-informasi/laporan/2026/index.html"))
    assert page.xpath("//a[normalize-space()='register 2026 (Excel)']/@href") == ["/data/register-2026.xlsx"]
    assert site.build() == 0 and path.read_bytes() == first  # the same register, the same bytes


@pytest.mark.parametrize("header, row, where, says", [
    (HEADER + ",nama", "001,2026-03-02,bpbd,daring,perorangan,Data,dikabulkan,,2026-03-03,tidak,Budi", "baris 1, kolom nama", "data pribadi"),
    (HEADER, "001,2026-03-02,bpbd,daring,perorangan,Data untuk 3201 0141 0590 0001,dikabulkan,,2026-03-03,tidak", "baris 2, kolom informasi", "NIK"),
    (HEADER, "001,2026-03-02,bpbd,daring,perorangan,Hubungi 0812-3456-7890,dikabulkan,,2026-03-03,tidak", "baris 2, kolom informasi", "telepon"),
    (HEADER, "001,2026-03-02,bpbd,daring,perorangan,Kirim ke budi@contoh.id,dikabulkan,,2026-03-03,tidak", "baris 2, kolom informasi", "surel"),
    (HEADER, "001,2026-03-02,bpbd,whatsapp,perorangan,Data,dikabulkan,,2026-03-03,tidak", "baris 2, kolom kanal", "langsung, surat, email, daring, telepon"),
    (HEADER, "001,2026-03-02,dinsos,daring,perorangan,Data,dikabulkan,,2026-03-03,tidak", "baris 2, kolom opd", "tidak terdaftar"),
    (HEADER, "001,2026-03-02,bpbd,daring,perorangan,Data,ditolak,,2026-03-03,tidak", "baris 2, kolom pasal", "wajib"),
    (HEADER, "001,2026-03-02,bpbd,daring,perorangan,Data,dikabulkan,,2026-02-27,tidak", "baris 2, kolom tanggal_jawab", "sebelum"),
    (HEADER, "001,2026-03-02,bpbd,daring,perorangan,Data,dalam-proses,,2026-03-03,tidak", "baris 2, kolom tanggal_jawab", "harus kosong"),
    (HEADER, "001,2025-12-30,bpbd,daring,perorangan,Data,dikabulkan,,2026-01-05,tidak", "baris 2, kolom tanggal", "bukan tahun 2026"),
    (HEADER, "001,2026-02-30,bpbd,daring,perorangan,Data,dikabulkan,,2026-03-03,tidak", "baris 2, kolom tanggal", "bukan tanggal"),
    (HEADER, "001,2026-03-02,bpbd,daring,perorangan,Data,dikabulkan", "baris 2", "7 kolom"),
    (HEADER.replace("kanal,pemohon", "pemohon,kanal"), "001,2026-03-02,bpbd,perorangan,daring,Data,dikabulkan,,2026-03-03,tidak", "baris 1", "urutan kolom"),
    (HEADER.replace(",keberatan", ""), "001,2026-03-02,bpbd,daring,perorangan,Data,dikabulkan,,2026-03-03", "baris 1", "kolom keberatan tidak ada"),
    (HEADER, "001,2026-03-02,bpbd,daring,perorangan,Data,dikabulkan,,2026-03-03,tidak\n001,2026-03-03,bpbd,daring,perorangan,Data,dikabulkan,,2026-03-04,tidak", "baris 3, kolom nomor", "baris 2"),
])
def test_bad_register_row_stops_the_build_naming_file_row_and_column(site, capsys, header, row, where, says):
    assert site.build() == 0
    before = site.digest()
    capsys.readouterr()
    write_register(site, text=f"{header}\n{row}\n")
    assert site.build() != 0
    found = [e for e in errors(capsys) if "layanan/register/2026.csv" in e]
    assert any(f"2026.csv: {where}: " in e and says in e for e in found), found
    assert site.digest() == before  # the previous output is left as it was


def test_the_yearly_report_keeps_kategori_e_fresh_for_check_as_for_the_build(site, capsys):
    """An OPD's old kategori e entry is replaced by the year's report of the register: no
    stale warning from the build, nor from `check`, which counts the report the same way."""
    site.write("dip/dinkes/laporan-akses-2024.md",
               "Title: Laporan Akses 2024\nJenis: berkala\nKategori: laporan-akses\nOPD: dinkes\nPenanggung-Jawab: Kadis\n"
               "Waktu-Pembuatan: 2025\nTempat-Pembuatan: Sukamaju\nBentuk: softcopy\nRetensi: 5 tahun\nDate: 2025-01-10 08:00\n\nIsi.\n")
    assert any("laporan-akses-2024.md" in str(w) and "perlu diperbarui" in w.message for w in site.check().warnings)
    write_register(site)  # 2026, rows of dinkes up to 2026-11-06
    assert not [w for w in site.check().warnings if "perlu diperbarui" in w.message and "dinkes" in str(w)]
    assert site.build() == 0
    assert not [w for w in warnings(capsys) if "perlu diperbarui" in w and "Dinkes" in w]


def test_a_stale_yearly_report_says_to_record_this_year_s_requests(site):
    """A year's report ages like an entry, but its date follows its register: the warning
    says to record this year's requests, and doing so refreshes the cell."""
    write_register(site, 2025, REGISTER_2025)  # BPBD's last request of 2025: 5 May
    stale = [w for w in site.check().warnings if "perlu diperbarui" in w.message]
    assert [w.path.endswith("layanan/register/2025.csv") for w in stale] == [True], stale
    assert "catat permohonan yang diterima BPBD di content/layanan/register/2026.csv" in stale[0].message
    write_register(site)  # 2026: BPBD's requests up to 16 November
    assert not [w for w in site.check().warnings if "perlu diperbarui" in w.message]


@pytest.mark.parametrize("text, phone", [
    ("Hubungi 0812-3456-7890", "0812-3456-7890"),
    ("kantor (0274) 512345", "(0274) 512345"),
    ("+62 812 3456 7890", "+62 812 3456 7890"),
    ("0062 812 3456 7890", "0062 812 3456 7890"),
    ("00032-2026", None),  # a register number padded with zeros
    ("000 1234 5678", None),
])
def test_a_phone_number_in_a_register_cell(text, phone):
    from services.data import phone_number

    assert phone_number(text) == phone


def test_every_problem_of_a_register_row_is_named_at_once(site):
    """A PPID officer fixes a row in one go: personal data does not hide the row's other
    problems, a bad cell does not hide the rules across columns, and a cell holding two
    kinds of personal data names both."""
    write_register(site, text=f"""{HEADER}
001,2026-03-02,bpbd,fax,perorangan,Data untuk 3201 0141 0590 0001,dikabulkan,b,2026-03-03,tidak
002,2026-03-02,bpbd,daring,perorangan,Data,dikabulkan,,2026-02-27,mungkin
003,2026-03-02,bpbd,daring,perorangan,Kirim ke budi@contoh.id atau 0812-3456-7890,dikabulkan,,2026-03-03,tidak
""")
    found = sorted(f"{p.key}: {p.message}" for p in site.check().errors if p.path.endswith("layanan/register/2026.csv"))
    keys = [f.split(": ")[0] for f in found]
    assert keys == ["baris 2, kolom informasi", "baris 2, kolom kanal", "baris 2, kolom pasal",
                    "baris 3, kolom keberatan", "baris 3, kolom tanggal_jawab", "baris 4, kolom informasi"], found
    assert "nomor mirip NIK" in found[0] and "sebelum tanggal diterima" in found[4]
    assert "alamat surel (budi@contoh.id), nomor telepon (0812-3456-7890)" in found[5], found[5]


def test_a_register_s_problems_are_said_in_the_order_of_its_rows(site, capsys):
    """Dates written 13/4/2026 on every row: the report goes row 2, 3 … 10, 11, as the
    officer reads the file (it went 10, 11, 2, 3)."""
    rows = "".join(f"{i:03d}/PPID/2026,{i}/4/2026,bpbd,daring,perorangan,Data,dalam-proses,,,tidak\n" for i in range(1, 12))
    write_register(site, text=f"{HEADER}\n{rows}")
    assert site.build() != 0
    lines = [e.split("2026.csv: ")[1].split(",")[0] for e in errors(capsys) if "register/2026.csv: baris " in e]
    assert lines == [f"baris {n}" for n in range(2, 13)], lines


def test_a_past_year_without_a_register_is_a_warning(site, capsys):
    write_register(site)
    assert site.build() == 0
    assert any("layanan/register/2025.csv" in w and "31 Maret 2026" in w for w in warnings(capsys))
    site.write("layanan/register/2025.csv", REGISTER_2025)
    assert site.build() == 0
    assert not any("register/2025.csv" in w for w in warnings(capsys))


# --- IKM ------------------------------------------------------------------------------


def survey(periode, value=None, opd=None, **nrr):
    values = {f"u{i}": value for i in range(1, 10)} | nrr
    body = ", ".join(f"{k} = {v}" for k, v in values.items() if v is not None)
    return f'periode = "{periode}"\n' + (f'opd = "{opd}"\n' if opd else "") + f"responden = 50\nnrr = {{ {body} }}\n"


# Nine equal NRR x: IKM = 25x.
BANDS = [
    ("3.5324", 88.31, "A", "Sangat Baik"), ("3.532", 88.30, "B", "Baik"),
    ("3.0644", 76.61, "B", "Baik"), ("3.064", 76.60, "C", "Kurang Baik"),
    ("2.6", 65.00, "C", "Kurang Baik"), ("2.5996", 64.99, "D", "Tidak Baik"),
]


def test_ikm_band_edges_and_newest_first(site):
    # The year first or last, as a survey's report is titled: sorted by it either way.
    periods = [f"{2020 + i} Semester I" if i % 2 else f"Semester I Tahun {2020 + i}" for i in range(len(BANDS))]
    for i, (x, *_ ) in enumerate(BANDS):
        site.write(f"layanan/ikm/s{i}.toml", survey(periods[i], x))
    # The contract's example: (3.21+3.10+3.05+3.90+3.22+3.30+3.41+3.02+3.15) = 29.36; × 25 / 9 = 81.555… → 81.56
    site.write("layanan/ikm/contoh.toml", survey("2026 Semester II", opd="dinkes", u1=3.21, u2=3.10, u3=3.05, u4=3.90,
                                                 u5=3.22, u6=3.30, u7=3.41, u8=3.02, u9=3.15))
    assert site.build() == 0
    found = read_json(site, "data/ikm.json")["survei"]
    assert [s["periode"] for s in found] == ["2026 Semester II", *reversed(periods)]
    assert found[0] == {"periode": "2026 Semester II", "opd": "dinkes", "responden": 50,
                        "nrr": {"u1": 3.21, "u2": 3.1, "u3": 3.05, "u4": 3.9, "u5": 3.22, "u6": 3.3, "u7": 3.41, "u8": 3.02, "u9": 3.15},
                        "ikm": 81.56, "mutu": "B", "kinerja": "Baik"}
    # The published schema describes the file (and refuses what it should not hold).
    import jsonschema

    schema = read_json(site, "data/ikm.schema.json")
    checker = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    checker.validate(read_json(site, "data/ikm.json"))
    assert not checker.is_valid({"survei": [{**found[0], "mutu": "E"}]})
    assert not checker.is_valid({"survei": [{**found[0], "nrr": {**found[0]["nrr"], "u9": 4.5}}]})
    by_period = {s["periode"]: s for s in found}
    for i, (_, ikm, mutu, kinerja) in enumerate(BANDS):
        s = by_period[periods[i]]
        assert (s["ikm"], s["mutu"], s["kinerja"]) == (ikm, mutu, kinerja)
    # The page shows every survey with its nine elements, the weakest marked.
    doc = html.fromstring(site.read("layanan-informasi/ikm/index.html"))
    first = doc.xpath("//section[@class='survei-ikm']")[0]
    assert "IKM 81,56" in text(first) and "Baik" in text(first)
    assert len(first.xpath(".//tbody/tr")) == 9
    assert [text(tr.xpath("th")[0]) for tr in first.xpath(".//tbody/tr[@class='terendah']")] == ["U8 Penanganan pengaduan, saran dan masukan terendah"]


@pytest.mark.parametrize("toml, key, says", [
    (survey("2026 Semester I", "3.1", u9=None), "nrr.u9", "tidak ada"),
    (survey("2026 Semester I", "3.1", u4="4.2"), "nrr.u4", "1.00–4.00"),
    (survey("2026 Semester I", "3.1", u4="0.99"), "nrr.u4", "1.00–4.00"),
    (survey("2026 Semester I", "3.1", opd="dinsos"), "opd", "tidak terdaftar"),
    (survey("2026 Semester I", "3.1") + "catatan = \"x\"\n", "catatan", "kunci tidak dikenal"),
    (survey("2026 Semester I", "3.1", u5="nan"), "nrr.u5", "nan bukan angka"),
    # Thousands written as Indonesians write them: said how to write the number, as written.
    (survey("2026 Semester I", "3.1").replace("responden = 50", "responden = 1.200"), "responden",
     "1.200 bukan jumlah responden yang sah; tulis tanpa titik pemisah ribuan: responden = 1200"),
    (survey("2026 Semester I", "3.1").replace("responden = 50", "responden = 1,234"), "",
     "responden bilangan bulat, ditulis tanpa pemisah ribuan: 1234, bukan 1,234"),
    (survey("2026 Semester I", "3.1", u1="3.210,5"), "",
     "angka desimal memakai titik, bukan koma: 3210.5, bukan 3.210,5 (tanpa titik pemisah ribuan)"),
])
def test_bad_survey_stops_the_build(site, capsys, toml, key, says):
    site.write("layanan/ikm/survei.toml", toml)
    assert site.build() != 0
    found = errors(capsys)
    assert any(f"layanan/ikm/survei.toml: {key + ': ' if key else ''}" in e and says in e for e in found), found


# --- the DIP decree ---------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DECREES = """
[2025]
nomor = "188.45/009/2025"
tanggal = 2025-01-20
penandatangan = "Sekretaris Daerah"
dokumen = "dokumen/ppid/sk-dip-2025.pdf"

[2026]
nomor = "188.45/012/2026"
tanggal = 2026-01-15
penandatangan = "Sekretaris Daerah"
dokumen = "dokumen/ppid/sk-dip-2026.pdf"
"""


def test_a_missing_decree_and_register_say_what_to_write_and_where_the_guide_shows_it(site):
    """A new site's check named content/dip/penetapan.toml and a register file that do not
    exist, without a word on what to write in them."""
    (site.content / "dip" / "penetapan.toml").unlink(missing_ok=True)
    for register in (site.content / "layanan" / "register").glob("2025.csv"):
        register.unlink()
    said = [str(p) for p in site.check().warnings]
    assert any("penetapan.toml: [2026]: belum ada keputusan penetapan DIP tahun 2026" in w
               and 'buat berkas ini dengan tabel [2026] berisi nomor, tanggal dan PDF keputusannya (contoh: panduan penulis, '
                   'bagian "Penetapan DIP")' in w for w in said), said
    assert any("register/2025.csv" in w and "register permohonan tahun 2025 belum ada" in w and "buat berkas ini (CSV" in w
               and 'kolomnya: panduan penulis, bagian "Register permohonan"' in w for w in said), said


def test_a_decree_of_this_year_with_a_mistake_is_not_also_called_missing(site):
    site.write("dokumen/ppid/sk-dip-2026.pdf", PDF)
    site.write("dip/penetapan.toml", DECREES.split("[2026]")[0] + '[2026]\nnomor = "188.45/012/2026"\ntanggal = "15-01-2026"\n'
               'dokumen = "dokumen/ppid/sk-dip-2026.pdf"\n')
    report = site.check()
    assert any("penetapan.toml: [2026] tanggal:" in str(p) for p in report.errors), report.errors
    assert not any("belum ada keputusan penetapan DIP tahun 2026" in str(p) for p in report.warnings)


def test_dip_names_the_current_decree_and_lists_every_year(site, capsys):
    from conftest import pdf_with_text

    signed = pdf_with_text([["Keputusan Bupati tentang Penetapan Daftar Informasi Publik Tahun 2026"] * 3])
    site.write("dokumen/ppid/sk-dip-2025.pdf", pdf_with_text([[]]))  # a scan: published, with a warning
    site.write("dokumen/ppid/sk-dip-2026.pdf", signed)
    site.write("dip/penetapan.toml", DECREES)
    assert site.build() == 0
    said = [w for w in warnings(capsys) if "penetapan" in w or "sk-dip" in w]
    assert len(said) == 1 and "penetapan.toml: [2025] dokumen: dokumen/ppid/sk-dip-2025.pdf berisi gambar hasil pindai" in said[0], said
    line = text(html.fromstring(site.read("dip/index.html")).xpath("//p[@class='penetapan-dip']")[0])
    assert "188.45/012/2026" in line and "15 Januari 2026" in line
    doc = html.fromstring(site.read("dip/penetapan/index.html"))
    assert [text(tr.xpath("th")[0]) for tr in doc.xpath("//tbody/tr")] == ["2026", "2025"]
    links = doc.xpath("//tbody//a/@href")
    assert links == ["/dokumen/ppid/sk-dip-2026.pdf", "/dokumen/ppid/sk-dip-2025.pdf"]
    assert (site.output / "dokumen/ppid/sk-dip-2026.pdf").read_bytes() == signed


def test_no_decree_for_the_current_year_is_a_warning(site, capsys):
    site.write("dokumen/ppid/sk-dip-2025.pdf", PDF)
    site.write("dip/penetapan.toml", DECREES.split("[2026]")[0])
    assert site.build() == 0
    assert any("dip/penetapan.toml: [2026]: " in w and "tahun 2026" in w for w in warnings(capsys))
    assert "belum diterbitkan" in site.read("dip/index.html")


@pytest.mark.parametrize("toml, key, says", [
    ('[2026]\nnomor = "1"\ntanggal = "15-01-2026"\ndokumen = "dokumen/ppid/sk.pdf"\n', "[2026] tanggal", "bukan tanggal"),
    # The day written is the example, whatever table it is under (it was the table's year).
    ('[2025]\nnomor = "1"\ntanggal = "15-01-2026"\ndokumen = "dokumen/ppid/sk.pdf"\n', "[2025] tanggal", "tulis tanpa tanda kutip, mis. 2026-01-15"),
    ('[2026]\nnomor = "1"\ntanggal = 2026-01-15\ndokumen = "dokumen/ppid/tidak-ada.pdf"\n', "[2026] dokumen", "tidak ditemukan"),
    ('[2026]\nnomor = "1"\ntanggal = 2026-01-15\ndokumen = "dokumen/ppid/sk.txt"\n', "[2026] dokumen", "bukan berkas PDF"),
    ('[2026]\nnomor = "1"\ntanggal = 2026-01-15\ndokumen = "dokumen/ppid/palsu.pdf"\n', "[2026] dokumen", "bukan berkas PDF yang sah"),
    ('[2026]\nnomor = "1"\ntanggal = 2026-01-15\ndokumen = "../luar.pdf"\n', "[2026] dokumen", "di luar folder content/"),
    ('[2026]\nnomor = "1"\ntanggal = 2026-01-15\ndokumen = "dokumen/ppid/sk.pdf"\nttd = "x"\n', "[2026] ttd", "kunci tidak dikenal"),
    ('[2026]\ntanggal = 2026-01-15\ndokumen = "dokumen/ppid/sk.pdf"\n', "[2026] nomor", "wajib"),
    ('[tahun-ini]\nnomor = "1"\n', "[tahun-ini]", "tabel bertahun"),
    ('[2026]\nnomor = "1"\ntanggal = 2024-01-15\ndokumen = "dokumen/ppid/sk.pdf"\n', "[2026] tanggal", "bukan tahun 2026"),
    # Last year's table copied with its decree: January of the year before is no decree of this year.
    ('[2026]\nnomor = "188.45/009/2025"\ntanggal = 2025-01-20\ndokumen = "dokumen/ppid/sk.pdf"\n', "[2026] tanggal",
     "sejak Oktober tahun sebelumnya"),
    ('[2026]\nnomor = "1"\ntanggal = 2099-01-15\ndokumen = "dokumen/ppid/sk.pdf"\n', "[2026] tanggal", "masih di masa depan"),
])
def test_bad_decree_stops_the_build(site, capsys, toml, key, says):
    site.write("dokumen/ppid/sk.pdf", PDF)
    site.write("dokumen/ppid/sk.txt", "bukan pdf")
    site.write("dokumen/ppid/palsu.pdf", "<html><script>alert(1)</script></html>")
    (site.root / "luar.pdf").write_bytes(PDF)
    site.write("dip/penetapan.toml", "# Penetapan DIP\n\n" + toml)
    assert site.build() != 0
    said = [e for e in errors(capsys) if f"dip/penetapan.toml: {key}: " in e and says in e]
    assert said, errors(capsys)
    # At the line of the key in its table (the table's own when the key is not written).
    name = key.split("] ")[-1] if "] " in key else None
    lines = ("# Penetapan DIP\n\n" + toml).splitlines()
    table = next(n for n, line in enumerate(lines, 1) if line.startswith("["))
    expected = next((n for n, line in enumerate(lines, 1) if name and n > table and line.startswith(f"{name} =")), table)
    assert said[0].endswith(f"(baris {expected})"), said


# --- Monev self-check -------------------------------------------------------------------------


MAKLUMAT = ("Dengan ini kami menyatakan sanggup menyelenggarakan pelayanan informasi publik sesuai standar pelayanan "
            "yang telah ditetapkan dan apabila tidak menepati janji ini kami siap menerima sanksi sesuai peraturan.")


def status_of(site) -> dict[str, str]:
    return {b["kode"]: b["status"] for b in read_json(site, "data/kesiapan-monev.json")["butir"]}


def test_monev_self_check_follows_the_content(site):
    assert site.build() == 0
    data = read_json(site, "data/kesiapan-monev.json")
    assert data["tanggal"] == "2026-11-22"
    assert {b["status"] for b in data["butir"]} <= {"terpenuhi", "sebagian", "belum"}
    import jsonschema

    checker = jsonschema.Draft202012Validator(read_json(site, "data/kesiapan-monev.schema.json"),
                                              format_checker=jsonschema.FormatChecker())
    checker.validate(data)
    assert not checker.is_valid({**data, "butir": [{**data["butir"][0], "status": "lulus"}]})
    assert all(b["catatan"] for b in data["butir"])
    before = status_of(site)
    assert before["maklumat"] == before["register-laporan"] == before["penetapan-dip"] == before["ikm"] == "belum"
    assert before["dik"] == "terpenuhi"  # the fixture's one exemption is in force

    (site.content / "halaman/maklumat-pelayanan.md").unlink(missing_ok=True)  # the fixture's stand-in for the menu link
    site.write("halaman/maklumat.md", "Title: Maklumat Pelayanan\nLayanan: maklumat\n\nKami sanggup melayani.\n")
    site.write("halaman/sop-permohonan.md", "Title: SOP Permohonan\nLayanan: sop-permohonan\n\nLangkah.\n")
    write_register(site)
    site.write("layanan/register/2025.csv", REGISTER_2025)
    site.write("layanan/ikm/s.toml", survey("2026 Semester I", "3.2"))
    assert site.build() == 0
    middle = status_of(site)
    assert middle["maklumat"] == "sebagian"  # text, no audio
    assert middle["prosedur"] == "sebagian"  # no objection procedure
    assert middle["register-laporan"] == middle["ikm"] == "terpenuhi"

    site.write("audio/maklumat.ogg", (ROOT / "content/audio/maklumat-pelayanan.ogg").read_bytes())  # checked by its bytes
    site.write("halaman/maklumat.md", "Title: Maklumat Pelayanan\nLayanan: maklumat\nAudio: audio/maklumat.ogg\n\n" + MAKLUMAT + "\n")
    site.write("halaman/sop-keberatan.md", "Title: SOP Keberatan\nLayanan: sop-keberatan\n\nLangkah.\n")
    assert site.build() == 0
    # A procedure page of one word is no procedure a verifier reads (KIP.md: SOPs, times, channels).
    procedure = next(b for b in read_json(site, "data/kesiapan-monev.json")["butir"] if b["kode"] == "prosedur")
    assert procedure["status"] == "sebagian", procedure
    assert "Halaman SOP permohonan informasi, SOP keberatan hampir tanpa teks" in procedure["catatan"], procedure
    steps = ("Pemohon mengisi formulir keberatan di meja layanan atau lewat surel, paling lambat tiga puluh hari kerja "
             "setelah menerima jawaban; atasan PPID menanggapi dalam tiga puluh hari kerja.")
    for slug in ("sop-permohonan", "sop-keberatan"):
        site.write(f"halaman/{slug}.md", f"Title: SOP {slug}\nLayanan: {slug}\n\n{steps}\n")
    assert site.build() == 0
    after = read_json(site, "data/kesiapan-monev.json")["butir"]
    maklumat = next(b for b in after if b["kode"] == "maklumat")
    assert maklumat["status"] == "terpenuhi" and maklumat["tautan"] == "/maklumat-pelayanan/"

    # A maklumat that is an image alone is not "as text" (KIP.md): partly met, and check says why.
    site.write("images/maklumat.png", (ROOT / "content/images/logo-sukamaju.png").read_bytes())
    site.write("halaman/maklumat.md", "Title: Maklumat Pelayanan\nLayanan: maklumat\nAudio: audio/maklumat.ogg\n\n"
               "![Maklumat pelayanan](images/maklumat.png)\n")
    warned = [str(p) for p in site.check().warnings if "maklumat.md" in str(p)]
    assert any("Audio: halaman dengan versi suara harus memuat teksnya (transkrip" in w for w in warned), warned
    assert site.build() == 0
    imaged = next(b for b in read_json(site, "data/kesiapan-monev.json")["butir"] if b["kode"] == "maklumat")
    assert imaged["status"] == "sebagian" and "hampir tanpa teks" in imaged["catatan"], imaged
    # An OPD's maklumat is its PPID Pelaksana's, not the body's: the item is not met by it.
    (site.content / "halaman/maklumat.md").unlink()
    site.write("halaman/dinkes/maklumat.md", "Title: Maklumat Pelayanan Dinkes\nOPD: dinkes\nLayanan: maklumat\n"
               "Audio: audio/maklumat.ogg\n\n" + MAKLUMAT + "\n")
    assert site.build() == 0
    opd_only = next(b for b in read_json(site, "data/kesiapan-monev.json")["butir"] if b["kode"] == "maklumat")
    assert opd_only["status"] == "belum" and "Baru PPID Pelaksana (dinkes)" in opd_only["catatan"], opd_only
    assert next(b for b in after if b["kode"] == "prosedur")["status"] == "terpenuhi"
    page = site.read("layanan-informasi/kesiapan-monev/index.html")
    assert '<meta name="robots" content="noindex">' in page
    assert "Maklumat pelayanan (teks dan audio)" in page


def forms_and_profile(site, forms: str, profile: str):
    """The forms page (its documents, then an online form) and the PPID profile page."""
    site.write("halaman/formulir.md", "Title: Formulir\nLayanan: formulir\n\n" + forms
               + "[Permohonan daring](https://e-ppid.contoh.go.id/).\n")
    site.write("halaman/profil-ppid.md", "Title: Profil PPID\nSlug: profil-ppid\nLayanan: profil-ppid\n\n" + profile + "\n")


def test_monev_forms_and_ppid_profile_need_their_documents(site):
    """A forms page is met only with forms to download (KIP.md, Forms); the PPID profile only
    with its decree linked (PPID profile)."""
    site.write("halaman/formulir.md", "Title: Formulir\nLayanan: formulir\n\nDiisi di meja layanan. "
               "[Permohonan daring](https://e-ppid.contoh.go.id/).\n")
    site.write("halaman/profil-ppid.md", "Title: Profil PPID\nSlug: profil-ppid\nLayanan: profil-ppid\n\nDibentuk dengan keputusan bupati.\n")
    assert site.build() == 0
    items = {b["kode"]: b for b in read_json(site, "data/kesiapan-monev.json")["butir"]}
    assert items["formulir"]["status"] == "sebagian" and "hanya layanan daring" in items["formulir"]["catatan"]
    assert "belum menautkan SK pembentukan PPID" in items["profil-ppid"]["catatan"]
    site.write("dokumen/ppid/formulir-permohonan.pdf", PDF)
    site.write("dokumen/ppid/sk-ppid.pdf", PDF)
    forms_and_profile(site, "[Formulir permohonan (PDF)]({static}/dokumen/ppid/formulir-permohonan.pdf). ",
                      "Dibentuk dengan [keputusan bupati (PDF)]({static}/dokumen/ppid/sk-ppid.pdf).")
    assert site.build() == 0
    items = {b["kode"]: b for b in read_json(site, "data/kesiapan-monev.json")["butir"]}
    # The request form alone: the objection form is missing (KIP.md: both, downloadable).
    assert items["formulir"]["status"] == "sebagian"
    assert "tidak ada formulir keberatan untuk diunduh" in items["formulir"]["catatan"]
    assert "SK pembentukan" not in items["profil-ppid"]["catatan"]
    site.write("dokumen/ppid/formulir-keberatan.pdf", PDF)
    site.write("dokumen/diskominfo/struktur-ppid.pdf", PDF)  # "sk" is inside "diskominfo", no decree
    # A PDF that is no decree (the organisation chart) does not stand for the SK.
    forms_and_profile(site, "[Formulir permohonan (PDF)]({static}/dokumen/ppid/formulir-permohonan.pdf). "
                      "[Pernyataan keberatan (PDF)]({static}/dokumen/ppid/formulir-keberatan.pdf). ",
                      "Lihat [bagan organisasi (PDF)]({static}/dokumen/diskominfo/struktur-ppid.pdf).")
    assert site.build() == 0
    items = {b["kode"]: b for b in read_json(site, "data/kesiapan-monev.json")["butir"]}
    assert items["formulir"]["status"] == "terpenuhi"
    assert items["formulir"]["catatan"] == ("Halaman formulir menautkan 2 berkas formulir untuk diunduh (permohonan dan keberatan) "
                                            "dan layanan permohonan daring.")
    assert "belum menautkan SK pembentukan PPID" in items["profil-ppid"]["catatan"]
    # Who each OPD's PPID Pelaksana is (KIP.md: "the PPID Pelaksana of each OPD with their
    # contacts"): the fixture's registry names none.
    assert "2 dari 2 OPD belum menyebut PPID Pelaksana-nya (ppid di content/opd.toml" in items["profil-ppid"]["catatan"]
    # The DIP decree (an SK as well, sk-dip-2026.pdf) linked from the profile is not the PPID's own.
    site.write("dokumen/ppid/sk-dip-2026.pdf", PDF)
    site.write("dokumen/ppid/sk-dip-2025.pdf", PDF)
    site.write("dip/penetapan.toml", DECREES)
    site.write("halaman/profil-ppid.md", "Title: Profil PPID\nSlug: profil-ppid\nLayanan: profil-ppid\n\n"
               "Lihat [SK penetapan DIP 2026 (PDF)]({static}/dokumen/ppid/sk-dip-2026.pdf).\n")
    assert site.build() == 0
    items = {b["kode"]: b for b in read_json(site, "data/kesiapan-monev.json")["butir"]}
    assert "belum menautkan SK pembentukan PPID" in items["profil-ppid"]["catatan"], items["profil-ppid"]
    from conftest import REGISTRY

    site.write("opd.toml", REGISTRY.replace('singkatan = "Dinkes"', 'singkatan = "Dinkes"\nppid = "Sekretaris Dinas Kesehatan"')
               .replace('singkatan = "BPBD"', 'singkatan = "BPBD"\nppid = "Sekretaris BPBD"'))
    assert site.build() == 0
    items = {b["kode"]: b for b in read_json(site, "data/kesiapan-monev.json")["butir"]}
    assert "belum menyebut PPID Pelaksana" not in items["profil-ppid"]["catatan"], items["profil-ppid"]


def test_monev_items_count_what_a_verifier_accepts(site):
    """What the self-check calls present is what a verifier accepts (KIP.md): the setiap-saat
    list is an item of its own; the yearly report linked is the one due, not this year's
    running one; a DIP entry of kategori f is no list of regulations; an OPD's survey is not
    the PPID Utama's; an SOP linked on the forms page is no form."""
    from conftest import ENTRY

    write_register(site)
    site.write("layanan/register/2025.csv", REGISTER_2025)
    site.write("layanan/ikm/dinkes.toml", survey("2026 Semester I", "3.2", opd="dinkes"))
    site.write("dokumen/ppid/sop-permohonan.pdf", PDF)
    site.write("dokumen/ppid/alur-keberatan.pdf", PDF)
    site.write("halaman/formulir.md", "Title: Formulir\nLayanan: formulir\n\n"
               "[SOP permohonan (PDF)]({static}/dokumen/ppid/sop-permohonan.pdf). "
               "[Alur keberatan (PDF)]({static}/dokumen/ppid/alur-keberatan.pdf).\n")
    site.write("dip/dinkes/perbup-tarif.md", ENTRY.replace("Laporan Keuangan Dinas Kesehatan 2025", "Perbup Tarif Puskesmas")
               .replace("Kategori: laporan-keuangan", "Kategori: regulasi"))
    assert site.build() == 0
    items = {b["kode"]: b for b in read_json(site, "data/kesiapan-monev.json")["butir"]}
    assert items["setiap-saat"]["status"] == "belum", items["setiap-saat"]
    assert items["register-laporan"]["status"] == "terpenuhi"
    assert items["register-laporan"]["tautan"].endswith("layanan-informasi/laporan/2025/"), items["register-laporan"]
    assert items["regulasi"]["status"] == "sebagian" and "belum ada daftar produk hukum" in items["regulasi"]["catatan"]
    assert items["ikm"]["status"] == "belum" and "Baru PPID Pelaksana (dinkes)" in items["ikm"]["catatan"], items["ikm"]
    assert items["formulir"]["status"] == "sebagian", items["formulir"]
    assert "belum menautkan berkas formulir" in items["formulir"]["catatan"], items["formulir"]

    site.write("dip/dinkes/daftar-puskesmas.md", ENTRY.replace("Laporan Keuangan Dinas Kesehatan 2025", "Daftar Puskesmas")
               .replace("Jenis: berkala\nKategori: laporan-keuangan", "Jenis: setiap-saat"))
    assert site.build() == 0
    items = {b["kode"]: b for b in read_json(site, "data/kesiapan-monev.json")["butir"]}
    assert items["setiap-saat"]["status"] == "terpenuhi" and items["setiap-saat"]["tautan"].endswith("dip/setiap-saat/")
    assert items["setiap-saat"]["catatan"] == "1 informasi setiap saat di DIP."


def test_monev_disability_item_names_scanned_pdfs(site):
    """Access for people with disabilities (KIP.md): the theme, the maklumat's audio, and
    documents a screen reader can read; a published scanned PDF makes the item partly met
    and is named."""
    from conftest import pdf_with_text

    site.write("audio/maklumat.ogg", (ROOT / "content/audio/maklumat-pelayanan.ogg").read_bytes())
    site.write("halaman/maklumat.md", "Title: Maklumat Pelayanan\nLayanan: maklumat\nAudio: audio/maklumat.ogg\n\nKami sanggup melayani.\n")
    site.write("dokumen/ppid/formulir.pdf", pdf_with_text([["Formulir permohonan informasi publik: nama, alamat, rincian informasi"] * 3]))
    site.write("halaman/formulir.md", "Title: Formulir\nLayanan: formulir\n\n[Formulir (PDF)]({static}/dokumen/ppid/formulir.pdf)\n")
    assert site.build() == 0
    items = {b["kode"]: b for b in read_json(site, "data/kesiapan-monev.json")["butir"]}
    assert items["disabilitas"]["status"] == "terpenuhi", items["disabilitas"]
    site.write("dokumen/ppid/formulir.pdf", pdf_with_text([[]]))
    assert site.build() == 0
    items = {b["kode"]: b for b in read_json(site, "data/kesiapan-monev.json")["butir"]}
    assert items["disabilitas"]["status"] == "sebagian"
    assert "1 dokumen PDF berisi gambar hasil pindai" in items["disabilitas"]["catatan"]
    assert "dokumen/ppid/formulir.pdf" in items["disabilitas"]["catatan"]


def test_monev_task_prints_every_item(site, capsys):
    from services.generator import print_monev

    assert site.build() == 0
    capsys.readouterr()
    print_monev(site.output / "data" / "kesiapan-monev.json", __import__("sys").stdout)
    out = capsys.readouterr().out
    items = read_json(site, "data/kesiapan-monev.json")["butir"]
    assert all(b["uraian"] in out for b in items)
    assert "Jumlah: terpenuhi" in out


def test_stale_report_warns_on_the_register_file(site, capsys):
    write_register(site, text=f"{HEADER}\n001/PPID/2026,2026-03-02,bpbd,daring,perorangan,Data,dikabulkan,,2026-03-03,tidak\n")
    assert site.build() == 0
    assert any("layanan/register/2026.csv: tanggal: informasi berkala e." in w for w in warnings(capsys))


def test_request_in_process_past_its_deadline_is_a_warning_on_its_row(site):
    """Today is Sun 2026-11-22 (SOURCE_DATE_EPOCH). Received Mon 02-11: 4 working days that
    week, 5 the next, so the 10th is Mon 16-11 and the 17th Wed 25-11; 14 have passed.
    Received Mon 16-11: 5 have passed, within the 10."""
    write_register(site, text=f"{HEADER}\n"
                   "001/PPID/2026,2026-11-02,bpbd,daring,perorangan,Data,dalam-proses,,,tidak\n"
                   "002/PPID/2026,2026-11-16,bpbd,daring,perorangan,Data,dalam-proses,,,tidak\n")
    warnings = [w for w in site.check().warnings if w.path.endswith("register/2026.csv")]
    assert [(w.key, w.message) for w in warnings] == [(
        "baris 2, kolom keputusan",
        "permohonan 001/PPID/2026 diterima 2026-11-02 masih dalam proses setelah 14 hari kerja; UU 14/2008 Pasal 22: "
        "dijawab paling lambat 2026-11-16 (10 hari kerja), atau 2026-11-25 bila diperpanjang 7 hari kerja dengan "
        "pemberitahuan tertulis; catat keputusan dan tanggal_jawab begitu dijawab")]


@pytest.mark.parametrize("sep", [";", "\t"])
def test_a_register_excel_saved_with_semicolons_or_tabs_reads_as_with_commas(site, sep):
    """Excel writes CSV with the list separator of the computer's regional settings (a
    semicolon in Indonesian ones; a tab as "Teks Unicode"): the register is read the same."""
    write_register(site)
    assert site.build() == 0
    expected = read_json(site, "data/laporan-layanan-2026.json"), site.read("data/register-2026.csv")
    write_register(site, text=REGISTER.replace(",", sep))
    assert not [str(e) for e in site.check().errors]
    assert site.build() == 0
    assert (read_json(site, "data/laporan-layanan-2026.json"), site.read("data/register-2026.csv")) == expected


@pytest.mark.parametrize("value", [
    "Anggaran 2026 sebesar Rp 1.250.000.000", "Perbup 12/2024 dan Perda Nomor 5 Tahun 2023", "Jam layanan 08.00-16.00",
    "Surat 027/123/PPID/2026", "Data 2024-2025 per kecamatan", "NPWP badan 01.234.567.8-901.000",
])
def test_ordinary_numbers_are_not_taken_for_personal_data(value):
    from services.data import personal_data

    assert personal_data(value) is None


@pytest.mark.parametrize("value", ["0812 3456 7890", "+62 812-3456-7890", "(0282) 123456", "6281234567890", "budi.s@mail.co.id"])
def test_phone_numbers_and_addresses_are_personal_data(value):
    from services.data import personal_data

    assert personal_data(f"Hubungi {value} segera")


@pytest.mark.parametrize("toml, key, says", [
    ('tanggal = ["2026-12-24"]\n', "tanggal", "bukan tanggal"),
    ("libur = [2026-12-24]\n", "libur", "kunci tidak dikenal"),
    ("tanggal = [2026-01-01, 2026-02-30, 2026-03-01]\n", "", "2026-02-30 bukan tanggal yang sah"),
])
def test_bad_hari_libur_stops_the_build(site, capsys, toml, key, says):
    site.write("hari-libur.toml", toml)
    assert site.build() != 0
    assert any(f"hari-libur.toml: {key + ': ' if key else ''}" in e and says in e for e in errors(capsys)), errors(capsys)


def test_a_survey_s_opd_is_read_regardless_of_case(site):
    site.write("layanan/ikm/survei.toml", survey("2026 Semester I", "3.1", opd="Dinkes"))
    assert site.build() == 0
    assert read_json(site, "data/ikm.json")["survei"][0]["opd"] == "dinkes"


def test_monev_menu_item_reads_the_site_menus(site):
    assert site.build() == 0
    assert status_of(site)["menu-ppid"] == "terpenuhi"  # the sample settings link dip/ and dip/dikecualikan/
    # the ppid plugin builds a PPID menu from what exists; without it and without menu settings, none
    plugins = [p for p in load_settings(CONF)["PLUGINS"] if p != "ppid"]
    assert site.build(PLUGINS=plugins, MENU=(("beranda", "Beranda", ""),), MENU_LAYANAN=(), MENU_PPID=(), MENU_KAKI=()) == 0
    assert status_of(site)["menu-ppid"] == "belum"


def test_incremental_build_after_a_register_edit_equals_a_clean_build(site):
    import hashlib
    import shutil

    from conftest import CONF
    from content import build as kbuild

    def digest(folder):
        return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(folder.rglob("*")) if p.is_file() and "pagefind" not in p.parts}

    write_register(site)
    site.write("layanan/ikm/s.toml", survey("2026 Semester I", "3.2"))
    assert site.build() == 0
    write_register(site, text=REGISTER.replace("005/PPID/2026,2026-07-01,dinkes", "005/PPID/2026,2026-07-01,bpbd"))
    site.write("layanan/ikm/s.toml", survey("2026 Semester I", "3.3"))
    assert site.build() == 0
    clean = site.root / "bersih"
    shutil.rmtree(clean, ignore_errors=True)
    assert kbuild.build(CONF, clean, **site.settings()) == 0
    assert digest(site.output) == digest(clean)
    assert read_json(site, "data/laporan-layanan-2026.json")["opd"] == {"dinkes": 4, "bpbd": 4}


def test_self_check_page_stays_out_of_the_sitemap(site):
    write_register(site)
    assert site.build(SITEURL="https://sukamajukab.go.id") == 0
    sitemap = site.read("sitemap.xml")
    assert "https://sukamajukab.go.id/layanan-informasi/laporan/2026/" in sitemap
    assert "kesiapan-monev" not in sitemap
    tautan = {b["kode"]: b["tautan"] for b in read_json(site, "data/kesiapan-monev.json")["butir"]}
    assert tautan["register-laporan"] == "https://sukamajukab.go.id/layanan-informasi/laporan/2026/"
