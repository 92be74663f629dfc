"""kip: the public-information views UU 14/2008 and Perki 1/2021 ask of a site.

DIP (whole, by kind, by OPD), DIK with exemption status, the periodic-information
index with freshness, OPD profiles, the serta-merta banner data for the home page,
and the CSV/JSON exports with their JSON Schema. Reads content.schema and the
validated ``fields`` of each entry; computes everything in Python (status.py,
tables.py) and hands it to the templates as data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from common.forked import stop as stop_forked
from common.paths import display_path
from content import clock
from content.schema import DIP, REGULASI
from content.validate import Problem

from . import status
from .generator import KipGenerator, describe, place

DEFAULTS = {
    "SERTA_MERTA_DAYS": 30,  # a serta-merta entry stays on the home page this many days after its Date
    "BERKALA_FRESH_DAYS": 183,  # a berkala entry is `terkini` this many days after its Date/Modified
    "DIP_PER_PAGE": 200,  # rows per page of a DIP/DIK table (keeps every page small)
    "OPD_NEWS_COUNT": 5,  # news items on an OPD page
}


@dataclass(frozen=True)
class Validated:
    """A published item as validation read it, as the berkala index reads an entry: its
    content object's ``fields`` are these values (``content.on_content_init``)."""

    fields: dict
    slug: str
    date: object
    source_path: str


def check_berkala(content_path, settings, report):
    """A stale cell of the berkala index as a warning on the file of its newest item, from
    the validated items (``pipeline.CHECKS``): `check` says it as the build does."""
    settings = {**DEFAULTS, **settings}
    tz = settings.get("TIMEZONE") or "Asia/Jakarta"
    today, fresh = clock.today(tz), settings["BERKALA_FRESH_DAYS"]
    # Items with an error are left out: their values are incomplete, and the build stops
    # at the errors before it makes an index of them.
    refused = {p.path for p in report.errors}
    def read(ctype):
        return [Validated(i.values, i.slug, i.values.get("date"), str(i.path))
                for i in report.items if i.ctype is ctype and i.published and i.rel not in refused]

    rows = status.berkala_index(read(DIP) + list(getattr(report, "berkala_tambahan", ())), report.registry,
                                today, fresh, regulations=read(REGULASI))
    for row in rows:
        for cell in row.cells:
            if cell.status == status.PERLU_DIPERBARUI:
                entry = cell.entry
                key = getattr(entry, "kunci_tanggal", "") or (
                    "Modified" if entry.fields.get("modified") == status.updated(entry) else "Date")
                report.warnings.append(Problem(
                    display_path(Path(entry.source_path)), key,
                    f"informasi berkala {cell.kategori.letter}. {cell.kategori.label} ({row.opd.singkatan}) perlu diperbarui: "
                    f"terakhir {cell.tanggal.isoformat()}, lebih dari {fresh} hari sebelum {today.isoformat()}; "
                    + _what_to_do(entry, cell, row.opd, key, today)))


def _what_to_do(entry, cell, opd, key: str, today) -> str:
    """What the author of a stale cell's newest item writes to refresh it. A regulation's
    `Date` is the day it was put on the site and a year's service report follows its
    register: neither is refreshed by changing its date."""
    if getattr(entry, "kunci_tanggal", ""):  # a year's service report (services.berkala_reports)
        return (f"laporan tahun berikutnya dihitung dari register tahun itu: catat permohonan yang diterima {opd.singkatan} "
                f"di content/layanan/register/{today.year}.csv")
    if not entry.fields.get("kategori"):  # a regulation: kategori f through its OPD
        return (f"tambahkan regulasi atau kebijakan {opd.singkatan} yang lebih baru, atau entri DIP {opd.singkatan} "
                f"dengan Jenis: berkala, Kategori: {cell.kategori.slug} yang mutakhir; jangan ubah Date regulasi ini (tanggal unggahnya)")
    return f"perbarui isi atau dokumennya, lalu tulis tanggal pembaruannya, mis. Modified: {today.isoformat()}"


def derive(run, generators):
    for g in generators:
        if isinstance(g, KipGenerator):
            g.prepare()  # before the home page and entry pages are written
            g.start_workbooks()


def stop(run):
    """A build that ends before its exports leaves no workbook process behind."""
    if run.workbooks is not None:
        stop_forked(run.workbooks)
        run.workbooks = None
