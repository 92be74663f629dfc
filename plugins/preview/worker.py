"""The build process of the preview: ``python -m preview.worker SETTINGS OUTPUT ROOT [OVERRIDES-JSON]``.

Reads one JSON request per line on stdin, answers one line on stdout, prefixed with
``MARK``. Stdout is the answers' alone: from the start, what anything in the process
prints (a plugin's ``print``, a library's bytes) goes to stderr, the terminal's, so no
output can split or corrupt an answer:

- ``{"build": true, "changed": [paths]}`` -> ``{"ok": true, "seconds": s, "log": text, "hari": [zone, date]}`` or
  ``{"ok": false, "failure": {...}, "log": text}``; or ``{"restart": true}`` when the
  code on disk (``code_key``) is no longer the code this process imported: a result
  built by old code is never recorded as current. Before those, ``{"phase": "sekilas",
  "pages": [names]}`` when the pages of the changed files were written ahead of the
  build (``quick``: the last successful build's site model is kept for that until the
  next build is known to run), and ``{"phase": "halaman"}`` when the build's pages are in place, before its
  search index.

A failure of any kind (content, template, settings, plugin, even a plugin that does not
import) is answered with its explanation and the process keeps serving.
"""

from __future__ import annotations

import gc
import hashlib
import io
import json
import os
import sys
import time
from pathlib import Path

from .failure import explain, refused

MARK = "\x1epratinjau "
# What a build runs as code: a change to any of these needs a fresh process.
CODE = ("plugins", "pelicanconf.py", "publishconf.py", "requirements.lock")


def code_key(root: Path) -> str:
    """md5 over the build's code: every file under plugins/ (no caches), the settings
    files and the lock file."""
    h = hashlib.md5(usedforsecurity=False)
    for name in CODE:
        path = root / name
        files = [path] if path.is_file() else sorted(path.rglob("*")) if path.is_dir() else []
        for f in files:
            if f.is_file() and "__pycache__" not in f.parts and not f.name.endswith((".pyc", "~")):
                try:
                    h.update(f"{f.relative_to(root).as_posix()}\0".encode() + f.read_bytes())
                except OSError:
                    h.update(b"?")
    return h.hexdigest()


_answers = sys.stdout  # the channel to the supervisor (``answers_apart``)


def answers_apart():
    """Keep the process's stdout for answers: a copy of its descriptor becomes the answers'
    channel; descriptor 1, and with it ``print`` and any forked process, goes to stderr."""
    global _answers
    sys.stdout.flush()
    _answers = os.fdopen(os.dup(1), "w", encoding="utf-8", errors="replace")
    os.dup2(2, 1)
    sys.stdout = sys.stderr


def answer(data: dict):
    _answers.write(MARK + json.dumps(data) + "\n")
    _answers.flush()


def main(settings_file: str, output: str, root: str, overrides: str = "{}"):
    answers_apart()
    overrides = json.loads(overrides)
    root_path = Path(root)
    loaded_code = code_key(root_path)
    os.chdir(root)
    try:
        from common import store
        from content import build as kbuild

        store.keep_snapshots()  # caches stay in memory between builds (common.store)
        broken = None
    except Exception as exc:  # noqa: BLE001 - a plugin that does not even import
        broken = explain(exc, root)
    memory: dict = {}  # what builds of this process hand to the next (Run.memory)
    last = None  # (run, output folder) of the site shown, if a build made it: its quick pages
    for line in sys.stdin:
        request = json.loads(line)
        if not request.get("build"):
            continue
        if code_key(root_path) != loaded_code:
            answer({"restart": True})
            return
        if broken is not None:
            answer({"ok": False, "failure": broken.as_dict(), "log": ""})
            continue
        start = time.perf_counter()
        if last is not None:
            shown = quick_pages(*last, request.get("changed") or ())
            if shown:
                answer({"ok": True, "phase": "sekilas", "seconds": time.perf_counter() - start, "pages": shown})
        held, last = [last], None

        def release():
            # The last site model goes before the next is made (see the end of the loop); a
            # build found up to date keeps it (nothing changed: still the site shown).
            if held[0] is not None:
                held[0] = None
                gc.collect()

        log = io.StringIO()
        done = {}

        def pages_ready(folder, run):
            done["last"] = (run, folder)
            # The pages are in place: shown at once; the search index follows.
            answer({"ok": True, "phase": "halaman", "seconds": time.perf_counter() - start, "log": log.getvalue()})
            log.seek(0)
            log.truncate()
            store.write_pending()  # the caches' snapshots, once the pages are shown
            import search

            if search.index_deferred(run, folder) and run.settings.get("PRECOMPRESS"):
                kbuild.run_post_build_steps(run.settings, folder)  # the index's files too

        try:
            stats: dict = {}
            code = kbuild.build(settings_file, output, out=log, after_swap=pages_ready, defer_search=True,
                                in_place=True, preview=True, memory=memory, stats=stats, before_model=release,
                                **overrides)
            failure = None
            if code:
                text = [x.strip() for x in log.getvalue().splitlines()]
                failure = refused([x for x in text if x and not x.startswith(("Build dihentikan", "Situs lama") + PROGRESS_LINES)],
                                  str(root), stats.get("ditolak", ()))
        except Exception as exc:  # noqa: BLE001 - explained, never a traceback
            failure = explain(exc, root)
        seconds = time.perf_counter() - start
        if failure is None:
            # objek: content objects kept, read and given their kept URLs (rendering.kept)
            said = "".join(x for x in log.getvalue().splitlines(keepends=True) if not x.startswith("Selesai dalam"))
            last = done.get("last") or held[0]
            answer({"ok": True, "seconds": seconds, "log": said, "objek": stats.get("objek"), "hari": day_of(last)})
        else:
            answer({"ok": False, "failure": failure.as_dict(), "seconds": seconds, "log": ""})
        done.clear()
        held.clear()
        # The build keeps the cyclic collector off while it runs, and Pelican's objects refer
        # to each other: a build's site model is freed before the next build is made (above,
        # once its quick pages are written; here at once when the build failed), or the next
        # would make a second one while the first is still in memory.
        if last is None:
            gc.collect()


def day_of(last) -> list | None:
    """[time zone, date]: the day the site shown was built for (its run's "today"), by
    which the supervisor knows when it has passed."""
    if last is None:
        return None
    run = last[0]
    return [run.settings.get("TIMEZONE") or "Asia/Jakarta", run.now.date().isoformat()]


# What a build says of its progress (steps, its link check, its time): not a problem, so
# not on the error page; the supervisor says the build's time itself.
PROGRESS_LINES = ("cepat:", "tautan:", "Indeks pencarian", "Selesai dalam")


def quick_pages(run, folder, changed) -> list[str]:
    """The quick pages of the files ``changed`` (preview.quick), with the objects they
    leave in Pelican's memos released."""
    from pelican_internals import release_memos

    from . import quick

    try:
        return quick.render(run, Path(folder), {os.path.abspath(p) for p in changed})
    finally:
        release_memos()


if __name__ == "__main__":
    main(*sys.argv[1:5])
