"""Regulations (produk hukum): the site's list of instruments, how a regulation is cited,
references between regulations (`Mengubah`, `Mencabut`) and the relations they make.

Pure functions over validated values, used by validation (a reference to a regulation
not on the site is a warning) and by the regulations package (pages, lists, exports), so
the relations are derived by one implementation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from slugify import slugify

from .schema import DEFAULT_REGULASI_JENIS

# `<jenis> <nomor>/<tahun>`: the year is after the last slash, the number may hold slashes.
REF_RE = re.compile(r"^(?P<jenis>[A-Za-z0-9-]+)\s+(?:nomor\s+)?(?P<nomor>\S(?:.*\S)?)\s*/\s*(?P<tahun>\d{4})$", re.I)
# Slugs the regulation lists use for themselves under regulasi/.
RESERVED = {"rancangan", "halaman", "data", "jenis", "tahun"}
# A site's kind of region, from the first word of its name: what its head is called.
KEPALA = {"kabupaten": "Bupati", "kota": "Wali Kota", "provinsi": "Gubernur"}

BERLAKU, DIUBAH, DICABUT, RANCANGAN = "berlaku", "diubah", "dicabut", "rancangan"
STATUS_LABEL = {BERLAKU: "Berlaku", DIUBAH: "Berlaku, dengan perubahan", DICABUT: "Tidak berlaku", RANCANGAN: "Rancangan"}


@dataclass(frozen=True)
class Instrument:
    slug: str
    nama: str
    singkatan: str
    sebutan: str  # the citation's issuer, a pattern: "Peraturan Bupati {nama}"


@dataclass(frozen=True)
class Ref:
    jenis: str
    nomor: str
    tahun: int

    def __str__(self) -> str:
        return f"{self.jenis} {self.nomor}/{self.tahun}"


def rank(inst: Instrument) -> int | None:
    """Where an instrument stands among the region's (UU 12/2011, Permendagri 80/2015): a
    Peraturan Daerah (Aceh's Qanun) above the head's Peraturan, above the head's Keputusan,
    above a Keputusan of an OPD's head; None for the rest (Instruksi, Surat Edaran, a
    site's own), which no rank is told of."""
    nama = inst.nama.casefold()
    if nama.startswith(("peraturan daerah", "qanun")):
        return 4
    if nama.startswith("peraturan"):
        return 3
    if nama.startswith("keputusan"):
        return 1 if "{opd}" in inst.sebutan else 2
    return None


def norm_nomor(nomor: str, tahun=None) -> str:
    """A number as it identifies a regulation, however written: no spaces, any case, no
    leading zeros in a part (``012`` is 12), without its year at the end (``188.45/77/2024``
    of 2024 is ``188.45/77``)."""
    n = re.sub(r"\s+", "", str(nomor)).casefold()
    if tahun is not None:
        n = n.removesuffix(f"/{tahun}") or n
    return re.sub(r"(^|/)0+(?=\d)", r"\1", n)


def key(jenis: str, nomor: str, tahun) -> tuple:
    """Which regulation (jenis, nomor, tahun) names: the same for every way of writing it."""
    return (jenis, norm_nomor(nomor, int(tahun)), int(tahun))


def instruments(settings) -> tuple[dict[str, Instrument], list[str]]:
    """The site's instruments (REGULASI_JENIS, else the contract's defaults) and the
    problems of that setting, as Indonesian messages."""
    raw = settings.get("REGULASI_JENIS") or DEFAULT_REGULASI_JENIS
    out: dict[str, Instrument] = {}
    problems = []
    for row in raw:
        if not (isinstance(row, (tuple, list)) and len(row) == 4 and all(isinstance(x, str) and x.strip() for x in row)):
            problems.append(f"setiap jenis ditulis (slug, nama, singkatan, sebutan), mis. (\"perbup\", \"Peraturan Bupati\", \"Perbup\", \"Peraturan Bupati {{nama}}\"); bukan {row!r}")
            continue
        slug = row[0]
        if not re.fullmatch(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*", slug) or slug in RESERVED:
            problems.append(f"slug \"{slug}\" tidak boleh dipakai; pakai huruf kecil, angka dan tanda hubung, diawali huruf, selain {', '.join(sorted(RESERVED))}")
            continue
        try:
            row[3].format(daerah="", nama="", kepala="", opd="")
        except (KeyError, IndexError, ValueError):
            problems.append(f"sebutan \"{row[3]}\" hanya boleh memakai {{daerah}}, {{nama}}, {{kepala}} dan {{opd}}")
            continue
        out[slug] = Instrument(*row)
    return out, problems


# The default instruments of another region's head, not offered to authors (the editor's
# list): a kota issues no Peraturan Bupati. Validation still takes every default (CONTENT.md).
NOT_OURS = {"kabupaten": {"perwali", "kepwali"}, "kota": {"perbup", "kepbup"},
            "provinsi": {"perbup", "kepbup", "perwali", "kepwali"}}


def offered(settings) -> dict[str, Instrument]:
    """The instruments the editor offers: the site's own list (REGULASI_JENIS) as it is; the
    defaults without another kind of region's head's (``NOT_OURS``, by the kind that starts
    REGULASI_DAERAH or SITENAME_SHORT)."""
    found, _ = instruments(settings)
    if settings.get("REGULASI_JENIS"):
        return found
    other = NOT_OURS.get(_named(settings)[0], set())
    return {slug: inst for slug, inst in found.items() if slug not in other}


# The head's own regulation, by kind of region: what `new regulasi` writes when no --jenis is given.
HEAD_REGULATION = {"kabupaten": "perbup", "kota": "perwali", "provinsi": "pergub"}


def head_regulation(settings) -> str:
    """The instrument a new regulation is by default: the region's head's regulation
    (a kota's Perwali) when the site offers it, else the first the site offers."""
    found = offered(settings)
    mine = HEAD_REGULATION.get(_named(settings)[0], "perbup")
    return mine if mine in found else next(iter(found), mine)


def _named(settings) -> tuple[str, str, str]:
    """(kind, the rest, the whole) of REGULASI_DAERAH, else SITENAME_SHORT: ("kota", "Mekarsari",
    "Kota Mekarsari"); the kind as written, in lower case (``KEPALA``'s keys when known)."""
    daerah = settings.get("REGULASI_DAERAH") or settings.get("SITENAME_SHORT") or ""
    first, _, rest = daerah.partition(" ")
    return first.casefold(), rest, daerah


def region(settings) -> dict[str, str]:
    """How citations name the region: daerah ("Kabupaten Sukamaju"), nama ("Sukamaju"),
    kepala ("Bupati"). REGULASI_DAERAH defaults to SITENAME_SHORT."""
    kind, rest, daerah = _named(settings)
    nama = settings.get("REGULASI_NAMA_DAERAH") or (rest if kind in KEPALA and rest else daerah)
    kepala = settings.get("REGULASI_KEPALA_DAERAH") or KEPALA.get(kind, "Kepala Daerah")
    return {"daerah": daerah, "nama": nama, "kepala": kepala}


def legal_bureau(settings) -> str:
    """The secretariat's legal unit, the JDIH's publisher: a province's is a Biro, a
    kabupaten's or a kota's a Bagian."""
    kind, _, daerah = _named(settings)
    return f"{'Biro' if kind == 'provinsi' else 'Bagian'} Hukum Sekretariat Daerah {daerah}"


def issuer(inst: Instrument, place: dict, opd_nama: str = "") -> str:
    text = inst.sebutan.format(**place, opd=opd_nama or "Perangkat Daerah")
    return re.sub(r"\s+", " ", text).strip()


def citation(values: dict, inst: Instrument, place: dict, opd_nama: str = "") -> str:
    """The title as people cite it: "Peraturan Bupati Sukamaju Nomor 12 Tahun 2024
    tentang …"; a draft: "Rancangan Peraturan Bupati Sukamaju tentang …"."""
    who = issuer(inst, place, opd_nama)
    about = values.get("title", "")
    if values.get("status-berlaku") == RANCANGAN or not values.get("nomor"):
        return f"Rancangan {who} tentang {about}"
    if has_year(values):  # 188.45/123/2026: the number already says the year
        return f"{who} Nomor {values['nomor']} tentang {about}"
    return f"{who} Nomor {values['nomor']} Tahun {values['tahun']} tentang {about}"


def has_year(values: dict) -> bool:
    return str(values.get("nomor", "")).endswith(f"/{values.get('tahun')}")


def short_name(values: dict, inst: Instrument) -> str:
    """"Perbup 12/2024", as people write it."""
    if not values.get("nomor"):
        return f"Rancangan {inst.singkatan}"
    if has_year(values):
        return f"{inst.singkatan} {values['nomor']}"
    return f"{inst.singkatan} {values['nomor']}/{values['tahun']}"


SLUG_MAX = 60  # characters of a regulation's slug, its number's or a draft's title's


def slug_of(values: dict) -> str:
    """The last part of a regulation's URL: its number, or for a draft rancangan-<title>
    (made the same way by the editor's form: ``slug_rule``)."""
    if values.get("nomor") and values.get("status-berlaku") != RANCANGAN:
        return slugify(str(values["nomor"]), max_length=SLUG_MAX) or "tanpa-nomor"
    return f"{RANCANGAN}-" + (slugify(values.get("title") or "", max_length=SLUG_MAX, word_boundary=True) or "tanpa-judul")


def slug_rule() -> dict:
    """What the editor's form needs to make ``slug_of`` (situs-cms.js, ``slugFor``): the
    number's field, the status field and its draft value, the length."""
    return {"nomor": "Nomor", "status": "Status-Berlaku", "draft": RANCANGAN, "max": SLUG_MAX}


def parse_ref(raw: str, known: dict) -> tuple[Ref | None, str | None]:
    m = REF_RE.match(raw.strip())
    # Two references joined by ";" or "dan" read as one whose number swallows the first
    # one's year: the relation would silently be lost.
    joined = re.search(r";|\b(?:dan|serta)\b|&", raw, re.I) or (m and re.search(
        rf"\s(?:{'|'.join(map(re.escape, known))})\s+\S", m["nomor"], re.I))
    if joined:
        return None, (f"\"{raw}\" berisi lebih dari satu rujukan; pisahkan rujukan dengan koma, "
                      "mis. perbup 30/2020, perbup 7/2019")
    if not m:
        return None, f"\"{raw}\" bukan rujukan peraturan; tulis <jenis> <nomor>/<tahun>, mis. perbup 7/2019"
    jenis = m["jenis"].casefold()
    if jenis not in known:
        return None, f"jenis \"{m['jenis']}\" pada \"{raw}\" tidak dikenal; pilihan yang boleh: {', '.join(known)}"
    return Ref(jenis, m["nomor"].strip(), int(m["tahun"])), None


@dataclass
class Relations:
    """What one regulation's page, list row, search entry and exports say about its
    relations. Targets and sources are indexes into the list given to ``derive``."""

    mengubah: list = field(default_factory=list)  # (Ref, index or None)
    mencabut: list = field(default_factory=list)
    diubah_dengan: list = field(default_factory=list)  # indexes
    dicabut_dengan: list = field(default_factory=list)
    status: str = BERLAKU


def lookup(ref: Ref, index: dict):
    """The regulation a reference names; `se 100.3/45/2025` also finds the one whose
    Nomor is written `100.3/45/2025` (``key``)."""
    return index.get(key(ref.jenis, ref.nomor, ref.tahun))


def derive(values_list: list[dict]) -> list[Relations]:
    """Relations of every regulation, both ways, and the status each ends with:
    ``dicabut`` when revoked (by one on the site, or Status-Berlaku: dicabut),
    ``diubah`` when amended and in force, ``rancangan`` for drafts."""
    index = {}
    for i, v in enumerate(values_list):
        if v.get("nomor") and v.get("tahun") and v.get("status-berlaku") != RANCANGAN:
            index.setdefault(key(v["jenis"], v["nomor"], v["tahun"]), i)
    out = [Relations() for _ in values_list]
    for i, v in enumerate(values_list):
        if v.get("status-berlaku") == RANCANGAN:
            # A draft's references are its intent, not yet in force.
            out[i].mengubah = [(r, lookup(r, index)) for r in v.get("mengubah", ())]
            out[i].mencabut = [(r, lookup(r, index)) for r in v.get("mencabut", ())]
            continue
        for name, back in (("mengubah", "diubah_dengan"), ("mencabut", "dicabut_dengan")):
            for ref in v.get(name, ()):
                target = lookup(ref, index)
                getattr(out[i], name).append((ref, target))
                if target is not None and target != i:
                    getattr(out[target], back).append(i)
    for i, v in enumerate(values_list):
        rel = out[i]
        if v.get("status-berlaku") == RANCANGAN:
            rel.status = RANCANGAN
        elif v.get("status-berlaku") == DICABUT or rel.dicabut_dengan:
            rel.status = DICABUT
        elif rel.diubah_dengan:
            rel.status = DIUBAH
    return out


def is_pdf(path) -> bool:
    """A PDF by its bytes: it starts with ``%PDF-``."""
    try:
        with open(path, "rb") as fh:
            return fh.read(5) == b"%PDF-"
    except OSError:
        return False
