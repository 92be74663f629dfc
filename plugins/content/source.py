"""Reading a content file as an author saved it: bytes, encoding, metadata header.

The header is parsed by python-markdown's own Meta preprocessor, the one Pelican's
Markdown reader uses, so `invoke check` sees exactly what the build sees without
rendering any Markdown.
"""

from __future__ import annotations

import codecs
import os
import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import markdown
from markdown.extensions.meta import BEGIN_RE, END_RE, META_MORE_RE, META_RE, MetaExtension

from common.paths import message_folder

from . import berkas

ENCODING_HELP = (
    "simpan ulang berkas sebagai UTF-8: di Notepad pilih File > Simpan Sebagai, "
    "lalu pada Encoding pilih UTF-8"
)


class EncodingProblem(ValueError):
    pass


@dataclass
class Source:
    meta: dict[str, str]  # lowercase key -> value (continuation lines joined)
    body: str
    keys: dict[str, str]  # lowercase key -> key as the author wrote it
    # (line number, text) of a line that ended the header without the blank line that
    # should end it (``Tags : …``, ``Kontak Media: …``, a tab in front): it and every
    # line after it are the body for Markdown, Pelican and the site. None: none.
    cut: tuple[int, str] | None = None
    # The header ended at a blank line and the body's first line reads as ``Key: value``:
    # (its line number, the line). A blank line among the keys cuts the header there.
    split: tuple[int, str] | None = None
    # lowercase key -> its lines as python-markdown read them: Pelican renders a formatted
    # field (FORMATTED_FIELDS: the summary) from these joined by newlines, not by spaces.
    lines: dict[str, list[str]] | None = None
    # lowercase key -> the numbers of the lines that write it (``Key: …``), and of the lines
    # that go on with its value (indented by four spaces or a tab), as the build reads them.
    written: dict[str, list[int]] | None = None
    more: dict[str, list[int]] | None = None

    def formatted(self, name: str) -> str:
        """The Markdown of a formatted field exactly as Pelican converts it."""
        return "\n".join((self.lines or {}).get(name) or ())


def decode(data: bytes) -> str:
    """UTF-8 with or without BOM, any line endings; anything else is refused with
    a message saying how to re-save the file."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise EncodingProblem(f"berkas tersimpan sebagai UTF-16 (\"Unicode\"); {ENCODING_HELP}")
    # A photo or document renamed .md, named as what it is (after UTF-16's mark, which an
    # MP3 frame's first bytes would match).
    kind = berkas.binary_format(data[:4096])
    if kind:
        raise EncodingProblem(f"berkas ini berkas {kind}, bukan teks, walau namanya berakhiran teks; simpan berkas aslinya dengan "
                              "akhirannya sendiri (foto di images/, dokumen di dokumen/) lalu tautkan dari berkas .md "
                              "yang ditulis sebagai teks")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        shown = data[exc.start: exc.start + 1].decode("cp1252", "replace")
        raise EncodingProblem(
            f"berkas bukan UTF-8 (baris {line}: karakter \"{shown}\" tersimpan sebagai ANSI/Windows-1252, "
            f"mis. tanda kutip miring atau huruf beraksen dari Word); {ENCODING_HELP}"
        ) from None
    if "\x00" in text:
        raise EncodingProblem(f"berkas berisi karakter NUL, bukan teks biasa; {ENCODING_HELP}")
    # python-markdown deletes STX and ETX before it reads anything (its NormalizeWhitespace):
    # left in here, "]\x02(" would hide a link from the checks that the build then makes.
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x02", "").replace("\x03", "")


_md = markdown.Markdown(extensions=[MetaExtension()])
_meta = _md.preprocessors["meta"]


def parse(text: str) -> Source:
    lines = text.split("\n")
    # python-markdown matches keys case-insensitively and lowercases them; keep the
    # author's spelling for messages.
    _md.Meta = {}
    rest = _meta.run(list(lines))
    header = lines[: len(lines) - len(rest)]
    spelled = {}
    for line in header:
        key, sep, _ = line.strip().partition(":")
        if sep and key and " " not in key:
            spelled.setdefault(key.lower(), key)
    meta = {k: " ".join(v).strip() for k, v in _md.Meta.items()}
    cut = None
    # A header fenced with --- ends at its closing fence (python-markdown takes it): no cut.
    ended = not header or header[-1].strip() in ("", "---", "...")
    if rest and rest[0].strip() and (not ended or not header and KEYLIKE.match(rest[0])):
        cut = (len(header) + 1, rest[0])
    split = None
    if header and meta and header[-1].strip() == "" and not cut:
        first = next(((n, ln) for n, ln in enumerate(rest) if ln.strip()), None)
        if first and KEYLIKE.match(first[1]):
            split = (len(header) + first[0] + 1, first[1])
    # The formatted fields as Pelican's reader has them: python-markdown expands tabs before
    # its Meta reads the header, so a line starting with a tab continues the key above it
    # (a cut here, a second line of the Summary in the build).
    _md.Meta = {}
    normal = _md.preprocessors["normalize_whitespace"].run(list(lines))
    _meta.run(list(normal))
    written, more = header_lines(normal)
    return Source(meta=meta, body="\n".join(rest), keys=spelled, cut=cut, split=split, lines=dict(_md.Meta),
                  written=written, more=more)


def header_lines(lines: list[str]) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Where python-markdown's Meta preprocessor (its own expressions, the same walk) finds
    each key in ``lines``: the lines that write it and the lines that go on with its value
    (1-based, lowercase keys). A key written twice, or a value going on below its line,
    becomes a list of values in the build (Pelican keeps the first of some keys, and
    cannot read a file whose title is a list)."""
    written: dict[str, list[int]] = {}
    more: dict[str, list[int]] = {}
    key = None
    start = 1 if lines and BEGIN_RE.match(lines[0]) else 0
    for number, line in enumerate(lines[start:], start + 1):
        if not line.strip() or END_RE.match(line):
            break
        m = META_RE.match(line)
        if m:
            key = m.group("key").lower().strip()
            written.setdefault(key, []).append(number)
        elif key and META_MORE_RE.match(line):
            more.setdefault(key, []).append(number)
        else:
            break
    return written, more


# A line an author meant as ``Key: value``: up to four words, then a colon.
KEYLIKE = re.compile(r"^(\s*)([^\s:][^:]{0,39}?)(\s*):")
INVISIBLE = re.compile("[\u00a0\u00ad\u200b-\u200d\u2060\ufeff]")


def keys_below_cut(src: Source) -> set[str]:
    """The keys (lowercase, as meant) written from the line that cut the header (or the
    first line after a blank one, ``Source.split``) to the next blank line: the body for
    the build, the header for the author."""
    found = set()
    for line in src.body.lstrip("\n").split("\n"):
        if not line.strip():
            break
        m = KEYLIKE.match(line)
        if m:
            found.add("-".join(INVISIBLE.sub("", m.group(2)).split()).lower())
    return found


def cut_problem(text: str, key_of, more_keys: bool = False) -> tuple[str, bool]:
    """What to tell the author of a line that ended the header (``Source.cut``), and
    whether it is an error. ``key_of(name, exact=False)``: the key of the item's type an
    author writing ``name`` meant (``Key``, ``key``, ``Two-Words``; with ``exact``, only a
    key so spelled, in any case), else None. ``more_keys``: keys of the type follow it
    before the next blank line (the header goes on below it). A line meant as one of
    its keys (everything after it lost to the body: tags, a photo, a press contact) is an
    error; any other text right after the header (``Pukul 10:00 acara dimulai``) is the
    body as written, and only the missing blank line is warned about."""
    shown = text.strip()[:60]
    m = KEYLIKE.match(text)
    key = None
    bare = re.match(r"([A-Za-z][\w-]*)(?:\s*[;=.,]\s*|\s+)\S", text)
    if bare and more_keys and (key := key_of(bare.group(1), exact=True)) and not (m and key_of(m.group(2).strip())):
        # "OPD dinkes", "OPD; dinkes", "Date 2026-11-20 08:00" with keys below it: a key of the
        # type, its colon left out (a sentence starting with such a word is the body).
        return (f"\"{shown}\" tidak terbaca sebagai kunci (sesudah {bare.group(1)} harus titik dua); tulis "
                f"\"{key}: …\". Sampai diperbaiki, baris ini dan semua baris sesudahnya terbaca sebagai isi halaman, "
                "bukan kepala berkas"), True
    if m and len(m.group(2).split()) <= 4:
        lead, written, space = m.groups()
        clean = "-".join(INVISIBLE.sub("", written).split())
        key = key_of(clean)
    if key is None:
        return (f"kepala berkas tidak diakhiri baris kosong: \"{shown}\" dan baris sesudahnya terbaca sebagai isi; "
                "sisipkan satu baris kosong di antara kepala dan isi"), False
    if INVISIBLE.search(written):
        why = "berisi karakter tak terlihat, mis. dari salinan Word atau WhatsApp"
    elif lead:
        why = "diawali spasi atau tab"
    elif space:
        why = "ada spasi sebelum titik dua"
    elif " " in written.strip():
        why = "nama kunci tidak boleh berspasi"
    else:
        why = "bukan bentuk kunci: nilai"
    return (f"\"{shown}\" tidak terbaca sebagai kunci ({why}); tulis \"{key}: …\" di awal baris. Sampai diperbaiki, "
            "baris ini dan semua baris sesudahnya terbaca sebagai isi halaman, bukan kepala berkas "
            "(bila ini memang awal isi, sisipkan satu baris kosong sebelumnya)"), True


def read(path) -> Source:
    with open(path, "rb") as fh:
        return parse(decode(fh.read()))


def is_markdown(path) -> bool:
    return Path(path).suffix.lower() in {".md", ".markdown", ".mkd", ".mdown"}


def read_toml(path) -> tuple[dict | None, str | None]:
    """A data file (TOML) as an author saved it: (its tables, None), or (None, what is
    wrong, in Indonesian: its encoding, or the line TOML cannot read and how to write it)."""
    try:
        text = decode(Path(path).read_bytes())
    except EncodingProblem as exc:
        return None, str(exc)
    except OSError as exc:
        return None, f"berkas tidak dapat dibaca ({exc.strerror})"
    try:
        return tomllib.loads(text), None
    except tomllib.TOMLDecodeError as exc:
        return None, toml_problem(exc, text)


def toml_value_written(text: str, key: str) -> str:
    """The value of ``key = …`` as the author typed it on its line ('' when not found),
    e.g. ``1.200`` that TOML reads as the number 1.2."""
    m = re.search(rf"(?m)^\s*{re.escape(key)}\s*=\s*([^#\n]*?)\s*(?:#.*)?$", text)
    return m.group(1) if m else ""


def toml_shown(value) -> str:
    """A TOML value as its author wrote it (not Python's repr: True, datetime.date(…))."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"\"{value}\""
    if isinstance(value, (date, datetime)):
        return value.isoformat().replace("T", " ")
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_shown(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(toml_shown(v) for v in value) + "]"
    return str(value)


def date_written(value) -> str | None:
    """The day an author wrote as text (``"15-01-2026"``, ``"15/01/2026"``, ``"2026-01-15"``),
    as YYYY-MM-DD; None when it names no day."""
    if not isinstance(value, str):
        return None
    m = re.fullmatch(r"\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*", value)
    parts = (m.group(3), m.group(2), m.group(1)) if m else None
    m = m or re.fullmatch(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*", value)
    parts = parts or (m.groups() if m else None)
    try:
        return date(*map(int, parts)).isoformat() if parts else None
    except ValueError:
        return None


def toml_date_problem(value, example: str) -> str:
    """Why a TOML value is not a date, and how to write it (the day written, when it names one)."""
    example = date_written(value) or example
    if isinstance(value, datetime):
        return f"{toml_shown(value)} berisi jam; tulis tanggalnya saja, mis. {value.date().isoformat()}"
    if isinstance(value, str):
        return f"{toml_shown(value)} bukan tanggal; tulis tanpa tanda kutip, mis. {example}"
    return f"{toml_shown(value)} bukan tanggal; tulis tahun-bulan-tanggal tanpa tanda kutip, mis. {example}"


TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def toml_problem(exc: Exception, text: str, whole=()) -> str:  # noqa: C901 - one answer per kind of mistake
    """A TOML parse error (``tomllib``'s English message) as an author reads it: the line,
    what is most likely wrong on it, and how to write it. ``whole``: the keys that take a
    whole number (a comma or dot in one is a thousands separator, not a decimal one)."""
    said = str(exc)
    at = TOML_AT.search(said)
    n = int(at.group(1)) if at else 0
    lines = text.split("\n")
    if not n:  # at the end of the document: the last line that is not empty
        n = max((i for i, ln in enumerate(lines, 1) if ln.strip()), default=1)
    line = lines[n - 1] if 0 < n <= len(lines) else ""
    key, eq, value = line.partition("=")
    value = value.strip()
    if "Cannot declare" in said:
        table = line.strip()
        why = f"tabel {table} ditulis dua kali; gabungkan isinya atau hapus salah satu"
    elif "Cannot overwrite" in said:
        why = f"kunci {key.strip()} ditulis dua kali; hapus salah satu"
    elif line.lstrip().startswith("[") and "]" not in line.strip()[1:-1] and " " in line.strip().strip("[]"):
        name = line.strip().strip("[]")
        why = f"nama tabel tidak boleh berspasi; tulis [{'-'.join(name.lower().split())}]"
    elif line.count('"') % 2 or line.count("'") % 2:
        why = "tanda kutip belum ditutup; teks diapit sepasang tanda kutip, mis. nama = \"Dinas Kesehatan\""
    elif re.search(r"\b\d{1,2}-\d{1,2}-\d{4}\b|\b\d{1,2}/\d{1,2}/\d{4}\b", line):
        why = "tanggal ditulis tahun-bulan-tanggal tanpa tanda kutip, mis. 2026-12-24"
    elif re.search(r"\b\d{4}-\d{1,2}-\d{1,2}\b", line) and not re.search(r"\b\d{4}-\d{2}-\d{2}\b", line):
        why = "tanggal ditulis dengan dua angka untuk bulan dan tanggal, tanpa tanda kutip, mis. 2026-01-05"
    elif value.startswith("{") and "}" not in value:
        why = (f"tabel {{ … }} ditulis dalam satu baris, mis. {key.strip()} = {{ u1 = 3.21, u2 = 3.10 }}; "
               "gabungkan baris-barisnya")
    elif re.search(r"\d,\d", value):
        written = re.search(r"(?<![\d.,])(\d+(?:\.\d{3})*),(\d+)", value) or re.search(r"(\d+),(\d+)", value)
        a, b = written.groups()
        if key.strip() in whole:
            why = f"{key.strip()} bilangan bulat, ditulis tanpa pemisah ribuan: {a.replace('.', '')}{b}, bukan {written.group(0)}"
        else:
            why = (f"angka desimal memakai titik, bukan koma: {a.replace('.', '')}.{b}, bukan {written.group(0)}"
                   + (" (tanpa titik pemisah ribuan)" if "." in a else ""))
    elif re.search(r"\d{4}-\d{2}-\d{2}\s+\d{4}-\d{2}-\d{2}", line):
        why = "dua tanggal tanpa koma di antaranya; pisahkan dengan koma, mis. 2026-12-24, 2026-12-31"
    elif re.search(r"\b\d{4}-\d{2}-\d{2}\b", line) and _real_dates(line) and not eq:
        why = f"nilai di dalam daftar [ … ] dipisah koma: baris {n - 1} perlu koma di akhirnya"
    elif re.search(r"\b\d{4}-\d{2}-\d{2}\b", line):
        bad = next((d for d in re.findall(r"\b\d{4}-\d{2}-\d{2}\b", line) if date_written(d) is None), "")
        why = (f"{bad + ' ' if bad else ''}bukan tanggal yang sah: bulan 01–12 dan tanggal yang ada di kalender bulan "
               "itu, mis. 2026-02-28")
    elif eq and value and value[0] not in "\"'[{" and not re.fullmatch(r"-?\d+(\.\d+)?|true|false", value):
        why = f"teks harus diapit tanda kutip, mis. {key.strip()} = \"{value.strip()}\""
    elif line.strip() and not eq and (line[:1].isspace() or line.rstrip().endswith(",")):
        why = "nilai di dalam daftar [ … ] dipisah koma, mis. 2026-12-24, lalu daftar ditutup dengan ]"
    elif line.strip() and not eq and not line.lstrip().startswith(("[", "#")):
        why = "setiap baris berbentuk kunci = nilai, mis. nama = \"Dinas Kesehatan\""
    else:
        why = "tidak dapat dibaca; periksa tanda kutip, tanda sama dengan, koma dan kurung di baris ini"
    return f"format TOML tidak sah di baris {n} ({line.strip()[:60]}): {why}"


def _real_dates(line: str) -> bool:
    """Every YYYY-MM-DD on the line is a day of the calendar."""
    try:
        return all(date.fromisoformat(d) for d in re.findall(r"\b\d{4}-\d{2}-\d{2}\b", line))
    except ValueError:
        return False


def key_line(path: str, key: str) -> int | None:
    """The 1-based line of ``key`` in the file's metadata header (``Key: value`` before
    the first blank line), or of ``key =``/``key:`` in a data file; in a TOML file, a key
    named as its table and name (``[2026] tanggal``) is looked for in that table, and the
    table's own line stands for it when the name is not written there; None if absent."""
    if not key:
        return None
    table = re.fullmatch(r"\[([^\]]+)\]\s*(\S*)", key) if str(path).endswith(".toml") else None
    if table:
        return _toml_line(path, table.group(1), table.group(2))
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*[:=]", re.I)
    header_only = is_markdown(path)
    for n, line in _lines(path, body=False):
        if header_only and not line.strip():
            break
        if pattern.match(line):
            return n
    return None


def _toml_line(path: str, table: str, name: str) -> int | None:
    header = re.compile(rf"""^\s*\[\s*["']?{re.escape(table)}["']?\s*\]\s*(#.*)?$""")
    wanted = re.compile(rf"""^\s*["']?{re.escape(name)}["']?\s*=""") if name else None
    start = None
    for n, line in _lines(path, body=False):
        if start is None:
            if header.match(line):
                start = n
                if wanted is None:
                    return n
        elif re.match(r"^\s*\[", line):
            break  # the next table
        elif wanted.match(line):
            return n
    return start


def line_with(path, text: str, body: bool = False, html: bool = False) -> int:
    """The first line of the file ``path`` that holds ``text`` as written (an address as
    the author typed it), not as part of a longer address or name; with ``body``, below
    the metadata header only; with ``html``, in any case and only if one line alone holds
    it (``onclick=`` may be refused on one element and allowed on another). 0 when there
    is none: an address the build made (from ``{filename}``, a template, a field written
    otherwise) has no line of its own."""
    # Not part of a longer address or name: nothing of one on either side (an HTML mark's
    # own ``<``, ``=`` or ``:`` ends it already).
    head = "" if html and text[:1] == "<" else r"(?<![\w./#?=&%-])"
    tail = "" if html and text[-1:] in "=:" else r"(?![\w/#?=&%-])"
    whole = re.compile(head + re.escape(text) + tail, re.I if html else 0)
    found = (n for n, line in _lines(path, body) if whole.search(line))
    first = next(found, 0)
    return 0 if html and next(found, 0) else first


def line_where(path, test, body: bool = False) -> int:
    """The first line of the file ``path`` (with ``body``, below its metadata header) for
    which ``test(line)`` is true, else 0."""
    return next((n for n, line in _lines(path, body) if test(line)), 0)


def _lines(path, body: bool):
    """(number, text) of the file's lines; with ``body``, those after the header's end.
    A relative ``path`` is a message's (``common.paths.display_path``)."""
    try:
        with open(os.path.join(message_folder(), path), encoding="utf-8-sig", errors="replace") as fh:
            lines = enumerate(fh, 1)
            if body:
                for _, line in lines:
                    if not line.strip():
                        break
            yield from lines
    except OSError:
        return
