"""The field kinds: one object per kind, and the table of them.

A field of the schema (content.schema.Field) names its kind (``text``, ``date``,
``choice``, ``paths``, ...). The kind knows everything that depends on it:

- ``parse`` (and ``file_problem`` for a location): an author's raw value to a value,
  or an Indonesian message;
- ``form``: how the author guide names what the field takes;
- ``display``: the value as a citizen reads it in a table;
- ``export`` and ``cell``: the value in the JSON export and in a CSV/XLSX cell;
- ``json_schema``: the value's JSON Schema;
- ``widget``, ``hint``, ``pattern``: the editor's (Decap CMS) form field;
- ``many``: whether the value is written as a comma-separated list.

A kind is added here, in ``KINDS``, and nowhere else. Validation, the DIP/DIK tables
and exports, the author guide and the editor read this table; what is the same for
every kind (an empty value, a spreadsheet-safe cell, a nullable schema) stays with them.

``parse`` gets the checker (content.validate.Checker) as ``ctx``: the site's time zone,
vocabularies (``terms``, ``allowed``), registry state, regulation instruments, the
example date its messages show (``date_example``), and ``parse_path``, which resolves
a location under content/ and asks the kind's ``file_problem`` about the file. The PPID
register (services.data) parses its cells with the same kinds and a context of its own,
whose ``date_example`` is in the register's year.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import berkas, html_policy, regulasi, safety, suara
from .nama import published_path, url_path

DATETIME_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
YEAR_RE = re.compile(r"^(\d{4})$")

DATETIME_FORMAT = "YYYY-MM-DD HH:mm"  # the editor's form of what content/ uses: 2026-11-20 09:00
DATE_FORMAT = "YYYY-MM-DD"


def split_list(raw: str, separator: str = ",") -> list[str]:
    """The parts of a header list; ``separator``: a regular expression (a ``Kind``'s)."""
    parts = raw.split(",") if separator == "," else re.split(separator, raw)
    return [part.strip() for part in parts if part.strip()]


def parse_each(raw: str, parse_one, unique: bool = False, separator: str = ","):
    """A comma-separated list parsed part by part: (values, None), or (None, the messages
    of every bad part, joined: an author fixes them all at once)."""
    out, messages = [], []
    for part in split_list(raw, separator):
        value, message = parse_one(part)
        if message:
            messages.append(message)
        elif not (unique and value in out):
            out.append(value)
    return (None, "; ".join(messages)) if messages else (out, None)


def parse_date(raw: str, example: str):
    m = DATE_RE.match(raw)
    if m:
        try:
            return date(*(int(g) for g in m.groups())), None
        except ValueError:
            pass
    return None, f"\"{raw}\" bukan tanggal yang sah; tulis YYYY-MM-DD, mis. {example}"


def parse_url(raw: str):
    parts = urlsplit(raw)
    if parts.scheme in ("http", "https") and parts.netloc and " " not in raw:
        problem = html_policy.address_problem(raw)
        return (None, problem) if problem else (raw, None)
    if len(re.findall(r"https?://", raw)) > 1:
        return None, f"\"{raw[:80]}\" berisi lebih dari satu alamat; tulis satu alamat saja (kolom yang boleh berisi beberapa: pisahkan dengan koma)"
    return None, f"\"{raw}\" bukan alamat web yang sah; tulis lengkap dengan http:// atau https://"


def list_of(f, name: str, label: str, widget: dict) -> dict:
    """The editor's list of one box per item (each checked by ``widget``'s own pattern),
    written back as the header's comma-separated list; its button says "Tambah <item>",
    the field's ``item`` (else ``name``: one form's buttons each say a different thing).
    A saved item opens with its boxes shown (``collapsed``: Decap folds them by default,
    each behind a "Buka" button, though one box holds no more than its fold would say)."""
    return {"widget": "list", "label_singular": f.item or name, "collapsed": False,
            "field": {"name": name, "label": label, **widget}}


def _fixed_terms(f):
    """The field's own vocabulary, or None when it is named (resolved at run time)."""
    return None if isinstance(f.choices, str) else f.choices


class Kind:
    """A text kind; the other kinds change what differs."""

    name = "text"
    form = "teks"  # what the author guide says the field takes
    many = False  # the header value is a comma-separated list
    listed = False  # its value is a list (exported as an array, [] when empty) though written once
    pattern: tuple[str, str] | None = None  # (regex, message) the editor checks a text box with
    # What separates the parts of a list (a regular expression, Python's and JavaScript's
    # alike): a comma, but for web addresses, which may hold commas, a comma before the next
    # address (a map's https://www.google.com/maps/@-7.39,109.36,15z).
    separator = ","

    # --- validation ------------------------------------------------------------

    def parse(self, ctx, f, raw: str, path: Path):
        """(value, None) or (None, message)."""
        return raw, None

    def file_problem(self, target: Path, settings: dict) -> str | None:
        """What is wrong with the file a location points to (location kinds only)."""
        return None

    # --- tables and exports -----------------------------------------------------

    def display(self, f, value, registry: dict):
        """A non-empty value as a citizen reads it: text, or a date/datetime the
        template formats with the ``tanggal`` filters."""
        if isinstance(value, (list, tuple)):
            return ", ".join(str(v) for v in value)
        if isinstance(value, (date, datetime)):
            return value
        return str(value)

    def export(self, f, value, siteurl: str):
        """A non-empty value as data: ISO dates, lists as arrays."""
        if isinstance(value, (date, datetime)):
            return value.isoformat()
        if isinstance(value, tuple):
            return list(value)
        return value

    def cell(self, f, value, registry: dict):
        """A single exported value (not a list, not None) as a CSV/XLSX cell."""
        return value

    def json_schema(self, f, registry: dict) -> dict:
        return {"type": "string"}

    # --- the editor ----------------------------------------------------------------

    def widget(self, f, opd: str | None, vocab: dict) -> dict:
        out = {"widget": "string"}
        if self.pattern:
            out["pattern"] = list(self.pattern)
        return out

    def hint(self, zone: str) -> str:
        """A sentence the editor adds to the field's hint."""
        return ""


class Text(Kind):
    pass


class TextList(Kind):
    name = "list"
    form = "daftar, dipisah koma"
    many = True

    def parse(self, ctx, f, raw, path):
        return split_list(raw), None

    def json_schema(self, f, registry):
        return {"type": "array", "items": {"type": "string"}}

    def widget(self, f, opd, vocab):
        return {"widget": "list"}


MONTHS_ID = ("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober",
             "november", "desember")


ZONES = {"WIB": 7, "WITA": 8, "WIT": 9}  # Indonesia's zones, hours ahead of UTC


def datetime_hint(raw: str, tz=None) -> str:
    """How to write a date and time an author wrote otherwise: the same moment in
    YYYY-MM-DD HH:MM when it can be read (a dot in the time, a zone name after it, an
    Indonesian month name, day/month/year), else the form with an example. A time written
    in another zone than the site's (``tz``) is given in the site's."""
    text = " ".join(raw.split())
    zone = re.search(r"\s*\b(WIB|WITA|WIT)\b\.?$", text, flags=re.I)
    text = text[:zone.start()] if zone else text
    text = re.sub(r"(\d{1,2})\.(\d{2})(?!\d)(?=\s*$)", r"\1:\2", text)  # 08.00 → 08:00
    m = re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})(?:\s+(?:pukul\s+)?(\d{1,2}):(\d{2}))?", text, re.I)
    if m and m.group(2).lower() in MONTHS_ID:
        day, month, year = int(m.group(1)), MONTHS_ID.index(m.group(2).lower()) + 1, int(m.group(3))
        text = f"{year:04d}-{month:02d}-{day:02d} {int(m.group(4) or 0):02d}:{m.group(5) or '00'}"
    m = re.fullmatch(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?:\s+(\d{1,2}):(\d{2}))?", text)
    if m:
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        text = f"{year:04d}-{month:02d}-{day:02d} {int(m.group(4) or 0):02d}:{m.group(5) or '00'}"
    try:
        meant = datetime.strptime(text, "%Y-%m-%d %H:%M")
    except ValueError:
        meant = None
    if meant is not None and text != " ".join(raw.split()):
        said = ""
        if zone:
            written = zone.group(1).upper()
            offset = tz.utcoffset(meant) if tz is not None else None
            site = round(offset.total_seconds() / 3600) if offset is not None else ZONES["WIB"]
            site_name = next((name for name, hours in ZONES.items() if hours == site), str(tz))
            if ZONES[written] != site:
                meant -= timedelta(hours=ZONES[written] - site)
                said = f" (pukul itu {written} adalah {meant:%H:%M} {site_name}, zona waktu situs; tulis tanpa nama zona)"
            else:
                said = f" (zona waktu situs, {site_name}, berlaku sendiri: tulis tanpa {written})"
        if not re.search(r"\d:\d", raw.replace(".", ":")):  # no time given: the day, and a time to choose
            return f"tulis {meant:%Y-%m-%d} lalu jamnya, mis. {meant:%Y-%m-%d} 09:00 (bentuknya YYYY-MM-DD HH:MM)"
        return f"tulis {meant:%Y-%m-%d %H:%M} (bentuknya YYYY-MM-DD HH:MM, titik dua di jam){said}"
    hour = re.fullmatch(r"(\d{1,2}):(\d{2})", text)  # (a dot in it was made a colon above)
    if hour and int(hour.group(1)) < 24 and int(hour.group(2)) < 60:
        # "Selesai: 09:00", the end on the day the event starts: the day is written too.
        return (f"jam saja tidak cukup; tulis tanggal dan jamnya, mis. 2024-03-05 {int(hour.group(1)):02d}:{hour.group(2)} "
                "(juga bila harinya sama dengan Mulai)")
    return "tulis YYYY-MM-DD HH:MM, mis. 2024-03-05 09:30"


class DateTime(Kind):
    name = "datetime"
    form = "tanggal dan jam, YYYY-MM-DD HH:MM"

    def parse(self, ctx, f, raw, path):
        m = DATETIME_RE.match(" ".join(raw.split()))  # a no-break space pasted from Word or WhatsApp is a space
        if m:
            y, mo, d, h, mi, s = (int(g) if g else 0 for g in m.groups())
            try:
                return datetime(y, mo, d, h, mi, s, tzinfo=ctx.tz), None
            except ValueError:
                pass
        return None, f"\"{raw}\" bukan tanggal dan jam yang sah; " + datetime_hint(raw, ctx.tz)

    def cell(self, f, value, registry):
        return value[:16].replace("T", " ")  # YYYY-MM-DD HH:MM, as authors write it and Excel reads it

    def json_schema(self, f, registry):
        return {"type": "string", "format": "date-time"}

    def widget(self, f, opd, vocab):
        out = {"widget": "datetime", "format": DATETIME_FORMAT, "date_format": DATE_FORMAT, "time_format": "HH:mm", "picker_utc": False}
        if f.required is True and f.example == "{now}":  # a publication date; an event's start is the author's to pick
            out["default"] = "{{now}}"
        return out

    def hint(self, zone):
        return f"Zona waktu: {zone}."


class Date(Kind):
    name = "date"
    form = "tanggal, YYYY-MM-DD"

    def parse(self, ctx, f, raw, path):
        return parse_date(raw, ctx.date_example)

    def json_schema(self, f, registry):
        return {"type": "string", "format": "date"}

    def widget(self, f, opd, vocab):
        return {"widget": "datetime", "format": DATE_FORMAT, "date_format": DATE_FORMAT, "time_format": False, "picker_utc": False}


def year_in(raw: str) -> str | None:
    """The one year a value holds among other words ("TA 2025", "Februari 2026",
    "Tahun Anggaran 2025"), to suggest; None when there is none or more than one."""
    found = re.findall(r"(?<!\d)(19\d{2}|2[01]\d{2})(?!\d)", raw)
    return found[0] if len(found) == 1 else None


class DateOrYear(Kind):
    name = "date_or_year"
    form = "tanggal YYYY-MM-DD atau tahun YYYY"
    # (Spaces around it pass: the header's value is read trimmed, and a box cannot show them.)
    pattern = (r"^\s*\d{4}(-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]))?\s*$", "Tulis tanggal YYYY-MM-DD atau tahun YYYY, mis. 2026-07-15 atau 2026.")

    def parse(self, ctx, f, raw, path):
        if YEAR_RE.match(raw):
            return raw, None
        value, message = parse_date(raw, ctx.date_example)
        if message:
            year = year_in(raw)
            month = next((i for i, m in enumerate(MONTHS_ID, 1) if re.search(rf"\b{m}\b", raw, re.I)), 1)
            return None, (f"\"{raw}\" bukan tanggal atau tahun yang sah; tulis YYYY-MM-DD atau YYYY, "
                          + (f"mis. {year}-{month:02d}-01 (tanggalnya) atau {year} saja" if year else "mis. 2024-03-05 atau 2024"))
        return value.isoformat(), None

    def display(self, f, value, registry):
        if isinstance(value, str) and len(value) == 10:
            return date.fromisoformat(value)
        return super().display(f, value, registry)

    def json_schema(self, f, registry):
        return {"type": "string", "pattern": r"^\d{4}(-\d{2}-\d{2})?$"}


class Year(Kind):
    name = "year"
    form = "tahun, YYYY"
    pattern = (r"^\s*(19\d{2}|2[01]\d{2}|2200)\s*$", "Tulis tahun dengan empat angka (1900–2200), mis. 2026.")

    def parse(self, ctx, f, raw, path):
        if YEAR_RE.match(raw) and 1900 <= int(raw) <= 2200:
            return int(raw), None
        year = year_in(raw)
        return None, f"\"{raw}\" bukan tahun yang sah; tulis empat angka, mis. {year or 2024}" + (" saja" if year else "")

    def json_schema(self, f, registry):
        return {"type": "integer"}


class Choice(Kind):
    """One value of the field's vocabulary (``Field.choices``)."""

    name = "choice"
    form = "satu nilai dari daftar"
    unknown = "tidak dikenal"  # what a value outside the vocabulary is
    by_spelling = True  # a value spelt nearly as a slug is suggested (not for OPDs: see Opd)

    def parse(self, ctx, f, raw, path):
        terms = list(ctx.terms(f))
        for t in terms:
            if raw.casefold() == t.slug.casefold():
                return t.slug, None
        meant = self.meant(raw, terms, self.by_spelling)
        return None, (f"nilai \"{raw}\" {self.unknown}; " + (f"mungkin maksudnya {meant}? " if meant else "")
                      + f"pilihan yang boleh: {ctx.allowed(f) or '(belum ada)'}")

    @staticmethod
    def meant(raw: str, terms, by_spelling: bool = True) -> str | None:
        """The slug an author most likely meant by ``raw``: the term whose label, letter
        or slug it is when written otherwise (``Laporan Keuangan``, ``d``, ``Serta Merta``,
        ``Dinas Kesehatan`` for an OPD by its name), or the closest slug."""
        import difflib

        from slugify import slugify

        wanted = slugify(raw)
        for t in terms:
            names = {slugify(t.slug), slugify(getattr(t, "label", "") or "")}
            if wanted and wanted in names or (getattr(t, "letter", "") and raw.strip().rstrip(".").casefold() == t.letter):
                return t.slug
        if not by_spelling:
            return None
        close = difflib.get_close_matches(wanted, [t.slug for t in terms], n=1, cutoff=0.75)
        if close:
            return close[0]
        # The root of one slug alone, without its affixes: "batal" for dibatalkan, "tunda"
        # for ditunda.
        holding = [t.slug for t in terms if len(wanted) >= 4 and wanted in t.slug]
        return holding[0] if len(holding) == 1 else None

    def display(self, f, value, registry):
        terms = _fixed_terms(f)
        if terms is None:
            return super().display(f, value, registry)
        term = next((t for t in terms if t.slug == value), None)
        if term is None:
            return value
        return f"{term.letter}. {term.label}" if term.letter else term.label

    def slugs(self, f, registry: dict):
        terms = _fixed_terms(f)
        return None if terms is None else [t.slug for t in terms]

    def json_schema(self, f, registry):
        terms = self.slugs(f, registry)
        return {"type": "string", "enum": terms} if terms is not None else {"type": "string"}

    def widget(self, f, opd, vocab):
        return select(f, vocab, multiple=False)


class Opd(Choice):
    """The slug of an OPD in content/opd.toml."""

    name = "opd"
    form = "slug OPD dari content/opd.toml"
    unknown = "tidak terdaftar di content/opd.toml"
    # OPD codes differ by a letter or two and name other agencies (bapenda is not bappeda,
    # bkd not bpkad): only a name or a slug written otherwise is suggested.
    by_spelling = False

    def parse(self, ctx, f, raw, path):
        if not ctx.registry_ok:
            return raw, None  # a broken registry is reported alone
        return super().parse(ctx, f, raw, path)

    def display(self, f, value, registry):
        opd = registry.get(value)
        return opd.nama if opd else value

    def cell(self, f, value, registry):
        return registry[value].nama if value in registry else value  # the table shows the OPD's name

    def slugs(self, f, registry):
        return list(registry)

    def widget(self, f, opd, vocab):
        out = select(f, vocab, multiple=False, default=opd)  # a collection's own OPD
        if opd:
            # An item of content/<type>/<opd>/ belongs to that OPD (another one is a warning
            # to move the file): the form offers no other.
            out["options"] = [o for o in out["options"] if o["value"] == opd]
        return out


class Choices(Kind):
    """Several values of the field's vocabulary, each once."""

    name = "choices"
    form = "daftar nilai, dipisah koma"
    many = True

    def parse(self, ctx, f, raw, path):
        return parse_each(raw, lambda part: CHOICE.parse(ctx, f, part, path), unique=True)

    def display(self, f, value, registry):
        terms = _fixed_terms(f)
        if terms is None:
            return super().display(f, value, registry)
        labels = {t.slug: t.label for t in terms}
        return ", ".join(labels.get(v, v) for v in value)

    def json_schema(self, f, registry):
        return {"type": "array", "items": {"type": "string", "enum": CHOICE.slugs(f, registry)}, "uniqueItems": True}

    def widget(self, f, opd, vocab):
        return select(f, vocab, multiple=True)


class Location(Kind):
    """The location of a file under content/ (any published format, content.berkas)."""

    name = "path"
    form = "lokasi berkas di dalam content/"

    def parse(self, ctx, f, raw, path):
        return ctx.parse_path(f, raw, path)

    def file_problem(self, target, settings):
        return berkas.problem(target)

    folder = "dokumen"  # where the editor uploads it, under content/ (then the OPD's or the type's folder)
    extensions: tuple[str, ...] | None = tuple(sorted(berkas.FORMATS))  # what the editor lets be saved (its names)

    def widget(self, f, opd, vocab):
        folder = f"{self.folder}/{opd}" if opd else self.folder
        return {"widget": "file", "choose_url": False, "media_folder": f"/content/{folder}", "public_folder": folder}


class Locations(Location):
    name = "paths"
    form = "daftar lokasi berkas di dalam content/, dipisah koma"
    many = True

    def parse(self, ctx, f, raw, path):
        return parse_each(raw, lambda part: ctx.parse_path(f, part, path))

    def export(self, f, value, siteurl):
        return [f"{siteurl}/{url_path(published_path(v))}" for v in value]

    def json_schema(self, f, registry):
        return {"type": "array", "items": {"type": "string", "format": "uri-reference"}}

    def widget(self, f, opd, vocab):
        return {"widget": "list", "collapsed": False, "field": {"name": "berkas", "label": "Berkas", **super().widget(f, opd, vocab)}}


class Image(Location):
    name = "image"
    form = "lokasi berkas gambar (JPEG, PNG, WebP atau GIF) di dalam content/"
    extensions = None  # the editor's photo check (situs-cms.js, photoProblems)

    def file_problem(self, target, settings):
        return safety.image_problem(target, settings)

    def widget(self, f, opd, vocab):
        return {"widget": "image", "choose_url": False}


class Audio(Locations):
    """One recording in one or more formats (``<source>`` each, the browser plays the first
    it can): Ogg is small, Safari (iPhone, iPad, Mac) plays MP3 only."""

    name = "audio"
    folder = "audio"
    extensions = tuple(sorted(berkas.AUDIO))
    form = "lokasi berkas suara (MP3 atau Ogg) di dalam content/; satu suara dalam dua format dipisah koma"

    def file_problem(self, target, settings):
        return suara.audio_problem(target)


class Pdf(Location):
    """A signed PDF; its value is a list of one, like every other Dokumen."""

    name = "pdf"
    form = "lokasi berkas PDF di dalam content/"
    extensions = (".pdf",)
    # exported as a Dokumen is: its address on the site, in a list of one
    listed = True
    export, json_schema = Locations.export, Locations.json_schema

    def parse(self, ctx, f, raw, path):
        if re.search(r"[,;]", raw) and not (ctx.content / raw.strip()).is_file():
            return None, f"\"{raw[:80]}\": hanya satu berkas PDF yang ditulis di sini; tulis satu lokasi saja"
        value, message = ctx.parse_path(f, raw, path)
        if message:
            return None, message
        problem = berkas.problem(ctx.content / value) if value.lower().endswith(".pdf") else None
        if problem is None and (not value.lower().endswith(".pdf") or not regulasi.is_pdf(ctx.content / value)):
            return None, f"\"{raw}\" bukan berkas PDF; unggah salinan PDF yang ditandatangani"
        if problem:
            return None, f"\"{raw}\" {problem}"
        return [value], None

    def file_problem(self, target, settings):
        return None  # checked as a PDF by ``parse``


class Rujukan(Kind):
    """References to regulations: ``<jenis> <nomor>/<tahun>``."""

    name = "rujukan"
    form = "daftar `<jenis> <nomor>/<tahun>`, dipisah koma, mis. `perbup 7/2019`"
    many = True

    def parse(self, ctx, f, raw, path):
        return parse_each(raw, lambda part: regulasi.parse_ref(part, ctx.instruments))

    def widget(self, f, opd, vocab):
        """One box per reference, each checked as the build reads it (``regulasi.REF_RE``,
        one of the kinds validation knows, not two joined by ";" or "dan")."""
        kinds = [slug for slug, _ in vocab.get("regulasi_dikenal") or vocab.get("regulasi_jenis") or ()]
        joined = anycase(r"[\s\S]*(?:;|&|\b(?:dan|serta)\b)")
        either = "(?:" + "|".join(anycase(re.escape(k)) for k in kinds) + ")"
        # Nor two written one after the other (``perbup 7/2019 perda 3/2010``): a kind after the first word.
        pattern = ("^(?!" + joined + r")(?!\s*\S+[\s\S]*\s" + either + r"\s+\S)\s*" + either + r"\s+(?:"
                   + anycase("nomor") + r"\s+)?\S(?:.*\S)?\s*/\s*\d{4}\s*$")
        offered = [slug for slug, _ in vocab.get("regulasi_jenis") or ()]
        head = next((k for k in offered if k in ("perbup", "perwali", "pergub")), (offered or kinds or ["perbup"])[0])
        example = f"{head} 7/2019"
        return list_of(f, "rujukan", "Rujukan", {"widget": "string", "pattern": [
            pattern, f"Tulis satu rujukan per kotak: <jenis> <nomor>/<tahun>, mis. {example}; jenis yang dikenal: "
                     + ", ".join(kinds) + "."]})


def anycase(pattern: str) -> str:
    """A regular expression matching in any case without a flag (the editor's patterns
    are compiled without one): each letter outside escapes and classes as ``[xX]``."""
    out, i, depth = [], 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        depth += c == "[" and not depth
        depth -= c == "]" and depth
        out.append(f"[{c.lower()}{c.upper()}]" if c.isascii() and c.isalpha() and not depth and c != "]" else c)
        i += 1
    return "".join(out)


# A regulation's number written with its kind or year; a subject written as the whole
# citation. The build (re.I) and the editor (``anycase``) refuse the same texts.
# "Nomor 12", "12 Tahun 2024", "12/2024" (a number and its year alone: the year has its own
# field; a decree's number that holds its year, 188.45/77/2024, has more parts).
NOMOR_WRONG = r"^\s*no(?:mor)?\b|\b(?:tahun|th\.?)\s*(?:19|20)\d\d\b|\btahun\b|^\s*\d+\s*[/-]\s*(?:19|20)\d\d\s*\.?\s*$"
# The short names people write ("Perbup 12/2024", "Perda Nomor 5 Tahun 2023", "SE Bupati
# Nomor 3"): a word of its own, then a number or, a little further, "Nomor"/"No".
SHORT_KINDS = r"(?:perda|perbup|perwali|pergub|perkada|perdes|kepbup|kepwal|kepgub|kepkada|inbup|inwal)"
CITED = (r"^\s*(?:tentang\s|(?:peraturan|keputusan|instruksi|surat edaran|se)\s+"
         r"(?:bupati|wali ?kota|gubernur|daerah|kepala|menteri|presiden)\b[^\n]{0,200}?\bnomor\b"
         r"|" + SHORT_KINDS + r"\b(?:[^\n]{0,80}?\bno(?:mor)?\b|\.?\s*\d))")


class Nomor(Kind):
    """A regulation's number alone (``12``, ``188.45/123/2026``): its kind and year have
    their own fields, and the citation is written from the three."""

    name = "nomor"
    form = "nomor saja, mis. `12` atau `188.45/123/2026`"
    pattern = ("^(?!" + anycase(r"\s*no(?:mor)?\b|[\s\S]*\btahun\b|[\s\S]*\bth\.?\s*(?:19|20)\d\d\b")
               + r"|\s*\d+\s*[/-]\s*(?:19|20)\d\d\s*\.?\s*$)[\s\S]+$",
               "Tulis nomornya saja, mis. 12 (tanpa kata Nomor dan Tahun, tanpa /tahun).")

    def parse(self, ctx, f, raw, path):
        if re.search(NOMOR_WRONG, raw[:200], re.I):
            number = re.sub(r"^\s*no(mor)?\b\.?\s*|\s*(?:\btahun\b|\bth\b|[/-]\s*(?:19|20)\d\d\s*\.?\s*$).*$", "", raw,
                            flags=re.I).strip(" :.") or "12"
            return None, (f"\"{raw}\": tulis nomornya saja, mis. {number} (tanpa kata Nomor dan Tahun: "
                          "tahunnya di Tahun, jenisnya di Jenis)")
        return raw, None


class Tentang(Kind):
    """A regulation's subject, what follows "tentang": not its kind and number again
    ("Peraturan Bupati … Nomor 12 … tentang X"), nor the word "tentang". A subject that
    names another regulation ("Peraturan Pelaksanaan Peraturan Daerah Nomor 1 …") passes."""

    name = "tentang"
    form = "isi *tentang* saja, tanpa jenis dan nomor peraturan"
    pattern = ("^(?!" + anycase(CITED[1:]) + r")[\s\S]+$",
               "Tulis isi tentang saja, mis. Penyelenggaraan Keterbukaan Informasi Publik (tanpa jenis dan nomor).")

    def parse(self, ctx, f, raw, path):
        if not re.match(CITED, raw[:300], re.I):
            return raw, None
        subject = re.search(r"\btentang\s+(.+)$", raw, re.I)
        example = subject.group(1).strip() if subject else "Penyelenggaraan Keterbukaan Informasi Publik"
        if re.match(r"^\s*tentang\s", raw, re.I):
            return None, f"tulis tanpa kata \"tentang\" di depan, mis. {example}"
        return None, f"tulis isi \"tentang\" saja, tanpa jenis dan nomornya (situs menulisnya dari Jenis, Nomor dan Tahun), mis. {example}"


def pasal17_letters(raw: str) -> list[str]:
    """The letters of UU 14/2008 Pasal 17 a legal basis cites (``UU 14/2008 Pasal 17 huruf h
    jo. PP 61/2010 Pasal 8 huruf m``: ``["h"]``), lower case, in the order written, each once:
    those written after "Pasal 17" and before the next "Pasal"."""
    letters = []
    for article in re.finditer(r"\bpasal\s*17\b", raw, re.I):
        rest = raw[article.end():]
        other = re.search(r"\bpasal\b", rest, re.I)  # another provision: its letters are its own
        letters += re.findall(r"\bhuruf\s+([a-z])\b", rest[:other.start()] if other else rest, re.I)
    return list(dict.fromkeys(x.lower() for x in letters))


class DasarHukum(Kind):
    """An exemption's legal basis: a letter of UU 14/2008 Pasal 17 (``a`` to ``j``), the
    one thing a verifier looks for in it (the register's ``pasal`` column takes the same
    letters). Anything may surround it: ``UU 14/2008 Pasal 17 huruf h angka 2``, and other
    provisions cited with it (``jo. PP 61/2010 Pasal 8 ayat (1) huruf m``): the letters of
    Pasal 17 are those written before the next ``Pasal``."""

    name = "pasal17"
    form = "huruf Pasal 17 UU 14/2008 (a–j), mis. `UU 14/2008 Pasal 17 huruf h`"
    # "Pasal 17", then what follows it up to the next "Pasal" (another provision's letters
    # are its own): no letter after j there, and a letter a-j.
    _OF_17 = anycase(r"pasal\s*17\b") + "(?:(?!" + anycase(r"\bpasal\b") + ")[\\s\\S])*"
    pattern = ("^(?![\\s\\S]*" + _OF_17 + anycase(r"\bhuruf\s+") + "[k-zK-Z]\\b)[\\s\\S]*"
               + _OF_17 + anycase(r"\bhuruf\s+") + "[a-jA-J]\\b[\\s\\S]*$",
               "Tulis huruf Pasal 17 UU 14/2008 yang menjadi dasarnya, mis. UU 14/2008 Pasal 17 huruf h.")

    def parse(self, ctx, f, raw, path):
        letters = pasal17_letters(raw)
        if not letters:
            return None, (f"\"{raw}\": sebutkan huruf Pasal 17 UU 14/2008 yang menjadi dasar pengecualiannya, "
                          "mis. UU 14/2008 Pasal 17 huruf h")
        wrong = next((x for x in letters if x.lower() not in "abcdefghij"), None)
        if wrong:
            return None, f"\"{raw}\": Pasal 17 UU 14/2008 berhuruf a sampai j; huruf {wrong} tidak ada di sana"
        return raw, None


# The scheme of a web address, in any case, as a phone keyboard writes it.
WEB_SCHEME = r"[Hh][Tt][Tt][Pp][Ss]?://"


class Url(Kind):
    name = "url"
    form = "alamat web http(s)://…"
    # (No name before an @.)
    pattern = (rf"^\s*{WEB_SCHEME}[^\s/?#@]+(?:[/?#]\S*)?\s*$",
               "Tulis alamat web lengkap dengan http:// atau https://.")

    def parse(self, ctx, f, raw, path):
        return parse_url(raw)

    def json_schema(self, f, registry):
        return {"type": "string", "format": "uri"}


class Urls(Kind):
    name = "urls"
    form = "daftar alamat web, dipisah koma"
    many = True
    separator = rf",\s*(?={WEB_SCHEME})"  # a comma inside an address (a map's) is kept

    def parse(self, ctx, f, raw, path):
        return parse_each(raw, parse_url, separator=self.separator)

    def json_schema(self, f, registry):
        return {"type": "array", "items": {"type": "string", "format": "uri-reference"}}

    def widget(self, f, opd, vocab):
        """One box per address, each checked as ``Url``'s box is."""
        return list_of(f, "alamat", "Alamat", Url().widget(f, opd, vocab))


ADDRESS_SEGMENT = re.compile(r"[A-Za-z0-9._~-]+")  # a folder of an address the build writes (slugs are ASCII)


def parse_old_address(raw: str, example: str = "/agenda/2026/11/apel-siaga/"):
    """One former address of a page on this site, as ``agenda/2026/11/apel-siaga/``: written
    as a path (``/agenda/2026/11/apel-siaga/``) or pasted whole with the site's address,
    whose path alone is kept (its host is not the build's to know). ``example``: an
    address of the file's type, named by the message."""
    parts = urlsplit(raw)
    segments = [s for s in unquote(parts.path).removesuffix("index.html").split("/") if s]
    if parts.scheme in ("", "http", "https") and not (parts.query or parts.fragment or " " in raw) and segments \
            and all(ADDRESS_SEGMENT.fullmatch(s) and not s.startswith(".") for s in segments):
        return "/".join(segments) + "/", None
    return None, f"\"{raw[:80]}\" bukan alamat halaman di situs ini; tulis bagian alamatnya saja, mis. {example}"


class OldAddresses(Kind):
    """Addresses the page had before its date or slug changed: each keeps leading to it."""

    name = "alamat_lama"
    form = "daftar alamat halaman di situs ini, dipisah koma"
    many = True

    def parse(self, ctx, f, raw, path):
        return parse_each(raw, lambda part: parse_old_address(part, f.example), unique=True)

    def json_schema(self, f, registry):
        return {"type": "array", "items": {"type": "string"}}

    def widget(self, f, opd, vocab):
        return list_of(f, "alamat-lama", "Alamat lama", {"widget": "string", "pattern": [
            # As ``parse_old_address`` reads it: http(s) and a host, or none; folders of ADDRESS_SEGMENT.
            rf"^\s*(?:{WEB_SCHEME}[^/\s?#@]+(?=/))?/?(?:(?!\.)[A-Za-z0-9._~-]+/)*(?!\.)[A-Za-z0-9._~-]+/?\s*$",
            f"Tulis satu alamat lama per kotak, mis. {f.example}"]})


# Kinds of the services package's data files (TOML), which read their values typed.


class Integer(Kind):
    name = "integer"
    form = "bilangan bulat, tanpa tanda kutip"

    def widget(self, f, opd, vocab):
        return {"widget": "number", "value_type": "int"}


class Nrr(Kind):
    name = "nrr"
    form = "tabel TOML u1–u9, angka 1.00–4.00 tanpa tanda kutip"


def select(f, vocab: dict, multiple: bool, default: str | None = None) -> dict:
    """The editor's select box of a field with a vocabulary; its default is ``default``,
    else the example of a required field (when it is a plain value)."""
    terms = vocab[f.choices] if isinstance(f.choices, str) else [(t.slug, t.label) for t in f.choices]
    options = [{"label": label if label == value else f"{label} ({value})", "value": value} for value, label in terms]
    out = {"widget": "select", "options": options, "multiple": multiple}
    if default:
        out["default"] = default
    elif f.example and f.required is True and "{" not in f.example and f.example in {v for v, _ in terms}:
        # (an example the site does not offer, a kota's Perbup, is no default: a select would show it chosen)
        out["default"] = [f.example] if multiple else f.example
    return out


CHOICE = Choice()

# The table, in the order the kinds are documented.
KINDS: dict[str, Kind] = {k.name: k for k in (
    Text(), DateTime(), Date(), Pdf(), Rujukan(), DateOrYear(), Year(), CHOICE, Choices(), TextList(), Opd(),
    Location(), Image(), Locations(), Audio(), Url(), Urls(), OldAddresses(), Integer(), Nrr(), Nomor(), Tentang(), DasarHukum(),
)}


def of(f) -> Kind:
    """The kind of a schema field."""
    try:
        return KINDS[f.kind]
    except KeyError:
        raise AssertionError(f"unknown field kind {f.kind} of {f.key}") from None
