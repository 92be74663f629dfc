"""The preview's quick page: an edited content file shown before its build.

When every file saved since the last build is a content file that build read, valid on
its own (``content.validate``), the preview's build process reads it again with that
build's readers and renders the page that shows it (the news item, the page, the DIP
entry...) with that build's templates and context. The new object gets what the last
build's ``derive`` gave the object it replaces (neighbours, numbering, relations), then
what ``derive`` computes from the file itself is computed again (``pipeline.DESCRIBE``:
an event's times, a DIP entry's fields, JSON-LD, search data, a FAQ page's questions).
Its page is on disk a fraction of a second after the save. The build that follows
always renders it again with everything else that changed
(``rendering.incremental.mark_quick``), and the site then equals a clean build.

As Hugo's server does with its fast render mode: for those seconds the edited page may
show a value that depends on the edit through the rest of the site (its place in a
list, a related item). Nothing is written (the build alone runs) when a changed file is
new, gone or not content, is not valid on its own or no longer published, shows an image
the last build did not have, gets another address or another template, or when anything
else fails.
"""

from __future__ import annotations

import io
import logging
import os
from pathlib import Path

import pipeline
from content import build as kbuild
from content.validate import Checker
from rendering import incremental

logger = logging.getLogger(__name__)

MOST = 3  # files saved together: more is not an edit of one page


def render(run, output: Path, changed) -> list[str]:
    """Write the quick pages of the files ``changed`` (absolute paths) into ``output``,
    the folder the last build (``run``, which is then discarded) is shown in; returns
    their names in ``output`` (empty: none written)."""
    writer, kept = run.writer, run.kept
    if not changed or len(changed) > MOST or not kept or writer is None or run.state is None:
        return []
    if not pipeline.in_place_possible(run.settings):
        return []  # something but the kit reads the finished folder (see in_place_possible)
    try:
        # Never beside another build of the same output (`invoke build` while the preview runs).
        with kbuild.output_lock(output, io.StringIO(), timeout=0):
            return _write(run, output, [page for path in sorted(changed) for page in _read(run, Path(path))])
    except Exception:  # noqa: BLE001 - the build that follows reports whatever this is (BuildBusy: skipped)
        logger.debug("halaman sekilas dilewati", exc_info=True)
        return []


def _write(run, output: Path, pages: list) -> list[str]:
    if not pages or None in pages:
        return []
    writer = run.writer
    names = [writer.jobs[job].name for job, _, _ in pages]
    incremental.mark_quick(run.state, names)  # before any page changes
    for (job, keys, new), name in zip(pages, names):
        job = writer.jobs[job]
        localcontext = dict(job.localcontext)
        localcontext.update(dict.fromkeys(keys, new))
        html = job.template.render(localcontext)
        target = output / name
        part = target.with_name(f".{target.name}.sekilas")
        try:
            part.write_text(html, encoding="utf-8")
            os.replace(part, target)
        finally:
            part.unlink(missing_ok=True)  # nothing half-written is left in the output
    return names


def _read(run, path: Path) -> list:
    """(job path, context names, new object) of each page that shows the file at ``path``,
    read again; [None] when it cannot have a quick page."""
    writer, kept, report = run.writer, run.kept, run.report
    full = str(path)
    shown, call, old_item = writer.pages_of.get(full), kept.calls.get(full), report.item_for(full)
    if not shown or call is None or old_item is None or not path.is_file():
        return [None]
    checked = Checker(run.content, run.settings, None, run.now).check_one(path, report.registry)
    if checked.errors or len(checked.items) != 1 or not checked.items[0].published:
        return [None]
    if checked.items[0] == old_item:
        return [None]  # saved unchanged: nothing new to show (the build finds the site up to date)
    images = run.images
    plans = (len(images.plans), len(images.problems)) if images is not None else None
    report.put(checked.items[0])
    original, args, rest = call
    with pipeline.hooks(run):
        new = original(*args, **rest)
    if images is not None and (len(images.plans), len(images.problems)) != plans:
        return [None]  # an image the last build did not make
    olds = [writer.jobs[job].localcontext[keys[0]] for job, keys in shown.items()]
    for old in olds:
        if type(new) is not type(old) or (new.url, new.save_as) != (old.url, old.save_as):
            return [None]
        for name, value in vars(old).items():
            if name not in vars(new):  # what the steps after reading gave the object
                setattr(new, name, value)
    pipeline.describe(run, new)  # and again what they compute from the file itself
    if any(new.template != old.template for old in olds):
        return [None]  # another template (a page made a FAQ page, or no longer one)
    return [(job, keys, new) for job, keys in shown.items()]
