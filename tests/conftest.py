"""Shared helpers: write a small content tree, build it with the project's settings."""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import os
import textwrap
import types
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
CONF = ROOT / "pelicanconf.py"

# 2026-11-22 05:00 UTC = 12:00 WIB: "today" for every fixture build.
EPOCH = "1795323600"


def runtime_only(*paths) -> str:
    """``PYTHONPATH`` for a task run as a site's user runs it: ``paths``, then
    ``tests/runtime_only``, whose ``sitecustomize`` hides the modules only the test lock
    installs (a build that needs one fails here as on a machine with requirements.lock alone)."""
    return os.pathsep.join([*map(str, paths), str(ROOT / "tests" / "runtime_only")])


def _hide_for_the_processes_started():
    """Which modules ``tests/runtime_only`` hides, worked out once in this test process
    and inherited by every process it starts (nothing is hidden in this one)."""
    spec = importlib.util.spec_from_file_location("runtime_only_guard", ROOT / "tests" / "runtime_only" / "sitecustomize.py")
    guard = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(guard)  # not as ``sitecustomize``: it installs nothing
    os.environ.setdefault(guard.HIDE, guard.hidden())


_hide_for_the_processes_started()


REGISTRY = """
[dinkes]
nama = "Dinas Kesehatan"
singkatan = "Dinkes"

[bpbd]
nama = "Badan Penanggulangan Bencana Daerah"
singkatan = "BPBD"
"""

NEWS = """
Title: Posyandu Serentak di Kecamatan Karangsari
Date: 2026-11-10 09:30
OPD: dinkes
Author: Humas Dinkes
Category: Berita
Tags: posyandu, kesehatan

Dinas Kesehatan menggelar posyandu serentak.
"""

ENTRY = """
Title: Laporan Keuangan Dinas Kesehatan 2025
Jenis: berkala
Kategori: laporan-keuangan
OPD: dinkes
Penanggung-Jawab: Kepala Dinas Kesehatan
Waktu-Pembuatan: 2026-02-10
Tempat-Pembuatan: Sukamaju
Bentuk: softcopy, hardcopy
Retensi: 10 tahun
Date: 2026-09-01 10:00

Laporan realisasi anggaran dan neraca.
"""

DIK = """
Title: Data Pribadi Pasien
Jenis: dikecualikan
OPD: dinkes
Penanggung-Jawab: Kepala Dinas Kesehatan
Waktu-Pembuatan: 2025
Tempat-Pembuatan: Sukamaju
Bentuk: softcopy
Retensi: 25 tahun
Date: 2025-01-10 10:00
Dasar-Hukum: UU 14/2008 Pasal 17 huruf h
Alasan: Rahasia pribadi pasien.
Uji-Konsekuensi: Penetapan PPID Nomor 480/001/PPID/2025
Berlaku-Hingga: 2030-12-31

Rekam medis pasien.
"""


def indexed(output: Path) -> dict[str, dict]:
    """url → fragment (content, meta, filters, sort) of every page in the index."""
    pages = {}
    for f in (output / "pagefind" / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(f.read_bytes())
        assert raw.startswith(b"pagefind_dcd")
        data = json.loads(raw[len(b"pagefind_dcd"):])
        pages[data["url"]] = data
    return pages


class Reads(types.SimpleNamespace):
    """An object that notes the names of the attributes read on it (in ``_read``)."""

    def __getattribute__(self, name):
        if not name.startswith("__"):
            object.__getattribute__(self, "__dict__").setdefault("_read", set()).add(name)
        return object.__getattribute__(self, name)


def share_image_cache(root: Path) -> None:
    """Builds of a copy of the sample content in ``root/content`` take its photos'
    derivatives from the sample's own cache (``cache/gambar`` beside the project's
    content: a store that builds share safely) instead of encoding them again."""
    shared = ROOT / "cache" / "gambar"
    shared.mkdir(parents=True, exist_ok=True)
    (root / "cache").mkdir(exist_ok=True)
    (root / "cache" / "gambar").symlink_to(shared, target_is_directory=True)


def line_of(path: Path, key: str) -> int:
    """The 1-based line where the file's header writes ``key:``, as an author counts lines."""
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(f"{key}:"))


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def pdf_with_text(pages: list[list[str]]) -> bytes:
    """A PDF whose pages show these lines as real text (Helvetica), for the NIK scan."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for lines in pages:
        ops = ["BT", "/F1 10 Tf", "12 TL", "50 800 Td"]
        for line in lines:
            esc = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({esc}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode("latin-1") + stream + b"\nendstream")
        content = len(objects)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {content} 0 R >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, obj in enumerate(objects, 1):
        offsets.append(len(out))
        body = obj if isinstance(obj, bytes) else obj.encode("latin-1")
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """The sample site published, deployed and served by nginx on loopback: (nginx, built
    output). Read only: every test of the server, its headers and the production CSP
    shares one per test process."""
    from nginx_helper import published_on_nginx

    yield from published_on_nginx(tmp_path_factory.mktemp("nginx"))


@pytest.fixture
def site(tmp_path):
    """A small valid content tree; tests add or break files in it."""
    return Site(tmp_path)


class Site:
    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        self.output = root / "output"
        self.write("opd.toml", REGISTRY)
        self.write("berita/dinkes/posyandu.md", NEWS)
        self.write("dip/dinkes/laporan-keuangan.md", ENTRY)
        self.write("dip/dinkes/data-pasien.md", DIK)
        self.write("halaman/profil-ppid.md", "Title: Profil PPID\nSlug: profil-ppid\n\nPPID Utama.\n")
        # The pages the menus of pelicanconf.py link to (plugins/links refuses a site
        # without them); the logo is left out unless a test writes it (see settings()).
        from bench_site import menu_pages

        menu_pages(self.content, logo=False)

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(dedent(text), encoding="utf-8")
        return path

    def image(self, rel: str, size=(800, 600), mode="RGB", fmt="JPEG") -> Path:
        path = self.content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.new(mode, size, "steelblue").save(path, fmt)
        return path

    def settings(self, **extra):
        logo = {} if (self.content / "images/logo-sukamaju.png").exists() else {"SITE_LOGO": ""}
        return {"PATH": str(self.content), "OUTPUT_PATH": str(self.output), **logo, **extra}

    def build(self, capsys=None, stats=None, **extra) -> int:
        from content import build

        return build.build(CONF, self.output, stats=stats, **self.settings(**extra))

    def check(self):
        from pipeline import check
        from content.build import load_settings

        return check(self.content, load_settings(CONF, **self.settings()))

    def read(self, rel: str) -> str:
        return (self.output / rel).read_text(encoding="utf-8")

    def digest(self) -> dict[str, str]:
        return {
            str(p.relative_to(self.output)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(self.output.rglob("*"))
            if p.is_file()
        }


def word_file() -> bytes:
    """The smallest zip Word would write (its content types and its document part)."""
    import io
    import zipfile

    word = io.BytesIO()
    with zipfile.ZipFile(word, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return word.getvalue()
