"""Tasks: `invoke --list`. Every task works from a fresh clone after `./run.sh`."""

import http.server
import os
import sys
import threading
import time
from functools import partial
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

from konten import build as kbuild  # noqa: E402
from konten import guide, scaffold  # noqa: E402

CONF = ROOT / "pelicanconf.py"
PUBLISHCONF = ROOT / "publishconf.py"
OUTPUT = ROOT / "output"
WATCHED = ("content", "theme", "plugins", "pelicanconf.py")


@task
def check(c):
    """Validate all content without writing anything (for a pre-commit hook)."""
    code = kbuild.check(CONF)
    if code:
        raise Exit(code=code)


@task(help={"output": "output folder (default: output/)"})
def build(c, output=str(OUTPUT)):
    """Build content/ into output/ with pelicanconf.py; a refused build keeps the old output."""
    code = kbuild.build(CONF, output)
    if code:
        raise Exit(code=code)
    print(f"Situs dibangun di {output}")


@task(help={"output": "output folder (default: output/)"})
def publish(c, output=str(OUTPUT)):
    """Build for production with publishconf.py (absolute SITEURL, feeds)."""
    code = kbuild.build(PUBLISHCONF, output)
    if code:
        raise Exit(code=code)
    print(f"Situs produksi dibangun di {output}")


def _snapshot():
    stamps = {}
    for name in WATCHED:
        path = ROOT / name
        files = [path] if path.is_file() else path.rglob("*")
        for f in files:
            if f.is_file() and "__pycache__" not in f.parts:
                stamps[f] = f.stat().st_mtime_ns
    return stamps


@task(help={"port": "port on 127.0.0.1 (default 8000)", "host": "address to listen on"})
def serve(c, port=8000, host="127.0.0.1"):
    """Serve output/ on http://127.0.0.1:8000 and rebuild when a file changes."""
    kbuild.build(CONF, OUTPUT)
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(OUTPUT))
    server = http.server.ThreadingHTTPServer((host, int(port)), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Pratinjau: http://{host}:{port}/  (Ctrl+C untuk berhenti)")
    seen = _snapshot()
    try:
        while True:
            time.sleep(0.5)
            now = _snapshot()
            if now != seen:
                seen = now
                print("Perubahan terdeteksi, membangun ulang…")
                if kbuild.build(CONF, OUTPUT) == 0:
                    print("Selesai.")
    except KeyboardInterrupt:
        server.shutdown()


@task(
    help={
        "berita": "news items in the synthetic site (default 10000)",
        "dip": "DIP entries (default 2000)",
        "opd": "OPDs (default 8, at most 12)",
        "skala": "also build twice the size, for the scaling ratio (default on; --no-skala)",
        "keep": "keep the synthetic site in the temp folder",
    }
)
def bench(c, berita=10_000, dip=2_000, opd=8, skala=True, keep=False):
    """Measure cold, warm, one-edit and one-addition builds against plain Pelican; update BENCHMARKS.md."""
    from cepat import bench as cbench

    results = cbench.run(int(berita), int(dip), int(opd), skala=skala, keep=keep)
    section = cbench.table(results)
    cbench.write_section(ROOT / "BENCHMARKS.md", section)
    print(section)


@task(
    positional=["jenis_konten"],
    help={
        "jenis_konten": "berita, dip atau agenda",
        "opd": "slug OPD dari content/opd.toml",
        "judul": "judul berita atau ringkasan informasi",
        "jenis": "untuk dip: berkala, serta-merta, setiap-saat, dikecualikan",
        "kategori": "untuk dip berkala: profil, program-kegiatan, …",
    },
)
def new(c, jenis_konten, opd, judul, jenis="", kategori=""):
    """Create a content file with every required field, e.g. `invoke new berita --opd dinkes --judul "…"`."""
    settings = kbuild.load_settings(CONF)
    from konten import registry

    reg, problems = registry.load(settings["PATH"])
    try:
        path = scaffold.new(settings["PATH"], jenis_konten, opd, judul, reg, settings["TIMEZONE"], jenis=jenis, kategori=kategori)
    except scaffold.ScaffoldError as exc:
        raise Exit(f"Gagal: {exc}", code=2) from None
    print(f"Berkas baru: {os.path.relpath(path)}\nLengkapi isinya, lalu jalankan: invoke check")


@task
def docs(c):
    """Regenerate the field tables of the author guide from the schema."""
    changed = guide.update(ROOT / "docs" / "panduan-penulis.md")
    print("Panduan diperbarui." if changed else "Panduan sudah sesuai skema.")


@task(help={"args": "extra arguments for pytest"})
def test(c, args=""):
    """Run the whole test suite."""
    c.run(f"{sys.executable} -m pytest {args}", pty=False)
