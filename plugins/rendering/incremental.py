"""What a build depends on, and the state kept between builds (used by content.build).

The state folder of an output ``X`` is ``.cache/cepat-X`` beside it, a ``common.store``
salted by rendering's code version (``state_store``). Each entry is one snapshot describing
the output ``X`` (whole-site state, not per-key blobs):

- ``fingerprint.json``: the input fingerprint of the build now in ``X``, and until when
  it holds (the next moment an item's date or an exemption period is reached);
- ``manifest.pickle``: per page of ``X``, the context names its templates read and
  their digest (see ``writer``); a cold one-off build's is digested by a process after
  it (``ManifestWrite``);
- ``reader.pickle``: what Markdown made of each file content (md5), see ``reader``;
- ``memory.pickle``: what a one-off build hands to the next (``pipeline.Run.memory``, as
  the preview's build process keeps it in memory), under the fingerprint of everything
  but content: a change to the theme, the plugins, the settings or the installed
  libraries starts it afresh;
- ``jinja/``: Jinja's compiled templates (``rendering.templates_cache``), under the same key.

The fingerprint covers every file under the content folder (md5), the theme, the
plugins, the settings files beside the settings file, the overrides, ``SITEURL`` from
the environment, Python's version and the installed packages' (``installed``) and
today's date (freshness, upcoming agenda). A build whose fingerprint
equals the stored one, before the stored expiry, with the output still in place, has
nothing to do.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import sys
from datetime import date, datetime, time
from pathlib import Path

from common.forked import usable_cpus
from common.paths import ignored
from common.stamps import FileDigests
from common.store import Store, code_version, take_deferred, write_deferred
from content import clock, kemajuan
from links.luar import result_path
from readcounts.store import counts_path

from . import linker

FINGERPRINT = "fingerprint.json"
STAT_MEMO = "md5-memo.json"
MANIFEST = "manifest.pickle"
MEMORY = "memory.pickle"
MEMORY_LOCK = "memory.kunci"  # held by the process writing memory.pickle (MemoryWrite)
MANIFEST_LOCK = "manifest.kunci"  # held by the process writing manifest.pickle (ManifestWrite)
# Pages the preview wrote ahead of its build (preview.quick): no manifest describes them
# until a build that rendered them again is adopted.
QUICK = "sekilas.json"
WAITING = "Menunggu build sebelumnya selesai menulis catatannya"  # (wait_for_writer)


def state_dir(output: Path) -> Path:
    return output.parent / ".cache" / f"cepat-{output.name}"


# Folders no build reads: a content folder kept as its own repository has `.git/`, which
# changes with every fetch.
NEVER_READ = frozenset({"__pycache__", ".git", ".hg", ".svn"})
# Settings that say where a site's folders are, not how it is built.
FOLDERS = frozenset({"PATH", "OUTPUT_PATH"})


class Fingerprint:
    def __init__(self, state: Path):
        self.state = state
        self.digests = FileDigests(_read_json(state / STAT_MEMO) or {})

    def md5(self, path) -> str:
        """md5 of a file (kept with its stamp: an unchanged file is not read again)."""
        digest = self.digests.of(path)
        if digest is None:
            raise FileNotFoundError(2, "berkas tidak dapat dibaca", str(path))
        return digest

    def tree(self, root: Path, h, content: bool = False, ignore=None):
        """Every file under ``root`` into ``h``. ``content``: the content folder, whose
        hidden folders Pelican reads too (``.well-known/``; not ``NEVER_READ``) and whose
        linked folders it enters (so they are walked, each real folder once: a link back
        up is a loop the validation refuses); each of its folders' modification times goes
        to ``self.folders`` (for ``moved``). ``ignore``: names Pelican does not read
        (``IGNORE_FILES``, ``common.paths.ignored``: an editor's lock file ``.#berita.md``,
        files and folders alike, as Pelican skips them). A file that cannot be
        read (a broken link, a pipe) counts as such: the validation names it."""
        if root.is_file():
            h.update(f"{root.name}\0{self.md5(root)}\n".encode())
            return
        top = os.fspath(root)
        cut = len(os.path.join(top, ""))  # string paths: this runs for every file of the site
        inside = os.path.join(os.path.realpath(top), "")
        seen: set[str] = set()
        for dirpath, dirnames, filenames in os.walk(top, followlinks=content):
            if content:
                real = os.path.realpath(dirpath)
                if real in seen:
                    h.update(f"{dirpath[cut:]}\0loop\n".encode())
                    dirnames[:] = []
                    continue
                seen.add(real)
                with contextlib.suppress(OSError):
                    self.folders[dirpath] = os.stat(dirpath).st_mtime_ns
            dirnames[:] = sorted(d for d in dirnames if d not in NEVER_READ and (content or not d.startswith("."))
                                 and not (ignore and ignore(d)))
            for d in list(dirnames) if content else ():
                link = os.path.join(dirpath, d)
                if os.path.islink(link):  # its text counts; entered only when it stays inside (validation refuses it)
                    with contextlib.suppress(OSError):
                        h.update(f"{dirpath[cut:]}/{d}\0->{os.readlink(link)}\n".encode())
                    if not os.path.join(os.path.realpath(link), "").startswith(inside):
                        dirnames.remove(d)
            for name in sorted(filenames):
                if name.endswith((".pyc", "~")) or ignore and ignore(name):
                    continue
                p = os.path.join(dirpath, name)
                rel = p[cut:].replace(os.sep, "/")
                h.update(f"{rel}\0{self.digests.of(p) or 'tidak-terbaca'}\n".encode())

    def compute(self, settings_file, settings, overrides, today=None) -> tuple[str, str]:
        """(key of everything but content, key of everything), from the files' stamps as
        they are now (a file whose stamp the memo holds is not read). ``today``: the day the
        build's pages are made for (``Run.now``), else the clock's: a build that started
        before midnight and computed its key after must not record the next day."""
        self.digests = FileDigests({**self.digests.old, **self.digests.new})
        base = hashlib.md5(usedforsecurity=False)
        conf_dir = Path(settings_file).resolve().parent
        self.folders: dict[str, int] = {}
        # Which settings file: a `publish` after a `build` into the same output differs.
        base.update(f"settings={Path(settings_file).name}\n".encode())
        for conf in sorted(conf_dir.glob("*.py")):
            h = f"{conf.name}\0{self.md5(conf)}\n"
            base.update(h.encode())
        base.update(f"SITEURL={os.environ.get('SITEURL', '')}\n".encode())
        base.update("\n".join(installed()).encode())
        tz = settings.get("TIMEZONE") or "Asia/Jakarta"
        base.update(f"today={(today or clock.today(tz)).isoformat()}\n".encode())
        base.update(f"theme={settings['THEME']}\n".encode())
        self.tree(Path(settings["THEME"]), base)
        for templates in settings.get("THEME_TEMPLATES_OVERRIDES") or ():  # a site's own templates
            if Path(templates).is_dir():
                self.tree(Path(templates), base)
        for plugins in settings.get("PLUGIN_PATHS") or ():
            self.tree(Path(plugins), base)
        # The same but for where the site's folders are (``compiled_key``).
        anywhere = base.copy()
        anywhere.update(repr(sorted((k, repr(v)) for k, v in overrides.items() if k not in FOLDERS)).encode())
        self.compiled_key = anywhere.hexdigest()
        base.update(repr(sorted((k, repr(v)) for k, v in overrides.items())).encode())
        full = base.copy()
        self.tree(Path(settings["PATH"]), full, content=True, ignore=ignored(settings))
        # Read counts (plugins/readcounts) and the last external link check (links.luar,
        # for the Monev self-check): a new one is a new build.
        for kept in (counts_path(settings), result_path(settings)):
            if kept.is_file():
                self.tree(kept, full)
        return base.hexdigest(), full.hexdigest()

    def moved(self) -> bool:
        """Whether a file the last ``compute`` covered was saved since it walked them: one
        written again, even back to the same bytes (its stamp changed), or deleted, or a
        file added to the content folder. No folder is walked again and no file read: each
        file's stamp and each content folder's modification time (a file added to it, or
        removed, changes it) are compared with what ``compute`` took, a ``stat`` each. A
        file added to the content after the first walk and deleted again before this check
        (which the build may have read) changed its folder's time; on a file system whose
        times are coarser than the seconds between the two saves that goes unseen. A file
        added to the theme, the plugins or beside the settings is seen by the next build's
        walk (the key differs)."""
        for folder, mtime in self.folders.items():
            try:
                if os.stat(folder).st_mtime_ns != mtime:
                    return True
            except OSError:
                return True
        for name, (size, mtime, inode, _) in self.digests.new.items():
            try:
                st = os.stat(name)
            except OSError:
                return True
            if st.st_mtime_ns != mtime or st.st_size != size or st.st_ino != inode:
                return True
        return False

    def save_memo(self):
        _write_json(self.state / STAT_MEMO, self.digests.new)


def installed() -> list[str]:
    """Python's version and the packages the build runs with, as their folders name them
    (``Markdown-3.7.dist-info``): libraries installed at other versions (an updated lock)
    change what reading and rendering make, as a plugin's change does. Only the folders
    packages are installed in count (not the script's folder or the working directory,
    which differ between a task and the preview's worker). (Listing them costs well under
    a millisecond; asking ``importlib.metadata`` about every package, tens.)"""
    names = [sys.version]
    for folder in sys.path:
        if os.path.basename(folder) not in ("site-packages", "dist-packages"):
            continue
        try:
            names += sorted(n for n in os.listdir(folder) if n.endswith((".dist-info", ".egg-info")))
        except OSError:
            continue
    return names


def output_stamp(output: Path):
    try:
        st = output.stat()
    except OSError:
        return None
    return [st.st_ino, st.st_mtime_ns]


def up_to_date(state: Path, full_key: str, output: Path, settings) -> bool:
    stored = _read_json(state / FINGERPRINT)
    if not stored or (state / QUICK).exists() or stored.get("key") != full_key or stored.get("output") != output_stamp(output):
        return False
    until = stored.get("until")
    now = clock.now(settings.get("TIMEZONE") or "Asia/Jakarta")
    return until is None or now.timestamp() < until


def next_change(run) -> float | None:
    """The first moment after now at which an item's publication, freshness or period changes."""
    report, now = run.report, run.now
    if report is None:
        return None
    tz = now.tzinfo
    moments = []
    for item in report.items:
        for value in item.values.values():
            if isinstance(value, datetime):
                moment = value
            elif isinstance(value, date):
                moment = datetime.combine(value, time(), tzinfo=tz)
            else:
                continue
            if moment > now:
                moments.append(moment.timestamp())
    return min(moments) if moments else None


def adopt(state: Path, full_key: str, output: Path, run):
    """After a successful swap: the new manifest and fingerprint describe ``output``."""
    new = state / (MANIFEST + ".new")
    adopted = new.exists()
    if adopted:
        os.replace(new, state / MANIFEST)
    if adopted or run.manifest_written is not None:  # (a ManifestWrite puts its own in place)
        with contextlib.suppress(OSError):
            (state / QUICK).unlink()  # the manifest now describes them (writer: rendered again)
    _write_json(state / FINGERPRINT, {"key": full_key, "output": output_stamp(output), "until": next_change(run)})


def mark_quick(state: Path, names):
    """``names`` (output files) are about to be written outside a build: until the next
    build is adopted, its writer renders them whatever the manifest says."""
    _write_json(state / QUICK, sorted(set(quick_pages(state)) | set(names)))


def quick_pages(state: Path) -> list[str]:
    listed = _read_json(state / QUICK)
    return listed if isinstance(listed, list) else []


def forget(state: Path):
    """The output is about to change file by file: until ``adopt``, no manifest or
    fingerprint describes it (the next build renders every page)."""
    for name in (MANIFEST, FINGERPRINT):
        try:
            (state / name).unlink()
        except OSError:
            pass


def discard(state: Path, *written: LaterWrite | None):
    """A refused build: its manifest and the memory it was writing are dropped."""
    try:
        (state / (MANIFEST + ".new")).unlink()
    except OSError:
        pass
    for writer in written:
        if writer is not None:
            writer.drop()


def load_memory(state: Path, key: str) -> dict:
    """The memory the last successful build under ``key`` left (empty: none), once its
    writer is done (``MemoryWrite``)."""
    wait_for_writer(state)
    stored = state_store(state).load(MEMORY)
    return stored[1] if isinstance(stored, tuple) and stored[0] == key and isinstance(stored[1], dict) else {}


def skeleton_later(output: Path, run) -> None:
    """After a build swapped ``output`` in: the folders of its pages made for the next
    build by a detached process (``linker.skeleton_later``), when the next one links its
    unchanged pages (as ``writer.start_linker`` decides)."""
    workers = int(run.settings.get("CEPAT_WORKERS") or usable_cpus())
    if run.in_place or run.writer is None or workers < 2 or not run.settings.get("CEPAT_INCREMENTAL", True):
        return
    linker.skeleton_later(str(output), [job.name for job in run.writer.jobs.values()])


def in_ci() -> bool:
    """A CI job (``CI`` set, as GitHub Actions and GitLab CI do): its cache is saved, and
    its processes ended, right after its last step, so a build leaves nothing to be
    written after it (``save_memory`` waits for its writers; ``ManifestWrite`` is not used)."""
    return bool(os.environ.get("CI"))


def save_memory(state: Path, key: str, memory: dict, written=None):
    """After a successful build (after the swap: a failure to write loses only time).
    ``written``: what ``write_memory`` started, taken when it succeeded; in CI
    (``in_ci``) the build waits for it."""
    if written is not None and written.take():
        if in_ci():
            wait_for_writer(state)
        return
    try:
        state_store(state).save(MEMORY, (key, memory))
    except OSError:
        pass


class LaterWrite:
    """A state entry (``NAME``) written by a forked process that the build does not wait
    for: ``take`` (after the swap) tells it the build succeeded, and the entry is put in
    place once written; after ``drop`` (a refused build) it is not (the process is not
    killed, which could leave its unfinished temporary file behind). The process holds an
    exclusive lock on the state folder's ``LOCK`` until it is done: the next build waits
    for that lock before it loads the entry (``wait_for_writer``), so it always finds the
    last one. It keeps no other file of the build open (the output's build lock, the
    build's own output), so nothing else waits for it."""

    NAME = LOCK = ""

    def __init__(self, state: Path):
        store = state_store(state)
        self.path, self.new = store.path(self.NAME), store.path(self.NAME + ".new")
        lock = store.path(self.LOCK)
        lock.parent.mkdir(parents=True, exist_ok=True)
        verdict_r, verdict_w = os.pipe()  # the build -> the writer: b"1" when it succeeded
        ready_r, ready_w = os.pipe()  # the writer -> the build: the lock is held
        sys.stdout.flush(), sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
                fcntl.flock(fd, fcntl.LOCK_EX)  # an earlier writer still at it: after it
                os.write(ready_w, b"1")
                _keep_only(fd, verdict_r)
                # The verdict: empty when the build ended without saying so.
                if self.write(store, lambda: os.read(verdict_r, 1) == b"1"):
                    code = 0
            except BaseException:  # noqa: BLE001 - nothing to report to: the next build reads again
                with contextlib.suppress(OSError):
                    self.new.unlink()
            finally:
                os._exit(code)
        self.forked()
        os.close(verdict_r)
        os.close(ready_w)
        with os.fdopen(ready_r, "rb") as fh:
            fh.read(1)  # the lock is the writer's from here on (or it failed: nothing to wait for)
        self.pid, self.verdict = pid, verdict_w
        _writers.add(pid)

    def write(self, store: Store, succeeded) -> bool:
        """In the forked process: write the entry; ``succeeded()`` waits for the verdict."""
        raise NotImplementedError

    def forked(self):
        """In the build's process, once the writer is forked."""

    def take(self) -> bool:
        """The build succeeded: the writer puts the file in place once it is written."""
        if self.verdict is None:
            return False
        try:
            os.write(self.verdict, b"1")
            return True
        except OSError:  # the writer is gone
            return False
        finally:
            os.close(self.verdict)
            self.verdict = None

    def drop(self):
        """The build was refused: the writer reads no verdict and removes its file."""
        if self.verdict is not None:
            os.close(self.verdict)
            self.verdict = None


class MemoryWrite(LaterWrite):
    """``memory.pickle``'s next content written beside it (``memory.pickle.new``) by a
    forked process, while the build checks its links (``LaterWrite``). Measured at
    10 000 + 2 000 items: an edit's build waited 0.5 s for it after the swap, where the
    link check took 0.5 s. It also writes the caches the build saved for later
    (``common.store.defer_snapshots``: the validation results, the Markdown cache),
    whatever the build's verdict: their entries are checked against their inputs, so they
    are correct either way."""

    NAME, LOCK = MEMORY, MEMORY_LOCK

    def __init__(self, state: Path, key: str, memory: dict):
        self.key, self.memory = key, memory
        super().__init__(state)

    def write(self, store: Store, succeeded) -> bool:
        write_deferred(take_deferred())  # the build's caches first: correct whatever its verdict
        store.save(MEMORY + ".new", (self.key, self.memory))
        if succeeded():
            os.replace(self.new, self.path)
            return True
        self.new.unlink()
        return False

    def forked(self):
        take_deferred()  # the writer's from here on


class ManifestWrite(LaterWrite):
    """The pages' manifest of a build that rendered every page (a cold one), digested by
    a forked process once the build succeeded, instead of by the render workers: the
    next build needs it, this one does not (``writer.CepatWriter._flush``). The process
    is forked as the render step ends, so it digests the site model as the pages were
    rendered from it; it waits for the verdict first (nothing is digested for a refused
    build). The build has no manifest meanwhile (``forget_manifest``): a build that
    starts before it is written waits for it (``load_manifest``), and one that finds
    none (the writer failed) renders every page."""

    NAME, LOCK = MANIFEST, MANIFEST_LOCK

    def __init__(self, state: Path, key: str, jobs, digester):
        self.key, self.jobs, self.digester = key, jobs, digester
        super().__init__(state)

    def write(self, store: Store, succeeded) -> bool:
        if not succeeded():
            return False
        names = self.digester.names
        pages = {job.name: (job.names, names(job.localcontext, job.names)) for job in self.jobs}
        store.save(MANIFEST + ".new", (self.key, pages))
        os.replace(self.new, self.path)
        return True

    def forked(self):
        self.jobs = self.digester = None  # the writer's


def forget_manifest(state: Path):
    """Before a ``ManifestWrite``: no manifest (the last build's, or a refused build's
    ``.new``) describes the output until it is written."""
    for name in (MANIFEST, MANIFEST + ".new"):
        with contextlib.suppress(OSError):
            (state / name).unlink()


_writers: set[int] = set()  # this process's LaterWrite processes not yet reaped


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
    _writers.discard(pid)


def _keep_only(*fds: int) -> None:
    """Close every file descriptor but ``fds``; standard input and output go to the null
    device (the build's own, e.g. a pipe its caller reads to the end, are not held)."""
    null = os.open(os.devnull, os.O_RDWR)
    for std in (0, 1, 2):
        os.dup2(null, std)
    keep = {0, 1, 2, *fds}
    try:
        open_fds = [int(n) for n in os.listdir("/proc/self/fd")]
    except OSError:
        open_fds = range(3, 1024)
    for fd in open_fds:
        if fd not in keep:
            with contextlib.suppress(OSError):
                os.close(fd)


def wait_for_writer(state: Path, locks=(MEMORY_LOCK, MANIFEST_LOCK)) -> None:
    """Wait until no process is writing ``memory.pickle`` or ``manifest.pickle``
    (``LaterWrite``)."""
    for pid in list(_writers):
        _reap(pid)
    for name in locks:
        lock = state_store(state).path(name)
        try:
            fd = os.open(lock, os.O_RDONLY)
        except OSError:
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:  # said on the progress line (a terminal) while it lasts
                kemajuan.stage(WAITING)
                fcntl.flock(fd, fcntl.LOCK_SH)
        finally:
            os.close(fd)


def write_memory(state: Path, key: str, memory: dict) -> MemoryWrite | None:
    """Start writing the memory a one-off build leaves (None: no process to be had here;
    saved at the end)."""
    if not hasattr(os, "fork"):
        return None
    try:
        return MemoryWrite(state, key, memory)
    except OSError:
        return None


def state_store(state) -> Store:
    """The state folder as a store. (``adopt`` and ``discard`` rename and delete the
    manifest's entry in place: ``os.replace`` is what ``Store.move`` does.)"""
    state = Path(state)
    return Store(state.parent, state.name, code_version("rendering"))


def _read_json(path: Path):
    return state_store(path.parent).load_json(path.name)


def _write_json(path: Path, data):
    state_store(path.parent).save_json(path.name, data)
