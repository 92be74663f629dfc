"""The OPD registry, content/opd.toml: one table per OPD, keyed by its slug."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import html_policy, source
from .safety import BIDI
from .schema import JENIS, OPD_FIELDS, REGISTRY_FILE

# dip/<opd>/ shares its URL space with dip/<jenis>/ and the list pagination.
RESERVED = {t.slug for t in JENIS} | {"halaman", "data", "penetapan"}
POLICY = html_policy.Policy.from_settings({})
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Opd:
    slug: str
    nama: str
    singkatan: str
    alamat: str = ""
    telepon: str = ""
    email: str = ""
    ppid: str = ""  # the PPID Pelaksana's office (jabatan)
    ppid_telepon: str = ""
    ppid_email: str = ""

    @property
    def kontak_telepon(self) -> str:
        """Where a citizen calls the OPD's PPID Pelaksana: its own number, else the office's."""
        return self.ppid_telepon or self.telepon

    @property
    def kontak_email(self) -> str:
        return self.ppid_email or self.email


# An e-mail address with a domain that has a dot (dishub@sukamajukab lacks its .go.id).
EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
# One inside a text (a register cell, a press release's contact), without the punctuation around it.
EMAIL_IN_TEXT = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?![\w@])")


def load(content_path) -> tuple[dict[str, Opd], list[tuple[str, str]]]:
    """Return (registry, problems) where problems are (key, message) pairs."""
    path = Path(content_path) / REGISTRY_FILE
    problems: list[tuple[str, str]] = []
    if not path.is_file():
        return {}, [("", f"berkas daftar OPD tidak ditemukan; buat {REGISTRY_FILE} di dalam folder konten")]
    data, problem = source.read_toml(path)
    if problem:
        return {}, [("", problem)]
    known = {f.name: f for f in OPD_FIELDS}
    registry: dict[str, Opd] = {}
    for slug, table in data.items():
        if not isinstance(table, dict):
            problems.append((slug, "setiap OPD ditulis sebagai tabel, mis. [dinkes] lalu nama = \"…\""))
            continue
        if not SLUG_RE.match(slug):
            problems.append((f"[{slug}]", "slug OPD hanya boleh huruf kecil, angka dan tanda hubung, mis. dinkes"))
        elif slug in RESERVED:
            problems.append((f"[{slug}]", f"slug ini dipakai situs untuk alamat dip/{slug}/; pilih slug lain"))
        ok = True
        for key, value in table.items():
            if key not in known:
                problems.append((f"[{slug}] {key}", f"kunci tidak dikenal; yang boleh: {', '.join(known)}"))
                ok = False
            elif not isinstance(value, str):
                problems.append((f"[{slug}] {key}", "harus berupa teks dalam tanda kutip"))
                ok = False
            elif BIDI.search(value):
                problems.append((f"[{slug}] {key}", "berisi karakter pengatur arah teks (bidi) yang tersembunyi; ketik ulang nilainya"))
                ok = False
            elif key in ("email", "ppid_email") and value.strip() and not EMAIL.fullmatch(value.strip()):
                problems.append((f"[{slug}] {key}", f"\"{value}\" bukan alamat surel lengkap: domainnya sesudah @ "
                                                    "perlu titik, mis. nama@namadaerah.go.id"))
                ok = False
            elif "<" in value and html_policy.text_problems(value, POLICY):
                problems.append((f"[{slug}] {key}", html_policy.text_problems(value, POLICY)[0] + "; tulis teks biasa tanpa kode HTML"))
                ok = False
        for f in OPD_FIELDS:
            if f.required and not str(table.get(f.name, "")).strip():
                problems.append((f"[{slug}] {f.name}", f"wajib diisi ({f.help.rstrip('.')})"))
                ok = False
        if ok:
            registry[slug] = Opd(slug=slug, **{k: v.strip() for k, v in table.items()})
    if not data:
        problems.append(("", "belum ada OPD; tambahkan minimal satu tabel, mis. [dinkes]"))
    return registry, problems
