"""Work split over forked processes: each inherits the parent's whole state (nothing is
pickled on the way in), its answer comes back pickled through a pipe."""

from __future__ import annotations

import functools
import os
import pickle
import signal
import sys
import traceback


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def fork_map(func, shares: list, describe=None) -> list[tuple[bool, object]]:
    """``(True, func(share))`` for each share, each call in its own forked process, or
    ``(False, (traceback text, describe(exception) or None))`` when that call failed
    (``"worker died"`` when its process ended without an answer)."""
    waits = [fork_start(functools.partial(func, share), describe) for share in shares]
    return [wait() for wait in waits]


def fork_start(func, describe=None):
    """Call ``func()`` in a forked process, now; returns ``wait()``, which waits for it
    and returns what ``fork_map`` returns for one share (``wait.pid``: the process)."""
    r, w = os.pipe()
    sys.stdout.flush(), sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the worker: its call, its answer, exit without cleanup
        os.close(r)
        try:
            payload = pickle.dumps((True, func()), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            try:
                payload = pickle.dumps((False, (traceback.format_exc(), describe(exc) if describe else None)))
            except BaseException:  # noqa: BLE001
                payload = b""
        with os.fdopen(w, "wb") as fh:
            fh.write(payload)
        os._exit(0)
    os.close(w)

    def wait() -> tuple[bool, object]:
        with os.fdopen(r, "rb") as fh:
            data = fh.read()
        os.waitpid(pid, 0)
        try:
            return pickle.loads(data) if data else (False, ("worker died", None))
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            return False, ("worker died", None)

    wait.pid = pid
    return wait


def stop(wait) -> None:
    """End the process of a ``fork_start`` call that is no longer wanted, and reap it."""
    try:
        os.kill(wait.pid, signal.SIGKILL)
    except OSError:  # already gone
        pass
    wait()
