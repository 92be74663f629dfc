"""Dates as Indonesian news writes them (the template filters of content.tanggal)."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from pelican.utils import SafeDatetime

from content.tanggal import jam, tanggal, tanggal_hari, tanggal_jam

MOMENT = SafeDatetime(2026, 11, 10, 2, 30, tzinfo=timezone.utc)  # a Tuesday


@pytest.mark.parametrize(("tz", "written"), [
    ("Asia/Jakarta", "Selasa, 10 November 2026 | 09:30 WIB"),
    ("Asia/Makassar", "Selasa, 10 November 2026 | 10:30 WITA"),
    ("Asia/Jayapura", "Selasa, 10 November 2026 | 11:30 WIT"),
    ("Asia/Kolkata", "Selasa, 10 November 2026 | 08:00 UTC+0530"),  # no Indonesian zone name
    ("Pacific/Honolulu", "Senin, 9 November 2026 | 16:30 UTC-1000"),  # the day in that zone
])
def test_a_moment_is_written_in_the_sites_zone_with_its_name(tz, written):
    assert tanggal_jam(MOMENT, tz) == written
    assert jam(MOMENT, tz) == written.split(" | ")[1]


def test_a_moment_without_zone_is_the_sites_time_and_a_day_has_no_time():
    naive = datetime(2026, 1, 5, 7, 5)
    assert tanggal_jam(naive) == "Senin, 5 Januari 2026 | 07:05 WIB"  # read as the site's zone
    assert tanggal_jam(naive, None) == "Senin, 5 Januari 2026 | 07:05"  # no zone at all: no name
    assert jam(naive, None) == "07:05"
    assert tanggal_jam(date(2026, 1, 5)) == tanggal_hari(date(2026, 1, 5)) == "Senin, 5 Januari 2026"
    assert tanggal(MOMENT) == "10 November 2026"
    assert tanggal_jam(None) == tanggal("") == ""
