"""Indonesian dates as Indonesian news writes them: ``Kamis, 7 Desember 2017 | 17:55 WIB``.

Babel gives the day and month names (the system has no id_ID locale); the zone
label comes from the site's time zone, since Babel has no WIB/WITA/WIT names.
"""

from __future__ import annotations

import functools
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date

ZONE_LABELS = {7: "WIB", 8: "WITA", 9: "WIT"}


def zone_label(moment: datetime) -> str:
    offset = moment.utcoffset()
    if offset is None:
        return ""
    label = ZONE_LABELS.get(offset.total_seconds() / 3600)
    return moment.strftime("UTC%z") if label is None else label


def _clock(moment: datetime) -> str:
    """``17:55 WIB``. (The hour and minute are written directly: a news date is
    Pelican's ``SafeDatetime``, whose ``strftime`` is written in Python: 13 µs a call
    through it, 4 µs this way.)"""
    return f"{moment.hour:02d}:{moment.minute:02d} {zone_label(moment)}".rstrip()


def _local(value, tz: str | None):
    if isinstance(value, datetime) and tz:
        return value.astimezone(ZoneInfo(tz)) if value.tzinfo else value.replace(tzinfo=ZoneInfo(tz))
    return value


@functools.lru_cache(maxsize=8192)
def _format_day(day: date, pattern: str) -> str:
    # Babel formats a datetime by its date: one result per calendar day and pattern.
    return format_date(day, pattern, locale="id")


def day_of(value) -> date | None:
    """The calendar day of a date or datetime (as written: no time zone conversion);
    None for anything else (an empty field)."""
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def berakhir(fields: dict | None, today: date) -> dict | None:
    """An announcement's last day (``Berakhir``) and whether ``today`` (the build's) is past
    it: ``{"tanggal": date, "lewat": bool}``; None without one. The page's notice, the cards
    (plugins/metadata) and the search result (plugins/search) all say what this says."""
    last = (fields or {}).get("berakhir")
    return {"tanggal": last, "lewat": last < today} if isinstance(last, date) else None


def tanggal(value, tz: str | None = "Asia/Jakarta") -> str:
    """``7 Desember 2017``"""
    if not isinstance(value, (date, datetime)):
        return str(value or "")
    return _format_day(day_of(_local(value, tz)), "d MMMM y")


def tanggal_hari(value, tz: str | None = "Asia/Jakarta") -> str:
    """``Kamis, 7 Desember 2017``"""
    if not isinstance(value, (date, datetime)):
        return str(value or "")
    return _format_day(day_of(_local(value, tz)), "EEEE, d MMMM y")


def tanggal_jam(value, tz: str | None = "Asia/Jakarta") -> str:
    """``Kamis, 7 Desember 2017 | 17:55 WIB``"""
    if not isinstance(value, datetime):
        return tanggal_hari(value, tz)
    moment = _local(value, tz)
    return f"{tanggal_hari(moment, None)} | {_clock(moment)}"


def jam(value, tz: str | None = "Asia/Jakarta") -> str:
    """``17:55 WIB``"""
    return _clock(_local(value, tz))


def filters(tz: str) -> dict:
    return {
        "tanggal": lambda v: tanggal(v, tz),
        "tanggal_hari": lambda v: tanggal_hari(v, tz),
        "tanggal_jam": lambda v: tanggal_jam(v, tz),
        "jam": lambda v: jam(v, tz),
    }
