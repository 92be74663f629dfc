"""Work split over forked processes: each inherits the parent's whole state (nothing is
pickled on the way in), its answer comes back pickled through a pipe."""

from __future__ import annotations

import fcntl
import functools
import os
import pickle
import signal
import sys
import tempfile
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
    and returns what ``fork_map`` returns for one share (``wait.pid``: the process).

    The answer is written to a file in memory (``answer_file``), not a pipe: the process
    ends as soon as its call is done, whenever this one takes the answer. A process kept
    alive until then (an answer larger than a pipe holds waits to be read) costs this one
    time: every memory page this process writes while the other lives is copied first
    (copy-on-write); the typo vocabulary's process, alive while an edit of the 10 000-item
    site digested its pages, cost that build about 3 s."""
    fd = answer_file()
    sys.stdout.flush(), sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the worker: its call, its answer, exit without cleanup
        try:
            payload = pickle.dumps((True, func()), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            try:
                payload = pickle.dumps((False, (traceback.format_exc(), describe(exc) if describe else None)))
            except BaseException:  # noqa: BLE001
                payload = b""
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os._exit(0)

    def wait() -> tuple[bool, object]:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:  # reaped already
            pass
        try:
            with os.fdopen(fd, "rb") as fh:
                fh.seek(0)
                data = fh.read()
            return pickle.loads(data) if data else (False, ("worker died", None))
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, OSError):
            return False, ("worker died", None)

    wait.pid = pid
    return wait


def answer_file() -> int:
    """A file descriptor of an empty file that lives in memory and is gone once closed."""
    try:
        return os.memfd_create("answer", os.MFD_CLOEXEC)
    except (AttributeError, OSError):  # not Linux
        with tempfile.TemporaryFile() as fh:
            return os.dup(fh.fileno())


def fork_stream(func) -> Stream:
    """Call ``func(send)`` in a forked process, now: each ``send(value)`` hands ``value``
    (pickled) to this process at once, through a pipe, while the call goes on. Returns
    the ``Stream`` of those values. The process writes nothing else and ends when the call
    returns or fails."""
    r, w = os.pipe()
    try:  # room for a few hundred values, so the process rarely waits for this one to read
        fcntl.fcntl(w, fcntl.F_SETPIPE_SZ, PIPE_SIZE)
    except (AttributeError, OSError):  # not Linux, or above the system's limit: the default
        pass
    sys.stdout.flush(), sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            out = os.fdopen(w, "wb")

            def send(value):
                data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
                out.write(len(data).to_bytes(8, "little") + data)
                out.flush()

            func(send)
            out.flush()
        except BaseException:  # noqa: BLE001 - the values sent so far are what it gives
            pass
        os._exit(0)
    os.close(w)
    return Stream(pid, os.fdopen(r, "rb"))


PIPE_SIZE = 1 << 20


class Stream:
    """The values a ``fork_stream`` process sends, in order."""

    def __init__(self, pid: int, fh):
        self.pid, self.fh = pid, fh

    def receive(self):
        """The next value; EOFError when the process is done or gone (a value it was still
        writing is not one)."""
        if self.fh is None:
            raise EOFError
        head = self.fh.read(8)
        size = int.from_bytes(head, "little") if len(head) == 8 else -1
        data = self.fh.read(size) if size >= 0 else b""
        if len(data) != size:
            raise EOFError
        try:
            return pickle.loads(data)
        except Exception as exc:  # noqa: BLE001 - a value this process cannot take ends it
            raise EOFError from exc

    def close(self) -> None:
        """End the process (when it is not done yet) and reap it."""
        if self.fh is None:
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
        except OSError:  # already gone
            pass
        os.waitpid(self.pid, 0)
        self.fh.close()
        self.fh = None


def stop(wait) -> None:
    """End the process of a ``fork_start`` call that is no longer wanted, and reap it."""
    try:
        os.kill(wait.pid, signal.SIGKILL)
    except OSError:  # already gone
        pass
    wait()
