"""Hard links of unchanged pages from the previous output into the new one.

``link`` is what the writer calls. Run as a script (``python -S linker.py PREVIOUS
OUTPUT``), it reads NUL-separated names on stdin: first folders, ended by an empty name,
which it makes in OUTPUT at once (the folders of the last build's pages: the writer
starts the process before validation, and making ~16 000 folders is most of the
linking's time), then page names, which it links as they come; when stdin closes, it
writes the names it could not link on stdout. It is a small separate process (spawned,
not forked: nothing of the build's memory is copied). Only the standard library is
imported. ``python -S linker.py --kerangka TARGET`` makes the folders of the next build
ahead, after a build (``skeleton``).
"""

from __future__ import annotations

import hashlib
import os
import queue
import shutil
import subprocess
import sys
import threading


SKELETON = "kerangka"  # .OUTPUT.kerangka-DIGEST: the folders of the next build, made ahead


def folders_of(names) -> set[str]:
    """Every folder (relative, all levels) the relative ``names`` are in."""
    out: set[str] = set()
    for name in names:
        folder = os.path.dirname(name)
        while folder and folder not in out:
            out.add(folder)
            folder = os.path.dirname(folder)
    return out


def skeleton_path(output: str, folders) -> str:
    """Where the folders ``folders`` of the pages of ``output`` are made ahead: beside
    it, named after them (a build takes only the one made for its last build's pages)."""
    listed = "\0".join(sorted(folders)).encode("utf-8", "surrogateescape")
    head, tail = os.path.split(os.path.normpath(output))
    return os.path.join(head, f".{tail}.{SKELETON}-{hashlib.md5(listed, usedforsecurity=False).hexdigest()}")


def skeleton_later(output: str, names) -> None:
    """After a build swapped ``output`` in: the folders of its pages (``names``) made for
    the next build by a detached process (``skeleton``); the next build starts from them
    (``take_skeleton``) instead of making them while it runs (on a virtual disk ~16 000
    new folders take seconds, the more right after a large deletion)."""
    folders = folders_of(names)
    data = b"\0".join(os.fsencode(f) for f in sorted(folders))
    try:
        subprocess.run(
            [sys.executable, "-S", __file__, "--kerangka", skeleton_path(output, folders)],
            input=data, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True, close_fds=True, check=False, timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        pass  # the next build makes them itself


def take_skeleton(previous: str, staging: str, folders) -> bool:
    """The folders ``folders`` of the last build's pages made ahead (``skeleton_later``)
    become the (empty) staging folder; False when there are none for them."""
    made = skeleton_path(previous, folders)
    if not os.path.isdir(made):
        return False
    try:
        os.rmdir(staging)  # empty: nothing was written yet
    except OSError:
        return False
    try:
        os.rename(made, staging)
        return True
    except OSError:
        os.mkdir(staging)
        return False


def link(src: str, dest: str, made: set[str]) -> bool:
    folder = os.path.dirname(dest)
    try:
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        os.link(src, dest)
        return True
    except OSError:
        return False


def records(stream):
    """The NUL-separated names of ``stream``, as they come."""
    pending = b""
    while chunk := stream.read(1 << 16):
        *names, pending = (pending + chunk).split(b"\0")
        yield from names


def main(previous: str, output: str) -> None:
    made: set[str] = set()
    failed: list[bytes] = []
    names = records(sys.stdin.buffer.raw)
    folders = []
    for raw in names:  # read to the empty name before making any: the writer goes on meanwhile
        if not raw:
            break
        folders.append(os.path.join(output, os.fsdecode(raw)))
    # The page names are taken off the pipe as they come, while the folders are made: on a
    # slow disk that takes seconds, and a full pipe would stop the writer in the middle of
    # its digests until then.
    pages: queue.SimpleQueue = queue.SimpleQueue()
    threading.Thread(target=_drain, args=(names, pages), daemon=True).start()
    for folder in folders:
        try:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        except OSError:
            pass  # made by ``link`` when a page needs it (or that page is rendered)
    for raw in iter(pages.get, None):
        if isinstance(raw, BaseException):
            raise raw
        name = os.fsdecode(raw)
        if not link(os.path.join(previous, name), os.path.join(output, name), made):
            failed.append(raw)
    sys.stdout.buffer.write(b"".join(n + b"\0" for n in failed))


def _drain(names, pages: queue.SimpleQueue) -> None:
    """Every name into ``pages``, then None; a failure to read instead (the process then
    fails, and the writer renders every page it sent)."""
    try:
        for raw in names:
            pages.put(raw)
    except BaseException as exc:  # noqa: BLE001 - handed to the main thread
        pages.put(exc)
    else:
        pages.put(None)


def skeleton(target: str) -> None:
    """``--kerangka TARGET``: the folders named on stdin (NUL-separated, relative) made
    under ``TARGET`` by a detached process, for the next build's staging folder
    (``skeleton_later``). The names are read, then the process forks and the
    parent ends (the build that started it goes on at once; no process is left for it to
    wait for). The folders are made in ``TARGET.tmp-PID``, renamed to ``TARGET`` when all
    are there; the other skeletons of that output, no longer of use, are removed."""
    data = sys.stdin.buffer.read()
    if os.fork():
        os._exit(0)
    os.setpriority(os.PRIO_PROCESS, 0, 10)
    work = f"{target}.tmp-{os.getpid()}"
    try:
        os.mkdir(work)
        for raw in data.split(b"\0"):
            if raw:
                os.makedirs(os.path.join(work, os.fsdecode(raw)), exist_ok=True)
        os.rename(work, target)
    except OSError:
        _remove(work)
        os._exit(0)
    folder, name = os.path.split(target)
    stem = name.rsplit("-", 1)[0] + "-"
    for other in os.listdir(folder):
        if other.startswith(stem) and other != name and ".tmp-" not in other:
            _remove(os.path.join(folder, other))
    os._exit(0)


def _remove(path: str) -> None:
    shutil.rmtree(path, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1] == "--kerangka":
        skeleton(sys.argv[2])
    else:
        main(*sys.argv[1:3])
