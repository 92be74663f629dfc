"""data/dip.xlsx and data/dik.xlsx: the CSV's rows and headers as a spreadsheet, read
back with openpyxl."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime

import pytest
from openpyxl import load_workbook

from test_kip import entry


def read_csv(site, name):
    return list(csv.reader(io.StringIO(site.read(f"data/{name}.csv").lstrip("\ufeff"))))


def as_csv(cell) -> str:
    """A cell as the CSV writes its value (a date cell as its format shows it)."""
    if cell.value is None:
        return ""
    if isinstance(cell.value, datetime):
        return cell.value.strftime("%Y-%m-%d %H:%M" if "hh" in cell.number_format else "%Y-%m-%d")
    return str(cell.value)


def sheet(site, name):
    return load_workbook(site.output / "data" / f"{name}.xlsx").active


@pytest.fixture
def xlsx_site(site):
    site.write("dip/dinkes/formula.md", entry("=HYPERLINK(\"http://jahat.example\",\"klik\")", Kategori="profil",
                                              Unit="+62 282 521210", Tempat_Pembuatan="@SUM(A1:A9)"))
    site.write("dip/dinkes/minus.md", entry("-1+1 Rekap Anggaran", jenis="setiap-saat"))
    site.write("dip/bpbd/panjang.md", entry("Rencana Kontinjensi " + "Bencana Banjir dan Tanah Longsor " * 4, opd="bpbd", Kategori="peringatan-dini"))
    return site


@pytest.mark.parametrize("name", ["dip", "dik"])
def test_spreadsheet_has_the_rows_and_headers_of_the_csv(xlsx_site, name):
    site = xlsx_site
    assert site.build() == 0
    ws = sheet(site, name)
    table = [[as_csv(c) for c in row] for row in ws.iter_rows()]
    expected = read_csv(site, name)
    assert len(table) == len(expected) > 1
    assert table[0] == expected[0]  # the Indonesian headers
    for got, want in zip(table[1:], expected[1:]):
        assert got == [v if not v.startswith(("=", "+", "-", "@", "\t", "\r")) else "'" + v for v in want]
    assert ws.freeze_panes == "A2"
    assert all(c.font.b for c in ws[1])
    assert ws.auto_filter.ref == ws.dimensions


def test_dates_are_dates_and_the_dik_sheet_keeps_its_words(xlsx_site):
    """A journalist sorts and filters by date: the CSV's dates and moments are date cells
    shown as the CSV shows them; the DIK's sheet name was cut mid-word at 31 characters."""
    site = xlsx_site
    site.write("dip/dinkes/rahasia.md", entry("Data Pasien", jenis="dikecualikan", Dasar_Hukum="UU 14/2008 Pasal 17 huruf h",
                                              Alasan="Rahasia pribadi.", Uji_Konsekuensi="Penetapan PPID 1/2026",
                                              Berlaku_Hingga="2030-12-31"))
    assert site.build() == 0
    dip, dik = sheet(site, "dip"), sheet(site, "dik")
    header = [c.value for c in dip[1]]
    published = [row[header.index("Tanggal terbit/diperbarui")] for row in dip.iter_rows(min_row=2)]
    assert published and all(c.value == datetime(2026, 9, 1, 10, 0) and c.number_format == "yyyy-mm-dd hh:mm"
                             for c in published), [(c.value, c.number_format) for c in published]
    until = [row[[c.value for c in dik[1]].index("Jangka waktu pengecualian")] for row in dik.iter_rows(min_row=2)]
    assert (datetime(2030, 12, 31), "yyyy-mm-dd") in [(c.value, c.number_format) for c in until]
    assert all(isinstance(c.value, datetime) and c.number_format == "yyyy-mm-dd" for c in until)
    assert dik.title == "Informasi yang Dikecualikan" and dip.title == "Daftar Informasi Publik"
    empty = [c for row in dip.iter_rows(min_row=2) for c in row if c.value == ""]
    assert not empty  # an empty cell is no cell, not an empty string


def test_author_text_never_becomes_a_formula(xlsx_site):
    site = xlsx_site
    assert site.build() == 0
    ws = sheet(site, "dip")
    cells = [c for row in ws.iter_rows(min_row=2) for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells}
    assert "'=HYPERLINK(\"http://jahat.example\",\"klik\")" in texts
    assert "'+62 282 521210" in texts and "'@SUM(A1:A9)" in texts and "'-1+1 Rekap Anggaran" in texts
    # numbers stay numbers, text is stored as text (a string cell, not a number)
    assert all(isinstance(c.value, int) for c in ws["A"][1:])
    raw = zipfile.ZipFile(site.output / "data" / "dip.xlsx").read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in raw and "<f " not in raw


def test_addresses_of_the_site_are_links_and_nothing_else_is(xlsx_site):
    """A reader clicks an entry's page or its document in the sheet; an author's text that
    looks like an address stays text."""
    from conftest import pdf_with_text

    site = xlsx_site
    site.write("dip/dinkes/alamat.md", entry("https://jahat.example/formulir", jenis="setiap-saat",
                                             Dokumen="dokumen/formulir.pdf"))
    site.write("dokumen/formulir.pdf", pdf_with_text([["Formulir permohonan"]]))
    assert site.build(SITEURL="https://sukamajukab.go.id") == 0
    ws = sheet(site, "dip")
    header = [c.value for c in ws[1]]
    page, document = header.index("Alamat halaman"), header.index("Dokumen")
    pages = [row[page].value for row in ws.iter_rows(min_row=2)]
    assert len(pages) == 5 and all(p.startswith("https://sukamajukab.go.id/dip/") for p in pages)
    documents = [row[document].value for row in ws.iter_rows(min_row=2) if row[document].value]
    assert len(documents) == 1 and documents[0].endswith("/formulir.pdf")
    links = {c.value: c.hyperlink.target for row in ws.iter_rows() for c in row if c.hyperlink}
    assert links == {address: address for address in pages + documents}
    assert "https://jahat.example/formulir" in {c.value for row in ws.iter_rows() for c in row}


def test_columns_are_wide_enough_and_long_text_wraps(xlsx_site):
    site = xlsx_site
    assert site.build() == 0
    ws = sheet(site, "dip")
    header = [c.value for c in ws[1]]
    col = header.index("Ringkasan isi informasi") + 1
    letter = ws.cell(row=1, column=col).column_letter
    titles = [ws.cell(row=r, column=col).value for r in range(2, ws.max_row + 1)]
    width = ws.column_dimensions[letter].width
    assert width >= min(max(len(t) for t in titles), 60)  # the longest title fits, up to the cap
    assert width <= 62
    long = next(r for r in range(2, ws.max_row + 1) if len(ws.cell(row=r, column=col).value) > 60)
    assert ws.cell(row=long, column=col).alignment.wrap_text
    number = ws.column_dimensions["A"].width
    assert 6 <= number < 12  # the Nomor column stays narrow


def test_same_content_gives_the_same_bytes(xlsx_site, tmp_path):
    site = xlsx_site
    assert site.build() == 0
    first = {n: (site.output / "data" / f"{n}.xlsx").read_bytes() for n in ("dip", "dik")}
    site.output = tmp_path / "lagi"  # a second, separate build of the same content
    assert site.build() == 0
    for n in ("dip", "dik"):
        assert (site.output / "data" / f"{n}.xlsx").read_bytes() == first[n]
    props = load_workbook(site.output / "data" / "dip.xlsx").properties
    assert props.modified.date().isoformat() == "2026-09-01"  # the newest entry's Date (UTC)


def test_download_links_name_the_spreadsheet(site):
    assert site.build() == 0
    assert 'href="/data/dip.xlsx"' in site.read("dip/index.html")
    assert 'href="/data/dik.xlsx"' in site.read("dip/dikecualikan/index.html")


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised(start, tmp_path):
    from kip import xlsx
    from content.schema import DIP

    fields = [DIP.field("Title")]
    records = [{"nomor": 1, "title": f"{start}1+1", "url": "/dip/x/"}]
    path = tmp_path / "x.xlsx"
    xlsx.write(path, xlsx.Sheet.of_entries("Uji", [], records, fields, {}, None, "Uji"))
    cell = load_workbook(path).active["B2"]
    assert cell.value == f"'{start}1+1" and cell.data_type == "s"


def test_preview_memo_gives_the_bytes_of_a_fresh_workbook(tmp_path):
    """The preview keeps each workbook's bytes between builds (Run.memory): a changed cell
    makes the workbook again, an unchanged list gives the same bytes."""
    from kip import xlsx
    from content.schema import DIP

    fields = [DIP.field("Title")]

    def records(title):
        return [{"nomor": 1, "title": title, "url": "/dip/a/"}, {"nomor": 2, "title": "Profil", "url": "/dip/b/"}]

    def fresh(title):
        path = tmp_path / "fresh" / "dip.xlsx"
        xlsx.write(path, xlsx.Sheet.of_entries("Uji", [], records(title), fields, {}, None, "Uji"))
        return path.read_bytes()

    memo = {}
    path = tmp_path / "memo" / "dip.xlsx"
    for title in ("Rekap anggaran", "Rekap anggaran", "Rekap anggaran 2026", "Rekap anggaran"):
        xlsx.write(path, xlsx.Sheet.of_entries("Uji", [], records(title), fields, {}, None, "Uji"), memo)
        assert path.read_bytes() == fresh(title), title
    assert load_workbook(path).active["B2"].value == "Rekap anggaran"


@pytest.mark.parametrize("child", ["same", "stale"])
def test_workbooks_are_made_beside_the_build_and_taken_by_their_key(xlsx_site, tmp_path, monkeypatch, child):
    """The DIP/DIK workbooks are made by a forked process while the build derives and
    records its pages; the build writes what that process made only when the sheet's key
    is still the one it makes now (else it makes the workbook itself): the spreadsheet
    always has the CSV's rows."""
    import os

    from kip import xlsx

    build_pid, log, real = os.getpid(), tmp_path / "dibuat.txt", xlsx.Sheet.made

    def made(self):
        with log.open("a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid() != build_pid}\n")
        key, data = real(self)
        return (key + "-lama", b"bukan xlsx") if child == "stale" and os.getpid() != build_pid else (key, data)

    monkeypatch.setattr(xlsx.Sheet, "made", made)
    assert xlsx_site.build() == 0
    made_where = log.read_text(encoding="utf-8").split()
    assert made_where[:2] == ["True", "True"]  # dip and dik, in the forked process
    assert made_where[2:] == ([] if child == "same" else ["False", "False"])  # made again here when stale
    for name in ("dip", "dik"):
        rows = [[as_csv(c) for c in r] for r in sheet(xlsx_site, name).iter_rows()]
        assert rows == read_csv(xlsx_site, name)


def test_a_process_that_makes_workbooks_again_imports_openpyxl_once_for_its_workbook_processes(site):
    """A one-off build leaves openpyxl to its workbook process (0.2 s of start-up it would
    not need when the rows are unchanged); a process that builds again (the preview's
    build process) imports it once, from its second workbook process on, which then
    inherits it. Run in a fresh interpreter: this one imported openpyxl to test."""
    import json
    import subprocess
    import sys

    from conftest import CONF, ROOT

    entry_file = site.content / "dip/dinkes/laporan-keuangan.md"
    script = f"""
import json, sys
sys.path[:0] = [{str(ROOT / "plugins")!r}]
from content import build
seen = []
for n in range(3):
    with open({str(entry_file)!r}, encoding="utf-8") as fh:
        text = fh.read()
    with open({str(entry_file)!r}, "w", encoding="utf-8") as fh:  # a cell of the DIP changes
        fh.write(text.replace("Retensi: " + str(10 + n) + " tahun", "Retensi: " + str(11 + n) + " tahun"))
    assert build.build({str(CONF)!r}, {str(site.output)!r}, **{site.settings()!r}) == 0
    seen.append("openpyxl" in sys.modules)
print(json.dumps(seen))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [False, True, True]
    assert "13 tahun" in [c.value for c in sheet(site, "dip")[2]]  # the third build's cell
