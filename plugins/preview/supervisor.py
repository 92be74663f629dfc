"""`invoke serve`: serve the output, watch the project, rebuild in a worker process.

One thread serves HTTP (``server``), one waits for file-system events (``watchfiles``:
inotify on Linux, nothing runs while no file changes), one reads the worker's answers;
the main thread holds the state machine:

- a change to content or theme: a build (after the current one, if any; a template saved
  while a build has run ``LONG_BUILD`` seconds, or before and still waiting then, ends that
  build: a template caught in an endless loop, then fixed);
- a change to the code (``worker.CODE``): the worker process is ended at once, even in
  the middle of a build, whose staging folder is then never swapped in; a fresh process
  imports the new code and builds. After a lock file change the locked packages are
  installed into the running virtual environment first (as ``run.sh`` does);
- the worker's answer: the build is shown (reload event), or its failure is printed in
  Indonesian and served as the error page. The preview keeps watching either way;
- the day the site shown was built for (the worker's answer, in the site's time zone)
  has passed: a build in a fresh process, as the daily build in CI does, so that the
  agenda, announcements and berkala ages say what a build made today says. Looked at
  every ``DAY_CHECK`` seconds while the preview waits (a clock read, nothing else).
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import re
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

from common.paths import ignored
from content import clock
from content.kemajuan import seconds

from .failure import Failure
from .server import PreviewState, make_server
from .worker import CODE, MARK

# What `invoke serve` watches (relative to the project); all but content/ is the build's look and code.
WATCHED = ("content", "theme", "plugins", "pelicanconf.py", "publishconf.py", "requirements.lock")
CODE_WATCHED = WATCHED[1:]
# Editors' temporary files and the folders a build writes: never a reason to build.
IGNORED_PARTS = {"__pycache__", ".git", ".venv", "output", ".cache", "cache", "node_modules", ".pytest_cache"}
EDITORS = ignored({})  # the names editors leave (common.paths.EDITOR_FILES), read by no step of the build either
IGNORED_SUFFIXES = (".pyc", ".tmp", ".part")  # and what other programs write before renaming
# Seconds a build runs before the terminal says it is still running (then as often again).
LONG_BUILD = float(os.environ.get("PRATINJAU_LAMA") or 60)
SED_TEMP = re.compile(r"sed[A-Za-z0-9]{6}")  # `sed -i` writes its result as sedXXXXXX, then renames it
# Seconds between two looks at the date while the preview waits: its pages follow the day
# within this long of midnight (a laptop woken from sleep too: no timer set for midnight).
DAY_CHECK = 60.0


def wanted(path: str, root: Path) -> bool:
    p = Path(path)
    name = p.name
    if EDITORS(name) or name.endswith(IGNORED_SUFFIXES) or name == "4913" or SED_TEMP.fullmatch(name):
        return False  # (4913: vim's probe file)
    try:
        parts = p.relative_to(root).parts
    except ValueError:
        return True
    return not IGNORED_PARTS.intersection(parts[:-1])


def touches_code(paths, root: Path) -> bool:
    for path in paths:
        try:
            first = Path(path).relative_to(root).parts[0]
        except (ValueError, IndexError):
            continue
        if first in CODE:
            return True
    return False


def touches_templates(paths, root: Path) -> bool:
    """A path under a theme's templates (the kit's ``theme/``, a site's own)."""
    return any("templates" in Path(os.path.relpath(p, root)).parts for p in paths)


class Worker:
    """One build process (its own process group: its render workers end with it)."""

    def __init__(self, settings_file, output, root: Path, events: queue.Queue, overrides=None):
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(root / "plugins"), os.environ.get("PYTHONPATH")]))}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "preview.worker", str(settings_file), str(output), str(root), json.dumps(overrides or {})],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, errors="replace", env=env, cwd=str(root),
            start_new_session=True, bufsize=1,
        )
        self.stopping = False
        threading.Thread(target=self._read, args=(events,), daemon=True).start()

    def _read(self, events):
        for line in self.proc.stdout:
            if line.startswith(MARK):
                events.put(("answer", self, json.loads(line[len(MARK):])))
            else:
                sys.stdout.write(line)
        self.proc.wait()
        events.put(("exit", self, self.proc.returncode))

    def build(self, changed=()):
        """A build; ``changed``: the files saved since the last (for its quick pages)."""
        self.proc.stdin.write(json.dumps({"build": True, "changed": sorted(changed)}) + "\n")
        self.proc.stdin.flush()

    def stop(self):
        self.stopping = True
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                self.proc.kill()
        self.proc.wait()


class _Either:
    """Stops a watch when either event is set (``watchfiles``' ``stop_event``)."""

    def __init__(self, *events: threading.Event):
        self.events = events

    def is_set(self) -> bool:
        return any(e.is_set() for e in self.events)


STILL_STEP = 0.5  # seconds between two looks at a folder made again (see ``watch``)
STILL_FOR_AT_MOST = 300  # a copy still changing after this long is built as it is then


def _tree_state(folders, root: Path) -> set:
    """Every file and folder under ``folders`` that a build reads (``wanted``: not an
    editor's swap file) with its size and time of change."""
    state = set()
    for folder in folders:
        for parent, dirs, files in os.walk(folder):
            for name in dirs + files:
                path = os.path.join(parent, name)
                if wanted(path, root):
                    with contextlib.suppress(OSError):  # gone meanwhile: the next look differs
                        st = os.lstat(path)
                        state.add((path, st.st_size, st.st_mtime_ns))
    return state


def _identity(folder: str):
    """A folder's (device, inode), None when it is not there: a folder made again is another."""
    try:
        st = os.stat(folder)
    except OSError:
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISDIR(st.st_mode) else None


def watch(paths, root: Path, events: queue.Queue, stop: threading.Event):
    """Watch ``paths`` (folders recursively, files by their folder) until ``stop``: two
    threads, each woken by ``watchfiles`` every ``step`` milliseconds to look at ``stop``.
    Each path's own folder is watched too, not recursively: a watched folder deleted and
    made again (``rm -rf content`` then a copy back, a ``git checkout``) is a new folder,
    which a watch on the old one never sees; the folders' watch is then started again,
    and the change said once more when the new folder's tree has stopped changing."""
    import watchfiles

    folders = [str(p) for p in paths if p.is_dir() or not p.exists() and not p.suffix]  # (a folder made later too)
    again = threading.Event()  # a watched folder itself deleted, made or replaced
    reported: set[str] = set()  # which ones (the events on their own names), under ``lock``
    lock = threading.Lock()
    parents: dict[str, set[str]] = {}  # folder -> the watched paths in it
    for p in paths:
        if p.parent.is_dir():  # (a folder that is not there cannot be watched: watchfiles would fail)
            parents.setdefault(str(p.parent), set()).add(str(p))

    named = {str(p) for p in paths}  # named files are watched wherever they are (cache/statistik.json)

    def keep(change, path):
        return path in named or wanted(path, root)

    def loop(targets, recursive, only=None, until=None, ready=None):
        # With ``ready``: watchfiles yields (an empty set after 0.2 s of quiet, else the first
        # changes) only once its watches are in place; ``ready`` is then called, once.
        for changes in watchfiles.watch(*targets, watch_filter=keep, recursive=recursive, stop_event=until or stop,
                                        debounce=50, step=50, force_polling=False,
                                        yield_on_timeout=ready is not None, rust_timeout=200 if ready else 5000):
            if ready is not None:
                ready()
                ready = None
            found = {path for _, path in changes if only is None or path in only}
            if not found.isdisjoint(folders):
                with lock:
                    reported.update(found.intersection(folders))
                again.set()
            if found:
                events.put(("change", None, found))

    def when_still(made):
        # A folder made again is a copy or a checkout under way: a file written in one of its
        # subfolders before the new watch reached that subfolder raises no event, and the
        # build its first event started may have read it half written. Once the tree has
        # not changed for a moment, the change is said once more: that build walks it all.
        last, deadline = None, time.monotonic() + STILL_FOR_AT_MOST
        while time.monotonic() < deadline:
            if stop.wait(STILL_STEP):
                return
            now = _tree_state(made, root)
            if now == last:
                break
            last = now
        events.put(("change", None, set(made)))

    def folders_loop():
        watched = None  # folder -> its identity when its watch began
        while not stop.is_set():
            again.clear()
            now = {f: _identity(f) for f in folders}
            present = [f for f in folders if now[f] is not None]
            # Watched again: files written into a folder made again before its new watch began
            # are found by the build this change starts (it walks them all), so the change is
            # said once that watch is in place: said earlier, a build could start in the
            # middle of a copy whose last files no watch saw, and show a half-copied site.
            # The folders deleted, made or replaced (``rm -rf content && cp -r …`` done before
            # this loop looked again: the same name, another folder, often with the same inode
            # number: the events on their own names say which); when none is named, the watch
            # stopped for something else, and every folder is said (events may be lost).
            with lock:
                named = reported.copy()
                reported.clear()
            made = set() if watched is None else named | {f for f in folders if now[f] != watched[f]}
            news = None if watched is None else made or set(present)
            watched = now
            if news and not present:
                events.put(("change", None, news))
            made = sorted(f for f in made if now[f] is not None)
            if made:
                threading.Thread(target=when_still, args=(made,), daemon=True).start()
            if present:
                with contextlib.suppress(OSError):  # one gone while the watch started: watched again below
                    loop(present, True, until=_Either(stop, again),
                         ready=(lambda: events.put(("change", None, news))) if news else None)
            again.wait(1.0)

    if folders:
        threading.Thread(target=folders_loop, daemon=True).start()
    # The folders holding the watched paths (one; a site made by situs-baru: its own and the kit's).
    if parents:
        threading.Thread(target=loop, args=(list(parents), False, set().union(*parents.values())), daemon=True).start()


def reinstall(root: Path, out):
    """The locked packages into the running virtual environment, as run.sh does: only when
    the lock differs from the one last installed (a save without change installs nothing)."""
    venv = root / ".venv"
    if Path(sys.prefix).resolve() != venv.resolve():
        return
    with contextlib.suppress(OSError):
        if (root / "requirements.lock").read_bytes() == (venv / ".requirements.lock").read_bytes():
            return
    print("requirements.lock berubah: memasang paket sesuai kunci…", file=out)
    result = subprocess.run([sys.executable, "-m", "pip", "install", "--disable-pip-version-check", "-q",
                             "--require-hashes", "-r", str(root / "requirements.lock")])
    if result.returncode == 0:
        shutil.copyfile(root / "requirements.lock", venv / ".requirements.lock")
    else:
        print("Pemasangan paket gagal (pesan pip di atas); build memakai paket yang terpasang. Periksa requirements.lock "
              "dan sambungan internet, lalu simpan lagi.", file=out, flush=True)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def serve(settings_file, output, root, watched, host="127.0.0.1", port=8000, out=None, overrides=None, until=None):
    """Serve ``output`` and rebuild it on changes under ``watched`` (paths, relative to
    ``root`` or absolute); ``overrides`` are settings for every build (e.g. ``PATH``).
    Ends on Ctrl+C, SIGTERM, or once ``until`` (a ``threading.Event``) is set."""
    out = out or sys.stdout
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)  # `kill` ends the preview as Ctrl+C does
    root = Path(root).resolve()
    output = Path(output)
    state = PreviewState()
    server = make_server(host, port, str(output), state)
    events: queue.Queue = queue.Queue()
    state.rebuild = lambda: events.put(("change", None, {str(output.resolve())}))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    stop = threading.Event()
    watch([root / name for name in watched], root, events, stop)  # an absolute name stays as it is
    print(f"Pratinjau: http://{host}:{port}/  (Ctrl+C untuk berhenti)", file=out, flush=True)
    worker, building, dirty, fresh = None, False, True, True
    last_code: list[str] = []  # the code files saved last (named when a build process ends by itself)
    started, notice, shown_pages, changed = 0.0, 0.0, False, set()
    day = None  # [time zone, date] the site shown was built for (``worker.day_of``)
    try:
        while until is None or not until.is_set():
            if dirty and not building:
                if fresh or worker is None:
                    if worker is not None:
                        worker.stop()
                    worker, fresh = Worker(settings_file, output, root, events, overrides), False
                    changed.clear()  # a new process has no site model to show them with
                worker.build(changed)
                building, dirty, started, shown_pages = True, False, time.monotonic(), False
                notice = started + LONG_BUILD
                changed = set()
            try:
                kind, source, payload = events.get(timeout=max(0.05, notice - time.monotonic()) if building else DAY_CHECK)
            except queue.Empty:
                if not building:
                    today = clock.today(day[0]).isoformat() if day else None
                    if today and today != day[1]:
                        print(f"Tanggal berganti ({day[1]} menjadi {today}): situs dibangun ulang untuk hari ini (agenda, "
                              "pengumuman, usia informasi berkala).", file=out, flush=True)
                        dirty, fresh, day = True, True, None
                    continue
                # A build running long: said, in case a template or plugin never ends.
                if dirty and touches_templates(changed, root):
                    # A template saved again while it ran (a loop fixed before this was said): no second save needed.
                    print(f"Build berjalan lebih dari {seconds(LONG_BUILD)} detik dan templat sudah diubah lagi: build "
                          "dihentikan, proses build dimulai ulang dengan templat yang baru.", file=out, flush=True)
                    worker.stop()
                    building, fresh = False, True
                    continue
                print(f"Build masih berjalan ({seconds(time.monotonic() - started)} detik). Bila tidak wajar, periksa kode "
                      "atau templat yang baru diubah (mis. perulangan tanpa akhir di plugins/ atau theme/templates/); "
                      "menyimpannya memulai ulang build.", file=out, flush=True)
                notice = time.monotonic() + LONG_BUILD
                continue
            if kind == "change":
                # From the site's folder (a site made by situs-baru: its kit is in kit/), else the kit's.
                names = sorted(os.path.relpath(p, os.environ.get("SITUS") or root) for p in payload)
                print(f"Perubahan terdeteksi: {', '.join(names[:3])}{' …' if len(names) > 3 else ''}", file=out, flush=True)
                dirty = True
                changed |= payload
                if touches_code(payload, root):
                    last_code = sorted(p for p in payload if touches_code([p], root))
                    if any(Path(p).name == "requirements.lock" for p in payload):
                        reinstall(root, out)
                    fresh = True
                    if building and worker is not None:
                        print("Kode berubah: build yang berjalan dihentikan, proses build dimulai ulang.", file=out, flush=True)
                        worker.stop()
                        building = False
                elif (building and worker is not None and time.monotonic() - started > LONG_BUILD
                      and touches_templates(payload, root)):
                    # A template that never ends its loop: saved again (fixed), the stuck build is dropped.
                    print("Templat berubah saat build berjalan terlalu lama: build dihentikan, proses build dimulai ulang.",
                          file=out, flush=True)
                    worker.stop()
                    building, fresh = False, True
                continue
            if source is not worker:
                continue  # an ended process's last words
            if kind == "exit":
                idle, building, worker = not building, False, None
                if idle and not source.stopping and payload < 0:  # killed while it waited (a signal): a new one takes over
                    print(f"Proses build berhenti (sinyal {-payload}) saat menunggu; proses baru dimulai.", file=out, flush=True)
                    fresh = dirty = True
                    continue
                if not source.stopping:
                    suspects = [os.path.relpath(p, root) for p in last_code]
                    failure = Failure("Proses build berhenti tiba-tiba.", [
                        f"kode keluar {payload}"
                        + (f"; kode yang terakhir diubah: {', '.join(suspects[:3])} (mis. sys.exit atau os._exit di sana)" if suspects else "")
                        + "; simpan berkas apa saja untuk mencoba lagi"])
                    state.publish(failure)
                    print("GAGAL " + failure.text(), file=out, flush=True)
                continue
            if payload.get("phase") == "sekilas":  # the edited pages, ahead of the build
                state.publish(None)
                print(f"Halaman yang disunting tampil dalam {seconds(time.monotonic() - started)} detik; "
                      "situs lengkap menyusul.", file=out, flush=True)
                continue
            if payload.get("phase") == "halaman":  # pages in place, search index next
                if payload.get("log"):
                    out.write(payload["log"])
                state.publish(None)
                shown_pages = True
                print(f"Halaman siap dalam {seconds(time.monotonic() - started)} detik; indeks pencarian menyusul.", file=out, flush=True)
                continue
            building = False
            if payload.get("restart"):
                fresh, dirty = True, True
                continue
            if payload.get("ok"):
                day = payload.get("hari") or day
                if payload.get("log"):
                    out.write(payload["log"])
                if not shown_pages:
                    state.publish(None)
                print(f"Selesai dalam {seconds(time.monotonic() - started)} detik.", file=out, flush=True)
            else:
                failure = Failure.from_dict(payload["failure"])
                state.publish(failure)
                print("GAGAL " + failure.text() + "\nPratinjau tetap berjalan: perbaiki lalu simpan.", file=out, flush=True)
    except KeyboardInterrupt:
        print("Pratinjau dihentikan.", file=out, flush=True)
    finally:
        stop.set()
        if worker is not None:
            worker.stop()
        server.shutdown()
        server.server_close()
