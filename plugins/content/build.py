"""Building and checking a site from the command line (tasks.py calls these).

A build writes into a staging folder beside the output and swaps it in only when
Pelican finished without error, so a refused build leaves the previous site as it
was, byte for byte.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import glob
import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from pelican.log import init as init_logging
from pelican.settings import get_settings_from_file, read_settings

import pelican_internals
import pipeline
import publish
from common import store
from common.paths import ignored_names, relative
from rendering import incremental

from . import clock, kemajuan, pengaturan
from .kemajuan import PROGRESS
from .validate import ContentError


class _PelicanSettingsSaid(logging.Filter):
    """Pelican's warnings on reading the settings, in Indonesian where an author meets them
    (by the warning's format string: its values come in its arguments)."""

    SAID = {
        "Removed extraneous trailing slash from SITEURL.":
            lambda: "pelicanconf.py: SITEURL: garis miring '/' di akhir alamat dibuang; tulis alamatnya tanpa '/' di akhir",
        "Detected misconfiguration with %s setting (must be a list), falling back to the default":
            lambda key: (f"pelicanconf.py: {key}: harus berupa daftar, mis. {key} = [\"gambar\"], bukan teks; "
                         "nilai bawaannya yang dipakai"),
        "Detected misconfigured %s (%s), falling back to the default (%s)":
            lambda key, value, default: (f"pelicanconf.py: {key}: harus berupa teks, tertulis {value!r}; "
                                         f"nilai bawaannya ({default!r}) yang dipakai"),
        "Locale could not be set. Check the LOCALE setting, ensuring it is valid and available on your system.":
            lambda: ("pelicanconf.py: LOCALE: tidak satu pun locale yang disebut terpasang di komputer ini; tanggal "
                     "tetap berbahasa Indonesia (dibuat dengan Babel), jadi tulis LOCALE = (\"C.UTF-8\", \"C\")"),
        "No timezone information specified in the settings. Assuming your timezone is UTC for feed generation. "
        "Check https://docs.getpelican.com/en/latest/settings.html#TIMEZONE for more information":
            lambda: "pelicanconf.py: TIMEZONE belum diisi; tulis TIMEZONE = \"Asia/Jakarta\" (WIB), \"Asia/Makassar\" (WITA) atau \"Asia/Jayapura\" (WIT)",
        "Feeds generated without SITEURL or FEED_DOMAIN set properly may not be valid":
            lambda: ("pengaturan: umpan (feed) dibuat tanpa SITEURL: alamat di dalamnya tidak lengkap; isi SITEURL "
                     "dengan alamat situs, mis. \"https://sukamajukab.go.id\" (publishconf.py)"),
    }

    def filter(self, record):
        said = self.SAID.get(record.msg) if isinstance(record.msg, str) else None
        if said is not None:
            try:
                record.msg, record.args = said(*(record.args or ())), ()
            except TypeError:  # another Pelican's arguments: its own words
                pass
        return True


logging.getLogger("pelican.settings").addFilter(_PelicanSettingsSaid())


def load_settings(settings_file, **overrides):
    pelican_internals.check()
    try:
        settings = read_settings(str(settings_file), override=overrides or None)
    except (ValueError, SyntaxError) as exc:  # Pelican's own checks of PATH and THEME, in English
        said = _folder_problem(str(exc), settings_file, overrides) or _utf16_problem(str(exc), settings_file)
        if said is None:
            raise
        raise ContentError([said]) from None
    wrong = pengaturan.problems(settings, settings_file)  # the region's own settings, before any package reads them
    if wrong:
        raise ContentError(wrong)
    publish.drop_sample_values(settings)  # another region's values inherited from the kit's sample: never published
    settings["IGNORE_FILES"] = ignored_names(settings)  # Pelican reads none of an editor's files either
    return settings


def _utf16_problem(message: str, settings_file) -> str | None:
    """A settings file Notepad saved as "Unicode" (UTF-16: Python reads its zero bytes and
    names no file), said against that file (None: another refusal)."""
    if "null bytes" not in message:
        return None
    given = Path(settings_file)
    for path in (given, given.with_name("pelicanconf.py")):
        with contextlib.suppress(OSError):
            if b"\x00" in path.read_bytes():
                return (f"{path.name}: berkas pengaturan tersimpan sebagai UTF-16 (di Notepad: \"Unicode\"), bukan UTF-8; "
                        "simpan ulang sebagai UTF-8 (Simpan Sebagai, Encoding: UTF-8)")
    return None


def _folder_problem(message: str, settings_file, overrides) -> str | None:
    """Pelican's refusal of a missing content or theme folder, said in Indonesian against
    the settings file (None: another refusal)."""
    name = Path(settings_file).name
    if message.startswith("You need to specify a path containing the content"):
        given = overrides.get("PATH")
        if given is None:
            with contextlib.suppress(Exception):
                given = get_settings_from_file(str(settings_file)).get("PATH")
        return (f"{name}: PATH: folder konten {given!r} tidak ada; tulis folder tempat berkas konten disimpan "
                "(biasanya \"content\"), atau kembalikan folder itu bila terhapus")
    if message.startswith("Could not find the theme"):
        return (f"{name}: THEME: folder tema {message.removeprefix('Could not find the theme').strip()!r} tidak ada; "
                "tulis folder tema kit (mis. \"theme\"), atau kembalikan folder itu bila terhapus")
    return None


def check(settings_file, out=None, report_hook=None, **overrides) -> int:
    """Validate all content without writing anything; 0 when there is no error.
    ``report_hook(report)`` runs after the plain report (CI annotations)."""
    out = out or sys.stdout
    try:
        settings = load_settings(settings_file, **overrides)
    except ContentError as exc:  # settings refused: said as check says content problems (CI annotations too)
        from .validate import Report

        report = Report(errors=[p for p in exc.problems if not isinstance(p, str)])
        if len(report.errors) < len(exc.problems):
            raise
    else:
        report = pipeline.check(settings["PATH"], settings)
    code = _print_check(report, out)
    if report_hook:
        report_hook(report)
    return code


def _print_check(report, out) -> int:
    for w in report.warnings:
        print(f"PERINGATAN {w}", file=out)
    if report.errors:
        print(ContentError(report.errors).report(checking=True), file=out)
        return 1
    items = sum(1 for i in report.items if i.published)
    print(f"Konten sah: {len(report.items)} berkas diperiksa, {items} akan terbit, {len(report.warnings)} peringatan.", file=out)
    # Items dated ahead (published on that day): named, so that a mistyped month is seen
    # before the item goes missing from the site.
    later = sorted((str(when)[:16], i.rel) for i in report.items if not i.published and i.ctype is not None
                   and i.values.get("status", "published") == "published"
                   and (when := i.values.get(i.ctype.date_key.lower())))
    for when, rel in later[:10]:
        print(f"  terjadwal: {rel} terbit {when}", file=out)
    if len(later) > 10:
        print(f"  … dan {len(later) - 10} lagi terjadwal", file=out)
    return 0


class PlainFormatter(logging.Formatter):
    """One line per message, as authors read them: ``PERINGATAN path: Key: pesan``."""

    LABELS = {logging.WARNING: "PERINGATAN ", logging.ERROR: "KESALAHAN ", logging.CRITICAL: "KESALAHAN "}

    def format(self, record):
        # A progress line being drawn is cleared first (content.kemajuan).
        clear = "\r\x1b[K" if PROGRESS.drawn else ""
        return clear + self.LABELS.get(record.levelno, "") + record.getMessage()


def plain_plugin_logs(plugins, stream):
    """Our plugins' messages go to ``stream`` as plain lines, not through Pelican's
    console formatting (which adds times, file names and wraps lines)."""
    for name in plugins:
        log = logging.getLogger(str(name).rsplit(".", 1)[-1])
        for handler in [h for h in log.handlers if getattr(h, "konten_plain", False)]:
            log.removeHandler(handler)
        handler = logging.StreamHandler(stream)
        handler.konten_plain = True
        handler.setFormatter(PlainFormatter())
        log.addHandler(handler)
        log.propagate = False
        if log.level == logging.NOTSET:
            log.setLevel(logging.INFO)


def swap_in(staging: Path, output: Path):
    """Replace ``output`` with ``staging`` (two renames on one filesystem). The previous
    output is renamed aside and removed by a detached process: the build does not wait."""
    old = output.with_name(f".{output.name}.old")
    if old.exists():
        remove_later(old)
    if output.exists():
        os.replace(output, old)
    os.replace(staging, output)
    if old.exists():
        remove_later(old)


def update_in_place(staging: Path, output: Path, unchanged: set[str]):
    """The preview's swap (``Run.in_place``): each file of ``staging`` replaces its namesake
    in ``output`` (one rename each), then the files of ``output`` that are neither new nor
    ``unchanged`` are removed, with the folders left empty. Each file changes atomically,
    the folder as a whole does not (a page loaded in that instant may mix old and new):
    fine for a preview, never used for a published output, which is always swapped."""
    fresh: set[str] = set()
    for folder, _dirs, names in os.walk(staging):
        rel = relative(folder, str(staging))
        base = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        target = output / rel
        if target.is_symlink() or (target.exists() and not target.is_dir()):
            target.unlink()
        target.mkdir(parents=True, exist_ok=True)
        for name in names:
            dest = target / name
            if dest.is_dir() and not dest.is_symlink():
                shutil.rmtree(dest)
            os.replace(os.path.join(folder, name), dest)
            fresh.add(base + name)
    keep = fresh | unchanged
    emptied: set[str] = set()  # folders removed because nothing in them was kept
    for folder, dirs, names in os.walk(output, topdown=False):
        rel = relative(folder, str(output))
        base = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        left = False  # whether anything stays in this folder
        for name in names:
            if base + name in keep:
                left = True
            else:
                os.unlink(os.path.join(folder, name))
        for name in dirs:
            path = os.path.join(folder, name)
            if os.path.islink(path):
                if base + name in keep:
                    left = True
                else:
                    os.unlink(path)
            elif path not in emptied:
                left = True
        if not left and rel != ".":
            try:
                os.rmdir(folder)  # a folder that is already empty: one call, not one per page folder
                emptied.add(folder)
            except OSError:
                pass
    shutil.rmtree(staging, ignore_errors=True)


def remove_later(folder: Path):
    """Rename ``folder`` to a unique name and delete it in a detached child process
    (in this process when one cannot be started). Leftovers of an interrupted removal
    (``.<name>.hapus-*``) are removed by the next build."""
    trash = folder.with_name(f"{folder.name}.hapus-{os.getpid()}-{time.monotonic_ns()}")
    os.replace(folder, trash)
    doomed = [str(p) for p in folder.parent.glob(f"{glob.escape(folder.name)}.hapus-*")]
    # The child forks the remover and exits at once, so no zombie is left behind.
    code = "import os, shutil, sys\nif os.fork(): os._exit(0)\nfor p in sys.argv[1:]: shutil.rmtree(p, ignore_errors=True)"
    try:
        subprocess.run(
            [sys.executable, "-S", "-c", code, *doomed],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True, close_fds=True, check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        for p in doomed:
            shutil.rmtree(p, ignore_errors=True)


run_post_build_steps = pipeline.run_post_build_steps


LOCK_TIMEOUT = 900  # seconds a build waits for another one in the same folder (BUILD_LOCK_TIMEOUT)


@contextlib.contextmanager
def output_lock(output: Path, out, timeout: float | None = None):
    """One build at a time per output folder (the preview and `invoke build`, or two CI
    jobs on one runner): a second build waits, saying so, and gives up after ``timeout``
    seconds with a clear message. The lock is a kernel lock on a file beside the output,
    released when the process ends, however it ends."""
    if timeout is None:
        timeout = float(os.environ.get("BUILD_LOCK_TIMEOUT") or LOCK_TIMEOUT)
    lock = output.parent / ".cache" / f"konten-{output.name}" / "build.kunci"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a+b") as fh:
        deadline = time.monotonic() + timeout
        told = False
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told:
                    print(f"Menunggu build lain di {output} selesai (paling lama {int(timeout)} detik)…", file=out, flush=True)
                    told = True
                if time.monotonic() >= deadline:
                    raise BuildBusy(
                        f"Build dihentikan: build lain masih berjalan di {output} setelah {int(timeout)} detik. "
                        "Tunggu sampai selesai lalu jalankan lagi (situs lama tidak diubah)."
                    ) from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


class BuildBusy(Exception):
    exitcode = 75


@contextlib.contextmanager
def collector_off():
    """Python's cyclic garbage collector off for the block, back on (if it was) however
    the block ends (an interrupt while writing included)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def build(settings_file, output=None, out=None, after_swap=None, stats=None, defer_search=False, in_place=False,
          memory=None, process_ends=False, before_model=None, preview=False, **overrides) -> int:
    """Build the site into ``output``; one build at a time per output folder (see
    ``output_lock``). On a terminal, a long build shows its progress (content.kemajuan);
    a successful one ends with a summary line. ``stats`` (a dict) receives what each
    package did (``invoke bench``), or the problems that refused the build (``ditolak``); ``defer_search``: the search index is left for
    ``after_swap`` to make (``cari.index_deferred``), so the pages show first;
    ``in_place`` (the preview): only the files that changed move into ``output``
    (``update_in_place``) when ``pipeline.in_place_possible``; ``preview``: the preview's
    build (``pipeline.Run.preview``); ``memory`` (a dict the caller keeps
    between builds, ``Run.memory``): what packages may reuse in the next build;
    ``process_ends`` (the tasks' command line): the caller's process ends soon after, so the
    site model this build drops is left for the operating system to reclaim instead of
    being taken apart by the interpreter's cyclic collector at exit (``gc.freeze``): the
    model's objects refer to each other, and that collection took 1.5 s of a one-edit build
    of the 10 000-item site. A process that builds again must not pass it: each build's model
    would stay in memory. ``before_model``: called once the build is known to run (its
    output is not up to date), before it makes its site model (the preview frees the last
    one there)."""
    out = out or sys.stderr
    # A build allocates millions of long-lived objects and almost no cyclic garbage (about a
    # thousand objects on a 10 000-item site): the cyclic collector would only walk the
    # growing heap again and again, in the forked render workers too, where it also copies
    # every page it touches. Reference counting still frees everything else. It is off from
    # the start: loading the last build's memory (``rendering.incremental.load_memory``, a
    # 66 MB pickle at 10 000 + 2 000 items) took 0.44-0.56 s with it on, 0.10 s off.
    # It stays off until the site model is dropped (the swap and the preview's search step
    # after it included): a full collection there walks the whole model too. The dropped
    # model itself is cyclic (content objects refer to their neighbours and to the shared
    # context): the collector frees it later, or ``process_ends`` leaves it.
    with collector_off():
        settings = load_settings(settings_file, **{k: v for k, v in overrides.items() if k != "OUTPUT_PATH"})
        target = Path(output or settings["OUTPUT_PATH"]).resolve()
        started = time.monotonic()
        PROGRESS.start(out)
        try:
            with output_lock(target, out):
                try:
                    code = _build(settings_file, target, out, after_swap=after_swap, stats=stats,
                                  defer_search=defer_search, in_place=in_place, memory=memory,
                                  process_ends=process_ends, before_model=before_model, preview=preview, **overrides)
                finally:
                    store.write_pending()  # caches the preview saves late: written while the lock is held
        except BuildBusy as exc:
            print(exc, file=out)
            return exc.exitcode
        finally:
            PROGRESS.stop()
        if code == 0:
            print(f"Selesai dalam {kemajuan.seconds(time.monotonic() - started)} detik.", file=out)
        return code


def _build(settings_file, output=None, out=None, after_swap=None, stats=None, defer_search=False, in_place=False,
           memory=None, process_ends=False, before_model=None, preview=False, **overrides) -> int:
    """Build the site into ``output`` (default: the settings' OUTPUT_PATH): a ``pipeline.Run``
    for this build, ``pipeline.build`` into a staging folder, then the swap.

    ``after_swap(output, run)``, when given, runs once the new output is in place, before
    the build is recorded as current (the preview indexes search there); if it raises,
    the next build is not skipped.

    With ``rendering`` on (PLUGINS), the build is incremental: unchanged inputs skip the
    build, unchanged pages are hard-linked from the previous output into the staging
    folder (never modified in place), so the guarantee holds."""
    out = out or sys.stderr
    overrides.pop("OUTPUT_PATH", None)
    init_logging(level=logging.WARNING, name="pelican")
    settings = load_settings(settings_file, **overrides)
    plain_plugin_logs([*pipeline.packages(settings), "pipeline"], out)
    output = Path(output or settings["OUTPUT_PATH"]).resolve()
    kit = pipeline.packages(settings)
    fast = incremental if "rendering" in kit else None
    staging = output.with_name(f".{output.name}.staging")
    run = pipeline.Run(
        settings=settings, output=staging, packages=kit,
        now=clock.now(settings.get("TIMEZONE") or "Asia/Jakarta"),
        # Per-file validation results are kept between builds of this output (see validate.py).
        validation_cache=output.parent / ".cache" / f"konten-{output.name}" / "validasi.pickle",
        defer_search=defer_search,
        preview=preview,
        memory=memory,
    )
    if fast:
        state = fast.state_dir(output)
        fingerprint = fast.Fingerprint(state)
        base_key, full_key = fingerprint.compute(settings_file, settings, overrides, today=run.now.date())
        if fast.up_to_date(state, full_key, output, settings):
            print("Tidak ada perubahan sejak build terakhir; situs tidak dibangun ulang.", file=out)
            return 0
        run.state, run.state_key, run.compiled_key = state, base_key, fingerprint.compiled_key
        run.stamps = fingerprint.digests.new  # not taken again by the validation (content.validate)
        if memory is None:  # a one-off build: what the last one kept, from the state folder
            run.memory = fast.load_memory(state, base_key)
            run.memory_file = (state, base_key)
        run.previous = output if output.is_dir() else None
        run.in_place = bool(in_place and run.previous and pipeline.in_place_possible(settings))
    if before_model is not None:
        before_model()
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    settings["OUTPUT_PATH"] = str(staging)
    if run.memory_file is not None:
        store.defer_snapshots()  # a one-off build's caches: written by the process that writes its memory
    try:
        return _finish_build(run, settings_file, output, staging, out, stats, after_swap,
                             fast and (state, fingerprint, full_key, memory is None))
    finally:
        try:
            del run
            store.write_deferred()  # what no memory writer took (a refused build, no fork)
        finally:
            if process_ends:
                gc.freeze()  # the dropped model, uncollected until the process ends (see build)


def _finish_build(run, settings_file, output: Path, staging: Path, out, stats, after_swap, incremental_state) -> int:
    """The pipeline into ``staging``, then the swap (or the in-place update) and ``after_swap``."""
    fast = incremental if incremental_state else None
    # own_memory: run.memory came from the state folder (a one-off build), to be saved there.
    state, fingerprint, full_key, own_memory = incremental_state or (None, None, None, False)
    try:
        pipeline.build(run)
    except ContentError as exc:
        print(exc.report(), file=out)
        print(f"Situs lama di {output} tidak diubah.", file=out)
        if stats is not None:
            stats["ditolak"] = exc.problems  # (the preview's error page names the first one's file and line)
        shutil.rmtree(staging, ignore_errors=True)
        if fast:
            fast.discard(state, run.memory_written, run.manifest_written)
        return exc.exitcode
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if fast:
            fast.discard(state, run.memory_written, run.manifest_written)
        raise
    finally:
        if stats is not None:
            stats.update(run.stats)
    try:
        if run.in_place:
            fast.forget(state)  # an update ended half-way is never taken for the manifest's output
            update_in_place(staging, output, run.unchanged)
        else:
            swap_in(staging, output)
            if fast and own_memory:  # a one-off build (the preview's next ones update in place)
                fast.skeleton_later(output, run)  # the next build's folders, made meanwhile
        if after_swap is not None:
            if fast:
                # The pages' manifest describes the output from now on (also if this process is
                # ended during after_swap); "up to date" only once after_swap is done.
                fast.adopt(state, "", output, run)
            after_swap(output, run)
        if fast:
            # The fingerprint was taken before the files were read: a file saved since may be
            # in this output or not, so it is recorded as up to date only if none was; nor
            # when the preview let through what a build refuses (``Report.held``).
            held = run.report is not None and run.report.held
            fast.adopt(state, "" if fingerprint.moved() or held else full_key, output, run)
            fingerprint.save_memo()
            if run.manifest_written is not None:
                run.manifest_written.take()
            if own_memory:
                fast.save_memory(state, run.state_key, run.memory, run.memory_written)
    except BaseException:
        if fast:  # its writers told, whatever ended it (else they would wait for as long as this process lives)
            fast.discard(state, run.memory_written, run.manifest_written)
        raise
    return 0
