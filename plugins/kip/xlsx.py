"""The DIP and DIK as spreadsheets (data/dip.xlsx, data/dik.xlsx): the rows and Indonesian
headers of the CSV (tables.csv_header, tables.csv_cell), because a spreadsheet set to
Indonesian opens a comma CSV in one column; the register of requests the same way
(``Sheet`` of its CSV's rows, plugins/services).

- No author text becomes a formula: every text cell is written as a string, and one that
  starts with = + - @ a tab or a carriage return gets a leading ' (as the CSV).
- Frozen, bold header row with a filter; column widths from the longest value (capped,
  long text wraps).
- A cell holding one address of this site (an entry's page, its document) is a link a
  reader can follow; no other text becomes one.
- Dates and moments (the CSV's ``2026-06-24`` and ``2025-03-17 10:00``) are date cells,
  shown the same way, so a reader can sort and filter by them; an empty cell is empty.
- Reproducible bytes: the workbook's created/modified time is the newest update of its
  rows, and every part of the zip carries one fixed timestamp.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from .tables import csv_header, csv_row

if TYPE_CHECKING:
    from openpyxl import Workbook

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip entry can carry
EMPTY_TIME = datetime(2000, 1, 1)  # the workbook time of an empty list
MIN_WIDTH, MAX_WIDTH = 6, 60  # characters
WHEN = re.compile(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?")  # a date or a moment as the CSV writes it


def neutral(value):
    """A cell value no spreadsheet runs: text starting like a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def rows(records, fields, registry: dict, computed=()):
    """Header, then one row per record: the CSV's cells."""
    yield csv_header(fields, computed)
    for r in records:
        yield csv_row(r, fields, registry, computed)


def width(value) -> int:
    text = "" if value is None else str(value)
    return max((len(line) for line in text.splitlines()), default=0)


_starts = 0  # workbook processes this process has started (``before_start``)


def before_start():
    """Called before a workbook process is forked. A process that starts one a second time
    builds again and again (the preview's build process): it imports openpyxl itself,
    once, so each later workbook process inherits it instead of importing it anew (0.2 s
    it would wait for). A one-off build starts one at most once and never imports it."""
    global _starts
    _starts += 1
    if _starts > 1:
        import openpyxl.writer.excel  # noqa: F401 - what ``workbook`` and ``to_bytes`` import


def workbook(title: str, table, modified: datetime, creator: str, siteurl: str = "") -> Workbook:
    """The sheet of ``table`` (``rows``: the header, then one row per record)."""
    # openpyxl (0.2 s to import) only when a workbook is made: a build whose rows are
    # unchanged writes the bytes it kept (``write``).
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    # Excel's limit for a sheet name is 31 characters: "Informasi yang Dikecualikan", not cut mid-word.
    ws.title = title if len(title) <= 31 else title.removeprefix("Daftar ")[:31]
    widths: list[int] = []
    for i, row in enumerate(table):
        for j, value in enumerate(row, start=1):
            if value == "":
                continue  # no cell: an empty one, not an empty string
            cell = ws.cell(row=i + 1, column=j)
            when = _when(value) if i else None
            if when is not None:
                cell.value = when
                cell.number_format = "yyyy-mm-dd hh:mm" if isinstance(when, datetime) else "yyyy-mm-dd"
            elif isinstance(value, str):
                cell.value = neutral(value)
                cell.data_type = "s"  # never "f", whatever the text
                if i and siteurl and value.startswith(siteurl + "/") and not any(c.isspace() for c in value):
                    cell.hyperlink, cell.style = value, "Hyperlink"
            else:
                cell.value = value
            if i == 0:
                cell.font = Font(bold=True)
            if len(widths) < j:
                widths.append(0)
            widths[j - 1] = max(widths[j - 1], width(value))
    wrap = Alignment(wrap_text=True, vertical="top")
    for j, w in enumerate(widths, start=1):
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = min(max(w, MIN_WIDTH), MAX_WIDTH) + 2
        if w > MAX_WIDTH:
            for (cell,) in ws.iter_rows(min_col=j, max_col=j, min_row=2):
                cell.alignment = wrap
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    props = wb.properties
    props.title, props.creator, props.lastModifiedBy, props.language = title, creator, creator, "id"
    props.created = props.modified = modified
    return wb


def _when(value):
    """A cell's date or moment (``WHEN``), else None."""
    m = WHEN.fullmatch(value) if isinstance(value, str) else None
    try:
        return (datetime.strptime(value, "%Y-%m-%d %H:%M") if m[1] else datetime.strptime(value, "%Y-%m-%d").date()) if m else None
    except ValueError:  # text that only looks like one (2026-02-30)
        return None


def to_bytes(wb: Workbook) -> bytes:
    """``wb`` as a file with fixed timestamps, so the same rows give the same bytes."""
    from openpyxl.writer.excel import ExcelWriter

    raw = io.BytesIO()
    modified = wb.properties.modified
    ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    wb.properties.modified = modified
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dest:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dest.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def creator(settings) -> str:
    """Who a workbook says made it: the site's owner (the region's government)."""
    return settings.get("SITE_OWNER") or settings.get("SITENAME", "")


def newest(entries, updated) -> datetime:
    """The workbook time: the newest update of its entries, as naive UTC (what the
    Office core properties hold)."""
    moments = [updated(e) for e in entries]
    if not moments:
        return EMPTY_TIME
    return max(moments).astimezone(timezone.utc).replace(tzinfo=None, microsecond=0)


class Sheet:
    """What one workbook is made from: the title, the table (a header row, then the rows
    as the CSV writes them), the workbook time and the creator; ``key`` is their digest."""

    def __init__(self, title: str, table, modified: datetime, creator: str, siteurl: str = ""):
        self.title, self.creator, self.siteurl, self.modified = title, creator, siteurl, modified
        self.table = list(table)
        self.key = hashlib.md5(repr((title, self.modified, creator, siteurl, self.table)).encode("utf-8", "surrogatepass"),
                               usedforsecurity=False).hexdigest()

    @classmethod
    def of_entries(cls, title: str, numbered, records, fields, registry: dict, updated, creator: str, computed=(),
                   siteurl: str = "") -> Sheet:
        """The DIP or the DIK: ``rows`` of the records, the time of the newest update."""
        return cls(title, rows(records, fields, registry, computed), newest([e for _, e in numbered], updated), creator,
                   siteurl)

    def made(self) -> tuple[str, bytes]:
        return self.key, to_bytes(workbook(self.title, self.table, self.modified, self.creator, self.siteurl))


def write(path: Path, sheet: Sheet, memo=None):
    """The workbook of ``sheet`` at ``path`` (``made``)."""
    data = made(sheet, memo, path.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def made(sheet: Sheet, memo=None, name: str = "") -> bytes:
    """The workbook of ``sheet``, as bytes. ``memo`` (a dict kept between builds,
    ``Run.memory``) holds the last bytes made for each file ``name`` by the sheet's key:
    the same cells, the same bytes, without building the workbook again (openpyxl takes
    about half a second for 2 000 entries)."""
    hit = memo.get(name) if memo is not None else None
    if hit is not None and hit[0] == sheet.key:
        return hit[1]
    key, data = sheet.made()
    if memo is not None:
        memo[name] = (key, data)
    return data
