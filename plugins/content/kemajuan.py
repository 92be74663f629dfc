"""Progress of a build on a terminal: what it is doing, N of M.

Steps only say where they are (``stage(label, done, total)``, a plain assignment, cheap
enough for every file); a background thread draws the current stage on one line of the
terminal, from ``DELAY`` seconds after the build started, so a quick build prints
nothing. Not a terminal, a CI job (``CI``, ``GITHUB_ACTIONS``, ``GITLAB_CI``), or
``SITUS_KEMAJUAN=0``: nothing is drawn; the build prints its summary line only.
Forked render workers count into a shared counter (``counter``) the thread reads.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
import threading
import time

DELAY = 2.0  # seconds before anything is drawn
INTERVAL = 0.25
CI_VARIABLES = ("CI", "GITHUB_ACTIONS", "GITLAB_CI", "BUILD_NUMBER")


def wanted(stream) -> bool:
    if os.environ.get("SITUS_KEMAJUAN", "").strip().lower() in ("0", "false", "tidak", "no"):
        return False
    if any(os.environ.get(v) for v in CI_VARIABLES):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


class Progress:
    def __init__(self):
        self.label, self.done, self.total, self.shared = "", None, None, None
        self.started = 0.0
        self.stream = None
        self.thread: threading.Thread | None = None
        self.stop_event = threading.Event()
        self.drawn = False

    # --- what steps call -------------------------------------------------------------

    def stage(self, label: str, done: int | None = None, total: int | None = None):
        self.label, self.done, self.total, self.shared = label, done, total, None

    def counter(self, label: str, total: int):
        """A counter shared with forked workers: they add to ``.value``; the line shows it."""
        value = multiprocessing.RawValue("l", 0)
        self.label, self.done, self.total, self.shared = label, None, total, value
        return value

    # --- the build -----------------------------------------------------------------------

    def start(self, stream=None):
        self.stop()
        self.stream = stream or sys.stderr
        self.started = time.monotonic()
        self.stage("Menyiapkan")
        if not wanted(self.stream):
            return
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._run, name="kemajuan", daemon=True)
        self.thread.start()

    def stop(self):
        if self.thread is not None:
            self.stop_event.set()
            self.thread.join()
            self.thread = None
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.drawn = False

    def line(self) -> str:
        done = self.shared.value if self.shared is not None else self.done
        if self.total:
            return f"{self.label}: {done or 0} dari {self.total}"
        return f"{self.label}…"

    def _run(self):
        while not self.stop_event.wait(INTERVAL):
            elapsed = time.monotonic() - self.started
            if elapsed < DELAY:
                continue
            width = shutil.get_terminal_size((80, 20)).columns - 1
            text = f"[{elapsed:4.0f} s] {self.line()}"[:width]
            try:
                self.stream.write("\r\x1b[K" + text)
                self.stream.flush()
                self.drawn = True
            except (OSError, ValueError):
                return


PROGRESS = Progress()
stage = PROGRESS.stage
counter = PROGRESS.counter


def seconds(value: float) -> str:
    """Seconds as a message says them: one decimal, a decimal comma (``5,2``)."""
    return f"{value:.1f}".replace(".", ",")
