"""Working days (UU 14/2008 Pasal 22): not a Saturday, a Sunday, an Indonesian national
holiday (the ``holidays`` library) or a date of ``content/hari-libur.toml`` (cuti
bersama and regional days off, which the government sets each year)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from content import source

HARI_LIBUR_FILE = "hari-libur.toml"


BATAS = 10  # working days to answer a request (UU 14/2008 Pasal 22)
BATAS_PERPANJANGAN = 17  # with the one extension of 7


def load_days_off(content: Path) -> tuple[set[date], list[tuple[str, str]]]:
    """The dates of content/hari-libur.toml and (key, message) problems."""
    path = Path(content) / HARI_LIBUR_FILE
    if not path.is_file():
        return set(), []
    data, problem = source.read_toml(path)
    if problem:
        return set(), [("", problem)]
    problems = []
    for key in data:
        if key != "tanggal":
            problems.append((key, "kunci tidak dikenal; yang boleh hanya tanggal = [2026-12-24, …]"))
    days = data.get("tanggal", [])
    if not isinstance(days, list):
        return set(), problems + [("tanggal", "harus berupa daftar tanggal, mis. tanggal = [2026-12-24, 2026-12-26]")]
    out = set()
    for i, d in enumerate(days, start=1):
        if type(d) is not date:
            problems.append(("tanggal", f"nilai ke-{i}: {source.toml_date_problem(d, '2026-12-24')}"))
        else:
            out.add(d)
    return out, problems


class WorkingDays:
    """``known``: year -> the national holidays of that year, kept between builds (the
    build's memory, under the installed libraries' versions): a build that knows the
    years it counts does not load the ``holidays`` library (its every country, about
    0.15 s)."""

    def __init__(self, days_off=(), known: dict | None = None):
        self.days_off = set(days_off)
        self.known = {} if known is None else known

    def national(self, year: int) -> frozenset:
        hit = self.known.get(year)
        if hit is None:
            self._load(year)
            hit = self.known[year]
        return hit

    def named(self, year: int) -> dict:
        """The national holidays of ``year`` with their Indonesian names, in date order."""
        hit = self.known.get(("nama", year))
        if hit is None:
            self._load(year)
            hit = self.known[("nama", year)]
        return hit

    def days_not_counted(self, year: int) -> list[tuple[date, str]]:
        """The weekdays of ``year`` a count leaves out, with why: what a report shows so
        that its reader can count the working days again."""
        named = self.named(year)
        days = {d: n for d, n in named.items() if d.weekday() < 5}
        for d in self.days_off:
            if d.year == year and d.weekday() < 5 and d not in days:
                days[d] = "cuti bersama atau libur daerah"
        return sorted(days.items())

    def _load(self, year: int) -> None:
        import holidays

        found = holidays.country_holidays("ID", years=year, language="id")
        self.known[year] = frozenset(found)
        self.known[("nama", year)] = dict(sorted(found.items()))

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.national(day.year) and day not in self.days_off

    def between(self, received: date, answered: date) -> int:
        """Working days after ``received`` up to and including ``answered``."""
        n = 0
        day = received + timedelta(days=1)
        while day <= answered:
            n += self.is_working_day(day)
            day += timedelta(days=1)
        return n
