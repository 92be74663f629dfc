"""Compare two built sites file for file: `python tools/sama_persis.py OUTPUT_A OUTPUT_B`.

Prints each file that exists in one tree only or whose bytes differ, and exits 1 when
there is any; 0 when the two trees are byte-identical. Used to show that a change to the
build code leaves the published site as it was (build the site before and after with the
same SOURCE_DATE_EPOCH, then compare).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path


def digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def differences(a: Path, b: Path) -> list[str]:
    da, db = digests(a), digests(b)
    out = [f"hanya di {a}: {k}" for k in sorted(da.keys() - db.keys())]
    out += [f"hanya di {b}: {k}" for k in sorted(db.keys() - da.keys())]
    out += [f"berbeda: {k}" for k in sorted(da.keys() & db.keys()) if da[k] != db[k]]
    return out


def main(argv) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    found = differences(Path(argv[0]), Path(argv[1]))
    for line in found:
        print(line)
    print("Sama persis." if not found else f"{len(found)} perbedaan.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
