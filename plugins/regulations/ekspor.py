"""data/regulasi.json (every regulation, drafts included) and data/jdihn.json (the JDIHN
integration format, drafts left out), each with its JSON Schema."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from kip.tables import JSON_SCHEMA_DIALECT, write_json
from content import regulasi as reg
from content.schema import STATUS_BERLAKU

# The JDIHN integration keys, in the order of the national format.
JDIHN_KEYS = (
    "idData", "tahun_pengundangan", "tanggal_pengundangan", "jenis", "noPeraturan", "judul", "noPanggil",
    "singkatanJenis", "tempatTerbit", "penerbit", "deskripsiFisik", "sumber", "subjek", "isbn", "status",
    "bahasa", "bidangHukum", "teuBadan", "nomorIndukBuku", "fileDownload", "urlDownload", "abstrak",
    "urlAbstrak", "urlDetailPeraturan", "operasi", "display",
)
JDIHN_STATUS = ("Berlaku", "Tidak Berlaku")
JDIHN_OPERASI = "4"  # the value JDIH members send for a document that is published as it is
JDIHN_DISPLAY = "1"  # shown on the national portal


def url(base: str, path: str) -> str:
    """Absolute with an absolute SITEURL, else root-relative."""
    return f"{base}/{path}" if base else f"/{path}"


def iso(value):
    return value.isoformat() if value else None


def record(item, base: str) -> dict:
    p, f = item.peraturan, item.fields
    doc = p["dokumen"]
    return {
        "id": id_of(item),
        "judul": p["judul"],
        "tentang": f["title"],
        "singkat": p["singkat"],
        "jenis": p["jenis"].slug,
        "jenis_nama": p["jenis"].nama,
        "nomor": p["nomor"],
        "tahun": p["tahun"],
        "tanggal_penetapan": iso(p["ditetapkan"]),
        "tanggal_pengundangan": iso(p["diundangkan"]),
        "status": p["status"],
        "status_label": p["status_label"],
        "status_berlaku": f["status-berlaku"],  # as written (status: derived from the relations too)
        "tahap": p["tahap"],
        "mengubah": p["mengubah"],
        "mencabut": p["mencabut"],
        "diubah_dengan": p["diubah_dengan"],
        "dicabut_dengan": p["dicabut_dengan"],
        **{f"{name}_id": ids for name, ids in p["relasi_id"].items()},
        "opd": f.get("opd"),
        "bidang_hukum": p["bidang"],
        "abstrak": p["abstrak"],
        "dokumen": url(base, doc["url"]) if doc else None,
        "dokumen_format": doc["format"] if doc else None,
        "dokumen_bytes": doc["bytes"] if doc else None,
        "url": url(base, item.url),
        "date": f["date"].isoformat(),
    }


def id_of(item) -> str:
    """Stable across builds: jenis, number slug and year (`perbup-12-2024`)."""
    base, year = f"{item.fields['jenis']}-{item.slug}", str(item.fields["tahun"])
    return base if base.endswith(f"-{year}") else f"{base}-{year}"


def jdihn_record(item, base: str, settings, place: dict) -> dict:
    p, f = item.peraturan, item.fields
    doc = p["dokumen"]
    # Only a promulgation the author wrote (Tanggal-Pengundangan): a decree, circular or
    # instruction is never promulgated, and a regulation's enactment date is not its
    # promulgation. The year falls back to the regulation's own (the harvester's index).
    diundangkan = p["diundangkan"]
    page = url(base, item.url)
    owner = settings.get("REGULASI_TEU_BADAN") or settings.get("SITE_OWNER") or f"Pemerintah {place['daerah']}"
    if "{opd}" in p["jenis"].sebutan and p["opd"] is not None:
        # A decree of an OPD's head (Keputusan Kepala Dinas ...): that OPD issued it.
        owner = f"{p['opd'].nama} {place['daerah']}"
    return {
        "idData": id_of(item),
        "tahun_pengundangan": str(diundangkan.year if diundangkan else p["tahun"]),
        "tanggal_pengundangan": iso(diundangkan) or "",
        "jenis": p["jenis"].nama,
        "noPeraturan": str(p["nomor"]),
        "judul": p["judul"],
        "noPanggil": "",
        "singkatanJenis": p["jenis"].singkatan.upper(),
        # Where the region's regulations are published: its seat, which for a province (and
        # some kabupaten) is not the name its citations carry.
        "tempatTerbit": settings.get("REGULASI_TEMPAT_TERBIT") or place["nama"],
        "penerbit": settings.get("REGULASI_PENERBIT") or reg.legal_bureau(settings),
        "deskripsiFisik": f"{doc['format']}, {doc['ukuran']}" if doc else "",
        "sumber": "",
        "subjek": (p["bidang"] or "").upper(),
        "isbn": "",
        "status": "Berlaku" if p["berlaku"] else "Tidak Berlaku",
        "bahasa": "Indonesia",
        "bidangHukum": p["bidang"] or "",
        "teuBadan": owner,
        "nomorIndukBuku": "",
        "fileDownload": PurePosixPath(doc["url"]).name if doc else "",
        "urlDownload": url(base, doc["url"]) if doc else "",
        "abstrak": p["abstrak"] or "",
        "urlAbstrak": page if p["abstrak"] else "",
        "urlDetailPeraturan": page,
        "operasi": JDIHN_OPERASI,
        "display": JDIHN_DISPLAY,
    }


def regulasi_schema(instruments) -> dict:
    text, ntext = {"type": "string"}, {"type": ["string", "null"]}
    date, ndate = {"type": "string", "format": "date"}, {"type": ["string", "null"], "format": "date"}
    refs = {"type": "array", "items": {"type": "string"}}
    props = {
        "id": {**text, "description": "Pengenal tetap: jenis, nomor dan tahun."},
        "judul": {**text, "description": "Judul lengkap seperti dikutip."},
        "tentang": text,
        "singkat": {**text, "description": f"Sebutan singkat, mis. {next((i.singkatan for i in instruments.values()), 'Perbup')} 12/2024."},
        "jenis": {"enum": list(instruments)},
        "jenis_nama": text,
        "nomor": ntext,
        "tahun": {"type": "integer"},
        "tanggal_penetapan": ndate,
        "tanggal_pengundangan": ndate,
        "status": {"enum": [reg.BERLAKU, reg.DIUBAH, reg.DICABUT, reg.RANCANGAN]},
        "status_label": text,
        "status_berlaku": {"enum": [t.slug for t in STATUS_BERLAKU],
                           "description": "Status-Berlaku seperti ditulis; status menurunkannya dari peraturan yang mengubah atau mencabutnya."},
        "tahap": ntext,
        "mengubah": refs, "mencabut": refs, "diubah_dengan": refs, "dicabut_dengan": refs,
        **{f"{name}_id": {"type": "array", "items": {"type": ["string", "null"]},
                          "description": f"{name} sebagai id peraturan di berkas ini (null: peraturan yang tidak ada di situs)."}
           for name in ("mengubah", "mencabut", "diubah_dengan", "dicabut_dengan")},
        "opd": ntext,
        "bidang_hukum": ntext,
        "abstrak": ntext,
        "dokumen": {"type": ["string", "null"], "format": "uri-reference"},
        "dokumen_format": ntext,
        "dokumen_bytes": {"type": ["integer", "null"], "minimum": 0},
        "url": {"type": "string", "format": "uri-reference"},
        "date": {"type": "string", "format": "date-time"},
    }
    item = {
        "type": "object", "properties": props, "required": list(props), "additionalProperties": False,
        "if": {"properties": {"status": {"const": reg.RANCANGAN}}},
        "then": {"properties": {"tahap": {"type": "string"}}},
        "else": {"properties": {"nomor": {"type": "string"}, "tanggal_penetapan": {"type": "string"}, "dokumen": {"type": "string"}}},
    }
    return {"$schema": JSON_SCHEMA_DIALECT, "$id": "regulasi.schema.json", "title": "Produk hukum", "type": "array", "items": item}


def jdihn_schema(instruments, absolute: bool) -> dict:
    props = {k: {"type": "string"} for k in JDIHN_KEYS}
    props["idData"]["minLength"] = 1
    props["tahun_pengundangan"]["pattern"] = r"^\d{4}$"
    props["tanggal_pengundangan"]["anyOf"] = [{"const": ""}, {"format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}]
    props["tanggal_pengundangan"]["description"] = (
        "Kosong bila tanggal pengundangan tidak ditulis (keputusan, instruksi dan surat edaran tidak diundangkan).")
    props["jenis"]["enum"] = [i.nama for i in instruments.values()]
    props["singkatanJenis"]["enum"] = [i.singkatan.upper() for i in instruments.values()]
    props["status"]["enum"] = list(JDIHN_STATUS)
    props["noPeraturan"]["minLength"] = 1
    props["judul"]["minLength"] = 1
    props["operasi"]["const"] = JDIHN_OPERASI
    props["display"]["const"] = JDIHN_DISPLAY
    for k in ("urlDownload", "urlDetailPeraturan"):
        props[k].update(format="uri" if absolute else "uri-reference", minLength=1)
        if absolute:
            props[k]["pattern"] = "^https?://"
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": "jdihn.schema.json",
        "title": "Dokumen hukum untuk JDIHN (format integrasi)",
        "description": "Larik dokumen hukum yang berlaku atau tidak berlaku; rancangan tidak disertakan.",
        "type": "array",
        "items": {"type": "object", "properties": props, "required": list(JDIHN_KEYS), "additionalProperties": False},
    }


def write(out: Path, items, settings, place: dict, base: str):
    # The schemas name the region's own instruments and any other one on the site (a
    # province's says Pergub, not Perbup); the head's regulation first.
    known, _ = reg.instruments(settings)
    named = set(reg.offered(settings)) | {i.fields["jenis"] for i in items}
    head = reg.head_regulation(settings)
    instruments = {k: known[k] for k in sorted(named & set(known), key=lambda k: (k != head, list(known).index(k)))}
    write_json(out / "regulasi.json", [record(i, base) for i in items])
    write_json(out / "regulasi.schema.json", regulasi_schema(instruments))
    enacted = [i for i in items if i.peraturan["status"] != reg.RANCANGAN]
    write_json(out / "jdihn.json", [jdihn_record(i, base, settings, place) for i in enacted])
    write_json(out / "jdihn.schema.json", jdihn_schema(instruments, bool(base)))
