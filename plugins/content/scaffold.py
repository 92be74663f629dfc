"""`invoke new`: a new content file with every required field, from the schema."""

from __future__ import annotations

from pathlib import Path

from slugify import slugify

from common.paths import display_path

from . import clock
from .registry import Opd
from .schema import CONTENT_TYPES, DIP, PLACEHOLDER_BODY, REGULASI, SERTA_MERTA_BODY, ContentType


# The command line's option for a field whose name differs (`new --judul`, the Title).
OPTION = {"title": "judul"}


class ScaffoldError(ValueError):
    pass


def fields_for(ctype: ContentType, choices: dict):
    """The fields the new file gets: every required one, plus those whose
    requirement holds for the chosen values (e.g. Kategori for berkala), plus the
    optional ones marked ``scaffold`` (e.g. Redaktur, left empty to fill in) that the
    chosen values allow (Dokumen-Uji-Konsekuensi: for an exempt entry only)."""
    for f in ctype.fields:
        only = ctype.only_when(f.name)
        if f.is_required(choices) or f.name in choices or f.scaffold and (only is None or only.holds(choices)):
            yield f


def render(ctype: ContentType, opd: Opd | None, judul: str, choices: dict, tz: str) -> str:
    now = clock.now(tz)
    fill = {"now": f"{now:%Y-%m-%d %H:%M}", "year": f"{now:%Y}", "today": f"{now:%Y-%m-%d}"}
    if opd is not None:
        fill.update(opd=opd.slug, nama=opd.nama, singkatan=opd.singkatan)
    values = {"title": judul, **({"opd": opd.slug} if opd else {}), **choices}
    lines = []
    for f in fields_for(ctype, values):
        value = values.get(f.name) or f.example.format(**fill)
        lines.append(f"{f.key}: {value}".rstrip())
    body = SERTA_MERTA_BODY if ctype is DIP and values.get("jenis") == "serta-merta" else PLACEHOLDER_BODY
    return "\n".join(lines) + "\n\n" + body + "\n"


def _write(path: Path, ctype: ContentType, text: str, given, check) -> Path:
    """Write the new file unless ``check`` (the validator, on ``path`` with ``text``:
    its problems) refuses a value the author gave on the command line (``given``: the
    options' names, e.g. ``--jenis salah``): said with the schema's own message, nothing
    written. The example values the file is written with are left to ``check`` later."""
    if check is not None:
        keys = {f.key: f.name for f in ctype.fields if f.name in given}
        problems = [p for p in check(path, text) if p.key in keys]
        if problems:
            raise ScaffoldError("\n".join(f"--{OPTION.get(keys[p.key], keys[p.key])}: {p.message}" for p in problems))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def new(content_path, kind: str, opd_slug: str, judul: str, registry: dict, tz: str, check=None, **choices) -> Path:
    ctype = CONTENT_TYPES.get(kind)
    if ctype is None or not (ctype.per_opd or ctype is REGULASI):
        allowed = ", ".join(k for k, t in CONTENT_TYPES.items() if t.per_opd or t is REGULASI)
        if not kind.strip():
            raise ScaffoldError(f"tulis jenis kontennya sesudah new, mis. new berita --opd dinkes --judul \"…\"; pilihan: {allowed}")
        raise ScaffoldError(f"jenis konten \"{kind}\" tidak dikenal; pilihan: {allowed}")
    # `--opd DINKES`: the registry's slug, as an item's OPD: is read regardless of case.
    opd_slug = next((slug for slug in registry if slug.casefold() == opd_slug.strip().casefold()), opd_slug.strip())
    if ctype is REGULASI:
        return new_regulation(content_path, opd_slug, judul, registry, tz, check, **choices)
    if not opd_slug.strip():
        raise ScaffoldError(f"--opd wajib diisi: slug OPD dari content/opd.toml; pilihan: {', '.join(registry)}")
    if opd_slug not in registry:
        raise ScaffoldError(f"OPD \"{opd_slug}\" tidak terdaftar di content/opd.toml; pilihan: {', '.join(registry)}")
    if not judul.strip():
        raise ScaffoldError("judul wajib diisi, mis. --judul \"Rapat Koordinasi Stunting\"")
    choices = {k.lower(): v for k, v in choices.items() if v}
    given = set(choices) | {"title"}
    if ctype is DIP:
        choices.setdefault("jenis", "berkala")
    name = slugify(judul, max_length=60, word_boundary=True) or "baru"
    folder = Path(content_path) / ctype.slug / opd_slug
    path = folder / f"{clock.now(tz):%Y-%m-%d}-{name}.md"
    if path.exists():
        raise ScaffoldError(f"berkas {display_path(path)} sudah ada; pakai judul lain")
    return _write(path, ctype, render(ctype, registry[opd_slug], judul, choices, tz), given, check)


def new_regulation(content_path, opd_slug: str, judul: str, registry: dict, tz: str, check=None, **choices) -> Path:
    """content/regulasi/<tahun>-<jenis>-<nomor>.md (a draft: …-rancangan-<judul>.md)."""
    if opd_slug and opd_slug not in registry:
        raise ScaffoldError(f"OPD \"{opd_slug}\" tidak terdaftar di content/opd.toml; pilihan: {', '.join(registry)}")
    if not judul.strip():
        raise ScaffoldError("judul (isi tentang) wajib diisi, mis. --judul \"Penyelenggaraan Keterbukaan Informasi Publik\"")
    choices = {k.lower(): v for k, v in choices.items() if v}
    default = choices.pop("jenis-bawaan", None) or "perbup"  # (the region's head's: regulasi.head_regulation)
    given = set(choices) | {"title"}
    choices.setdefault("jenis", default)
    choices.setdefault("status-berlaku", "berlaku")
    if choices["status-berlaku"] == "rancangan":
        choices.pop("nomor", None)
        choices.setdefault("tahap", "penyusunan")
    now = clock.now(tz)
    nomor = slugify(choices.get("nomor", ""), max_length=40) or "rancangan-" + (slugify(judul, max_length=40, word_boundary=True) or "baru")
    if choices["status-berlaku"] != "rancangan":
        choices.setdefault("dokumen", f"dokumen/regulasi/{now:%Y}-{choices['jenis']}-{nomor}.pdf")
    folder = Path(content_path) / REGULASI.slug
    path = folder / f"{now:%Y}-{choices['jenis']}-{nomor}.md"
    if path.exists():
        raise ScaffoldError(f"berkas {display_path(path)} sudah ada; periksa jenis dan nomornya")
    opd = registry.get(opd_slug) if opd_slug else None
    return _write(path, REGULASI, render(REGULASI, opd, judul, choices, tz), given, check)
