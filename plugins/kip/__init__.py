"""kip: the public-information views UU 14/2008 and Perki 1/2021 ask of a site.

DIP (whole, by kind, by OPD), DIK with exemption status, the periodic-information
index with freshness, OPD profiles, the serta-merta banner data for the home page,
and the CSV/JSON exports with their JSON Schema. Reads content.schema and the
validated ``fields`` of each entry; computes everything in Python (status.py,
tables.py) and hands it to the templates as data.
"""

from __future__ import annotations

from common.forked import stop as stop_forked

from .generator import KipGenerator, describe, place

DEFAULTS = {
    "SERTA_MERTA_DAYS": 30,  # a serta-merta entry stays on the home page this many days after its Date
    "BERKALA_FRESH_DAYS": 183,  # a berkala entry is `terkini` this many days after its Date/Modified
    "DIP_PER_PAGE": 200,  # rows per page of a DIP/DIK table (keeps every page small)
    "OPD_NEWS_COUNT": 5,  # news items on an OPD page
}


def derive(run, generators):
    for g in generators:
        if isinstance(g, KipGenerator):
            g.prepare()  # before the home page and entry pages are written
            g.start_workbooks()


def stop(run):
    """A build that ends before its exports leaves no workbook process behind."""
    if run.workbooks is not None:
        stop_forked(run.workbooks)
        run.workbooks = None
