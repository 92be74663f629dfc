"""The counts file the build reads: views per page per day, nothing else.

``STATISTIK_PATH`` (default ``cache/statistik.json`` beside ``content/``, kept between
CI runs with the rest of ``cache/``)::

    {"versi": 1,
     "hari": {"2026-11-28": {"/berita/2026/11/slug/": 12, ...}, ...},   # the last STATISTIK_SIMPAN_HARI days
     "sebelumnya": {"/berita/2026/11/slug/": 340, ...},                   # all older days, summed
     "dilipat_hingga": "2026-10-24"}                                      # days up to here are in "sebelumnya"

A new count from the logs is merged day by day: for a day and a page the larger of the
stored and the new count wins (logs rotate away, so a day seen again is never smaller
when complete), and days on or before ``dilipat_hingga`` are ignored (already summed).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from common.files import atomic_write

VERSION = 1
DEFAULT_KEEP_DAYS = 35  # more than the 30-day list needs


def counts_path(settings) -> Path:
    explicit = settings.get("STATISTIK_PATH")
    if explicit:
        return Path(explicit)
    return Path(settings["PATH"]).parent / "cache" / "statistik.json"


def empty() -> dict:
    return {"versi": VERSION, "hari": {}, "sebelumnya": {}, "dilipat_hingga": None}


def load(path: Path) -> dict | None:
    """The stored counts, or None when there are none (or the file is not ours)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("versi") != VERSION:
        return None
    return data


def merge(data: dict, days: dict[str, dict[str, int]], today: date, keep_days: int = DEFAULT_KEEP_DAYS) -> dict:
    data = {**empty(), **(data or {})}
    folded = data.get("dilipat_hingga")
    hari = {d: dict(v) for d, v in data["hari"].items()}
    for day, pages in days.items():
        if folded and day <= folded:
            continue
        stored = hari.setdefault(day, {})
        for path, n in pages.items():
            stored[path] = max(stored.get(path, 0), int(n))
    limit = (today - timedelta(days=keep_days)).isoformat()
    sebelumnya = dict(data["sebelumnya"])
    for day in sorted(d for d in hari if d <= limit):
        for path, n in hari.pop(day).items():
            sebelumnya[path] = sebelumnya.get(path, 0) + n
        folded = max(folded or day, day)
    return {"versi": VERSION, "hari": dict(sorted(hari.items())), "sebelumnya": dict(sorted(sebelumnya.items())),
            "dilipat_hingga": folded}


def save(path: Path, data: dict):
    atomic_write(path, json.dumps(data, ensure_ascii=False, indent=0, sort_keys=False) + "\n")


def totals(data: dict) -> dict[str, int]:
    out = dict(data.get("sebelumnya") or {})
    for pages in (data.get("hari") or {}).values():
        for path, n in pages.items():
            out[path] = out.get(path, 0) + n
    return out


def window(data: dict, today: date, days: int) -> dict[str, int]:
    """Views per page over the ``days`` days ending with ``today``."""
    first = (today - timedelta(days=days - 1)).isoformat()
    last = today.isoformat()
    out: dict[str, int] = {}
    for day, pages in (data.get("hari") or {}).items():
        if first <= day <= last:
            for path, n in pages.items():
                out[path] = out.get(path, 0) + n
    return out
