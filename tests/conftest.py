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

# A test process held where pytest-timeout does not reach ends with its stacks (penjaga.py).
pytest_plugins = ["penjaga"]

ROOT = Path(__file__).resolve().parent.parent
CONF = ROOT / "pelicanconf.py"

# 2026-11-22 05:00 UTC = 12:00 WIB: "today" for every fixture build.
EPOCH = "1795323600"


# What a copy of the project leaves out: what builds, tests and installs write beside it
# (another test worker may be creating or removing them while the copy walks the tree).
NOT_THE_PROJECT = (".venv", "output", ".git", ".output*", "__pycache__", "cache", ".cache", "test-artifacts",
                   ".hypothesis", ".pytest_cache", ".bench", "node_modules")


def copy_project(dest: Path) -> Path:
    """A copy of the project's own files at ``dest``, for tasks that write into it."""
    import shutil

    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(*NOT_THE_PROJECT))
    return dest


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


def ole_file(tree: dict) -> bytes:
    """An Office 97-2003 file as Office writes its container (Compound File Binary,
    version 3, 512-byte sectors): ``tree`` maps a name to bytes (a stream) or to a dict (a
    storage). Streams are padded to whole sectors of at least 4096 bytes, so that none
    lives in the mini stream; siblings are chained through their right links."""
    import struct

    entries = [["Root Entry", 5, None, []]]  # name, type, data, children

    def add(children: dict, parent: int):
        for name, value in children.items():
            storage = isinstance(value, dict)
            entries.append([name, 1 if storage else 2, None if storage else value.ljust(max(4096, -(-len(value) // 512) * 512), b"\0"), []])
            entries[parent][3].append(len(entries) - 1)
            if storage:
                add(value, len(entries) - 1)

    add(tree, 0)
    end, free = 0xFFFFFFFE, 0xFFFFFFFF
    dir_sectors = -(-len(entries) // 4)
    fat = [0xFFFFFFFD] + [i + 2 for i in range(dir_sectors - 1)] + [end]  # the FAT, the directory
    body, starts = b"", {}
    for i, (_, kind, data, _) in enumerate(entries):
        if kind == 2:
            starts[i], n = len(fat), len(data) // 512
            fat += [len(fat) + k + 1 for k in range(n - 1)] + [end]
            body += data
    assert len(fat) <= 128, "one FAT sector: keep the test file small"
    right = {a: b for e in entries for a, b in zip(e[3], e[3][1:])}
    directory = b"".join(
        (name.encode("utf-16-le") + b"\0\0").ljust(64, b"\0") + struct.pack(
            "<HBBIII16sIQQIQ", len(name.encode("utf-16-le")) + 2, kind, 1, free, right.get(i, free),
            children[0] if children else free, b"\0" * 16, 0, 0, 0, starts.get(i, end), len(data or b""))
        for i, (name, kind, data, children) in enumerate(entries)).ljust(dir_sectors * 512, b"\0")
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\0" * 16, 0x3E, 3, 0xFFFE,
                         9, 6, b"\0" * 6, 0, 1, 1, 0, 4096, end, 0, end, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", free) * 108  # the FAT is sector 0
    return header + struct.pack("<128I", *(fat + [free] * (128 - len(fat)))) + directory + body


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
