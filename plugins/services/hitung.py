"""The figures: the yearly service report of a register, and the IKM of a survey,
exactly as CONTENT.md defines them (plain dicts, written as JSON and shown by templates)."""

from __future__ import annotations

import statistics
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from content.schema import KANAL, KEPUTUSAN, MUTU_IKM, PASAL_17, PEMOHON, UNSUR_IKM
from kip.tables import JSON_SCHEMA_DIALECT

from .data import Register, Survei
from .hari_kerja import BATAS, BATAS_PERPANJANGAN, WorkingDays



def half_up(value, places: int) -> float:
    """Rounded as people round (2.25 → 2.3), not to even."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return float(Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def counts(values, keys) -> dict[str, int]:
    out = {k: 0 for k in keys}
    for v in values:
        out[v] += 1
    return out


def laporan(register: Register, registry: dict, workdays: WorkingDays) -> dict:
    """data/laporan-layanan-<tahun>.json: every value of every list present, zero included."""
    rows = register.rows
    days = [workdays.between(r["tanggal"], r["tanggal_jawab"]) for r in rows if r["tanggal_jawab"]]
    return {
        "tahun": register.tahun,
        "jumlah": len(rows),
        "keputusan": counts((r["keputusan"] for r in rows), [t.slug for t in KEPUTUSAN]),
        "penolakan": counts((r["pasal"] for r in rows if r["keputusan"] == "ditolak"), [t.slug for t in PASAL_17]),
        "kanal": counts((r["kanal"] for r in rows), [t.slug for t in KANAL]),
        "pemohon": counts((r["pemohon"] for r in rows), [t.slug for t in PEMOHON]),
        "opd": counts((r["opd"] for r in rows), list(registry)),
        "bulan": counts((f"{r['tanggal'].month:02d}" for r in rows), [f"{m:02d}" for m in range(1, 13)]),
        "hari_kerja": {
            "rata_rata": half_up(Fraction(sum(days), len(days)), 1) if days else 0.0,
            "median": half_up(Fraction(statistics.median(days)), 1) if days else 0.0,
            "maksimum": max(days, default=0),
            "lebih_dari_10": sum(1 for d in days if d > BATAS),
            "lebih_dari_17": sum(1 for d in days if d > BATAS_PERPANJANGAN),
        },
        "keberatan": sum(1 for r in rows if r["keberatan"] == "ya"),
    }


def laporan_schema(registry: dict) -> dict:
    """data/laporan-layanan.schema.json: what each data/laporan-layanan-<tahun>.json holds
    (``laporan``), every list's values from the vocabularies and the OPD registry."""
    def counts_of(keys, description):
        return {"type": "object", "additionalProperties": False, "required": list(keys), "description": description,
                "properties": {k: {"type": "integer", "minimum": 0} for k in keys}}

    whole, days = {"type": "integer", "minimum": 0}, {"type": "number", "minimum": 0}
    props = {
        "tahun": {"type": "integer"},
        "jumlah": {**whole, "description": "Permohonan yang diterima tahun itu."},
        "keputusan": counts_of([t.slug for t in KEPUTUSAN], "Permohonan per keputusan."),
        "penolakan": counts_of([t.slug for t in PASAL_17], "Penolakan per huruf UU 14/2008 Pasal 17."),
        "kanal": counts_of([t.slug for t in KANAL], "Permohonan per kanal."),
        "pemohon": counts_of([t.slug for t in PEMOHON], "Permohonan per jenis pemohon."),
        "opd": counts_of(list(registry), "Permohonan per OPD yang menguasai informasinya."),
        "bulan": counts_of([f"{m:02d}" for m in range(1, 13)], "Permohonan per bulan diterima."),
        "hari_kerja": {"type": "object", "additionalProperties": False,
                       "required": ["rata_rata", "median", "maksimum", "lebih_dari_10", "lebih_dari_17"],
                       "description": "Hari kerja dari diterima sampai dijawab (permohonan yang sudah dijawab).",
                       "properties": {"rata_rata": days, "median": days, "maksimum": whole,
                                      "lebih_dari_10": whole, "lebih_dari_17": whole}},
        "keberatan": {**whole, "description": "Permohonan yang diajukan keberatan."},
    }
    return {"$schema": JSON_SCHEMA_DIALECT, "$id": "laporan-layanan.schema.json",
            "title": "Laporan layanan informasi publik setahun", "type": "object", "additionalProperties": False,
            "required": list(props), "properties": props}


def berkala_date(register: Register):
    """The report of a year counts for berkala kategori e from the day after its last row."""
    last = max((r["tanggal"] for r in register.rows), default=None)
    return last + timedelta(days=1) if last else None


def mutu(ikm: float) -> tuple[str, str]:
    """(mutu, kinerja) of an IKM rounded to 2 decimals (PermenPANRB 14/2017)."""
    value = Decimal(str(ikm))
    for lowest, grade, label in MUTU_IKM:
        if value >= Decimal(lowest):
            return grade, label
    return MUTU_IKM[-1][1], MUTU_IKM[-1][2]


def ikm_schema() -> dict:
    """data/ikm.schema.json: what data/ikm.json holds, from the elements and bands above
    (draft 2020-12, as the DIP's)."""
    nrr = {"type": "number", "minimum": 1, "maximum": 4}
    survey = {
        "type": "object", "additionalProperties": False,
        "properties": {
            "periode": {"type": "string", "description": "Periode survei, mis. 2026 Semester I."},
            "opd": {"type": ["string", "null"], "description": "Slug OPD (PPID Pelaksana); null: PPID Utama."},
            "responden": {"type": "integer", "minimum": 1},
            "nrr": {"type": "object", "additionalProperties": False, "required": [t.slug for t in UNSUR_IKM],
                    "properties": {t.slug: {**nrr, "description": f"{t.letter} {t.label}"} for t in UNSUR_IKM}},
            "ikm": {"type": "number", "minimum": 25, "maximum": 100,
                    "description": "Rata-rata kesembilan NRR × 25, dua desimal (PermenPANRB 14/2017)."},
            "mutu": {"enum": [grade for _, grade, _ in MUTU_IKM]},
            "kinerja": {"enum": [label for _, _, label in MUTU_IKM]},
        },
    }
    survey["required"] = list(survey["properties"])
    return {"$schema": JSON_SCHEMA_DIALECT, "$id": "ikm.schema.json", "title": "Indeks Kepuasan Masyarakat",
            "type": "object", "additionalProperties": False, "required": ["survei"],
            "properties": {"survei": {"type": "array", "items": survey}}}


def ikm(survey: Survei) -> dict:
    """One record of data/ikm.json: IKM = mean of the nine NRR × 25, to 2 decimals."""
    total = sum(survey.nrr[t.slug] for t in UNSUR_IKM)
    value = half_up(Fraction(total * 25) / len(UNSUR_IKM), 2)
    grade, label = mutu(value)
    return {
        "periode": survey.periode,
        "opd": survey.opd,
        "responden": survey.responden,
        "nrr": {t.slug: float(survey.nrr[t.slug]) for t in UNSUR_IKM},
        "ikm": value,
        "mutu": grade,
        "kinerja": label,
    }
