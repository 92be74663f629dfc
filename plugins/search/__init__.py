"""search: site search with Pagefind.

Computes, once per run, what each content page tells the search index (type, OPD,
jenis, kategori, year, date, image, and its exact words) as ``content.pagefind``;
the theme's ``_pagefind.html`` partial renders it. When the whole site is written
(the pipeline's ``finish`` step), the Pagefind CLI indexes the pages in shards, each cached, and
the shards are merged into one bundle (``shards.py``, ``merge.py``). The search page
``cari/`` is a direct template fed with the filter values of the run.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
from pathlib import Path

from common.forked import fork_start, usable_cpus
from common.forked import stop as stop_forked
from common.stamps import FileDigests

from . import kamus, shards
from .index import IndexFailed
from .kamus import DictionaryError
from .model import SearchModel, tipe_of

logger = logging.getLogger(__name__)

PAGE_DIGESTS = "search.page_digests"  # Run.memory: the indexed pages' md5s (shards._digest)

DEFAULTS = {
    "CARI_ENABLED": True,
    "CARI_URL": "cari/",
    "CARI_SAVE_AS": "cari/index.html",
    "CARI_TIMEOUT": 600,
    # Pages per index shard: bounds Pagefind's memory (~190 KB a page) and what an edit
    # indexes again; below ~500 the merge of all shards, not the shard, bounds an edit.
    "CARI_SHARD_PAGES": 250,
    "CARI_CACHE_PATH": None,  # default: <project>/cache/cari, beside content/
    "CARI_RESULTS_PER_PAGE": 10,
    # Pagefind ranking (https://pagefind.app/docs/ranking/): titles weigh far more
    # than bodies; `kata` (exact-word tokens) only decides membership, never score.
    "CARI_RANKING": {
        "termSimilarity": 2.0,
        "metaWeights": {"title": 10.0, "kata": 0.0, "opd": 2.0, "tanggal": 1.0, "alias": 10.0, "status": 0.0},
    },
}

def configure(run):
    settings = run.settings
    templates = list(settings.get("DIRECT_TEMPLATES", []))
    if "cari" not in templates:
        settings["DIRECT_TEMPLATES"] = [*templates, "cari"]


def check_dictionary(content_path, settings, report):
    """The site's abbreviations (content/singkatan.toml), checked with the content (and by
    `check`): a mistake in it was found only by the build."""
    from content.validate import Problem

    site = Path(content_path) / kamus.SITE_FILE
    if not site.is_file():
        return
    try:
        kamus._read(site)
    except DictionaryError as exc:
        where, _, message = exc.args[0].partition(": ")
        report.errors.append(Problem(where, "", message))


def make_model(run):
    """The run's search data, with the site's abbreviations (content/singkatan.toml):
    a dictionary problem is reported as content."""
    try:
        memo = run.memory.setdefault("search", {}) if run.memory is not None else None
        run.search = SearchModel(run.settings, run.registry, memo=memo, today=run.now.date())
    except DictionaryError as exc:
        from content.validate import ContentError, Problem

        raise ContentError([Problem(exc.args[0].split(": ", 1)[0], "", exc.args[0].split(": ", 1)[1])]) from None


def describe(run, item):
    """A published news item's, event's, page's, DIP entry's or regulation's search data
    (``pagefind``), as ``derive`` gives it to every one of them (``SearchModel.attach``,
    with its memo and its processes)."""
    tipe = tipe_of(item)
    if run.search is not None and tipe is not None:
        item.pagefind = dict(run.search.page_data(item, tipe))


def begin(run, generators):
    """The pages' search data, computed from here to ``derive`` by forked processes when
    many pages lack it (a first build of a large site, SearchModel.begin): the build's
    process derives the rest meanwhile."""
    run.search.objects = run.kept or None  # keys kept with the objects (SearchModel._key)
    run.search.begin(**_indexed(generators[0].context))


def derive(run, generators):
    context = generators[0].context
    run.search.attach(**_indexed(context))
    context["CARI_REGULASI"] = regulation_names(run.settings)
    context["CARI_FILTERS"] = run.search.filters()
    context["CARI_CONTOH"] = examples(run.settings, context.get("regulasi") or (), run.now)


def examples(settings, regulations, now) -> list[str]:
    """What the search page offers as example queries: the site's own (its newest
    regulation of its head's kind as a query names it, "perwali 7/2026"), never the
    sample region's OPDs or instruments."""
    from content import regulasi

    head = regulasi.head_regulation(settings)
    numbered = [r.peraturan for r in regulations if getattr(r, "peraturan", None) and r.peraturan["nomor"]
                and r.peraturan["jenis"].slug == head and "/" not in str(r.peraturan["nomor"])]
    newest = max(numbered, key=lambda p: (p["tahun"] or 0, int(p["nomor"]) if str(p["nomor"]).isdigit() else 0), default=None)
    return [f"laporan keuangan {now.year - 1}", "pengadaan",
            *([f"{head} {newest['nomor']}/{newest['tahun']}"] if newest else []), "peringatan dini banjir"]


def count_words(run, generators):
    """The typo vocabulary (cari/kosakata/, kamus.py) counted and written into the output
    by a forked process from here, once every page's search data is known, to ``finish``,
    which takes its answer. Counted afresh (a first build) it takes a few CPU seconds: done
    while the build records its pages, which leaves the other CPU idle, instead of beside
    Pagefind. Brought up to date from the last build's (an edit: a few pages' words) it is
    left to ``finish``: a process forked here would live on while the build digests every
    page, each memory page the build writes then copied for it. The preview
    (``defer_search``) counts after the swap, in ``finish``'s step."""
    if run.defer_search or not hasattr(os, "fork") or not run.search.counts_afresh():
        return
    run.vocabulary = fork_start(functools.partial(_write_vocabulary, run.search, run.output))


def _write_vocabulary(model, output: Path):
    vocabulary, counted = model.vocabulary()
    vocabulary.write(output)
    return counted


def _indexed(context) -> dict:
    """The content objects the search index holds, by kind (SearchModel.begin)."""
    return {"news": context.get("articles", ()), "pages": context.get("pages", ()),
            "entries": context.get("entries", ()), "regulations": context.get("regulasi", ()),
            "events": context.get("events", ())}


def stop(run):
    """A build that ends between ``begin`` and ``derive``, or before ``finish`` took the
    vocabulary, leaves no process behind."""
    if run.search is not None:
        run.search.stop()
    if run.vocabulary is not None:
        stop_forked(run.vocabulary)
        run.vocabulary = None


def finish(run):
    if run.defer_search:
        # The preview: pages first; `index_deferred` writes the vocabulary and the index
        # into the output once the pages are in place.
        run.search_step = {"output": run.output}
        return
    _finish(run, run.output)


def _finish(run, output: Path):
    """The typo vocabulary (cari/kosakata/, kamus.py) and the index (pagefind/). Pagefind
    runs in child processes and the merge in this one: the vocabulary is counted and
    written meanwhile by a forked process (started by ``count_words``, else now; the two
    write different files)."""
    wait, run.vocabulary = run.vocabulary, None
    if wait is None and hasattr(os, "fork"):
        wait = fork_start(functools.partial(_write_vocabulary, run.search, output))
    elif wait is None:
        counted = _write_vocabulary(run.search, output)
    try:
        _index_site(run, output)
    finally:
        done, answer = wait() if wait else (True, counted)
    if not done:
        reason = answer[0].strip().splitlines()[-1]
        raise IndexFailed(f"kosakata pencarian (cari/kosakata/) tidak dapat ditulis: {reason}")
    run.search.keep_vocabulary(answer)  # counted from for the next build


def _index_site(run, output: Path):
    model, settings = run.search, run.settings
    if not settings.get("CARI_ENABLED", True):
        logger.info("Indeks pencarian dilewati (CARI_ENABLED = False).")
        return
    previous = run.previous / "pagefind" if run.previous else None
    if settings.get("CARI_PREVIEW") and previous and previous.is_dir() and previous != output / "pagefind":
        # Opt-in for very large sites: the preview keeps the previous index (hard links)
        # instead of indexing the changed shard again.
        shutil.copytree(previous, output / "pagefind", copy_function=os.link)
        logger.info("Pratinjau: indeks pencarian dari build sebelumnya dipakai ulang.")
        return
    if not model.pages:
        # A new site with nothing published yet: nothing to search, no index to build.
        logger.info("cari: belum ada halaman yang terbit; indeks pencarian tidak dibuat.")
        return
    cache = settings.get("CARI_CACHE_PATH") or Path(settings["PATH"]).resolve().parent / "cache" / "cari"
    memory = run.memory if run.memory is not None else {}
    # The pages' md5s: the last build's, and those of the pages this one rendered (each
    # kept with its stamp: a page changed since is read again).
    digests = FileDigests({**(memory.get(PAGE_DIGESTS) or {}), **(run.pages_written or {})})
    run.stats["cari"] = _index(str(output), {
        "pages": model.pages,
        "cache": cache,
        "size": int(settings.get("CARI_SHARD_PAGES") or DEFAULTS["CARI_SHARD_PAGES"]),
        "timeout": settings.get("CARI_TIMEOUT", 600),
        # Pagefind runs per CPU, plus one: a shard whose bundle is being prepared for the
        # merge (Python, in the build's process) holds its slot while the others index.
        "workers": min(2, usable_cpus()) + 1,
        "digests": digests,
    })
    memory[PAGE_DIGESTS] = digests.new  # for the next build (Run.memory)


# Pagefind's licence (MIT): its scripts are published with every site (NOTICE).
PAGEFIND_LICENSE = """Pagefind (https://pagefind.app/), published here as the site's search.

Copyright 2022 CloudCannon

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the "Software"), to deal in the Software without restriction, including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


def _index(output, step):
    counts = shards.build(output, step["pages"], step["cache"], size=step["size"], timeout=step["timeout"],
                          workers=step["workers"], digests=step.get("digests"))
    (Path(output) / "pagefind" / "LICENSE.txt").write_text(PAGEFIND_LICENSE, encoding="utf-8")
    logger.info(
        "cari: %(pages)d halaman dalam %(shards)d bagian indeks, %(indexed)d bagian diindeks ulang", counts
    )
    return counts


def regulation_names(settings) -> dict[str, str]:
    """How a query may name an instrument (slug, short name, name, the citation's issuer:
    `perbup`, `peraturan bupati`, `peraturan bupati sukamaju`) → its slug, longest first,
    for the search page's regulation-number rule."""
    from content import regulasi

    from .kamus import words

    instruments, _ = regulasi.instruments(settings)
    offered = regulasi.offered(settings)
    place = regulasi.region(settings)
    names: dict[str, str] = {}
    for inst in instruments.values():
        # The issuer with the region's name only for its own kinds ("peraturan gubernur
        # jawa sukamaju", never "peraturan bupati jawa sukamaju").
        mine = (regulasi.issuer(inst, place),) if inst.slug in offered else ()
        for name in (inst.slug, inst.singkatan, inst.nama, *mine):
            key = " ".join(words(name))
            if key:
                names.setdefault(key, inst.slug)
    return dict(sorted(names.items(), key=lambda kv: -len(kv[0])))


def index_deferred(run, output) -> bool:
    """Run the step a deferred run (``Run.defer_search``) left for later (the typo
    vocabulary, the index) on ``output``, the folder its pages are now in; the same
    step, so the same files. False when there is none."""
    step, run.search_step = run.search_step, None
    if step is None:
        return False
    _finish(run, Path(output))
    return True


__all__ = ["IndexFailed", "begin", "configure", "count_words", "derive", "describe", "finish", "index_deferred", "make_model", "stop"]
