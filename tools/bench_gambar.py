#!/usr/bin/env python3
"""Benchmark of the image pipeline: N synthetic phone photos, a cold and a warm build.

Generates N photos of about 12 megapixels (gradient + noise, with EXIF orientation and
GPS, so JPEG sizes and decoding work are realistic) and one news item per photo in a
temporary content tree, then builds the site twice in a subprocess each: cold (empty
derivative cache) and warm (same cache). Records wall time, peak memory (ru_maxrss of
the build process and of its largest worker) and the encode counter, and writes its
section into BENCHMARKS.md between the gambar markers.

Usage: .venv/bin/python tools/bench_gambar.py [--photos 500] [--width 4000 --height 3000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import benchmarks  # tools/benchmarks.py

from PIL import ExifTags, Image, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
EPOCH = "1795237200"  # 2026-11-22 12:00 WIB

BUILD = r"""
import json, resource, sys, time
sys.path.insert(0, {plugins!r})
from content import build
t = time.perf_counter()
stats = {{}}
code = build.build({conf!r}, {output!r}, PATH={content!r}, GAMBAR_CACHE_PATH={cache!r}, stats=stats)
elapsed = time.perf_counter() - t
s = stats["gambar"]
print(json.dumps({{"code": code, "seconds": elapsed, "encoded": s.encoded, "reused": s.reused, "files": s.files,
    "maxrss_self_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "maxrss_children_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}}))
"""


GRAIN = None


def make_photo(args):
    path, width, height, seed = args
    rng = random.Random(seed)
    # Structure at several scales (upscaled colour noise) plus sensor-like grain; the grain
    # tile is made once per process, every photo gets its own structure and tint.
    global GRAIN
    if GRAIN is None or GRAIN.size != (width, height):
        GRAIN = Image.effect_noise((width, height), 30).convert("RGB")
    tint = Image.new("RGB", (width // 8, height // 8), tuple(rng.randrange(40, 220) for _ in range(3)))
    coarse = Image.effect_noise((width // 8, height // 8), 120).convert("RGB").filter(ImageFilter.GaussianBlur(1))
    base = Image.blend(coarse, tint, 0.45).resize((width, height), Image.Resampling.BICUBIC)
    photo = Image.blend(base, GRAIN, 0.2)
    exif = Image.Exif()
    exif[0x0112] = rng.choice([1, 1, 1, 6])
    exif.get_ifd(ExifTags.IFD.GPSInfo).update({1: "S", 2: (7.0, 25.0, rng.random() * 60), 3: "E", 4: (109.0, 14.0, 3.0)})
    photo.save(path, "JPEG", quality=90, exif=exif)
    return path.stat().st_size


def make_site(root: Path, photos: int, width: int, height: int) -> int:
    content = root / "content"
    (content / "images/berita").mkdir(parents=True)
    shutil.copyfile(ROOT / "content/opd.toml", content / "opd.toml")
    jobs = []
    for i in range(photos):
        name = f"foto-{i:04d}.jpg"
        jobs.append((content / "images/berita" / name, width, height, i))
        day = 1 + i % 28
        (content / f"berita/diskominfo/berita-{i:04d}.md").parent.mkdir(parents=True, exist_ok=True)
        (content / f"berita/diskominfo/berita-{i:04d}.md").write_text(
            f"Title: Kegiatan Nomor {i}\nDate: 2026-10-{day:02d} 09:00\nOPD: diskominfo\nAuthor: Humas\n"
            f"Category: Berita\nImage: images/berita/{name}\nImage-Alt: Foto kegiatan nomor {i}\n\nIsi berita {i}.\n",
            encoding="utf-8",
        )
    with ProcessPoolExecutor() as pool:
        return sum(pool.map(make_photo, jobs, chunksize=4))


def run_build(root: Path) -> dict:
    script = BUILD.format(
        plugins=str(ROOT / "plugins"), conf=str(ROOT / "pelicanconf.py"), output=str(root / "output"),
        content=str(root / "content"), cache=str(root / "cache"),
    )
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=root)
    if done.returncode != 0:
        raise SystemExit(f"build failed:\n{done.stdout}\n{done.stderr}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["code"] != 0:
        raise SystemExit(f"build refused:\n{done.stderr}")
    return result


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--photos", type=int, default=500)
    ap.add_argument("--width", type=int, default=4000)
    ap.add_argument("--height", type=int, default=3000)
    ap.add_argument("--out", default=str(ROOT / "BENCHMARKS.md"))
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-gambar-") as tmp:
        root = Path(tmp)
        t = time.perf_counter()
        total = make_site(root, args.photos, args.width, args.height)
        gen = time.perf_counter() - t
        print(f"{args.photos} foto dibuat dalam {gen:.0f} s ({total / args.photos / 1e6:.1f} MB rata-rata)", flush=True)
        load = [os.getloadavg()[0]]
        cold = run_build(root)
        print(f"cold: {cold}", flush=True)
        load.append(os.getloadavg()[0])
        warm = run_build(root)
        print(f"warm: {warm}", flush=True)
        load.append(os.getloadavg()[0])
        out_bytes = sum(p.stat().st_size for p in (root / "output/images").rglob("*") if p.is_file())
        small = sorted((root / "output/images/berita").glob("*-480.*.webp"))
        avg480 = sum(p.stat().st_size for p in small) / max(1, len(small))

    mp = args.width * args.height / 1e6
    mb = 1024  # ru_maxrss is in KiB on Linux
    text = f"""## Images (images)

`invoke bench-gambar` (tools/bench_gambar.py), {dt.date.today().isoformat()}, on {benchmarks.machine()}, Pillow {Image.__version__}.

{args.photos} synthetic phone photos of {args.width}×{args.height} ({mp:.0f} MP; gradient + noise, EXIF
orientation and GPS; JPEG quality 90, {total / args.photos / 1e6:.1f} MB each on average), one news item each.
Each build runs in its own subprocess; widths {", ".join(map(str, (480, 960, 1600)))} in WebP and JPEG plus a
1200×630 card = 7 files per photo.

| build | wall time | images encoded | from cache | peak RSS, build process | peak RSS, largest worker |
| --- | --- | --- | --- | --- | --- |
| cold (empty cache) | {cold['seconds']:.1f} s | {cold['encoded']} | {cold['reused']} | {cold['maxrss_self_kb'] / mb:.0f} MiB | {cold['maxrss_children_kb'] / mb:.0f} MiB |
| warm (same cache) | {warm['seconds']:.1f} s | {warm['encoded']} | {warm['reused']} | {warm['maxrss_self_kb'] / mb:.0f} MiB | {warm['maxrss_children_kb'] / mb:.0f} MiB |

Cold: {cold['seconds'] / args.photos * 1000:.0f} ms per photo on {os.cpu_count()} cores. Published images: {out_bytes / 1e6:.0f} MB for
{args.photos} photos ({total / 1e6:.0f} MB of originals); the 480 px WebP a phone downloads averages
{avg480 / 1000:.0f} KB. Generating the photos took {gen:.0f} s (not part of the build).
Load average (1 min) before the cold build, after it and after the warm build:
{", ".join(f"{v:.1f}" for v in load)}; above {os.cpu_count()} the machine was shared with other work and times are longer.
"""
    benchmarks.write_section("gambar", text, Path(args.out))
    print(f"Ditulis ke {args.out}")


if __name__ == "__main__":
    main()
