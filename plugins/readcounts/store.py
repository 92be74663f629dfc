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
import logging
import re
from datetime import date, timedelta
from pathlib import Path

from common.files import atomic_write

logger = logging.getLogger(__name__)
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
    return _clean(data, path)


MAX_COUNT = 10**12
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _count(path, n) -> bool:
    return isinstance(path, str) and path.startswith("/") and type(n) is int and 0 <= n <= MAX_COUNT


def _clean(data: dict, path) -> dict:
    """The counts with only well-formed values: a page's address and a whole number of
    views from 0 up; what else the file holds (an edited or damaged cache) is left out,
    said once, never shown on a page nor stopping the build."""
    days = data.get("hari") if isinstance(data.get("hari"), dict) else {}
    before = data.get("sebelumnya") if isinstance(data.get("sebelumnya"), dict) else {}
    hari = {day: {p: n for p, n in pages.items() if _count(p, n)}
            for day, pages in days.items() if isinstance(day, str) and DAY.fullmatch(day) and isinstance(pages, dict)}
    sebelumnya = {p: n for p, n in before.items() if _count(p, n)}
    folded = data.get("dilipat_hingga")
    folded = folded if isinstance(folded, str) and DAY.fullmatch(folded) else None
    dropped = (len(days) - len(hari) + sum(len(v) for v in days.values() if isinstance(v, dict)) - sum(map(len, hari.values()))
               + len(before) - len(sebelumnya))
    if dropped > 0:
        logger.warning("%s: %d nilai yang bukan jumlah kunjungan (bilangan bulat 0 ke atas per alamat halaman) diabaikan; "
                       "jalankan ./run.sh statistik untuk menghitung ulang", path, dropped)
    return {"versi": VERSION, "hari": hari, "sebelumnya": sebelumnya, "dilipat_hingga": folded}


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
