"""The DIP and DIK as data: order and numbering, display rows for the tables, and
the CSV/JSON exports with their JSON Schema. Everything is derived from the
schema table (content.schema.DIP, DIP_COLUMNS, export=True fields)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from content import kinds
from content.schema import DIP, JENIS, KATEGORI_BERKALA, Field, When, dip_columns

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
DIP_JENIS = tuple(t.slug for t in JENIS if t.slug != "dikecualikan")
DIK_JENIS = ("dikecualikan",)
JENIS_LABEL = {t.slug: t.label for t in JENIS}
KATEGORI = {t.slug: t for t in KATEGORI_BERKALA}

# --- which fields belong to which list ------------------------------------------


def applies(f: Field, jenis: str) -> bool:
    """A field belongs to entries of ``jenis`` unless it is forbidden for it, allowed only
    for other kinds (Berakhir: serta-merta; Dokumen-Uji-Konsekuensi: dikecualikan), or
    required only for other kinds (Kategori: berkala; Dasar-Hukum: dikecualikan)."""
    values = {"jenis": jenis}
    if f.is_forbidden(values):
        return False
    only = DIP.only_when(f.name)
    if only is not None and not only.holds(values):
        return False
    req = f.required
    return not (isinstance(req, When) and req.key.lower() == "jenis" and req.values and jenis not in req.values)


def export_fields(jenis_set) -> list[Field]:
    return [f for f in DIP.fields if f.export and any(applies(f, j) for j in jenis_set)]


# --- order and numbering --------------------------------------------------------


def order_key(entry, opd_order: dict):
    """The DIP order: OPD (registry order), Jenis (berkala, serta-merta, setiap-saat,
    dikecualikan), Kategori letter (a–k), Date (oldest first, so a new entry joins the
    end of its group), then slug."""
    f = entry.fields
    jenis = [t.slug for t in JENIS]
    kategori = KATEGORI.get(f.get("kategori"))
    return (
        opd_order.get(f.get("opd"), len(opd_order)),
        jenis.index(f["jenis"]) if f.get("jenis") in jenis else len(jenis),
        kategori.letter if kategori else "",
        f.get("date") or entry.date,
        entry.slug,
    )


def numbered(entries, registry: dict) -> list:
    opd_order = {slug: i for i, slug in enumerate(registry)}
    return list(enumerate(sorted(entries, key=lambda e: order_key(e, opd_order)), start=1))


# --- display values ---------------------------------------------------------------


def display(f: Field, value, registry: dict):
    """A field value as a citizen reads it (content.kinds): text, or a date/datetime
    the template formats with the ``tanggal`` filters."""
    if value in (None, "", [], ()):
        return ""
    return kinds.of(f).display(f, value, registry)


def dip_row(number: int, entry, registry: dict) -> dict:
    """One row of a DIP table: column letter → list of (label, value) parts, plus Jenis."""
    cols = {}
    for letter, label, fields in dip_columns():
        if letter == "a":
            continue
        parts = []
        for f in fields:
            value = display(f, entry.fields.get(f.name), registry)
            if value != "":
                parts.append(value)
        cols[letter] = parts
    kategori = KATEGORI.get(entry.fields.get("kategori"))
    return {
        "nomor": number,
        "entry": entry,
        "kolom": cols,
        "jenis": entry.fields.get("jenis"),
        "jenis_label": JENIS_LABEL.get(entry.fields.get("jenis"), ""),
        "kategori": f"{kategori.letter}. {kategori.label}" if kategori else "",
    }


# --- exports ------------------------------------------------------------------------


def export_value(f: Field, value, siteurl: str):
    """A field value as data (content.kinds): ISO dates, lists as arrays, documents as URLs."""
    kind = kinds.of(f)
    if value in (None, "", [], ()):
        return [] if kind.many or kind.listed else None
    return kind.export(f, value, siteurl)


@dataclass(frozen=True)
class Computed:
    """A column the build computes for a list, after the authors' fields: the DIK's
    classification and status, which its page shows too (``status.classification``,
    ``status.exemption_status``)."""

    name: str
    label: str
    help: str
    values: tuple[str, ...]
    value: Callable  # entry -> one of values, or a list of them (``many``)
    many: bool = False

    def schema(self) -> dict:
        one = {"enum": list(self.values)}
        return {"title": self.label, "description": self.help, **({"type": "array", "items": one} if self.many else one)}

    def cell(self, value):
        """The value as a CSV/XLSX cell (a list joined with "; ")."""
        return "; ".join(value) if self.many else value


def export_record(number: int, entry, fields, siteurl: str, computed=()) -> dict:
    record = {"nomor": number}
    for f in fields:
        record[f.name] = export_value(f, entry.fields.get(f.name), siteurl)
    for c in computed:
        record[c.name] = c.value(entry)
    record["url"] = f"{siteurl}/{entry.url}"
    return record


def csv_header(fields, computed=()) -> list[str]:
    return ["Nomor"] + [f.label for f in fields] + [c.label for c in computed] + ["Alamat halaman"]


def csv_row(record, fields, registry: dict, computed=()) -> list:
    """One record as the CSV's and the workbook's cells."""
    return [record["nomor"], *(csv_cell(f, record[f.name], registry) for f in fields),
            *(c.cell(record[c.name]) for c in computed), record["url"]]


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A text cell a spreadsheet will not run as a formula: one that starts with = + - @,
    a tab or a carriage return gets a leading ' (OWASP, CSV injection). Numbers pass."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_cell(f: Field, value, registry: dict):
    """An exported value (export_value) as a CSV/XLSX cell: lists joined with ", "."""
    if isinstance(value, list):
        return spreadsheet_safe(", ".join(str(x) for x in value))
    if value is None:
        return ""
    return spreadsheet_safe(kinds.of(f).cell(f, value, registry))


def rows_csv_text(header, rows) -> str:
    """RFC 4180 CSV (comma, CRLF) of a header and rows, every cell spreadsheet-safe."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(header)
    for row in rows:
        w.writerow([spreadsheet_safe(v) for v in row])
    return out.getvalue()


def csv_text(records, fields, registry: dict, computed=()) -> str:
    """RFC 4180 CSV (comma, CRLF), opened correctly by Excel thanks to the UTF-8 BOM
    the writer adds. Lists are joined with ", "."""
    rows = (csv_row(r, fields, registry, computed) for r in records)
    return rows_csv_text(csv_header(fields, computed), rows)


def csv_bytes(text: str) -> bytes:
    """A CSV file's bytes: UTF-8 with the BOM Excel needs to read it as UTF-8."""
    return "\ufeff".encode() + text.encode("utf-8")


def json_bytes(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_csv(path: Path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(csv_bytes(text))


def write_json(path: Path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(json_bytes(data))


# --- JSON Schema, generated from the field table ------------------------------------------


def field_schema(f: Field, registry: dict, nullable: bool) -> dict:
    s = kinds.of(f).json_schema(f, registry)
    if nullable and s["type"] != "array":
        s["type"] = [s["type"], "null"]
        if "enum" in s:
            s["enum"] = s["enum"] + [None]
    return {"title": f.label, "description": f.help, **s}


def list_schema(name: str, title: str, fields, jenis_set, registry: dict, computed=()) -> dict:
    """The schema of data/<name>.json: an array of records, one per entry, with every
    key present (null or [] when empty)."""
    props = {"nomor": {"title": "Nomor", "description": "Nomor urut (kolom a), stabil: urutan OPD, jenis, kategori, tanggal.", "type": "integer", "minimum": 1}}
    required = ["nomor"]
    conditional = []
    for f in fields:
        always = f.required is True
        props[f.name] = field_schema(f, registry, nullable=not always)
        required.append(f.name)
        if isinstance(f.required, When) and f.required.values:
            conditional.append({
                "if": {"properties": {f.required.key.lower(): {"enum": list(f.required.values)}}},
                "then": {"properties": {f.name: {"not": {"type": "null"}}}},
            })
    props["jenis"]["enum"] = [j for j in props["jenis"]["enum"] if j in jenis_set]
    for c in computed:
        props[c.name] = c.schema()
        required.append(c.name)
    props["url"] = {"title": "Alamat halaman", "description": "Alamat halaman entri di situs.", "type": "string", "format": "uri-reference"}
    required.append("url")
    item = {"type": "object", "properties": props, "required": required, "additionalProperties": False}
    if conditional:
        item["allOf"] = conditional
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": f"{name}.schema.json",
        "title": title,
        "type": "array",
        "items": item,
    }


def berkala_schema(registry: dict, statuses) -> dict:
    cell = {
        "type": "object",
        "properties": {
            "status": {"enum": list(statuses)},
            "url": {"type": ["string", "null"], "format": "uri-reference"},
            "date": {"type": ["string", "null"], "format": "date"},
        },
        "required": ["status", "url", "date"],
        "additionalProperties": False,
        "if": {"properties": {"status": {"const": "kosong"}}},
        "then": {"properties": {"url": {"type": "null"}, "date": {"type": "null"}}},
        "else": {"properties": {"url": {"type": "string"}, "date": {"type": "string"}}},
    }
    kategori = [t.slug for t in KATEGORI_BERKALA]
    row = {
        "type": "object",
        "properties": {k: {"$ref": "#/$defs/sel", "title": f"{t.letter}. {t.label}"} for k, t in zip(kategori, KATEGORI_BERKALA)},
        "required": kategori,
        "additionalProperties": False,
    }
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": "informasi-berkala.schema.json",
        "title": "Indeks informasi berkala",
        "type": "object",
        "properties": {
            "tanggal": {"type": "string", "format": "date", "description": "Hari build (SOURCE_DATE_EPOCH bila diatur)."},
            "opd": {
                "type": "object",
                "properties": {slug: {"$ref": "#/$defs/opd", "title": opd.nama} for slug, opd in registry.items()},
                "required": list(registry),
                "additionalProperties": False,
            },
        },
        "required": ["tanggal", "opd"],
        "additionalProperties": False,
        "$defs": {"opd": row, "sel": cell},
    }
