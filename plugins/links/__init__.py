"""links: no broken link into the site is ever published.

- At start, settings that name files under ``content/`` (``SITE_LOGO``,
  ``GAMBAR_BRANDING``) must name existing files.
- While pages are written (``content_written``), each output page remembers the
  content file it was rendered from.
- After rendering, before the staged output replaces ``output/`` (the answer is taken
  by the pipeline's post-build step), every ``href``/``src``/``srcset``/``poster``/
  ``action`` of every written HTML page, and every ``url()`` of the theme's CSS, that
  points into the site must resolve to a file of the output (a folder to its
  ``index.html``). Otherwise the build is refused with one line per missing target,
  naming the content file (or the setting, e.g. ``MENU_LAYANAN``) it came from. The
  check runs in a forked process beside the search index (``start_check``, in the
  finish step, once the pages and the theme's files are written); the post-build step
  takes its answer and looks again at any target it did not find, since the search step
  writes files meanwhile (``check_output``).
"""

from __future__ import annotations

import functools
import logging
import os
import time
from pathlib import Path

from common.forked import fork_start, stop, usable_cpus
from common.paths import display_path
from common.urls import own_hosts
from content.validate import ContentError, Problem

logger = logging.getLogger(__name__)
DEFAULTS = {
    "TAUTAN_CHECK": True,
    # Settings whose values are URLs inside the site, named when a link they give is broken.
    "TAUTAN_SETTINGS": ("MENU", "MENU_LAYANAN", "MENU_PPID", "MENU_KAKI", "SITE_LOGO", "SOCIAL", "LINKS"),
    # Addresses (their beginnings) `./run.sh tautan-luar` does not ask (links.luar).
    "TAUTAN_LUAR_ABAIKAN": (),
    # Where it keeps its outcome for the next build's Monev self-check (None:
    # cache/tautan-luar.json beside the content folder; links.luar.result_path).
    "TAUTAN_LUAR_HASIL": None,
}
CONTEXT_OBJECTS = ("article", "page", "entry", "event")


def settings_problems(settings, content_path=None) -> list[Problem]:
    """Settings that name files under ``content/`` must name existing files."""
    content = Path(content_path or settings.get("PATH") or "content")
    problems = []
    logo = settings.get("SITE_LOGO")
    named = [("SITE_LOGO", logo)] if logo else []
    named += [("GAMBAR_BRANDING", n) for n in settings.get("GAMBAR_BRANDING") or () if n and n != logo]
    for key, name in named:
        if not isinstance(name, str) or "://" in name:
            continue
        if not (content / name.lstrip("/")).is_file():
            problems.append(Problem(
                "pelicanconf.py", key,
                f"berkas '{name}' tidak ada di {display_path(content)}/; "
                f"tulis jalur berkas di bawah {display_path(content)}/, misalnya 'images/logo.png'",
            ))
    return problems


def check_content(content_path, settings, report):
    """Settings that name files under ``content/`` (the logo) name existing files, and a
    menu's static pages exist: checked with the content, so `check` (CI's first step, the
    pre-commit hook, an upgrade's ``perbarui-kit``) says it too, not only the build's link
    check."""
    report.errors.extend(settings_problems(settings, content_path))
    report.errors.extend(missing_menu_pages(settings, report))
    report.warnings.extend(problem for _, _, problem in draft_menu_links(settings, report))


def missing_menu_pages(settings, report) -> list[Problem]:
    """A menu entry leading to a static page (an address of one folder that none of the
    site's own lists or files takes) that no content file publishes, a draft included: a
    new version of the kit may add one to the menus a site inherits."""
    from common.urls import reserved_slugs

    published = {i.url for i in report.items if i.url}
    reserved = reserved_slugs(settings)
    problems = []
    for key, at in MENUS.items():
        for row in settings.get(key) or ():
            target = str(row[at]) if len(row) > at else ""
            slug = target.strip("/")
            if not slug or "/" in slug or ":" in slug or "." in slug or slug in reserved or f"{slug}/" in published:
                continue
            problems.append(Problem(
                "pelicanconf.py", key,
                f"'{target}' menuju halaman yang tidak ada di situs; buat content/halaman/{slug}.md (Title: …, "
                f"Slug: {slug}; Status: draft menyembunyikan tautannya sampai halaman itu siap) atau hapus baris itu "
                f"dari {key} di pelicanconf.py",
            ))
    return problems


def check_settings(run):
    """After validation (which checked the files settings name, ``check_content``): menu
    items leading to drafts are left out."""
    hide_draft_menu_links(run.settings, run.report)


def start_check(run):
    """The link check, in a forked process at a lower priority, while the search index is
    built (the rest of the finish step: Pagefind and the merge leave a CPU idle part of
    the time, and an edit's check no longer waits for them); ``check_output`` takes its
    answer. Not for the preview (its search index comes after the swap, and an in-place
    run checks pages that stay in the previous output), nor on one CPU."""
    from . import periksa

    if not run.settings["TAUTAN_CHECK"] or run.in_place or run.defer_search:
        return
    if not hasattr(os, "fork") or usable_cpus() < 2:
        return
    cache = periksa.cache_file(run.validation_cache)
    run.link_check = fork_start(functools.partial(
        _niced, periksa.find_missing, run.output, run.settings.get("SITEURL") or "", cache, later=False,
        hosts=own_hosts(run.settings)))


def _niced(func, *args, **kwargs):
    """At a lower priority: the check takes the time Pagefind and the merge leave idle."""
    os.nice(10)
    return func(*args, **kwargs)


def _answer(run, stats: dict) -> tuple | None:
    """What ``start_check``'s process found, once it is done (None: no such process, or
    it failed: the check is made again here)."""
    wait, run.link_check = run.link_check, None
    if wait is None:
        return None
    started = time.perf_counter()
    ok, found = wait()
    stats["waited"] = time.perf_counter() - started
    if not ok:
        logger.debug("tautan: pemeriksaan di proses terpisah gagal, diperiksa ulang: %s", found[0])
        return None
    return found


def stop_check(run):
    """A build that stops before its link check is taken leaves no checking process behind."""
    if run.link_check is not None:
        stop(run.link_check)
        run.link_check = None


def check_output(run):
    """Refuse the build when a link into the site is broken (before it is swapped in)."""
    if not run.settings["TAUTAN_CHECK"]:
        return
    from . import periksa

    stats = run.stats.setdefault("tautan", {})
    found = _answer(run, stats)
    if found is not None:
        missing, checked = found
        # Files written since the check listed the output (the search index, its
        # vocabulary) count: a target it did not find is looked for again.
        missing = periksa.still_missing(run.output, missing)
        checked["beside"] = True
    else:
        missing, checked = periksa.find_missing(run.output, run.settings.get("SITEURL") or "",
                                                periksa.cache_file(run.validation_cache),
                                                run.previous if run.in_place else None, run.unchanged,
                                                hosts=own_hosts(run.settings))
    stats.update(checked)
    periksa.log_check(checked)
    problems = periksa.report(run.output, run.settings, missing, run.written)
    if problems:
        raise ContentError(problems)


MENUS = {"MENU": 2, "MENU_LAYANAN": 1, "MENU_PPID": 1, "MENU_KAKI": 1}  # setting -> index of the URL


def draft_menu_links(settings, report):
    """(setting, row, warning) of each menu entry leading to a page that is still a draft
    (or dated in the future)."""
    drafts = {i.url: i.rel for i in report.items if not i.published and i.url}
    if not drafts:
        return
    for key, at in MENUS.items():
        for row in settings.get(key) or ():
            url = str(row[at]).strip("/") + "/" if len(row) > at else ""
            if url in drafts:
                yield key, row, Problem("pelicanconf.py", key, f"'{row[at]}' menuju halaman yang masih draf "
                                        f"({display_path(drafts[url])}); tautan ini tidak ditampilkan sampai halaman itu terbit")


def hide_draft_menu_links(settings, report):
    """A menu entry leading to a page that is still a draft (or dated in the future) is
    left out until the page publishes (said by ``check_content``, with the content's
    warnings): a new site's PPID menu grows as its pages are written. A page that does not
    exist at all stays a broken link."""
    hidden: dict[str, list] = {}
    for key, row, _ in draft_menu_links(settings, report):
        hidden.setdefault(key, []).append(row)
    for key, rows in hidden.items():
        settings[key] = tuple(row for row in settings[key] if not any(row is r for r in rows))


def on_content_written(run, path, context=None):
    """Each output page remembers the content file it shows (named when a link breaks)."""
    context = context or {}
    for name in CONTEXT_OBJECTS:
        source = getattr(context.get(name), "source_path", None)
        if source:
            run.written[os.path.abspath(path)] = source  # named (display_path) only in a report
            return
