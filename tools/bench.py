"""`invoke bench`: the synthetic site (bench_site.py) built by the project's real build,
measured against plain Pelican with its default theme, results written into BENCHMARKS.md.

Every build runs in its own subprocess (``python tools/bench_build.py ...``, which
imports only what that build needs) so its peak RSS (and that of its forked render
workers) is measured with ``resource.getrusage``; wall time is measured around the
subprocess.
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchmarks  # noqa: E402 - tools/benchmarks.py: machine, BENCHMARKS.md sections
from bench_site import CONF, OPDS, ROOT, dip_text, generate  # noqa: E402

EPOCH = "1795237200"  # 2026-11-22 12:00 WIB: "today" for every bench build


# --- measuring -------------------------------------------------------------------


def detached_done(output: Path, limit: float = 300.0) -> float:
    """Wait until the detached processes an earlier build left are done, so that a
    measured build does not share the CPUs with them: the removal of the old outputs it
    set aside (``.hapus-*`` beside ``output``, ``content.build.remove_later``), the
    folders it makes for the next build (``.kerangka-*.tmp-*``,
    ``rendering.linker.skeleton_later``) and the writing of its memory
    (``rendering.incremental.MemoryWrite``) and of a cold build's page manifest
    (``ManifestWrite``); the seconds waited."""
    from rendering import incremental

    t0 = time.perf_counter()
    while (any(output.parent.glob("*.hapus-*")) or any(output.parent.glob(f".{output.name}.kerangka-*.tmp-*"))) \
            and time.perf_counter() - t0 < limit:
        time.sleep(0.1)
    incremental.wait_for_writer(incremental.state_dir(output))
    return time.perf_counter() - t0


def measure(kind: str, content: Path, output: Path, settle: bool = False) -> dict:
    """One build in a fresh process. ``settle``: once the previous build's detached
    processes are done, the disk settled too (``settled``): they deleted the output that
    build replaced, as large a deletion as the one a cold pair is settled after."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(ROOT / "plugins")}
    waited = detached_done(output)
    if settle:
        settled()
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve().with_name("bench_build.py")), kind, str(content), str(output)],
        env=env, cwd=str(ROOT), capture_output=True, text=True,
    )
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{kind} build failed:\n{proc.stdout}\n{proc.stderr}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["wall"] = wall
    result["waited"] = waited
    result["children_rss_kb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return result


def measure_preview(tmp: Path, content: Path, out=print) -> dict:
    """The preview (`invoke serve`) on this site: save -> page on disk, idle CPU, peak RSS."""
    from preview import bench as pbench

    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(ROOT / "plugins")}
    out("Pratinjau (invoke serve)…")
    opd = OPDS[0][0]

    def new_entry(i):
        return opd, dip_text(random.Random(100 + i), 90_000 + i, opd, datetime(2026, 11, 1, 9, 0))

    return pbench.measure(tmp, content, CONF, env, new_entry, out=out)


def run_preview(berita=1_600, dip=400, opd=8, keep=False, out=print) -> dict:
    """Only the preview rows, on a site of any size (the full bench needs the 10k site)."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-pratinjau-"))
    try:
        out(f"Membuat situs sintetis: {berita} berita, {dip} entri DIP, {opd} OPD di {tmp}")
        content = generate(tmp, berita, dip, opd)
        results = {"berita": berita, "dip": dip, "opd": opd, "pratinjau": measure_preview(tmp, content, out)}
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    results["machine"] = benchmarks.machine()
    results["date"] = date.today().isoformat()
    return results


def preview_rows(r: dict) -> list[str]:
    """Rows of the preview figures, labelled with the site they were measured on."""
    p = r["pratinjau"]
    size = f"{r['berita']} berita + {r['dip']} DIP"
    mark = lambda ok: "ya" if ok else "**tidak**"  # noqa: E731
    return [
        f"| Pratinjau ({size}): satu berita disimpan → halamannya di disk, halaman sekilas (median of {len(p['edits'])}) | {p['edit']:.2f} | "
        f"{', '.join(f'{x:.2f}' for x in p['edits'])} s | ≤ 1 s (10k) | {mark(p['edit'] <= 1)} |",
    ] + ([
        f"| Pratinjau ({size}): satu berita disimpan → semua halaman build berikutnya di disk (median of {len(p['builds'])}) | {p['build']:.2f} | "
        f"{', '.join(f'{x:.2f}' for x in p['builds'])} s | | |",
    ] if "build" in p else []) + [
        f"| Pratinjau ({size}): entri DIP baru disimpan → halamannya di disk, halaman sekilas (median of {len(p['adds'])}) | {p['add']:.2f} | "
        f"{', '.join(f'{x:.2f}' for x in p['adds'])} s | ≤ 1.5 s (10k) | {mark(p['add'] <= 1.5)} |",
    ] + ([
        f"| Pratinjau ({size}): entri DIP baru disimpan → semua halaman build berikutnya di disk (median of {len(p['add_builds'])}) | {p['add_build']:.2f} | "
        f"{', '.join(f'{x:.2f}' for x in p['add_builds'])} s | | |",
    ] if "add_build" in p else []) + [
        f"| Pratinjau ({size}, {p['files']} berkas): CPU saat diam | {p['idle_cpu'] * 100:.2f} % of a core | | ≈ 0 | {mark(p['idle_cpu'] < 0.01)} |",
        f"| Pratinjau ({size}): puncak RSS (supervisor, worker) | {p['peak_kib'] / 1024:.0f} MiB | | ≤ 1024 MiB | {mark(p['peak_kib'] <= 1024 * 1024)} |",
    ]


def preview_table(r: dict) -> str:
    lines = [
        "## Preview (`invoke bench --pratinjau-saja`)",
        "",
        f"Measured {r['date']} on {r['machine']}, on a synthetic site of {r['berita']} news items and {r['dip']} DIP "
        f"entries, {r['opd']} OPDs ({r['berita'] + r['dip']} items"
        + ("" if (r["berita"], r["dip"]) == (10_000, 2_000) else
           "; the targets are for the 10 000 + 2 000 site, which this run did not use")
        + "). The real preview (`preview.supervisor` and its worker) runs in a subprocess; a "
        "latency is from the moment the file is written to the moment the rebuilt page is on disk in the served "
        "folder (the search index follows). Idle: CPU of the preview's processes over 10 s once the last build, "
        f"search index included, is done. Load average up to {r['pratinjau'].get('load', 0):.0f} on 2 cores during "
        "this run (the preview's own build processes included).",
        "",
        "| measure | seconds | each run | target | met |",
        "| --- | ---: | ---: | ---: | :---: |",
    ] + preview_rows(r) + ["", PREVIEW_BOUNDS]
    return "\n".join(lines)


PREVIEW_BOUNDS = """What bounds the preview figures: an edited news item's own page, and a new DIP
entry's, is written ahead of the build (`preview.quick`, the "halaman sekilas" rows): the file
checked alone, read and its page rendered from the last build's site model, which the worker
keeps until the next change, in some tens of milliseconds (a new entry's number is found among
the last build's entries), so those rows are the watcher's delay (50 ms of debounce) plus
that. The "semua halaman" rows are the build that always follows. Freeing the kept model
before it takes about a second at 10 000 + 2 000 items (it happened while idle before). For
the build: the worker process stays up between builds (no interpreter
or Pelican start-up, modules imported once) and shows the pages as soon as they are in place,
before the search index and the typo vocabulary, which follow in the same process
(`defer_search`). It keeps each content object as read (`rendering.kept`: a file is read
again only when its key changed), each page's search data, each news item's JSON-LD and the
DIP/DIK workbooks between builds (`Run.memory`, by the digest of their inputs), and the
caches' snapshots (validation results, Markdown output, the link check's cache, the
manifest: `common.store.keep_snapshots`; the pure caches are written once the pages are
shown); it updates `output/` in place: unchanged pages are neither linked nor copied, only
the changed files are renamed in. What is left of an edit is proportional to the site, not
to the change: the `read` step unpickles every kept object (its URLs come with it) and
Pelican sorts and groups them again (about 1.2 s at 10 000 + 2 000 items, 2.3 s when every
object was made again), the JSON-LD inputs (each item's summary included) and the
search-data keys (`derive`, about 1.0 s), every page's input digest to find the changed ones
(`render`, about 3 s: the digests about 1.5 s, a pickle of each object's attributes at about
80 microseconds each, then Pelican's page jobs and the DIP/DIK exports), the
validation-cache lookups (about 0.7 s: every file read and digested) and the fingerprint's
walk of the content folder (about 0.25 s).
Reaching 1 s for the whole build (not only the edited page) needs the derived values and the page digests kept too, each with the objects
it was computed from, so that only the changed objects' dependants are recomputed and
digested; that is not implemented. Idle: file-system events (inotify through `watchfiles`),
the HTTP server's shutdown poll twice a second and nothing else. Peak memory: the worker's
first (cold) build, plus the snapshots and kept objects it holds (peak 669 MiB in the last
run before snapshots were kept, 778-804 MiB in the runs since); before Pelican's class-wide
memo of contents and summaries was emptied after each build
(`pelican_internals.release_memos`), every build's site model stayed in the worker
(about 140 MiB more per build at 10 000 items)."""


def median_of(runs: list[dict]) -> dict:
    """The figures of the median run (by wall time), with every run's wall time in ``walls``."""
    middle = sorted(runs, key=lambda r: r["wall"])[len(runs) // 2]
    return {**middle, "walls": [r["wall"] for r in runs], "figures_wall": middle["wall"]}


def averaged(runs: list[dict]) -> dict:
    """The last run's figures, with the wall time averaged over ``runs`` (each in ``walls``)."""
    walls = [r["wall"] for r in runs]
    return {**runs[-1], "wall": sum(walls) / len(walls), "walls": walls}


SETTLE = 3.0  # seconds left to the disk after a large deletion (see settled)


def settled():
    """After a large deletion, before a timed build: the file system's pending writes
    flushed and a few seconds left to the disk. On this kind of machine (a virtual disk,
    ext4 mounted with ``discard``) the blocks freed by deleting a 28 000-file output are
    trimmed as the deletion is committed, and a build timed meanwhile made its folders and
    files several times slower: until 2026-12-02 the second pair's cold build, run right
    after the first's output was deleted, took 12-25 % longer than the first."""
    os.sync()
    time.sleep(SETTLE)


BUILDS = ("warm", "edit", "edit_baru", "add")  # after the cold builds, in this order
EDITS = 3  # one-off edits measured for each edit row (the same item edited again each time): the row is their median


def run(berita=10_000, dip=2_000, opd=8, skala=True, keep=False, pairs=2, out=print) -> dict:
    """``pairs``: plain Pelican and the cold build measured one after the other that many
    times (the machine's speed drifts over minutes: their ratio is taken from the averages)."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-cepat-"))
    results: dict = {"berita": berita, "dip": dip, "opd": opd}
    try:
        out(f"Membuat situs sintetis: {berita} berita, {dip} entri DIP, {opd} OPD di {tmp}")
        content = generate(tmp, berita, dip, opd)
        site = tmp / "output"
        reference, cold = [], []
        pairs = max(1, int(pairs))
        for k in range(pairs):
            # Both builds of a pair start from the same state of the disk: the last pair's
            # outputs, caches and state removed first (cold), then `settled`.
            for folder in (tmp / "output-pelican", tmp / "cache", tmp / ".cache", site):
                shutil.rmtree(folder, ignore_errors=True)
            settled()
            out(f"Pelican polos (tema bawaan, tanpa plugin), {k + 1}/{pairs}…")
            reference.append(measure("pelican", content / "berita", tmp / "output-pelican"))
            out(f"  {reference[-1]['wall']:.1f} s")
            out(f"Situs ini (cold), {k + 1}/{pairs}…")
            cold.append(measure("ours", content, site))
            out(f"  {cold[-1]['wall']:.1f} s, puncak RSS {cold[-1]['rss_kb'] / 1024:.0f} MiB")
        results["pelican"], results["cold"] = averaged(reference), averaged(cold)
        for step in BUILDS:
            if step in ("edit", "edit_baru"):
                news = sorted((content / "berita").rglob("*.md"))
                # An old item (in the middle of the sorted paths: disdik, 2015), then the
                # newest one, whose card is on the first list pages, its tags' and OPD's
                # pages and the pages of its OPD's other items. Each edited and built
                # EDITS times (one run of an edit varies more than the 15 % target's margin).
                victim = news[len(news) // 2] if step == "edit" else max(news, key=lambda f: f.name)
                edits = []
                for k in range(EDITS):
                    with victim.open("a", encoding="utf-8") as fh:
                        fh.write(f"\nKalimat tambahan {k + 1} untuk menguji pembangunan bertahap.\n")
                    out(f"Situs ini ({step}), {k + 1}/{EDITS}…")
                    edits.append(measure("ours", content, site, settle=True))
                    out(f"  {edits[-1]['wall']:.1f} s, puncak RSS {edits[-1]['rss_kb'] / 1024:.0f} MiB")
                results[step] = median_of(edits)
                continue
            if step == "add":
                rng = random.Random(7)
                (content / "dip" / OPDS[0][0] / "entri-baru.md").write_text(
                    dip_text(rng, 99_999, OPDS[0][0], datetime(2026, 11, 1, 9, 0)), encoding="utf-8"
                )
            out(f"Situs ini ({step})…")
            results[step] = measure("ours", content, site, settle=True)
            out(f"  {results[step]['wall']:.1f} s, puncak RSS {results[step]['rss_kb'] / 1024:.0f} MiB")
        detached_done(site)
        results["pratinjau"] = measure_preview(tmp, content, out)
        if skala:
            out(f"Skala: {2 * berita} berita, {2 * dip} entri DIP (cold)…")
            big = tmp / "besar"
            content2 = generate(big, 2 * berita, 2 * dip, opd)
            results["skala"] = measure("ours", content2, big / "output")
            out(f"  {results['skala']['wall']:.1f} s")
            shutil.rmtree(big, ignore_errors=True)
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    results["machine"] = benchmarks.machine()
    results["date"] = date.today().isoformat()
    return results


PROFILE = """Where the time of a cold build goes (cProfile of the 10 000-item site before `plugins/rendering`,
single process; shares of the profiled total):

- reading content, ~50 %: Pelican's Markdown reader builds a new `Markdown` object with all
  extensions for every file (about three quarters of the Markdown time; the conversion
  itself is the rest), then `Content.__init__` and its URL formatting; validation
  (`content.validate`, every file read and checked, NIK scan) is a few seconds more;
- rendering and writing, ~40 %: 1.3 pages per item (article, tag, category and news-list
  pagination); each list card formats `article.url` again (`strftime` per call) and the
  date through Babel;
- Pelican's tag pages test `article in articles` on lists (quadratic, ~4 %).

What `plugins/rendering` does about it: one reusable Markdown parser per run and a cache of
its output per file content (md5); on a cold build, half of the files read in a forked
process while the build reads the others (`rendering.kept`, `read_ahead`); pages rendered
in forked workers (one per CPU, each taking the next chunk of pages as it is done); pages
whose inputs are unchanged hard-linked from the previous output instead of rendered; the
whole build skipped when no input changed. What still bounds an incremental build: Python
and Pelican start-up, a validation-cache lookup per file, building every content object and the
digest of every page's inputs (all proportional to the site, not to the change).

What bounds the figures (measured separately on the same machine, idle; the noise between
runs of one step is a few seconds):

- cold: CPU. A cold build of the 10 000 + 2 000 site uses about 80 core-seconds on an idle
  machine in an early measurement, 125-160 in the bench runs since 2026-12-01 (the CPU
  line above gives this run's; user and system time, its forked processes and Pagefind
  included; by step in the run of 2026-12-01: `validate` 7, `read` 24 of which the Markdown processes
  most, `derive` 10, `render` 34 of which the render processes most (the news card rendered
  once per item: `CEPAT_MAKRO_SEKALI`), `finish` 39 (Pagefind, the shards' preparing and
  merge, the typo vocabulary), `post_build` 9; the same build varies by 10-15 % between
  runs). Plain Pelican builds the news alone on one core. On two cores a cold build cannot
  take less than half its CPU time, so beyond the moments it leaves a CPU idle (below)
  the ratio of 1.0 needs less work, not more overlap; plain Pelican builds no search index, and the kit's `finish` step (the step
  table above) takes 22-29 s of a cold build. Since 2026-12-01 Pagefind reads each page's body element alone,
  laid out in memory (`/dev/shm`) instead of as hard links on the disk: measured apart on
  the same site, twice each, alternately, the search step took 27 and 25 s instead of 36
  and 35 s (42 and 38 CPU seconds instead of 58 and 58). Part of that was the file system:
  on this machine's disk (ext4 on a virtual disk) a new folder costs about 0.5 ms, a new
  file 0.8 ms, a hard link 0.02 ms, in memory a hundredth of that; the shards' folders
  had made and removed 12 000 folders and links. A cold build still makes a folder and a
  file for each of its ~16 000 pages (their addresses end in `/`; plain Pelican's default
  `slug.html` needs no folder) and Pagefind a file for each of the 12 000 pages' fragments
  (measured again on 2026-12-02: 16 000 new folders took 0.9 to 6 s of system time in one
  process, the slowest right after a large deletion; the disk is mounted with `discard`).
  Since 2026-12-02 a cold build reads half of its files in a forked process while it reads
  the others (`read_ahead`): measured apart, in two alternating pairs, the `read` step took
  8.4 and 10.0 s instead of 11.2 and 13.1 s (the build's own reading of its half and
  making the other half's objects again took about 5.6 s; it waited 0.2-0.3 s for that
  process); the whole build's time moved less than the machine's noise. Since the same
  day the search data's two processes start right after `regulations`' derive step
  (`search.begin`), so the build makes the JSON-LD (about 2.3 s in one process) and the
  rest of `derive` meanwhile: measured apart, `derive` 6.6 s instead of 7.5 s.
  Where a cold build left a CPU idle (the machine's CPU use sampled every 0.5 s beside
  each step's start and end, three cold builds of 2026-12-02, 98-110 s): the start
  (interpreter, settings, fingerprint, about 2 s), the start of `render` (the pages
  recorded, then the first page of each template rendered in the build's process, about
  3.7 s), the end of the render workers (a fixed share each: one ended about 1.2 s before
  the other) and `post_build` (the link check waiting 2.4-4.1 s for the process reading
  the pages' links, niced, which Pagefind had kept from the CPUs, then the check itself):
  about 12 CPU seconds in all. Since then the typo vocabulary, counted afresh by a cold
  build, is counted while the pages are recorded (`search.count_words`: 3.6 s in its
  process, 8.7 s before beside Pagefind); the render workers take the pages in chunks of
  16 from a pipe they share, while the build's process renders the first page of each
  template but one; and the link check finds a page's links with its regular expressions
  alone (`links.periksa.page_links`: 3 985 pages of this site in 2.2 s instead of 4.0 s),
  so the links were read 0.6 s after the search index was done. Left idle: the start,
  about 1 s at the end of `derive` (waiting for the search data's processes) and the swap.
  Cold build against plain Pelican in one pair each, measured apart after the changes
  (the machine's speed moved by 10 % within the hour): 0.986 (92.1 s against 93.3 s) and
  0.988 (102.5 s against 103.7 s); before, 1.03 in the run of 4eb664c.
  Where the system time goes (2026-12-05, `perf stat` and `perf record -e page-faults` of
  one cold build of the 10 000 + 2 000 site, apart): 74.7 CPU seconds, 16.4 of them system
  time, and 2.25 million page faults, against plain Pelican's 34.4 CPU seconds, 1.9 system
  and 53 000 faults. Pagefind takes about half of the faults (19 000 for a shard of 200
  pages, growing with the pages: 176 000 for 2 000 in one process; 0.25 s CPU for 200
  pages, 1.6 ms a page), the build's forked processes most of the rest (pages of the
  model copied as they are read: reference counts are written). Tried and dropped:
  Pagefind's allocator settings (`_RJEM_MALLOC_CONF`: no decay, one arena, transparent
  huge pages: the same faults or up to 4 times the CPU) and glibc's malloc thresholds
  (`GLIBC_TUNABLES`: the same 2.25 million faults). Since 2026-12-05 the link check reads a
  quoted address holding `>` and skips other attributes' quoted values: 4.1-4.3 CPU
  seconds for its 16 369 pages alone, against 3.7 before.
- edit and add: what an edit renders again depends on what the edited item shows
  elsewhere. The newest item's card is on the first list pages, its tags' and OPD's pages
  and the pages of its OPD's other items; until 2026-12-02 a page digested the items it
  showed whole, so a sentence added at the end of the newest item rendered 4 629 pages
  again (`render` 9.8 and 11.7 s, the build 23.3 and 26.1 s in two edits measured apart).
  Since then a page counts those items by the attributes its templates read on them
  (`rendering.digest.Restricted`): the same edit renders its own page alone (`render`
  5.7 and 6.0 s, the build 16.1 and 16.8 s); digesting what the cards read costs the
  old item's edit, which renders about as many pages as before, 0.8-1.0 s (the digests
  of all pages measured inside one build, alternately, three times each, in three
  builds: 3.1-3.6 s before and 3.7-4.5 s after the change, 0.6-0.7 s of it the cards'
  values of the 10 000 items; the machine's noise between runs is larger). Most of an edit is proportional to the site, not to the change. A one-off
  edit of the 10 000-item site (measured apart, about 11-13 s): `validate` 0.8-1.0 s
  (validation-cache lookups: every file's stamp, its stored result unpickled, about 0.3 s
  of that), `read` 1.3 s (every kept object unpickled, as in the preview:
  one-off builds keep them in `memory.pickle` since 2026-11-30; before, Pelican made every
  object again, 3 s), `derive` 1.0 s, `render` 3-4 s (every page's input digest, about
  1.5 s, to find the 20-160 changed pages; Pelican's page jobs and the DIP/DIK exports;
  hard links of the ~16 000 unchanged pages into a fresh staging folder, one new directory
  each, which keeps the previous output intact until the swap; a separate process makes
  them while the digests are computed, and a measured edit waited 0.05 s for it), `finish` 1.0-1.4 s (only the
  search shard holding the changed page is indexed again, then the merge; 1.6-2 s until
  2026-12-03, with shards of 500 pages instead of 250), `post_build`
  about 0.5 s (the link check: listing the output's 16 000 folders and a stat of each page;
  until 2026-12-01 also 0.45 s to write and load its cache, one small dictionary per page,
  now a list of the site's link targets and each page's as numbers), and about 1.4-1.8 s outside the steps (interpreter and Pelican
  start-up, the fingerprint's walk (its second look after the swap is a `stat` of each file since 2026-12-03, 0.04 s), `memory.pickle`, 119 MB at 10 000 + 2 000 items, loaded in
  about 0.8 s; it is written by a forked process started before the link check; the
  build waited for it after the swap, 0.48 and 0.59 s in two edits of 2026-12-01 where the
  link check took 0.5 s, until, after the run above, that process was left to finish on its own, the next build
  waiting for it before it loads the memory; in CI the build still waits. Three edits
  each, alternately, before and after: the time outside the steps 1.81, 1.82, 1.70 s
  against 1.31, 1.43, 1.17 s; the whole edit varied more than that, 14.3-19.3 s).
  An edit uses one core: its work is spread over the whole site model in the build's
  process, and a forked process sharing it pays for its pages as it touches them
  (copy-on-write: Python writes reference counts into every object it reads). Tried on
  2026-12-02: the second half of the page digests in a forked process while the build
  digests the first; the build's half took 2.4 s and the other 3.6 s, against 2.2-3.3 s
  for all of them in one process; dropped.
- peak RSS: since the index is sharded, the largest process is the build itself (the site
  model plus one shard being merged), about 0.5 GiB at 10 000 items and about 1 GiB at
  20 000; before sharding Pagefind alone took 2.3 GiB at 12 000 pages.
- 20 000 items: no step is quadratic, and how much each grows moves between runs. In the
  run of 2026-12-01 above the whole build grew 1.97x (steps 1.7-2.2x, table). Two cold builds measured
  apart on 2026-12-01, one after the other (57.8 s and 139.9 s, 100 and 240 CPU seconds),
  grew 2.42x: CPU seconds per step 2.3x (`validate`), 2.5x (`read`), 2.6x (`derive`), 2.7x
  (`render`), 2.1x (`finish`), 2.3x (`post_build`). A cProfile of both builds finds no
  function of the build's process whose own time grows much faster than the others' (the
  largest: listing the output's folders for the link check, 0.4 to 1.5 s); the Markdown
  and render processes, forked from a parent twice as large (peak RSS 0.8 and 1.5 GiB),
  are not in it. Pelican's tag, category and author pages, quadratic upstream (`article
  in articles` on lists), are built with set lookups (`pelican_internals`). The ratio also
  moves with the machine's noise: 1.88 in the run of 2026-11-30 (a slow 10 000-item
  build, 84.8 s), 2.23 in an earlier run of 2026-12-01 (a fast one, 67.8 s; 151.3 s against
  159.2 s at 20 000). The step table above shows each step's growth in the same run. The cyclic garbage collector is off while a build runs (`content/build.py`):
  the build makes almost no cyclic garbage, and every full collection walked the whole
  site model (a third of the search step's time at 20 000 items)."""


def last_wall(b: dict) -> float:
    """The wall time of the run whose other figures (CPU, steps) ``b`` holds: the median
    one of the edit rows (``median_of``), else the last."""
    return b.get("figures_wall") or (b.get("walls") or [b["wall"]])[-1]


def runs(b: dict) -> str:
    walls = b.get("walls") or []
    return "runs: " + ", ".join(f"{w:.2f}" for w in walls) + " s" if len(walls) > 1 else ""


def median_label(b: dict) -> str:
    walls = b.get("walls") or []
    return f" (median of {len(walls)})" if len(walls) > 1 else ""


def edit_runs(b: dict, cold: float) -> str:
    walls = b.get("walls") or []
    return " (runs: " + ", ".join(f"{w / cold:.1%}" for w in walls) + f"; {', '.join(f'{w:.2f}' for w in walls)} s)" if len(walls) > 1 else ""


def ratio_text(ratio: float, limit: float) -> str:
    """A ratio at two decimals, or more where two would round a miss onto the target (2.1045
    is "2.104", not "2.10" beside "tidak") or a met target above it."""
    for digits in (2, 3, 4):
        text = f"{ratio:.{digits}f}"
        if (float(text) <= limit) == (ratio <= limit):
            return text
    return f"{ratio:.6f}"


def pair_ratios(r: dict) -> str:
    pairs = list(zip(r["pelican"].get("walls") or [], r["cold"].get("walls") or []))
    return " (per pair: " + ", ".join(f"{c / p:.2f}" for p, c in pairs) + ")" if len(pairs) > 1 else ""


def table(r: dict) -> str:
    cold = r["cold"]["wall"]
    peak = max(r[s]["rss_kb"] for s in ("cold", *BUILDS) if s in r) / 1024
    rows = [
        ("Pelican 4.12 polos, tema bawaan (rujukan)", r["pelican"]["wall"], runs(r["pelican"]), "", ""),
        ("Situs ini: pertama (cold, tanpa cache)", cold, f"{ratio_text(cold / r['pelican']['wall'], 1.0)} × Pelican{pair_ratios(r)}",
         "≤ 1.00", cold <= r["pelican"]["wall"]),
        ("Situs ini: tanpa perubahan (warm)", r["warm"]["wall"], f"{r['warm']['wall'] / cold:.1%} of cold", "≤ 20 %", r["warm"]["wall"] <= 0.2 * cold),
        (f"Situs ini: satu berita diubah (lama, 2015){median_label(r['edit'])}", r["edit"]["wall"],
         f"{r['edit']['wall'] / cold:.1%} of cold{edit_runs(r['edit'], cold)}", "≤ 15 %", r["edit"]["wall"] <= 0.15 * cold),
    ]
    if "edit_baru" in r:
        rows.append((f"Situs ini: berita terbaru diubah (kartunya di daftar){median_label(r['edit_baru'])}", r["edit_baru"]["wall"],
                     f"{r['edit_baru']['wall'] / cold:.1%} of cold{edit_runs(r['edit_baru'], cold)}", "≤ 15 %",
                     r["edit_baru"]["wall"] <= 0.15 * cold))
    rows += [
        ("Situs ini: satu entri DIP ditambah", r["add"]["wall"], f"{r['add']['wall'] / cold:.1%} of cold", "(≤ 15 %)", r["add"]["wall"] <= 0.15 * cold),
    ]
    lines = [
        "## Build speed (`invoke bench`)",
        "",
        f"Measured {r['date']} on {r['machine']}. Synthetic site: {r['berita']} news items, {r['dip']} DIP entries, "
        f"{r['opd']} OPDs (`tools/bench_site.py`, fixed seed, `SOURCE_DATE_EPOCH` fixed). Wall time of a fresh "
        "process per build (interpreter start included). Other work may share the machine: the ratios of one run count. "
        + (f"Plain Pelican and the cold build were measured one after the other {len(r['cold']['walls'])} times, each "
           "pair after the last pair's outputs and caches were deleted and the disk settled (`settled`); their "
           "rows give the average (the ratio is of the averages), the CPU, step and link-check figures below are the "
           "last cold build's, and the other builds follow it. " if len(r["cold"].get("walls") or []) > 1 else "")
        + (f"Each edit row is the median of {len(r['edit']['walls'])} one-off edits of its item, one after the other "
           "(its CPU, step and link-check figures are that build's). " if len(r["edit"].get("walls") or []) > 1 else "")
        + "Each build starts once the detached processes of the previous one are done (they run after it ended: the "
        "old output it set aside deleted, `content.build.remove_later`, its memory written, "
        "`rendering.incremental.MemoryWrite`, and a cold build's page manifest digested, `ManifestWrite`; waited "
        + ", ".join(f"{s} {r[s].get('waited', 0):.1f} s" for s in BUILDS if r.get(s, {}).get("waited", 0) >= 0.05)
        + (")" if any(r.get(s, {}).get("waited", 0) >= 0.05 for s in BUILDS) else "none this run)")
        + ", and, before each of the builds after the cold ones, once the disk settled as before a cold pair "
        "(`settled`: that deletion is of a whole output; since 2026-12-06, evening).",
        "",
        "| build | seconds | ratio | target | met |",
        "| --- | ---: | ---: | ---: | :---: |",
    ]
    for name, secs, ratio, target, ok in rows:
        mark = "" if ok == "" else ("ya" if ok else "**tidak**")
        lines.append(f"| {name} | {secs:.2f} | {ratio} | {target} | {mark} |")
    if "pratinjau" in r:
        lines += preview_rows(r)
    lines.append(f"| Peak RSS (largest process, any step) | {peak:.0f} MiB | | ≤ 1024 MiB | {'ya' if peak <= 1024 else '**tidak**'} |")
    if "skala" in r:
        ratio = r["skala"]["wall"] / cold
        lines.append(
            f"| Situs ini: {2 * r['berita']} berita + {2 * r['dip']} DIP (cold) | {r['skala']['wall']:.2f} | "
            f"{ratio_text(ratio, 2.1)} × 10k | ≤ 2.10 | {'ya' if ratio <= 2.1 else '**tidak**'} |"
        )
    timed = [(s, r[s]) for s in ("pelican", "cold", "edit", "edit_baru", "add", "skala") if r.get(s, {}).get("cpu")]
    if timed:
        lines.append("")
        lines.append(
            "CPU time of each build (user and system time of its process and of every process it waited for, "
            f"Pagefind's included, not the detached processes' above; on {os.cpu_count()} cores a build cannot take less wall time than that divided by {os.cpu_count()}): "
            + "; ".join(f"{s} {b['cpu']:.1f} s ({b['cpu'] / last_wall(b):.2f} cores on average)" for s, b in timed) + "."
        )
    checks = [(s, r[s].get("tautan") or {}) for s in ("cold", "edit", "edit_baru") if s in r]
    if all(c.get("seconds") is not None for _, c in checks) and checks:
        lines.append("")
        lines.append(
            "The link check (`plugins/links`, in a forked process beside the search index when it says so; "
            "else part of the times above): "
            + "; ".join(f"{step} {c['seconds']:.2f} s for {c['pages']} files ({c['read']} read, {c['links']} link targets, "
                        + (f"beside the search index, the build waited {c.get('waited', 0):.2f} s for its answer)" if c.get("beside")
                           else f"{c['seconds'] / last_wall(r[step]):.1%} of the build)") for step, c in checks)
            + ". Pages kept by an incremental build are not read again (links cached by inode)."
        )
    lines += step_table(r)
    lines += ["", PROFILE]
    if r.get("pratinjau"):
        lines += ["", PREVIEW_BOUNDS]
    return "\n".join(lines)


def step_table(r: dict) -> list[str]:
    """Seconds of each step of the pipeline (README "How a build runs"), per build."""
    builds = [s for s in ("cold", "edit", "edit_baru", "add", "skala") if r.get(s, {}).get("steps")]
    if not builds:
        return []
    names = list(r[builds[0]]["steps"])
    lines = ["", "Where each build's time goes, by pipeline step (seconds inside the build process; the rest of "
             "the wall time is interpreter and Pelican start-up, settings and the swap), and in brackets the step's "
             "CPU seconds (its processes included; the Markdown processes a cold build starts during `validate` "
             "count in `read`, where it waits for them); `skala` is the cold build of twice the site:", "",
             "| step | " + " | ".join(builds) + (" | skala ÷ cold |" if "skala" in builds else " |"),
             "| --- |" + " ---: |" * (len(builds) + ("skala" in builds))]

    def cell(b, name):
        cpu = (r[b].get("steps_cpu") or {}).get(name)
        return f"{r[b]['steps'].get(name, 0):.2f}" + (f" ({cpu:.1f})" if cpu is not None else "")

    def growth(name):
        cold, big = r["cold"]["steps"].get(name, 0), r["skala"]["steps"].get(name, 0)
        return f" | {big / cold:.2f}" if cold >= 0.05 else " | "

    for name in names:
        lines.append(f"| `{name}` | " + " | ".join(cell(b, name) for b in builds)
                     + (growth(name) if "skala" in builds and "cold" in builds else "") + " |")
    return lines
