"""Hard links of unchanged pages from the previous output into the new one.

``link`` is what the writer calls. Run as a script (``python -S linker.py PREVIOUS
OUTPUT``), it links the page names it reads on stdin (NUL-separated, as they come) and
writes the names it could not link on stdout when stdin closes: the writer starts it
as a small separate process (spawned, not forked: nothing of the build's memory is
copied) and goes on digesting pages meanwhile. Only the standard library is imported.
"""

from __future__ import annotations

import os
import sys


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


def main(previous: str, output: str) -> None:
    made: set[str] = set()
    failed: list[bytes] = []
    pending = b""
    stdin = sys.stdin.buffer.raw
    while chunk := stdin.read(1 << 16):
        *names, pending = (pending + chunk).split(b"\0")
        for raw in names:
            name = os.fsdecode(raw)
            if not link(os.path.join(previous, name), os.path.join(output, name), made):
                failed.append(raw)
    sys.stdout.buffer.write(b"".join(n + b"\0" for n in failed))


if __name__ == "__main__":
    main(*sys.argv[1:3])
