"""A pytest plugin (loaded by conftest.py): in each test process, a thread that ends the
process when no test has started or finished a phase for a long time, after writing every
thread's stack and the state of the processes it started.

pytest-timeout stops a test that runs too long, but only while pytest is inside a test's
setup, call or teardown; a process held anywhere else (a browser that stops answering
while a worker tears down, a child process that never exits) would hold the whole run
until CI's own limit, with nothing in the log. With pytest-xdist the controller reports the
ended worker ("crashed") and the run fails, with the stacks written here to read.

The limit is ``PENJAGA_DETIK`` (seconds), else twice pytest-timeout's ``timeout``, half
again in the controlling process (a held worker writes its own stacks first); 0 (or no
timeout) turns it off. An idle worker waits at most one test's timeout for the last
test of the other one, well within it.
"""

from __future__ import annotations

import faulthandler
import os
import sys
import threading
import time

_last = [time.monotonic()]


def limit(config) -> float:
    if config.getoption("usepdb", False) or config.getoption("trace", False):
        return 0.0  # someone is at a debugger's prompt (pytest-timeout stands down too)
    own = os.environ.get("PENJAGA_DETIK")
    if own is not None:
        return float(own)
    try:
        timeout = config.getoption("timeout", None)
        timeout = float(config.getini("timeout") if timeout is None else timeout or 0)
    except (ValueError, TypeError):
        return 0.0
    return 2 * timeout


def children() -> list[str]:
    """``pid state name`` of every process whose parent is this one, and so on down."""
    table: dict[int, list[tuple[int, str, str]]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as fh:
                stat = fh.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        state, ppid = stat[stat.rindex(")") + 2:].split()[:2]
        table.setdefault(int(ppid), []).append((int(entry), state, name))
    out, todo = [], [(os.getpid(), 0)]
    while todo:
        pid, depth = todo.pop()
        for child, state, name in table.get(pid, ()):
            out.append(f"{'  ' * depth}{child} {state} {name}")
            todo.append((child, depth + 1))
    return out


def _watch(config, seconds: float):
    while True:
        time.sleep(min(30.0, seconds / 4))
        quiet = time.monotonic() - _last[0]
        if quiet < seconds:
            continue
        # Inside a test pytest captures the standard streams at their file descriptors:
        # given back first, as pytest-timeout does, or the stacks would go to the capture.
        capman = config.pluginmanager.getplugin("capturemanager")
        if capman is not None:
            capman.suspend_global_capture(in_=True)
        err = sys.__stderr__
        err.write(f"\n+++ penjaga: tidak ada uji yang bergerak selama {quiet:.0f} detik di proses {os.getpid()} "
                  f"({os.environ.get('PYTEST_XDIST_WORKER', 'utama')}); tumpukan setiap thread:\n")
        err.flush()
        faulthandler.dump_traceback(file=err, all_threads=True)
        err.write("+++ penjaga: proses anaknya:\n" + "\n".join(children() or ["(tidak ada)"]) + "\n")
        err.flush()
        os._exit(3)


def pytest_configure(config):
    seconds = limit(config)
    if not hasattr(config, "workerinput"):
        seconds *= 1.5  # the controller (or a run in one process): a held worker writes its stacks first
    if seconds > 0:
        threading.Thread(target=_watch, args=(config, seconds), name="penjaga", daemon=True).start()


def pytest_runtest_logstart(nodeid, location):
    _last[0] = time.monotonic()


def pytest_runtest_logreport(report):
    _last[0] = time.monotonic()


def pytest_runtest_logfinish(nodeid, location):
    _last[0] = time.monotonic()
