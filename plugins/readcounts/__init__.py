"""readcounts: read counts and the most-read lists, from the web server's own logs.

``invoke statistik`` (``collect``) counts page views in the access logs at the deploy
target (over the deploy's SSH connection) or in a local log file, with ``log.COUNT``:
bots and the site's own assets are filtered out where the log is, and only
``day, page, count`` comes back. ``store`` merges them into ``STATISTIK_PATH``
(default ``cache/statistik.json``), which holds counts and nothing else.

The build reads that file (it is part of the build's fingerprint): every item with a
count gets ``dibaca`` (total views) and ``dibaca_teks`` ("Dibaca 1.234 kali"); the
context gets ``terpopuler`` (most-read news over the last 7 and 30 days, for the home
page) and ``terpopuler_opd`` (the same per OPD slug). Without the file, or with no
count, these are None/empty and the templates show nothing.
"""

from __future__ import annotations

import logging
import os
from urllib.parse import urlparse


from content import clock

from . import log, store

logger = logging.getLogger(__name__)

DEFAULTS = {
    "STATISTIK_PATH": "",  # "" = cache/statistik.json beside content/
    "STATISTIK_LOG": "/var/log/nginx/access.log*",
    "STATISTIK_BOT": log.DEFAULT_BOTS,
    "STATISTIK_TERPOPULER_JUMLAH": 5,
    "STATISTIK_SIMPAN_HARI": store.DEFAULT_KEEP_DAYS,
}
PERIODS = ((7, "7 hari terakhir"), (30, "30 hari terakhir"))


def angka(n: int) -> str:
    """1234567 → 1.234.567 (Indonesian thousands separator)."""
    return f"{n:,}".replace(",", ".")


def page_key(prefix: str, url: str) -> str:
    return f"{prefix}/{url}"


def ranked(articles, counts: dict, key, limit: int) -> list[dict]:
    scored = [(counts.get(key(a), 0), a) for a in articles]
    scored = [(n, a) for n, a in scored if n > 0]
    scored.sort(key=lambda na: (-na[0], -na[1].date.timestamp(), na[1].slug))
    return [{"article": a, "jumlah": n, "teks": f"{angka(n)} kali"} for n, a in scored[:limit]]


def most_read(articles, data, today, key, limit) -> dict | None:
    periods = []
    for days, title in PERIODS:
        rows = ranked(articles, store.window(data, today, days), key, limit)
        if rows:
            periods.append({"id": f"{days}-hari", "hari": days, "judul": title, "daftar": rows})
    return {"periode": periods} if periods else None


def derive(run, generators):
    if not generators:
        return
    settings, context = generators[0].settings, generators[0].context
    data = store.load(store.counts_path(settings))
    prefix = urlparse(settings.get("SITEURL") or "").path.rstrip("/")
    totals = store.totals(data) if data else {}
    articles = []
    for gen in generators:
        for attr in ("articles", "items", "pages"):
            for item in getattr(gen, attr, None) or ():
                n = totals.get(page_key(prefix, item.url), 0)
                item.dibaca = n or None
                item.dibaca_teks = f"Dibaca {angka(n)} kali" if n else None
        articles += list(getattr(gen, "articles", None) or ())
    context["terpopuler"], context["terpopuler_opd"] = None, {}
    if not data:
        return
    today = run.now.date()
    limit = int(settings.get("STATISTIK_TERPOPULER_JUMLAH") or 5)

    def key(a):
        return page_key(prefix, a.url)

    context["terpopuler"] = most_read(articles, data, today, key, limit)
    by_opd: dict[str, list] = {}
    for a in articles:
        opd = getattr(a, "opd", None)
        if opd:
            by_opd.setdefault(opd.slug, []).append(a)
    context["terpopuler_opd"] = {
        slug: lists for slug, items in by_opd.items() if (lists := most_read(items, data, today, key, limit))
    }


def collect(settings, log_path: str = "", target: str = "", options=None, out=print) -> dict:
    """Count the views in the logs and merge them into STATISTIK_PATH; the stored data.

    ``log_path`` given: those local files. Else ``STATISTIK_LOG`` at the host of
    ``target`` (the deploy target, ``user@host:/srv/situs`` or ``ssh://…``) over SSH with
    the deploy's ``options`` (``publish.deploy.Options``), or here when the target is a
    local folder or empty."""
    from common.paths import display_path
    from publish.deploy import DeployError, Target

    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    where = None
    pattern = log_path or os.environ.get("STATISTIK_LOG") or settings["STATISTIK_LOG"]
    if not log_path and target:
        try:
            where = Target.parse(target, options=options)
        except DeployError as exc:
            raise log.StatistikError(str(exc)) from None
        if not where.host:
            where = None
    days = log.count(pattern, target=where, bots=settings["STATISTIK_BOT"])
    path = store.counts_path(settings)
    today = clock.today(settings.get("TIMEZONE") or "Asia/Jakarta")
    data = store.merge(store.load(path) or store.empty(), days, today, int(settings["STATISTIK_SIMPAN_HARI"]))
    store.save(path, data)
    views = sum(sum(p.values()) for p in days.values())
    place = f"di {where.host}" if where else "lokal"
    out(f"statistik: {views} kunjungan halaman dari {len(days)} hari dihitung ({place}: {pattern}); disimpan di {display_path(path)}")
    return data
