"""Hard links of unchanged pages from the previous output into the new one.

``link`` is what the writer calls. Run as a script (``python -S linker.py PREVIOUS
OUTPUT``), it reads NUL-separated names on stdin: first folders, ended by an empty name,
which it makes in OUTPUT at once (the folders of the last build's pages: the writer
starts the process before validation, and making ~16 000 folders is most of the
linking's time), then page names, which it links as they come; when stdin closes, it
writes the names it could not link on stdout. It is a small separate process (spawned,
not forked: nothing of the build's memory is copied). Only the standard library is
imported.
"""

from __future__ import annotations

import os
import queue
import sys
import threading


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


if __name__ == "__main__":
    main(*sys.argv[1:3])
