"""The preview measured as a web team uses it (part of `invoke bench`).

On a generated site (``tools/bench_site.py``) the real preview runs in a subprocess
(supervisor + worker, as `invoke serve`), then:

- edit: one news item is saved with a new sentence; the time until its page on disk
  holds the sentence (poll every 5 ms): the preview's quick page (preview.quick); and
  the time until the build after it has every page in place (its "Halaman siap" line);
- add: a new DIP entry is saved; the time until its page exists on disk (its quick page),
  and until the build after it has every page in place;
- idle: CPU seconds the preview's processes use over ``IDLE_SECONDS`` with nothing
  changing (file-system events: should be about 0);
- peak memory: the largest peak RSS (VmHWM) of the supervisor and its worker.

Each latency is the median of ``repeat`` saves, each made once the previous build and its
search index are done; the first build is not counted.
"""

from __future__ import annotations

import html
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

IDLE_SECONDS = 10.0
TIMEOUT = 600.0


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(x) for x in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def _wait(check, what: str, timeout=TIMEOUT) -> float:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return time.perf_counter()
        time.sleep(0.005)
    raise RuntimeError(f"pratinjau: {what} tidak terjadi dalam {timeout:.0f} detik")


def _contains(path: Path, text: str) -> bool:
    try:
        return text in path.read_text(encoding="utf-8")
    except OSError:
        return False


READY = "Halaman siap dalam"  # the supervisor's line once a build's pages are in place


def _count(log: Path, text: str) -> int:
    return log.read_text(encoding="utf-8", errors="replace").count(text)


def _settled(log: Path, quiet=2.0) -> bool:
    """The preview's last line says a build finished, and nothing follows for ``quiet`` s."""
    before = log.read_text(encoding="utf-8", errors="replace")
    if not before.rstrip().splitlines() or not before.rstrip().splitlines()[-1].startswith("Selesai"):
        return False
    time.sleep(quiet)
    return log.read_text(encoding="utf-8", errors="replace") == before


def measure(root: Path, content: Path, conf: Path, env: dict, new_entry, repeat: int = 3, out=print) -> dict:
    """Run the preview on ``content`` (output under ``root``) and measure it. ``new_entry(i)``
    gives (OPD slug, text) of the i-th DIP entry the measure adds."""
    output = root / "output-pratinjau"
    code = (
        "import sys; from preview import supervisor; "
        "supervisor.serve(sys.argv[1], sys.argv[2], sys.argv[3], [sys.argv[4]] + list(supervisor.CODE_WATCHED), "
        "port=int(sys.argv[5]), overrides={'PATH': sys.argv[4]})"
    )
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    root_dir = conf.parent
    log = root / "pratinjau.log"
    with open(log, "w") as fh:
        proc = subprocess.Popen([sys.executable, "-c", code, str(conf), str(output), str(root_dir), str(content), str(port)],
                                env={**env, "PYTHONUNBUFFERED": "1"}, cwd=str(root_dir), stdout=fh, stderr=subprocess.STDOUT)
    result: dict = {"load": os.getloadavg()[0]}
    try:
        t0 = time.perf_counter()
        _wait(lambda: (output / "index.html").exists(), "build pertama")
        result["first"] = time.perf_counter() - t0
        news = sorted((content / "berita").rglob("*.md"))
        victim = news[len(news) // 2]
        title = next(ln.split(":", 1)[1].strip() for ln in victim.read_text(encoding="utf-8").splitlines() if ln.startswith("Title:"))
        # Its own page, by its <title>: a neighbour's page names it too (previous / next).
        own = f"<title>{html.escape(title, quote=False)} "
        page = next(p for p in (output / "berita").glob("*/*/*/index.html") if own in p.read_text(encoding="utf-8"))
        page = output / page.relative_to(output)
        _wait(lambda: _settled(log), "build pertama selesai")
        edits, builds, adds, add_builds = [], [], [], []
        for i in range(repeat):
            token = f"Kalimat pratinjau nomor {i} {time.time_ns()}."
            ready = _count(log, READY)
            with victim.open("a", encoding="utf-8") as fh:
                start = time.perf_counter()
                fh.write(f"\n{token}\n")
            edits.append(_wait(lambda: _contains(page, token), "suntingan di disk") - start)
            builds.append(_wait(lambda: _count(log, READY) > ready, "build setelah suntingan") - start)
            out(f"  suntingan berita: {edits[-1]:.2f} s (halaman sekilas), semua halaman {builds[-1]:.2f} s")
            _wait(lambda: _settled(log), "pratinjau diam")  # each save starts from an idle preview
        for i in range(repeat):
            opd, text = new_entry(i)
            folder = output / "dip" / opd
            before = {p.name for p in folder.iterdir()} if folder.is_dir() else set()
            path = content / "dip" / opd / f"entri-pratinjau-{i}.md"
            ready = _count(log, READY)
            start = time.perf_counter()
            path.write_text(text, encoding="utf-8")
            adds.append(_wait(lambda: any((folder / n / "index.html").exists() for n in (
                {p.name for p in folder.iterdir()} - before if folder.is_dir() else ())), "entri baru di disk") - start)
            add_builds.append(_wait(lambda: _count(log, READY) > ready, "build setelah entri baru") - start)
            out(f"  entri DIP baru: {adds[-1]:.2f} s (halaman sekilas), semua halaman {add_builds[-1]:.2f} s")
            _wait(lambda: _settled(log), "pratinjau diam")
        result["edit"], result["add"] = statistics.median(edits), statistics.median(adds)
        result["edits"], result["adds"] = edits, adds
        result["build"], result["builds"] = statistics.median(builds), builds
        result["add_build"], result["add_builds"] = statistics.median(add_builds), add_builds
        _wait(lambda: _settled(log), "pratinjau diam")  # the last search step done
        pids = [proc.pid] + _children(proc.pid)
        before = sum(_cpu_seconds(p) for p in pids)
        time.sleep(IDLE_SECONDS)
        result["idle_cpu"] = (sum(_cpu_seconds(p) for p in pids) - before) / IDLE_SECONDS
        result["peak_kib"] = max(_peak_kib(p) for p in pids)
        result["files"] = sum(1 for _ in content.rglob("*"))
        result["load"] = max(result["load"], os.getloadavg()[0])
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return result
