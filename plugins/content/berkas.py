"""Documents an author publishes, recognised by their bytes, not their names.

The allowlist is short and fixed (``FORMATS``): a document is published on the site's own
domain, so anything a browser would run there (HTML, SVG, script) or a phone would install
(an APK) must never pass as a "document". Each format is recognised by its signature and,
for the zip-based office formats, by the parts they must hold; the extension must name the
same format. A hand-written table rather than a magic-number library: the list is ten
formats, and the office formats need a look inside the zip that such libraries only guess.

Text documents (CSV, TXT), the text of office files and the text layer of PDFs (pypdf)
are returned by ``text_of`` so that the NIK check reads them like a body. A PDF that is
only scanned pictures has no text to read: the check cannot see a NIK in it, a screen
reader cannot read it aloud, and ``scanned`` says so (a warning for its author, an item of
the Monev self-check).
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from pathlib import Path

from . import suara

# pypdf reports what it repairs in damaged PDFs through logging, in English; such a
# PDF is read as far as it goes, and the author has nothing to do about it.
logging.getLogger("pypdf").setLevel(logging.CRITICAL)

# extension -> (format name shown to authors, kind)
FORMATS = {
    ".pdf": ("PDF", "pdf"),
    ".doc": ("Word 97-2003", "ole"), ".xls": ("Excel 97-2003", "ole"), ".ppt": ("PowerPoint 97-2003", "ole"),
    ".docx": ("Word", "ooxml"), ".xlsx": ("Excel", "ooxml"), ".pptx": ("PowerPoint", "ooxml"),
    ".odt": ("OpenDocument Teks", "odf"), ".ods": ("OpenDocument Lembar Kerja", "odf"), ".odp": ("OpenDocument Presentasi", "odf"),
    ".csv": ("CSV", "text"), ".txt": ("Teks", "text"),
    ".jpg": ("JPEG", "jpeg"), ".jpeg": ("JPEG", "jpeg"), ".png": ("PNG", "png"), ".webp": ("WebP", "webp"),
    ".zip": ("ZIP", "zip"),
    # Audio (the spoken maklumat): the formats and sniffing of suara.py.
    **{ext: (name, "mp3" if ext == ".mp3" else "ogg") for ext, (name, _) in suara.FORMATS.items()},
}
AUDIO = frozenset(suara.FORMATS)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File Binary: Office 97-2003, embedded OLE objects
CONTENT_TYPES = "[content_types].xml"  # an Office 2007+ package's list of its parts' types, in lower case
OOXML_PART = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}
ODF_MIME = {
    ".odt": b"application/vnd.oasis.opendocument.text",
    ".ods": b"application/vnd.oasis.opendocument.spreadsheet",
    ".odp": b"application/vnd.oasis.opendocument.presentation",
}
# What may sit inside a .zip: documents of the list above, nothing that runs.
ZIP_MEMBERS = frozenset(FORMATS) - {".zip"}
MARKUP_START = re.compile(rb"^\s*<(?:!doctype|html|svg|\?xml|script|head|body|iframe|!--)", re.I)


def allowed_list() -> str:
    return ", ".join(sorted({ext.lstrip(".") for ext in FORMATS} - {"oga", "opus"}))


def problem(path: Path, audio_only: bool = False) -> str | None:
    """None when ``path`` is a document of an allowed format whose bytes match its name and
    hold nothing active (``active_content``). Found once per file as it is on disk: a
    document's field, its link in a text and ``scanned`` ask for the same files, and a PDF's
    objects are read whole."""
    try:
        st = path.stat()
    except OSError:
        return _guarded(path, audio_only)
    key = (str(path), audio_only, st.st_size, st.st_mtime_ns, st.st_ino)
    if key not in _PROBLEMS:
        if len(_PROBLEMS) > 256:
            _PROBLEMS.clear()
        _PROBLEMS[key] = _guarded(path, audio_only)
    return _PROBLEMS[key]


_PROBLEMS: dict[tuple, str | None] = {}


class _Budget:
    """What one document (with everything inside it) may unpack in all, shared by the
    checks of the documents nested in it: many small bombs are one large one."""

    def __init__(self):
        self.spent, self.depth = 0, 0

    def spend(self, size: int) -> int:
        """Count ``size`` bytes; the bytes left (TooLarge when none)."""
        self.spent += size
        if self.spent > UNPACKED_MAX:
            raise TooLarge
        return UNPACKED_MAX - self.spent


class TooLarge(Exception):
    pass


BUDGET = _Budget()
TOO_LARGE = "bila dibuka isinya lebih dari {mb} MB; unggah berkas yang lebih kecil atau pecah menjadi beberapa berkas"


def _guarded(path: Path, audio_only: bool) -> str | None:
    """``_problem`` within one budget for the outermost document, and never an exception:
    a damaged file the libraries choke on (zlib, olefile, XML) is refused as damaged,
    instead of stopping every build with a traceback."""
    outer = BUDGET.depth == 0
    if outer:
        BUDGET.spent = 0
    BUDGET.depth += 1
    try:
        return _problem(path, audio_only)
    except TooLarge:
        if outer:
            return TOO_LARGE.format(mb=UNPACKED_MAX // 2**20)
        raise
    except RecursionError:
        return "berkas ini bersarang terlalu dalam untuk diperiksa (rusak?); simpan ulang dari aplikasinya"
    except Exception:
        return "berkas ini rusak atau tidak dapat dibaca; simpan ulang dari aplikasinya"
    finally:
        BUDGET.depth -= 1


def _problem(path: Path, audio_only: bool) -> str | None:
    ext = path.suffix.lower()
    if ext not in FORMATS or (audio_only and ext not in AUDIO):
        allowed = ", ".join(sorted(e.lstrip(".") for e in AUDIO)) if audio_only else allowed_list()
        return f"format berkas {ext or '(tanpa ekstensi)'} tidak diizinkan; yang boleh: {allowed}"
    name, kind = FORMATS[ext]
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return "tidak dapat dibaca (berkas terkunci, rusak, atau bukan berkas biasa); simpan ulang berkasnya"
    if kind in ("ooxml", "odf", "zip", "pdf", "ole", "text") and _matches(path, ext, kind, head):
        return active_content(path, ext, kind)
    if not _matches(path, ext, kind, head):
        if head.startswith(OLE_MAGIC) and kind in ("ooxml", "odf") and _ole_active(path) == LOCKED:
            return LOCKED  # an Office 2007+ file saved with a password is an encrypted container
        actual = next((FORMATS[e] for e in SNIFF_ORDER if e != ext and _matches(path, e, FORMATS[e][1], head)), None)
        if actual is not None and actual[1] != "text":
            right = next(e for e in FORMATS if FORMATS[e] == actual)
            return (f"isinya berkas {actual[0]}, bukan {name}, walau namanya {path.name}; simpan ulang sebagai {name} "
                    f"dari aplikasinya (Simpan Sebagai, pilih {name}), atau beri nama berakhiran {right}")
        return f"isinya bukan berkas {name} yang sah walau namanya {path.name}; simpan ulang dalam format {name}"
    return None


# What a file misnamed may really be, in the order its bytes are told apart (an office
# file is a zip: the office formats first; text last).
SNIFF_ORDER = (".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".doc", ".jpg", ".png", ".webp", ".mp3", ".ogg", ".zip", ".txt")


def binary_format(head: bytes) -> str | None:
    """The name of the photo, document or archive format ``head`` (a file's first bytes)
    starts like, by the same tests as ``problem``; None for anything else (text)."""
    if head.startswith(b"PK\x03\x04"):  # the office formats are told apart inside the zip: by name here
        return "ZIP (mis. Word .docx atau Excel .xlsx)"
    ext = binary_format_ext(head)
    return FORMATS[ext][0] if ext else None


def binary_format_ext(head: bytes) -> str | None:
    """The extension of the format, other than a zip or text, ``head`` starts like."""
    for ext in SNIFF_ORDER:
        kind = FORMATS[ext][1]
        if kind not in ("ooxml", "odf", "zip", "text") and _matches(Path(), ext, kind, head):
            return ext
    return None


def _matches(path: Path, ext: str, kind: str, head: bytes) -> bool:
    if kind == "pdf":
        return head.lstrip(b"\r\n\t ").startswith(b"%PDF")
    if kind == "ole":
        return head.startswith(OLE_MAGIC)
    if kind == "jpeg":
        return head.startswith(b"\xff\xd8\xff")
    if kind == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if kind == "webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if kind in ("mp3", "ogg"):
        return suara.sniff(head) == kind
    if kind == "text":
        if b"\x00" in head or MARKUP_START.match(head.removeprefix(b"\xef\xbb\xbf")) or head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"ID;"):
            return False  # ID;… is a SYLK spreadsheet, which Excel opens as such (with its macros) whatever its name
        try:
            path.read_bytes().decode("utf-8")
        except (UnicodeDecodeError, OSError):
            return False
        return True
    if kind in ("ooxml", "odf", "zip"):
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(path) as z:
                names = z.namelist()
                if kind == "ooxml":
                    # Part names are compared as Office compares them: in any case (ECMA-376-2 §9.1.1.1).
                    lower = [n.lower() for n in names]
                    return CONTENT_TYPES in lower and any(n.startswith(OOXML_PART[ext]) for n in lower) and not _has_macros(names)
                if kind == "odf":
                    return names[:1] == ["mimetype"] and z.read("mimetype").strip() == ODF_MIME[ext]
                return all(n.endswith("/") or Path(n).suffix.lower() in ZIP_MEMBERS for n in names)
        except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
            return False
    return False


def _has_macros(names) -> bool:
    return any(n.lower().endswith("vbaproject.bin") for n in names)


# A zip-based document or archive is refused when it would unpack to more than this: the
# NIK check reads its text, and a small "zip bomb" would take the build's memory.
UNPACKED_MAX = 300 * 1024 * 1024
# Parts of an OpenDocument file that hold macros or scripts.
ODF_SCRIPTS = ("basic/", "scripts/")
# Relationships of an Office file that load something from elsewhere when it opens (a
# remote template, frame or object): a hyperlink is the only outside target a reader's
# document needs.
# What a PDF may carry that acts when it opens or is clicked: script, a program launched,
# another file opened or read (a remote one: a network share leaks the reader's Windows
# credentials), attached files, forms that submit, Flash. PDF names are case-sensitive and
# may be written with #xx escapes.
PDF_ACTIVE_KEYS = {"/JS": "JavaScript", "/JavaScript": "JavaScript", "/EmbeddedFiles": "berkas lampiran tersemat",
                   "/RichMedia": "media Flash", "/XFA": "formulir XFA"}
PDF_ACTIVE_ACTIONS = {"/JavaScript": "JavaScript", "/Launch": "perintah menjalankan program",
                      "/GoToR": "perintah membuka berkas lain", "/GoToE": "perintah membuka berkas lain",
                      "/ImportData": "perintah membaca berkas lain", "/SubmitForm": "formulir yang mengirim data"}
PDF_ACTIVE_TYPES = {"/EmbeddedFile": "berkas lampiran tersemat"}
PDF_NAME = re.compile(rb"/[^\s/<>\[\]()%{}]+")
PDF_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.S)
PDF_STRING = re.compile(rb"\((?:\\.|[^\\)])*\)", re.S)
RESAVE = "simpan ulang dari aplikasinya tanpa makro/skrip (mis. Simpan Sebagai PDF biasa atau .docx/.xlsx biasa)"


def active_content(path: Path, ext: str, kind: str) -> str | None:
    """For a document whose bytes match its format: what in it would run or load
    something when a reader opens it, or a size that would exhaust the build; None when
    nothing. Macros and scripts (Office ``vbaProject.bin`` is refused by the format test
    itself), a remote template or frame, a PDF's JavaScript, launch action, attachments or
    XFA form; in a ZIP, every member is checked as a document of its own."""
    if kind == "pdf":
        return _pdf_active(path)
    if kind == "ole":
        return _ole_active(path)
    if kind == "text":
        return _csv_active(path) if ext == ".csv" else None
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if sum(i.file_size for i in infos) > UNPACKED_MAX:
                return TOO_LARGE.format(mb=UNPACKED_MAX // 2**20)
            if kind == "odf":
                return _odf_active(z, infos)
            if kind == "ooxml":
                return _ooxml_active(z, infos)
            return _zip_members(path, z, infos)
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):
        return "arsip tidak dapat dibuka (rusak); buat ulang berkasnya"


# Storages of a Word/Excel 97-2003 file (or of a document embedded in one) holding its VBA
# project: Word's Macros, Excel's _VBA_PROJECT_CUR, the VBA storage inside either.
OLE_MACRO_STORAGES = frozenset({"macros", "_vba_project_cur", "vba", "_vba_project"})
OLE_PACKAGE_STREAM = "\x01ole10native"  # an OLE "Package": any file, a program too
# Streams of an encrypted file: an Office 2007+ file saved with a password (in a CFB), a
# PowerPoint 97-2003 one.
OLE_ENCRYPTED = frozenset({"encryptioninfo", "encryptedpackage", "\x06dataspaces", "encryptedsummary"})
BIFF_BOUNDSHEET, BIFF_EOF, BIFF_FILEPASS = 0x0085, 0x000A, 0x002F
BIFF_SST, BIFF_CONTINUE, BIFF_NUMBER = 0x00FC, 0x003C, 0x0203
BIFF_SUPBOOK = 0x01AE  # a workbook, DDE or OLE source the cells' formulas read
BIFF_READ = frozenset({BIFF_FILEPASS, BIFF_BOUNDSHEET, BIFF_SUPBOOK})  # the globals' records _biff reads
BIFF_SUPBOOK_OWN = frozenset({0x0401, 0x3A01})  # the workbook itself, its add-in functions
BIFF_SHEET_TYPES = {0x01: "lembar makro Excel 4.0 (XLM)", 0x06: "modul VBA"}
# A Word 97-2003 field starting a program (DDE): after the field-begin mark 0x13, in the
# 8-bit or the UTF-16 text of the WordDocument stream.
WORD_DDE = re.compile(rb"\x13\s*DDE(?:AUTO)?\b|\bDDEAUTO\b", re.I)
WORD_DDE_16 = re.compile(rb"\x13\x00(?:[ \t]\x00)*[Dd]\x00[Dd]\x00[Ee]\x00|" + "DDEAUTO".encode("utf-16-le"), re.I)
WORD_ENCRYPTED = 0x0100  # fEncrypted, in the flags of the WordDocument stream's FIB (offset 10)
PPT_CRYPT, PPT_LINK = 0x2F14, 0x0FCE  # CryptSession10Container; ExOleLinkContainer
# An ExOleObjStg record's header (an embedded object, the VBA project): any version and instance, type 0x1011.
PPT_OBJECT_HEADER = re.compile(rb"(?s)..\x11\x10")
NESTED_MAX = 4  # documents inside documents followed this deep
# Content types of an Office part that holds macros, or an ActiveX control (whatever the part is named).
OOXML_MACRO_TYPE = re.compile(r"(?i)vbaProject|macroEnabled|macrosheet")
OOXML_ACTIVEX = re.compile(r"(?i)activeX|/control$")
BROKEN_97 = "berkas Office 97-2003 ini rusak atau tidak dapat dibaca; simpan ulang dari aplikasinya"
LOCKED = ("dilindungi kata sandi atau terenkripsi: warga tidak dapat membukanya dan isinya tidak dapat diperiksa; "
          "buka di aplikasinya, hapus kata sandi atau proteksinya, lalu simpan ulang (atau simpan sebagai PDF)")


# A CSV cell Excel or a web spreadsheet reads as a formula (its first character, spaces
# aside) that starts a program (DDE: =cmd|' /C calc'!A0, =1+cmd|…, =SUM(cmd|…): an
# application's name before a bar, at the formula's start or after an operator, then
# ``!``; =DDE(…), the old macro functions CALL, REGISTER, EXEC, RTD), fetches an address
# (WEBSERVICE, the IMPORT… functions and IMAGE of Google Sheets, which send the sheet's
# cells with it) or makes a link a citizen may follow (HYPERLINK), a function's name right
# before its parenthesis. Text with a bar (``- pagi | sore``, ``- Rp 1.500.000 | 80%!``)
# or a word before a parenthesis (``- hyperlink (tautan) menyusul``) is no formula Excel runs.
FORMULA_START = "=+-@"
FORMULA_ACTIVE = re.compile(
    r"(?s)(?:^[=+\-@]|[=+\-*/(,;&^])\s*[A-Za-z_][\w.]*\s*\|.*!"
    r"|\b(?:DDE|WEBSERVICE|HYPERLINK|IMAGE|IMPORT(?:XML|HTML|DATA|FEED|RANGE)|CALL|REGISTER|EXEC|RTD)\(", re.I)


def _csv_active(path: Path) -> str | None:
    import csv

    text = path.read_text(encoding="utf-8-sig", errors="replace")
    for delimiter in (",", ";", "\t"):
        for row in csv.reader(text.splitlines(), delimiter=delimiter):
            for cell in row:
                value = cell.strip()
                if value[:1] in FORMULA_START and value[:1] and FORMULA_ACTIVE.search(value):
                    return (f"berisi rumus yang menjalankan program, memuat alamat lain, atau membuat tautan saat dibuka di Excel "
                            f"({value[:40]}…); hapus rumus itu, atau awali isi selnya dengan tanda petik (')")
    return None


def _ole_active(source, depth: int = 0) -> str | None:
    """What runs or hides in a Word/Excel/PowerPoint 97-2003 file or an OLE object (a path
    or its bytes), as olefile reads its storages, those of the documents embedded in it
    included: a VBA project, an OLE package, an ActiveX control, an Equation Editor 3.0
    object, an object linked to another computer, an Excel 4.0 macro sheet, a DDE field,
    a password. A file olefile cannot read is refused: Office would repair it and run what
    it finds."""
    import olefile

    if depth > NESTED_MAX:
        return BROKEN_97
    ole = _open_ole(source)
    if ole is None:
        return BROKEN_97
    try:
        with ole:
            return _ole_streams(ole, depth)
    except TooLarge:
        raise
    except Exception:
        return BROKEN_97


def _open_ole(source):
    """An OLE container olefile reads strictly (a sector chain that loops or crosses another
    is an error, not a repair), whose streams together are no larger than the container
    itself (streams sharing sectors would make a small file read as gigabytes); None when
    it is not one."""
    import olefile

    try:
        size = len(source) if isinstance(source, (bytes, bytearray)) else Path(source).stat().st_size
        ole = olefile.OleFileIO(source, raise_defects=olefile.DEFECT_INCORRECT)
    except Exception:  # a malformed container: olefile raises many kinds (RecursionError on a deep tree)
        return None
    try:
        if sum(ole.get_size(entry) for entry in ole.listdir(streams=True, storages=False)) > size:
            ole.close()
            return None
    except Exception:
        ole.close()
        return None
    return ole


def _ole_streams(ole, depth: int) -> str | None:
    import olefile

    for entry in ole.listdir(streams=True, storages=True):
        parts = [part.lower() for part in entry]
        last, where = parts[-1], _ole_path(entry)
        if OLE_ENCRYPTED.intersection(parts):
            return LOCKED
        if OLE_MACRO_STORAGES.intersection(parts):
            return f"berisi makro ({where}); {RESAVE}"
        if last == OLE_PACKAGE_STREAM:
            return f"berisi berkas tersemat berupa paket (bisa berisi program) ({where}); {RESAVE}"
        if last.startswith("\x03ocx"):
            return f"berisi kontrol ActiveX ({where}); {RESAVE}"
        if last == "equation native":
            return (f"berisi objek rumus Equation Editor 3.0 ({where}), yang celahnya dipakai untuk menjalankan program; "
                    "ketik ulang rumusnya dengan penyunting rumus yang baru, atau simpan sebagai PDF")
        if ole.get_type(entry) != olefile.STGTY_STREAM or last not in OLE_READ:
            continue
        BUDGET.spend(ole.get_size(entry))
        found = OLE_READ[last](ole.openstream(entry).read(), where, depth)
        if found:
            return found
    return None


def _ole_path(entry: list[str]) -> str:
    return "/".join(part.lstrip("\x01\x03\x05") for part in entry)


def _biff(workbook: bytes, where: str, depth: int) -> str | None:
    """An Excel 97-2003 (or 5.0) workbook's globals, up to their end: a macro sheet or VBA
    module among its sheets (BOUNDSHEET), or a password (FILEPASS: what follows is
    encrypted, Excel's default password included, which it opens without asking)."""
    import struct

    at, end, unpack = 0, len(workbook) - 4, struct.Struct("<HH").unpack_from
    while at <= end:
        kind, size = unpack(workbook, at)
        if kind == BIFF_EOF:
            break
        if kind not in BIFF_READ:
            at += 4 + size
            continue
        data = workbook[at + 4:at + 4 + size]
        if kind == BIFF_FILEPASS:
            return LOCKED
        if kind == BIFF_BOUNDSHEET and len(data) >= 6 and data[5] in BIFF_SHEET_TYPES:
            return f"berisi {BIFF_SHEET_TYPES[data[5]]}; {RESAVE}"
        if kind == BIFF_SUPBOOK and (found := _supbook(data, where)):
            return found
        at += 4 + size
    return None


def _supbook(data: bytes, where: str) -> str | None:
    """A SUPBOOK record (MS-XLS 2.4.271): with no sheets (``ctab`` 0) and a path, a DDE or
    OLE source, which starts a program (``=cmd|' /C calc'!A0`` saved); with sheets, another
    workbook, refused when another computer serves it (Excel fetches it, and gives a
    network share the author's Windows login)."""
    if len(data) < 5:
        return None
    ctab, cch = int.from_bytes(data[:2], "little"), int.from_bytes(data[2:4], "little")
    if cch in BIFF_SUPBOOK_OWN or not 0 < cch <= 0xFF:
        return None
    wide = data[4] & 1
    path = data[5:5 + cch * (2 if wide else 1)].decode("utf-16-le" if wide else "latin-1", "replace")
    if path in (" ", "\0"):
        return None  # unused, or this sheet
    if ctab == 0:
        return f"berisi tautan DDE yang menjalankan program saat dibuka ({path.replace(chr(3), ' ')[:80]}); {RESAVE}"
    target = _virtual_path(path)
    return REMOTE.format(target=target[:80], where=where) if _remote(target) else None


def _virtual_path(path: str) -> str:
    """An Excel 97-2003 external path as written (an encoded one: 0x01, then 0x01 and a
    drive letter or ``@`` for a network share, 0x05 and a length for an address, 0x03
    between folders) in the words of ``_remote``."""
    if not path.startswith("\x01"):
        return path
    path = path[1:]
    if path.startswith("\x05"):
        return path[2:]
    if path.startswith("\x01@"):
        path = "//" + path[2:]
    elif path.startswith("\x01") and len(path) > 1:
        path = path[1] + ":/" + path[2:]
    return path.replace("\x03", "/").replace("\x02", "/")


def _word(stream: bytes, where: str, depth: int) -> str | None:
    if len(stream) >= 12 and int.from_bytes(stream[10:12], "little") & WORD_ENCRYPTED:
        return LOCKED
    if WORD_DDE.search(stream) or WORD_DDE_16.search(stream):
        return f"berisi kolom DDE yang menjalankan program saat dibuka ({where}); {RESAVE}"
    return None


def _powerpoint(stream: bytes, where: str, depth: int) -> str | None:
    """A PowerPoint 97-2003 presentation's main stream: a password (CryptSession10Container)
    or a linked object (ExOleLinkContainer) among its records, and every object it embeds
    (its VBA project among them), stored as ExOleObjStg records, most zlib-compressed.
    PowerPoint finds those by their offsets, not by walking the records in order: every
    place the stream holds such a record header is checked."""
    todo = [(0, len(stream))]
    while todo:
        at, end = todo.pop()
        while at + 8 <= end:
            verinst, kind = int.from_bytes(stream[at:at + 2], "little"), int.from_bytes(stream[at + 2:at + 4], "little")
            size = int.from_bytes(stream[at + 4:at + 8], "little")
            if kind == PPT_CRYPT:
                return LOCKED
            if kind == PPT_LINK:
                return LINKED.format(where=where)
            if verinst & 0xF == 0xF:  # a container: its records follow
                todo.append((at + 8, min(at + 8 + size, end)))
            at += 8 + size
    for header in PPT_OBJECT_HEADER.finditer(stream):
        found = _ppt_object(stream, header.start(), depth)
        if found:
            return f"objek tersemat di presentasi: {found}"
    return None


def _ppt_object(stream: bytes, at: int, depth: int) -> str | None:
    """The object of an ExOleObjStg record at ``at`` (compressed or not), when it is an OLE
    storage: checked as one."""
    import zlib

    size = int.from_bytes(stream[at + 4:at + 8], "little")
    body = stream[at + 8:at + 8 + size]
    if body.startswith(OLE_MAGIC):
        BUDGET.spend(len(body))
        return _inner(body, depth)
    try:  # compressed: its unpacked size, then zlib; sniffed before it is unpacked whole
        unpack = zlib.decompressobj()
        data = unpack.decompress(body[4:], len(OLE_MAGIC))
        if data != OLE_MAGIC:
            return None
        data += unpack.decompress(unpack.unconsumed_tail, BUDGET.spend(0) + 1)
    except zlib.error:
        return None  # no object there (the bytes of a picture, say), or one PowerPoint cannot unpack either
    BUDGET.spend(len(data))
    return _inner(data, depth)


def _linked(stream: bytes, where: str, depth: int) -> str | None:
    """An OLE object linked, not embedded (its OLEStream's flag 1): Office fetches it when
    the document opens, from another computer (a web address, a network share, which leaks
    the reader's Windows credentials) or from the author's disk, which no reader has."""
    flags = int.from_bytes(stream[4:8], "little") if len(stream) >= 8 else 0
    return LINKED.format(where=where) if flags & 1 else None


REMOTE = ("memuat templat, objek atau data dari {target} saat dibuka ({where}); hapus tautan itu (Word: Pengembang > "
          "Templat Dokumen; Excel: Data > Edit Tautan > Putuskan Tautan) lalu simpan, atau simpan sebagai PDF")
LINKED = ("berisi objek yang tertaut ke berkas lain dan dimuat saat dibuka ({where}); putuskan tautannya (Word/Excel/"
          "PowerPoint: File > Info > Edit Tautan ke Berkas > Putuskan Tautan) lalu simpan, atau simpan sebagai PDF")


def _contained(data: bytes, where: str, depth: int) -> str | None:
    """An embedded object's own file (an OLE object's Package or CONTENTS stream)."""
    found = _inner(data, depth)
    return f"objek tersemat {where}: {found}" if found else None


# The streams of an OLE container read whole, by name (in lower case).
OLE_READ = {"workbook": _biff, "book": _biff, "worddocument": _word, "powerpoint document": _powerpoint,
            "\x01ole": _linked, "package": _contained, "contents": _contained}


def _inner(data: bytes, depth: int, name: str = "tersemat") -> str | None:
    """A document inside another (an embedded object, a part named ``name``), by its bytes:
    an OLE container or an Office 2007+ package checked as such, a PDF or another document
    of the list checked as a file of its own."""
    import tempfile

    if depth >= NESTED_MAX:
        return "berisi dokumen bersarang terlalu dalam untuk diperiksa; simpan ulang dari aplikasinya"
    if data.startswith(OLE_MAGIC):
        return _ole_active(data, depth + 1)
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as part:
                infos = part.infolist()
                if sum(i.file_size for i in infos) > UNPACKED_MAX:
                    return TOO_LARGE.format(mb=UNPACKED_MAX // 2**20)
                if any(i.filename.lower() == CONTENT_TYPES for i in infos):
                    return _ooxml_active(part, infos, depth + 1)
        except (zipfile.BadZipFile, RuntimeError, ValueError, OSError):
            return "arsip rusak"
        return None
    ext = binary_format_ext(data[:4096])
    if ext is None:
        return None
    with tempfile.TemporaryDirectory(prefix="sematan-") as tmp:
        member = Path(tmp) / f"tersemat{ext}"
        member.write_bytes(data)
        found = problem(member)
    return found.replace(member.name, name) if found else None


# What in an OpenDocument file's XML runs a script on an event (a document opening, a
# button): a listener, whatever script it names (one in Basic/, or a Python script of the
# reader's own installation, ``location=share``).
ODF_EVENT = re.compile(rb"script:event-listener|vnd\.sun\.star\.script:|macro:///", re.I)
# A Word field that starts a program (DDE), an Excel link to one.
DDE_FIELD = re.compile(rb'(?i)<w:instrText[^>]*>\s*"?\s*DDE(?:AUTO)?\b|w:instr="\s*DDE(?:AUTO)?\b|<ddeLink\b')
DDE_LINK = re.compile(rb"(?i)ddelink")
INSTR_TEXT = re.compile(rb"<(?:\w+:)?instrText[^>]*>([^<]*)</(?:\w+:)?instrText>")
DDE_INSTRUCTION = re.compile(r"(?i)(?:^|\s)DDE(?:AUTO)?\b")
OLE_PACKAGE = "Ole10Native".encode("utf-16-le")  # the stream of an OLE "Package": any file, an .exe too
XML_PARTS = (".xml", ".rels")


def _odf_active(z: zipfile.ZipFile, infos, depth: int = 0) -> str | None:
    for info in infos:
        name = info.filename
        if name == "META-INF/manifest.xml" and b"encryption-data" in z.read(info):
            return LOCKED  # saved with a password: its parts are encrypted
        if name.lower().startswith(ODF_SCRIPTS):
            return f"berisi makro atau skrip ({name}); {RESAVE}"
        if name.lower().endswith(".xml") and ODF_EVENT.search(z.read(info)):
            return f"menjalankan skrip saat dibuka atau diklik ({name}); {RESAVE}"
    return _embedded(z, [i for i in infos if i.filename.lower().startswith("object") and not i.filename.endswith(".xml")
                         or _holds_document(z, i)], depth)


def _ooxml_active(z: zipfile.ZipFile, infos, depth: int = 0) -> str | None:
    import xml.etree.ElementTree as ET

    for info in infos:
        name = info.filename.lower()
        if name == CONTENT_TYPES:
            try:
                types = ET.fromstring(z.read(info))
            except ET.ParseError:
                return f"bagian {info.filename} rusak; simpan ulang dari aplikasinya"
            for declared in types.iter():
                declared_type = declared.get("ContentType") or ""
                part = (declared.get("PartName") or f"*.{declared.get('Extension', '')}").lstrip("/")
                if OOXML_MACRO_TYPE.search(declared_type):
                    return f"berisi makro ({part}); {RESAVE}"
                if OOXML_ACTIVEX.search(declared_type):
                    return f"berisi kontrol ActiveX ({part}); {RESAVE}"
        if name.startswith(("word/activex/", "xl/activex/", "ppt/activex/")):
            return f"berisi kontrol ActiveX ({info.filename}); {RESAVE}"
        if name.endswith(".rels"):
            try:
                relations = ET.fromstring(z.read(info))  # any quoting, spacing or encoding XML allows
            except ET.ParseError:
                return f"bagian {info.filename} rusak; simpan ulang dari aplikasinya"
            for rel in relations.iter():
                if not str(rel.tag).endswith("Relationship"):
                    continue
                kind, target = rel.get("Type") or "", rel.get("Target") or ""
                if OOXML_MACRO_TYPE.search(kind):
                    return f"berisi makro ({target[:80]}); {RESAVE}"
                if OOXML_ACTIVEX.search(kind):
                    return f"berisi kontrol ActiveX ({target[:80]}); {RESAVE}"
                if kind.endswith("/aFChunk") and target.lower().endswith((".rtf", ".mht", ".mhtml")):
                    # Word opens such a chunk as a document of its own, with what it embeds or links.
                    return f"menyisipkan dokumen RTF/MHT saat dibuka ({target[:80]}); {RESAVE}"
                external = (rel.get("TargetMode") or "").strip().lower() == "external"
                if external and not kind.endswith("/hyperlink") and _remote(target):
                    return REMOTE.format(target=target[:80], where=info.filename)
        elif name.endswith(XML_PARTS) and _dde(z.read(info)):
            return f"berisi kolom DDE yang menjalankan program saat dibuka ({info.filename}); {RESAVE}"
    # Office finds a part by its relationships, not its name: every part holding a document is checked.
    return _embedded(z, [i for i in infos if "/embeddings/" in i.filename.lower() or _holds_document(z, i)], depth)


def _dde(xml: bytes) -> bool:
    """A DDE field in a part's XML, as Office reads it: a field's instructions (every
    ``instrText``, split over runs or not, and ``fldSimple``'s ``instr``, whatever their
    namespace prefix, quoting, character references, CDATA or encoding) joined, quotes
    aside; an Excel ``ddeLink``. Parsed only when the part may hold one."""
    import xml.etree.ElementTree as ET

    if DDE_FIELD.search(xml):
        return True
    if not (b"instr" in xml or DDE_LINK.search(xml) or xml[:2] in (b"\xff\xfe", b"\xfe\xff")):
        return False
    try:
        root = ET.fromstring(xml)
    except ET.ParseError:  # Office may repair it: its instructions as written
        return bool(DDE_INSTRUCTION.search(b"".join(INSTR_TEXT.findall(xml)).decode("utf-8", "replace").replace('"', "")))
    instructions = []
    for element in root.iter():
        name = str(element.tag).rsplit("}", 1)[-1]
        if name == "ddeLink":
            return True
        if name == "instrText":
            instructions.append(element.text or "")
        instructions += [f" {value} " for key, value in element.attrib.items() if key.rsplit("}", 1)[-1] == "instr"]
    return bool(DDE_INSTRUCTION.search("".join(instructions).replace('"', "")))


def _holds_document(z: zipfile.ZipFile, info) -> bool:
    """A part whose bytes start as an OLE container or a zip (whatever its name)."""
    if info.is_dir():
        return False
    with z.open(info) as fh:
        head = fh.read(8)
    return head == OLE_MAGIC or head.startswith(b"PK\x03\x04")


def _remote(target: str) -> bool:
    """A relationship's target another computer serves (a web address, a network share);
    a file on the author's own disk (``file:///C:/…``, a letterhead template) is not."""
    target = target.strip().replace("\\", "/")
    return not (re.match(r"(?i)^(?:file:///)?[a-z]:/", target) or not re.match(r"(?i)^(?:[a-z][a-z0-9+.-]*:|//)", target)
                or re.match(r"(?i)^file:///(?!/)", target))


def _embedded(z: zipfile.ZipFile, infos, depth: int = 0) -> str | None:
    """Files embedded in a document: an OLE package (any file, a program too) is refused;
    an embedded document is checked as a document of its own (``_inner``)."""
    for info in infos:
        if info.is_dir():
            continue
        BUDGET.spend(info.file_size)
        data = z.read(info)
        if OLE_PACKAGE in data:
            return f"berisi berkas tersemat berupa paket (bisa berisi program) ({info.filename}); {RESAVE}"
        found = _inner(data, depth, Path(info.filename).name)
        if found:
            return f"berkas tersemat {info.filename}: {found}"
    return None


def _zip_members(path: Path, z: zipfile.ZipFile, infos) -> str | None:
    import tempfile

    for info in infos:
        name = info.filename
        if name.startswith(("/", "\\")) or ".." in re.split(r"[\\/]", name) or ":" in name:
            return f"berisi nama berkas yang keluar dari foldernya saat dibuka ({name[:80]}); buat ulang arsipnya"
        if (info.external_attr >> 16) & 0o170000 == 0o120000:
            return f"berisi tautan simbolik ({name[:80]}), yang dapat menunjuk berkas di luar arsip saat dibuka; buat ulang arsipnya"
    with tempfile.TemporaryDirectory(prefix="arsip-") as tmp:
        for i, info in enumerate(infos):
            if info.is_dir():
                continue
            member = Path(tmp) / f"{i}{Path(info.filename).suffix.lower()}"
            with z.open(info) as src, open(member, "wb") as dst:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
            message = problem(member)
            member.unlink()
            if message:
                return f"berkas {info.filename[:80]} di dalamnya: {message.replace(member.name, Path(info.filename).name)}"
    return None


def _pdf_active(path: Path) -> str | None:
    """A PDF's active content: its dictionaries as pypdf reads every object (object
    streams and every filter included), else, for a file pypdf cannot open or decrypt, the
    names of its dictionaries written outside streams and strings (binary stream data, a
    scanned page or a font, holds any bytes)."""
    found = _pdf_objects(path)
    if found is None:
        try:
            data = path.read_bytes()
        except OSError:
            return None
        found = _pdf_names(PDF_STRING.sub(b"()", PDF_STREAM.sub(b"", data)))
    if found:
        return f"berisi {found}, yang dapat berjalan saat PDF dibuka; {RESAVE}"
    return None


def _unescape(name: bytes) -> str:
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda h: bytes([int(h.group(1), 16)]), name).decode("latin-1")


def _pdf_names(data: bytes) -> str:
    for m in PDF_NAME.finditer(data):
        name = _unescape(m.group(0))
        what = PDF_ACTIVE_KEYS.get(name) or PDF_ACTIVE_ACTIONS.get(name) or PDF_ACTIVE_TYPES.get(name)
        if what:
            return what
    return ""


def _pdf_objects(path: Path) -> str | None:
    """The first active entry of any object pypdf reads ("" for none); None when pypdf
    cannot read the file's objects (damaged, or encrypted with a password or a cipher it
    cannot undo)."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject

    def active(value, depth=0) -> str:
        if depth > 32:
            return ""
        if isinstance(value, DictionaryObject):
            for key, item in value.items():
                what = PDF_ACTIVE_KEYS.get(key) or (
                    PDF_ACTIVE_ACTIONS.get(item) if key == "/S" else PDF_ACTIVE_TYPES.get(item) if key == "/Type" else None)
                if what or (what := active(item, depth + 1)):
                    return what
        elif isinstance(value, ArrayObject):
            for item in value:
                if what := active(item, depth + 1):
                    return what
        return ""

    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return None
        numbers = {n for objects in reader.xref.values() for n in objects} | set(reader.xref_objStm)
        for number in sorted(numbers):
            try:
                obj = reader.get_object(number)
            except Exception:  # noqa: BLE001 - one damaged object does not hide the others
                continue
            if what := active(obj):
                return what
    except Exception:  # noqa: BLE001 - pypdf raises many kinds on a damaged or unsupported file
        return None
    return ""


# A PDF with fewer letters than this per page on average is taken for scanned pages: a
# scanned decree often carries a line of real text (an e-signature footer, a page number),
# a page of a document saved as PDF from a word processor holds a thousand or more.
LETTERS_PER_PAGE = 100


def scanned(path: Path) -> bool:
    """True for a PDF whose pages are pictures with (almost) no text layer: what a screen
    reader, the site's search and the NIK check cannot read."""
    if path.suffix.lower() != ".pdf" or problem(path) is not None:
        return False  # not a PDF (the format check says so), or not one at all
    text = text_of(path)
    if text is UNREADABLE:
        return False  # encrypted or damaged: nothing to say about its text
    pages = text.count("\f") + 1
    return sum(map(str.isalpha, text)) < LETTERS_PER_PAGE * pages


def text_of(path: Path) -> str:
    """The readable text of a text, office or PDF document ('' for other formats and
    for what cannot be read), for the NIK check. Read once per file as it is on disk
    (the NIK check and ``scanned`` ask for the same documents)."""
    try:
        st = path.stat()
    except OSError:
        return ""
    key = (str(path), st.st_size, st.st_mtime_ns, st.st_ino)
    hit = _TEXTS.get(key)
    if hit is None:
        if len(_TEXTS) > 256:
            _TEXTS.clear()
        try:
            hit = _text_of(path)
        except Exception:  # a damaged file: ``problem`` refuses it; its text is none
            hit = ""
        _TEXTS[key] = hit
    return hit


_TEXTS: dict[tuple, str] = {}


class _Unreadable(str):
    """No text, told apart from a PDF whose pages hold none."""


# What text_of gives for a PDF pypdf cannot open (encrypted, damaged).
UNREADABLE = _Unreadable("")


def _package_text(path: Path, depth: int) -> str:
    """The text of an Office 2007+ or OpenDocument file: its XML parts' (in their declared
    encoding: UTF-8 or UTF-16) and the text of the documents embedded in it (a worksheet in
    a letter)."""
    import tempfile

    parts, total = [], 0
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            total += info.file_size
            if total > UNPACKED_MAX:
                break  # ``active_content`` refuses such a file
            if info.is_dir():
                continue
            if info.filename.endswith(".xml"):
                raw = z.read(info)
                xml = raw.decode("utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8", "replace")
                parts.append(re.sub(r"<[^>]+>", " ", xml))  # character references: read by the NIK check (readable)
            elif depth < NESTED_MAX and _holds_document(z, info):
                data = z.read(info)
                ext = ".doc" if data.startswith(OLE_MAGIC) else ".docx"
                with tempfile.TemporaryDirectory(prefix="sematan-") as tmp:
                    inner = Path(tmp) / f"tersemat{ext}"
                    inner.write_bytes(data)
                    parts.append(_ole_text(inner) if ext == ".doc" else _package_text(inner, depth + 1))
    return "\n".join(parts)


def _text_of(path: Path, depth: int = 0) -> str:
    ext = path.suffix.lower()
    kind = FORMATS.get(ext, ("", ""))[1]
    if kind == "pdf":
        return _pdf_text(path)
    try:
        if kind == "text":
            return path.read_bytes().decode("utf-8", "replace")
        if kind == "ole":
            return _ole_text(path)
        if kind in ("ooxml", "odf"):
            return _package_text(path, depth)
    except (OSError, zipfile.BadZipFile, RuntimeError):
        return ""
    return ""


# The streams of an Office 97-2003 file that hold its text: Word's, Excel's cells and
# shared strings, PowerPoint's slides.
OLE_TEXT_STREAMS = frozenset({"worddocument", "workbook", "book", "powerpoint document"})


def _ole_text(path: Path) -> str:
    """The text of a Word/Excel/PowerPoint 97-2003 file, for the NIK check: its text
    streams read as 8-bit and as UTF-16 text (each stores its characters one way or the
    other, piece by piece), an Excel workbook's shared strings rebuilt across records and
    its whole numbers, control characters as a gap no number is read across (a table's
    cell marks; a UTF-16 run is not read as 8-bit text, where its digits would stand one
    space apart and any 16 of them join). Not the layout a reader sees, but every run of
    characters it holds."""
    ole = _open_ole(path)
    if ole is None:
        return ""
    parts = []
    try:
        with ole:
            for entry in ole.listdir(streams=True, storages=False):
                name = entry[-1].lower()
                if name not in OLE_TEXT_STREAMS:
                    continue
                data = ole.openstream(entry).read()
                strings, numbers = _biff_cells(data) if name in ("workbook", "book") else ([], [])
                for chunk in [data, *strings]:
                    parts += _decoded(chunk)
                parts += numbers
    except Exception:  # unreadable: ``problem`` refuses it
        return ""
    return re.sub(r"[\x00-\x1f\x7f\ufffd]+", TEXT_GAP, "\n".join(parts))


TEXT_GAP = "    "  # between two runs of a binary file's text: wider than a number's separators
UTF16_RUN = re.compile(rb"(?:[\x20-\x7e]\x00){2,}")


def _decoded(data: bytes) -> list[str]:
    return [UTF16_RUN.sub(b"\x00", data).decode("cp1252", "replace"),
            data.decode("utf-16-le", "replace"), data[1:].decode("utf-16-le", "replace")]


def _biff_cells(workbook: bytes) -> tuple[list[bytes], list[str]]:
    """An Excel 97-2003 workbook's text for the NIK check, in one pass over its records:
    the shared-string table (SST) with its CONTINUE records joined (Excel splits it every
    8 224 bytes, a string too; each continuation's option byte dropped), and the whole
    numbers of 15 digits or more in NUMBER cells (a NIK typed as a number, which Excel
    keeps to its 15 significant digits)."""
    import struct

    strings, numbers, table, at, end = [], [], None, 0, len(workbook) - 4
    unpack = struct.Struct("<HH").unpack_from
    while at <= end:
        kind, size = unpack(workbook, at)
        if kind == BIFF_SST:
            table = [workbook[at + 4:at + 4 + size]]
        elif kind == BIFF_CONTINUE and table is not None:
            table.append(workbook[at + 5:at + 4 + size])
        else:
            if table is not None:
                strings.append(b"".join(table))
                table = None
            if kind == BIFF_NUMBER and size >= 14 and at + 18 <= len(workbook):
                value = struct.unpack_from("<d", workbook, at + 10)[0]
                if 1e14 <= value < 1e17 and value == int(value):
                    numbers.append(f"{int(value)}")
        at += 4 + size
    return strings + ([b"".join(table)] if table else []), numbers


def _pdf_text(path: Path) -> str:
    """The text layer of every page of a PDF, pages apart by a form feed (pypdf). What pypdf cannot
    read (an encrypted or damaged file, a page that fails) gives no text rather than an
    error: the format itself was checked by ``problem``."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            return UNREADABLE
        pages = reader.pages
    except Exception:  # noqa: BLE001 - pypdf raises many kinds on a damaged file
        return UNREADABLE
    texts = []
    for page in pages:
        try:
            texts.append(page.extract_text() or "")
        except Exception:  # noqa: BLE001 - one unreadable page does not hide the others
            texts.append("")
    return "\f".join(texts)
