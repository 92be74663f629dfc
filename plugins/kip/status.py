"""Freshness and status of public information, computed once and reused by the
pages, the JSON export and the build warnings.

All comparisons are on calendar dates in the site's time zone: "today" is
the run's ``now`` (SOURCE_DATE_EPOCH when set).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from content.kinds import pasal17_letters
from content.schema import KATEGORI_BERKALA, PASAL_17
from content.tanggal import day_of

TERKINI = "terkini"
PERLU_DIPERBARUI = "perlu-diperbarui"
KOSONG = "kosong"
REGULASI_KATEGORI = "regulasi"  # berkala kategori f, which regulations fill
BERLAKU = "berlaku"
KEDALUWARSA = "kedaluwarsa"

# What each status reads as, without colour: a symbol and a word.
STATUS_LABELS = {
    TERKINI: ("✓", "Terkini"),
    PERLU_DIPERBARUI: ("!", "Perlu diperbarui"),
    KOSONG: ("✗", "Kosong"),
    BERLAKU: ("✓", "Berlaku"),
    KEDALUWARSA: ("!", "Kedaluwarsa"),
}


def updated(entry) -> datetime:
    """The moment an entry was last published or updated: the later of Date and Modified."""
    fields = entry.fields
    moments = [m for m in (fields.get("date"), fields.get("modified")) if isinstance(m, datetime)]
    return max(moments) if moments else entry.date


def freshness(entry, today: date, fresh_days: int) -> str:
    """``terkini`` when the entry was updated at most ``fresh_days`` days before today."""
    return TERKINI if (today - day_of(updated(entry))).days <= fresh_days else PERLU_DIPERBARUI


def exemption_status(entry, today: date) -> str:
    """``kedaluwarsa`` once today is after Berlaku-Hingga (the last day still counts)."""
    until = entry.fields.get("berlaku-hingga")
    return KEDALUWARSA if isinstance(until, date) and until < today else BERLAKU


# An exemption's classification by the letter of UU 14/2008 Pasal 17 its legal basis cites.
KLASIFIKASI = {t.letter: f"{t.letter}. {t.label}" for t in PASAL_17}


def classification(entry) -> list[str]:
    """The classification of an exempt entry (Perki 1/2021: a DIK decision states it), from
    the letters of Pasal 17 its ``Dasar-Hukum`` cites: ``["h. Mengungkap rahasia pribadi"]``."""
    return [KLASIFIKASI[x] for x in pasal17_letters(entry.fields.get("dasar-hukum") or "") if x in KLASIFIKASI]


def is_current_announcement(entry, now: datetime, days: int) -> bool:
    """A serta-merta entry is current from its Date to its ``Berakhir`` (the last day of
    the situation it announces) when it has one, else for ``days`` days after its Date."""
    when = entry.fields.get("date") or entry.date
    if entry.fields.get("jenis") != "serta-merta" or when > now:
        return False
    until = entry.fields.get("berakhir")
    if isinstance(until, date):
        return now.date() <= until
    return now - when <= timedelta(days=days)


@dataclass
class Cell:
    kategori: object  # content.schema.Term
    status: str
    entry: object = None  # the newest entry, or None
    tanggal: date | None = None  # its update date
    count: int = 0  # how many entries the cell holds


@dataclass
class BerkalaRow:
    opd: object  # the registry record
    cells: list

    @property
    def terkini(self) -> int:
        return sum(1 for c in self.cells if c.status == TERKINI)

    @property
    def skor(self) -> str:
        return f"{self.terkini}/{len(self.cells)} terkini"


def berkala_index(entries, registry: dict, today: date, fresh_days: int, regulations=()) -> list[BerkalaRow]:
    """One row per registry OPD (registry order), one cell per kategori a–k: the newest
    published berkala entry and its freshness. Drafts and future entries are not in
    ``entries`` (the content package holds them back). A regulation with an `OPD` counts
    for that OPD's kategori f (regulasi)."""
    newest: dict[tuple[str, str], list] = {}
    for e in entries:
        if e.fields.get("jenis") != "berkala" or not e.fields.get("kategori"):
            continue
        newest.setdefault((e.fields["opd"], e.fields["kategori"]), []).append(e)
    for r in regulations:
        if r.fields.get("opd"):
            newest.setdefault((r.fields["opd"], REGULASI_KATEGORI), []).append(r)
    rows = []
    for slug, opd in registry.items():
        cells = []
        for k in KATEGORI_BERKALA:
            found = newest.get((slug, k.slug), [])
            if not found:
                cells.append(Cell(k, KOSONG))
                continue
            best = max(found, key=lambda e: (updated(e), e.slug))
            cells.append(Cell(k, freshness(best, today, fresh_days), best, day_of(updated(best)), len(found)))
        rows.append(BerkalaRow(opd, cells))
    return rows
