"""konten: the content model of the site kit.

One schema (``schema.py``) for news, public-information entries, agenda and static
pages; the OPD registry; validation of every file before anything is written; the
generator for entries and agenda. Other plugins read ``schema`` and the validated
``fields`` of each content object, never the raw metadata.
"""

from __future__ import annotations

import logging

from pelican import signals

from . import clock, generator, kemajuan, tag, tanggal
from .schema import DEFAULT_NEWS_CATEGORIES, DIP
from .validate import Checker, ContentError, Report

logger = logging.getLogger(__name__)

DEFAULTS = {
    "NEWS_CATEGORIES": DEFAULT_NEWS_CATEGORIES,
    "IMAGE_MAX_PIXELS": 40_000_000,
    "EMBED_ALLOWED_HOSTS": ("youtube.com", "www.youtube.com", "youtube-nocookie.com", "www.youtube-nocookie.com"),
    "ENTRY_URL": generator.DIP.url,
    "ENTRY_SAVE_AS": generator.DIP.url + "index.html",
    "EVENT_URL": generator.AGENDA.url,
    "EVENT_SAVE_AS": generator.AGENDA.url + "index.html",
    "KONTEN_CACHE": "",  # validation cache file; konten.build sets one beside the output
}


def site_base(settings) -> str:
    """The site's absolute address for feeds and calendars: FEED_DOMAIN, else SITEURL,
    when it is an absolute http(s) address; "" for a build with relative addresses."""
    for key in ("FEED_DOMAIN", "SITEURL"):
        value = (settings.get(key) or "").rstrip("/")
        if value.startswith(("http://", "https://")):
            return value
    return ""


def check(content_path, settings) -> Report:
    """Validate every content file; the report carries errors, warnings and the
    parsed items. Used by the build and by `invoke check`."""
    return Checker(content_path, {**DEFAULTS, **settings}).run()


_read = [0]  # content objects made in this run, for the progress line


def on_initialized(pelican):
    settings = pelican.settings
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    report = check(pelican.path, settings)
    for w in report.warnings:
        logger.warning("%s", w)
    if report.errors:
        raise ContentError(report.errors)
    _read[0] = 0
    # Per run, not per process: `--autoreload` and tests reuse the process.
    settings["KONTEN_REPORT"] = report
    settings["OPD_REGISTRY"] = report.registry
    settings["ENTRY_FIELDS"] = [f for f in DIP.fields if f.export]
    tz = settings.get("TIMEZONE") or "Asia/Jakarta"
    settings["KONTEN_NOW"] = clock.now(tz)
    settings["JINJA_FILTERS"] = {**tanggal.filters(tz), **settings.get("JINJA_FILTERS", {})}


def on_content_init(content):
    report: Report | None = content.settings.get("KONTEN_REPORT")
    if report is None or not getattr(content, "source_path", None):
        return
    item = report.item_for(content.source_path)
    if item is None:
        return
    _read[0] += 1
    kemajuan.stage("Membaca konten", _read[0], len(report.items))
    content.fields = item.values
    content.slug = item.slug
    tag.normalise(content, report.tag_names)
    content.opd = report.registry.get(item.values.get("opd"))
    if not item.published and content.status == "published":
        content.status = "draft"  # drafts and future-dated items never reach the output
    if isinstance(content, (generator.Entry, generator.Event)):
        # URL patterns format from metadata; give them parsed values (datetimes).
        content.metadata.update({k: v for k, v in item.values.items() if k.isidentifier()})
        for k, v in item.values.items():
            if k.isidentifier() and k != "opd" and not hasattr(type(content), k):
                setattr(content, k, v)


def on_generators_finalized(generators):
    kemajuan.stage("Menyusun daftar, tabel dan ekspor")


def register():
    signals.initialized.connect(on_initialized)
    signals.all_generators_finalized.connect(on_generators_finalized)
    signals.content_object_init.connect(on_content_init)
    generator.register()


__all__ = ["ContentError", "check", "register", "site_base"]
