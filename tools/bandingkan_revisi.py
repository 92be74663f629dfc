"""Build one content folder with two revisions of the kit and compare the outputs file for file.

    python tools/bandingkan_revisi.py REV_A REV_B [--konten PATH] [--situs-uji]

Each revision is checked out into a temporary git worktree and builds ``--konten``
(default: that revision's own ``content/``; ``--situs-uji`` generates the 10 000 + 2 000
site of `invoke bench` with ``tools/bench_site.py`` of REV_B) with the same
``SOURCE_DATE_EPOCH``, in a fresh process; then ``sama_persis`` lists every difference.
This is how a change to the build code is shown to leave the published site as it was;
the time of each cold build (fresh process, caches of its own) is printed too. Exit
status 0 when the two outputs are byte-identical.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sama_persis  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EPOCH = "1796000000"
# The build entry of a revision: `content.build` today, `konten.build` before 1.1.
BUILD = """
import sys
sys.path.insert(0, "plugins")
try:
    from content import build
except ImportError:
    from konten import build
overrides = {"PATH": sys.argv[2]} if sys.argv[2] else {}
# Caches of its own: the second build must not reuse what the first one made.
overrides |= {"GAMBAR_CACHE_PATH": sys.argv[3] + "/gambar", "CARI_CACHE_PATH": sys.argv[3] + "/cari"}
sys.exit(build.build("pelicanconf.py", sys.argv[1], **overrides))
"""


def build(rev: str, work: Path, content: str, name: str) -> tuple[Path, float]:
    """The output of ``rev`` built from ``content``, and the seconds the build took (a cold
    build: fresh process, empty caches)."""
    tree = work / name
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), rev], check=True,
                   capture_output=True)
    output = work / f"{name}-output"
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "SITUS_KEMAJUAN": "0", "PYTHONUTF8": "1"}
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", BUILD, str(output), content, str(work / f"{name}-cache")],
                          cwd=tree, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"build {rev} gagal:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return output, seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("rev_a")
    parser.add_argument("rev_b")
    parser.add_argument("--konten", default="", help="content folder (default: each revision's content/)")
    parser.add_argument("--situs-uji", action="store_true", help="the synthetic site of `invoke bench`")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bandingkan-") as tmp:
        work = Path(tmp)
        content = args.konten and str(Path(args.konten).resolve())
        try:
            if args.situs_uji:
                import bench_site

                content = str(bench_site.generate(work / "situs-uji"))
            (a, time_a), (b, time_b) = build(args.rev_a, work, content, "a"), build(args.rev_b, work, content, "b")
            found = sama_persis.differences(a, b)
        finally:
            for name in ("a", "b"):
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(work / name)],
                               capture_output=True)
    for line in found:
        print(line)
    print(f"Build dingin: {args.rev_a} {time_a:.1f} s, {args.rev_b} {time_b:.1f} s (satu proses baru, cache kosong).")
    print("Sama persis." if not found else f"{len(found)} perbedaan.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
