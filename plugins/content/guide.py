"""The field tables of the author guide, generated from the schema.

The guide keeps hand-written prose; between ``<!-- skema:NAME -->`` and
``<!-- /skema:NAME -->`` it holds tables that `invoke docs` rewrites and a test
keeps in sync.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import kinds
from .schema import (
    CONTENT_TYPES, DEFAULT_NEWS_CATEGORIES, DEFAULT_REGULASI_JENIS, IKM_FIELDS, JENIS, KATEGORI_BERKALA, OPD_FIELDS,
    PENETAPAN_FIELDS, REGISTER_COLUMNS, Field, OnlyWhen, YearOf,
)

BLOCK_RE = re.compile(r"(<!-- skema:(?P<name>[a-z-]+) -->\n).*?(<!-- /skema:(?P=name) -->)", re.S)


def _choices(f: Field) -> str:
    if isinstance(f.choices, str):
        return {
            "opd": "",
            "news_categories": ", ".join(f"`{c}`" for c in DEFAULT_NEWS_CATEGORIES) + " (bawaan; situs dapat mengubahnya lewat `NEWS_CATEGORIES`)",
            "regulasi_jenis": "lihat tabel jenis produk hukum di bawah",
        }[f.choices]
    return ", ".join(f"`{t.slug}`" for t in f.choices)


def field_table(fields, rules=()) -> str:
    """``rules``: the content type's rules across fields; a field allowed only when
    another holds a value (``OnlyWhen``) says so in its row, as the validator refuses it."""
    only = {r.key: r.when for r in rules if isinstance(r, OnlyWhen)}
    year_of = {r.key: r.dates for r in rules if isinstance(r, YearOf)}
    rows = ["| kunci | wajib? | isi | keterangan |", "| --- | --- | --- | --- |"]
    for f in fields:
        form = kinds.of(f).form
        if f.choices and _choices(f):
            form = f"{form}: {_choices(f)}"
        rule = f.requirement_text()
        if f.forbidden:
            rule += f"; dilarang {f.forbidden.describe()}"
        if f.key in only:
            when = only[f.key]
            same = f.required == when  # "wajib jika X" already names the values
            rule += "; selain itu tidak boleh diisi" if same else f"; hanya untuk {when.key}: {', '.join(when.values)}"
        if f.key in year_of:
            form += f", sama dengan tahun {' atau '.join(f'`{d}`' for d in year_of[f.key])}"
        rows.append(f"| `{f.key}` | {rule} | {form} | {f.help} |")
    return "\n".join(rows)


def term_table(terms, with_letter=False) -> str:
    if with_letter:
        rows = ["| huruf | `Kategori` | isi |", "| --- | --- | --- |"]
        rows += [f"| {t.letter} | `{t.slug}` | {t.label}{': ' + t.note if t.note else ''} |" for t in terms]
    else:
        rows = ["| `Jenis` | nama | keterangan |", "| --- | --- | --- |"]
        rows += [f"| `{t.slug}` | {t.label} | {t.note} |" for t in terms]
    return "\n".join(rows)


def blocks() -> dict[str, str]:
    out = {name: field_table(t.fields, t.rules) for name, t in CONTENT_TYPES.items()}
    out["opd"] = field_table(OPD_FIELDS)
    out["jenis"] = term_table(JENIS)
    out["kategori"] = term_table(KATEGORI_BERKALA, with_letter=True)
    out["register"] = field_table(REGISTER_COLUMNS).replace("| kunci |", "| kolom |", 1)
    out["ikm"] = field_table(IKM_FIELDS)
    out["penetapan"] = field_table(PENETAPAN_FIELDS)
    rows = ["| `Jenis` | nama | singkatan | disebut dalam judul |", "| --- | --- | --- | --- |"]
    rows += [f"| `{slug}` | {nama} | {singkat} | {sebutan} |" for slug, nama, singkat, sebutan in DEFAULT_REGULASI_JENIS]
    out["regulasi-jenis"] = "\n".join(rows)
    return out


def render(text: str) -> str:
    tables = blocks()
    return BLOCK_RE.sub(lambda m: m.group(1) + tables[m.group("name")] + "\n" + m.group(3), text)


def update(path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    new = render(text)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text
