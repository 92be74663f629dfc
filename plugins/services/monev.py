"""The site's own answer to each website item of the Monev KIP questionnaire
(docs/KIP.md, both tables), computed from the content: met, partly met or not, why,
and where a verifier looks. Never written by hand."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from content.tanggal import tanggal
from content.validate import TEXT_WORDS  # fewer words is no text: an image with a caption, a heading alone
from kip.tables import JSON_SCHEMA_DIALECT

TERPENUHI, SEBAGIAN, BELUM = "terpenuhi", "sebagian", "belum"
LINKS_CHECKED_WITHIN = 35  # days: an external link check older than that is no answer (a monthly schedule passes)
STATUS_LABELS = {TERPENUHI: ("✓", "Terpenuhi"), SEBAGIAN: ("!", "Sebagian"), BELUM: ("✗", "Belum")}

# The slugs of the `Layanan:` key of a service page (CONTENT.md "PPID service pages").
STANDAR = ("maklumat", "sop-permohonan", "sop-keberatan", "sop-sengketa", "waktu-biaya", "jam-kanal")
LAYANAN_LABEL = {
    "maklumat": "maklumat pelayanan", "sop-permohonan": "SOP permohonan informasi",
    "sop-keberatan": "SOP keberatan", "sop-sengketa": "SOP sengketa informasi",
    "waktu-biaya": "waktu dan biaya layanan", "jam-kanal": "jam dan kanal layanan",
    "profil-ppid": "profil PPID", "struktur-ppid": "struktur PPID", "formulir": "formulir",
}


@dataclass
class Halaman:
    """A static page as the self-check reads it (from its metadata)."""

    url: str
    title: str
    layanan: str = ""
    audio: str = ""
    opd: str = ""
    berkas: int = 0  # links to documents to download (PDF, DOC/DOCX, ODT, RTF)
    daring: int = 0  # links to other sites (an online form, an application)
    dokumen: tuple = ()  # each document link's address and text, lowercase (which form, which decree)
    kata: int = 0  # words of its text (an image alone has none)


@dataclass
class Situs:
    """What the self-check reads, gathered by the generator from the built content."""

    today: date
    menu_urls: set[str]
    pages: list[Halaman]
    dip_count: int
    dik_count: int
    dik_expired: int
    serta_merta_count: int
    setiap_saat_count: int
    berkala_cells: int  # OPD × kategori cells
    berkala_fresh: int  # of those, terkini
    berkala_filled: int  # of those, not kosong
    registry: dict
    register_years: list[int]
    penetapan_years: list[int]
    penetapan_berkas: list[str]  # the DIP decrees' PDFs, as published (url)
    ikm_years: list[int]  # the year of each survey of the PPID Utama (a year in its periode)
    ikm_opd: list[str]  # OPDs whose PPID Pelaksana has a survey
    regulasi_count: int  # regulations in force or revoked (regulasi/), drafts not counted
    regulasi_dicabut: int  # revoked ones among them (kept in the list, no longer law)
    regulasi_rancangan: int  # drafts among the regulations
    dip_regulasi: int  # DIP entries of berkala kategori f (regulasi)
    opd_contacts: int  # registry OPDs with a phone or an e-mail address
    opd_ppid: int  # registry OPDs naming their PPID Pelaksana (``ppid``)
    scanned: list[str] = field(default_factory=list)  # published PDFs that are scanned pages without text
    berkala_bare: int = 0  # terkini cells whose DIP entry has no document and no link
    # The last `./run.sh tautan-luar` (links.luar.load_result), None when none was kept.
    tautan_luar: dict | None = None


def butir(kode, uraian, status, catatan, tautan):
    return {"kode": kode, "uraian": uraian, "status": status, "catatan": catatan, "tautan": tautan}


def schema() -> dict:
    """data/kesiapan-monev.schema.json: what data/kesiapan-monev.json holds (the items of
    ``check``, as ``butir`` makes them)."""
    text = {"type": "string"}
    item = {"type": "object", "additionalProperties": False, "required": ["kode", "uraian", "status", "catatan", "tautan"],
            "properties": {"kode": text, "uraian": text, "status": {"enum": list(STATUS_LABELS)}, "catatan": text,
                           "tautan": {"type": ["string", "null"], "format": "uri-reference",
                                      "description": "Halaman situs yang menunjukkan butir ini; null bila belum ada."}}}
    return {"$schema": JSON_SCHEMA_DIALECT, "$id": "kesiapan-monev.schema.json",
            "title": "Swaperiksa kesiapan Monev keterbukaan informasi", "type": "object", "additionalProperties": False,
            "required": ["tanggal", "butir"],
            "properties": {"tanggal": {"type": "string", "format": "date"}, "butir": {"type": "array", "items": item}}}


def service_page(s: Situs, layanan: str) -> Halaman | None:
    """The PPID Utama's page for ``layanan`` (no OPD): what verifiers look at on the
    body's own website. An OPD's page is its PPID Pelaksana's (CONTENT.md), not this."""
    found = sorted((p for p in s.pages if p.layanan == layanan and not p.opd), key=lambda p: p.url)
    return found[0] if found else None


def pelaksana_only(s: Situs, layanan: str) -> str:
    """A note for a service the PPID Utama has no page for while some OPD has one."""
    opds = sorted({p.opd for p in s.pages if p.layanan == layanan and p.opd})
    return (f" Baru PPID Pelaksana ({', '.join(opds)}) yang punya; verifikator memeriksa halaman PPID Utama "
            "(tanpa OPD:).") if opds else ""


def thin(page: Halaman) -> bool:
    """A page with next to no text (a heading, an image alone): no standard a verifier reads."""
    return page.kata < TEXT_WORDS


def present(s: Situs, keys) -> tuple[dict, list[str], list[str]]:
    """The PPID Utama's page of each service in ``keys``; the keys with a page that has
    text; and the labels of those whose page has next to none (``thin``)."""
    found = {k: service_page(s, k) for k in keys}
    return (found, [k for k, p in found.items() if p and not thin(p)],
            [LAYANAN_LABEL[k] for k, p in found.items() if p and thin(p)])


def said_thin(labels: list[str]) -> str:
    return f" Halaman {', '.join(labels)} hampir tanpa teks." if labels else ""


# A document on the forms page that is a procedure, not a form to fill in (unless it says
# it is a form: "formulir permohonan (standar Perki 1/2021)").
NOT_A_FORM = re.compile(r"^(?![\s\S]*\bform(?:ulir)?\b)[\s\S]*\b(?:sop|alur|prosedur|tata[\s_-]*cara|standar|maklumat)\b")


def mentions(page: Halaman, *words: str) -> bool:
    """One of the page's document links names one of ``words`` (a word of its file name or
    its text: "sk" in sk-ppid.pdf, not in diskominfo; a longer word also inside one,
    "keputusan" in surat-keputusan)."""
    for d in page.dokumen:
        tokens = set(re.findall(r"[a-z0-9]+", d))
        if any(w in tokens or len(w) > 3 and w in d for w in words):
            return True
    return False


def check(s: Situs) -> list[dict]:
    y = s.today.year
    out = []

    menu_has = [u for u in ("dip/", "dip/dikecualikan/") if u in s.menu_urls]
    out.append(butir(
        "menu-ppid", "Menu PPID terintegrasi yang menampilkan DIP dan DIK",
        TERPENUHI if len(menu_has) == 2 else SEBAGIAN if menu_has else BELUM,
        "Menu situs menautkan DIP dan DIK." if len(menu_has) == 2 else
        f"Menu situs belum menautkan {' dan '.join(u for u in ('dip/', 'dip/dikecualikan/') if u not in menu_has)}.",
        "",  # the menu is on every page: the home page
    ))

    decree = y in s.penetapan_years
    if s.dip_count and decree:
        st, note = TERPENUHI, f"{s.dip_count} informasi dalam DIP berformat Perki 1/2021 (kolom a–g), ditetapkan untuk tahun {y}."
    elif s.dip_count:
        st, note = SEBAGIAN, f"{s.dip_count} informasi dalam DIP, tetapi belum ada keputusan penetapan DIP tahun {y}."
    else:
        st, note = BELUM, "DIP belum memuat informasi."
    out.append(butir("dip-tahun-berjalan", f"DIP tahun {y} sesuai format Perki 1/2021", st, note, "dip/"))

    if s.dik_count and not s.dik_expired:
        st, note = TERPENUHI, f"{s.dik_count} informasi dikecualikan, masing-masing dengan dasar hukum, alasan, uji konsekuensi dan jangka waktu."
    elif s.dik_count:
        st, note = SEBAGIAN, f"{s.dik_expired} dari {s.dik_count} pengecualian sudah melewati jangka waktunya dan semestinya dibuka."
    else:
        st, note = BELUM, "Belum ada daftar informasi yang dikecualikan."
    out.append(butir("dik", "DIK dengan dasar hukum dan jangka waktu pengecualian", st, note, "dip/dikecualikan/"))

    out.append(butir(
        "serta-merta", "Informasi serta-merta",
        TERPENUHI if s.serta_merta_count else BELUM,
        f"{s.serta_merta_count} informasi serta-merta diterbitkan." if s.serta_merta_count else "Belum ada informasi serta-merta.",
        "dip/serta-merta/",
    ))

    out.append(butir(
        "setiap-saat", "Informasi yang wajib tersedia setiap saat",
        TERPENUHI if s.setiap_saat_count else BELUM,
        f"{s.setiap_saat_count} informasi setiap saat di DIP." if s.setiap_saat_count else
        "DIP belum memuat informasi setiap saat (Jenis: setiap-saat).",
        "dip/setiap-saat/",
    ))

    if s.berkala_cells and s.berkala_fresh == s.berkala_cells:
        st = TERPENUHI
    elif s.berkala_filled:
        st = SEBAGIAN
    else:
        st = BELUM
    out.append(butir(
        "informasi-berkala", "Informasi berkala kategori a–k setiap OPD", st,
        f"{s.berkala_fresh} dari {s.berkala_cells} sel OPD × kategori terkini, {s.berkala_cells - s.berkala_filled} kosong"
        + (f"; {s.berkala_bare} sel terkini berisi entri tanpa dokumen atau tautan (verifikator tidak menemukan "
           "berkasnya)." if s.berkala_bare else "."),
        "informasi-berkala/",
    ))

    maklumat = service_page(s, "maklumat")
    if maklumat and maklumat.kata < TEXT_WORDS:
        st, note = SEBAGIAN, ("Halaman maklumat pelayanan hampir tanpa teks (hanya gambar?); maklumat harus berupa teks"
                              + (" yang dibacakan versi audionya." if maklumat.audio else ", dengan versi audio."))
    elif maklumat and maklumat.audio:
        st, note = TERPENUHI, "Maklumat pelayanan tersedia sebagai teks dan versi audio."
    elif maklumat:
        st, note = SEBAGIAN, "Maklumat pelayanan tersedia sebagai teks, tetapi belum ada versi audionya (Audio:)."
    else:
        st, note = BELUM, "Belum ada halaman dengan Layanan: maklumat." + pelaksana_only(s, "maklumat")
    out.append(butir("maklumat", "Maklumat pelayanan (teks dan audio)", st, note, maklumat.url if maklumat else None))

    procs, have, bare = present(s, ("sop-permohonan", "sop-keberatan"))
    out.append(butir(
        "prosedur", "Prosedur permohonan informasi dan keberatan",
        TERPENUHI if len(have) == 2 else SEBAGIAN if have or bare else BELUM,
        "Tata cara permohonan dan keberatan tersedia." if len(have) == 2 else
        ("Belum ada halaman " + " dan ".join(f"Layanan: {k}" for k, p in procs.items() if not p) + "."
         if not all(procs.values()) else "") + said_thin(bare),
        next((p.url for p in procs.values() if p), None),
    ))

    gaps = []
    if not (maklumat and maklumat.audio):
        gaps.append("maklumat belum punya versi audio untuk penyandang disabilitas netra")
    if s.scanned:
        shown = ", ".join(s.scanned[:3]) + (f" dan {len(s.scanned) - 3} lainnya" if len(s.scanned) > 3 else "")
        gaps.append(f"{len(s.scanned)} dokumen PDF berisi gambar hasil pindai tanpa teks yang tidak dapat dibaca "
                    f"pembaca layar ({shown})")
    out.append(butir(
        "disabilitas", "Akses bagi penyandang disabilitas",
        SEBAGIAN if gaps else TERPENUHI,
        "Tema bawaan kit diuji dengan axe (WCAG 2.1 AA) pada setiap jenis halaman di pengujian kit; tema yang "
        "diubah situs dan isi tulisan tidak diuji di sini, "
        + ("tetapi " + "; ".join(gaps) + "." if gaps else "maklumat punya versi audio dan setiap dokumen PDF berisi teks."),
        maklumat.url if maklumat else None,
    ))

    found, have, bare = present(s, STANDAR)
    missing = [LAYANAN_LABEL[k] for k, p in found.items() if not p]
    out.append(butir(
        "standar-layanan", "Standar layanan: maklumat, SOP permohonan, keberatan dan sengketa, waktu dan biaya, jam dan kanal",
        TERPENUHI if len(have) == len(STANDAR) and maklumat.audio else SEBAGIAN if have or bare else BELUM,
        f"Tersedia {len(have)} dari {len(STANDAR)} halaman standar layanan"
        + (f"; belum ada: {', '.join(missing)}." if missing else ".") + said_thin(bare)
        + ("" if not maklumat or maklumat.audio else " Maklumat belum punya versi audio."),
        next((p.url for p in found.values() if p), None),
    ))

    profil, struktur = service_page(s, "profil-ppid"), service_page(s, "struktur-ppid")
    n_opd = len(s.registry)
    parts = []
    if not profil:
        parts.append("belum ada halaman Layanan: profil-ppid")
    if not struktur:
        parts.append("belum ada halaman Layanan: struktur-ppid")
    # The PPID's own decree: the DIP decree (an SK too, often linked from the profile) is not it.
    if profil:
        decrees = tuple("/" + u.lstrip("/") for u in s.penetapan_berkas)  # a link ends so, relative or absolute
        profil = replace(profil, dokumen=tuple(d for d in profil.dokumen if not d.split(" ", 1)[0].endswith(decrees)))
    if profil and not mentions(profil, "sk", "keputusan", "pembentukan"):
        parts.append("halaman profil PPID belum menautkan SK pembentukan PPID (berkas PDF yang nama atau "
                     "teks tautannya menyebut SK, keputusan atau pembentukan)")
    if s.opd_contacts < n_opd:
        parts.append(f"{n_opd - s.opd_contacts} dari {n_opd} OPD belum mencantumkan telepon atau surel di content/opd.toml")
    if s.opd_ppid < n_opd:
        parts.append(f"{n_opd - s.opd_ppid} dari {n_opd} OPD belum menyebut PPID Pelaksana-nya (ppid di content/opd.toml, "
                     "mis. ppid = \"Sekretaris Dinas Sosial\")")
    out.append(butir(
        "profil-ppid", "Profil PPID: SK pembentukan, struktur, tugas, PPID Pelaksana setiap OPD dan kontaknya",
        TERPENUHI if not parts else SEBAGIAN if profil or struktur else BELUM,
        "Profil PPID dengan SK pembentukannya dan struktur PPID tersedia; PPID Pelaksana setiap OPD dengan kontaknya ada di halaman PPID." if not parts else (lambda t: t[0].upper() + t[1:])("; ".join(parts)) + ".",
        profil.url if profil else struktur.url if struktur else None,
    ))

    due = y - 1 if s.today > date(y, 3, 31) else y - 2
    years = sorted(s.register_years, reverse=True)
    # The report verifiers ask for is the due year's, not this year's running one.
    if years and due in s.register_years:
        st, note = TERPENUHI, f"Register permohonan tahun {', '.join(map(str, years))}; laporan tahun {due} sudah terbit."
    elif years:
        st, note = SEBAGIAN, f"Laporan layanan tahun {due} belum terbit (batas 31 Maret {due + 1}); register tersedia tahun {', '.join(map(str, years))}."
    else:
        st, note = BELUM, "Belum ada register permohonan (content/layanan/register/<tahun>.csv)."
    out.append(butir("register-laporan", "Register permohonan dan laporan layanan informasi publik tahunan", st, note,
                     f"layanan-informasi/laporan/{due if due in years else years[0]}/" if years else None))

    if y in s.penetapan_years:
        st, note = TERPENUHI, f"Keputusan penetapan DIP tahun {y} tersedia dengan PDF-nya (tanda tangannya diperiksa sendiri: build tidak dapat memeriksanya)."
    elif s.penetapan_years:
        st, note = SEBAGIAN, f"Belum ada penetapan DIP tahun {y}; terakhir tahun {max(s.penetapan_years)}."
    else:
        st, note = BELUM, "Belum ada keputusan penetapan DIP (content/dip/penetapan.toml)."
    out.append(butir("penetapan-dip", "Keputusan penetapan DIP tahun berjalan", st, note, "dip/penetapan/" if s.penetapan_years else None))

    if s.regulasi_count:
        note = f"{s.regulasi_count - s.regulasi_dicabut} produk hukum berlaku di daftar peraturan" + (
            f", {s.regulasi_dicabut} sudah dicabut" if s.regulasi_dicabut else "") + (
            f", ditambah {s.regulasi_rancangan} rancangan" if s.regulasi_rancangan else "") + "."
    elif s.dip_regulasi:
        note = (f"{s.dip_regulasi} informasi berkala f di DIP, tetapi belum ada daftar produk hukum dengan nomor, "
                "tahun dan statusnya (content/regulasi/).")
    else:
        note = "Belum ada peraturan atau keputusan yang diterbitkan."
    out.append(butir(
        "regulasi", "Peraturan, keputusan dan kebijakan (informasi berkala f)",
        TERPENUHI if s.regulasi_count else SEBAGIAN if s.dip_regulasi else BELUM, note,
        "regulasi/" if s.regulasi_count or s.regulasi_rancangan else "informasi-berkala/",
    ))

    recent = [v for v in s.ikm_years if v >= y - 1]
    if recent:
        st, note = TERPENUHI, f"{len(s.ikm_years)} survei kepuasan masyarakat; yang terbaru tahun {max(recent)}."
    elif s.ikm_years:
        st, note = SEBAGIAN, f"Survei kepuasan masyarakat terakhir tahun {max(s.ikm_years)}; belum ada survei tahun {y - 1} atau {y}."
    else:
        st, note = BELUM, "Belum ada survei kepuasan masyarakat PPID Utama (content/layanan/ikm/, tanpa opd)." + (
            f" Baru PPID Pelaksana ({', '.join(s.ikm_opd)}) yang punya; verifikator memeriksa survei PPID Utama."
            if s.ikm_opd else "")
    out.append(butir("ikm", "Survei kepuasan masyarakat (IKM) atas layanan informasi", st, note,
                     "layanan-informasi/ikm/" if s.ikm_years else None))

    formulir = service_page(s, "formulir")
    if formulir:  # its documents that are forms: a procedure linked beside them (sop-permohonan.pdf) is none
        forms = tuple(d for d in formulir.dokumen if not NOT_A_FORM.search(d))
        formulir = replace(formulir, dokumen=forms, berkas=len(forms))
    lacking = [f"formulir {w}" for w in ("permohonan", "keberatan") if formulir and not mentions(formulir, w)]
    if formulir and formulir.berkas and not lacking:
        st, note = TERPENUHI, f"Halaman formulir menautkan {formulir.berkas} berkas formulir untuk diunduh (permohonan dan keberatan)" + (
            " dan layanan permohonan daring." if formulir.daring else ".")
    elif formulir and formulir.berkas:
        st, note = SEBAGIAN, (f"Halaman formulir menautkan {formulir.berkas} berkas, tetapi tidak ada {' dan '.join(lacking)} "
                              "untuk diunduh (nama berkas atau teks tautannya menyebut permohonan atau keberatan).")
    elif formulir:
        st, note = SEBAGIAN, ("Halaman formulir belum menautkan berkas formulir untuk diunduh (PDF, DOCX atau ODT)"
                              + (", hanya layanan daring." if formulir.daring else "."))
    else:
        st, note = BELUM, "Belum ada halaman dengan Layanan: formulir."
    out.append(butir("formulir", "Formulir permohonan dan keberatan yang dapat diunduh", st, note,
                     formulir.url if formulir else None))

    st, note = links_item(s)
    out.append(butir("tautan", "Dokumen dan tautan dapat dibuka", st, note, None))
    return out


def links_item(s: Situs) -> tuple[str, str]:
    """Links inside the site are checked by every build; those to other sites by the last
    `./run.sh tautan-luar` kept (``Situs.tautan_luar``), if recent and without a broken one."""
    inside = "Situs tidak diterbitkan bila ada dokumen yang hilang atau tautan di dalam situs yang rusak"
    done = s.tautan_luar
    if done is None:
        return SEBAGIAN, f"{inside}; tautan ke situs lain belum pernah diperiksa."
    day, count = tanggal(done["tanggal"]), done["alamat"]
    broken, doubtful = len(done["rusak"]), len(done["ragu"])
    if broken:
        return SEBAGIAN, f"{inside}; {broken} dari {count} alamat tautan ke situs lain rusak pada pemeriksaan {day}."
    if (s.today - done["tanggal"]).days > LINKS_CHECKED_WITHIN:
        return SEBAGIAN, f"{inside}; tautan ke situs lain terakhir diperiksa {day}, lebih dari sebulan lalu."
    unsure = f" ({doubtful} di antaranya tidak dapat dipastikan)" if doubtful else ""
    return TERPENUHI, f"{inside}; {count} alamat tautan ke situs lain diperiksa {day} dan dapat dibuka{unsure}."
