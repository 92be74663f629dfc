"""What every benchmark writes into BENCHMARKS.md: the machine it ran on, and its own
delimited section (``<!-- NAME:start -->`` … ``<!-- NAME:end -->``), replaced in place."""

from __future__ import annotations

import os
import platform
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"


def machine() -> str:
    """``AMD EPYC, 2 cores, 23.5 GiB RAM, Linux 6.1, Python 3.11.7``"""
    cpu, ram = platform.processor() or platform.machine(), "RAM unknown"
    try:
        info = Path("/proc/cpuinfo").read_text().splitlines()
        cpu = next((ln.split(":", 1)[1].strip() for ln in info if ln.startswith("model name")), cpu)
        mem = Path("/proc/meminfo").read_text().splitlines()
        kb = next(int(ln.split()[1]) for ln in mem if ln.startswith("MemTotal"))
        ram = f"{kb / 1024 / 1024:.1f} GiB RAM"
    except (OSError, StopIteration):
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{cpu}, {cores} cores, {ram}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def write_section(name: str, text: str, path: Path = BENCHMARKS):
    """Replace section ``name`` of BENCHMARKS.md with ``text`` (added at the end when new)."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{start}\n{text.strip()}\n{end}"
    if start in old and end in old:
        new = old[: old.index(start)] + block + old[old.index(end) + len(end):]
    else:
        new = old.rstrip() + "\n\n" + block + "\n"
    path.write_text(new, encoding="utf-8")
