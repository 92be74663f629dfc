"""The preview's quick page: an edited or new content file shown before its build.

When every file saved since the last build is a content file, valid on its own
(``content.validate``), the preview's build process reads it with that build's readers
and renders the page that shows it (the news item, the page, the DIP entry...) with that
build's templates and context. An edited file's new object gets what the last build's
``derive`` gave the object it replaces (neighbours, numbering, relations); a new file is
read as a file of its type was, rendered as that file's page was, and gets its place
among the last build's objects (``pipeline.PLACE``: a DIP entry's number, a news item's
neighbours). Then what ``derive`` computes from the file itself is computed again
(``pipeline.DESCRIBE``: an event's times, a DIP entry's fields, JSON-LD, search data, a
FAQ page's questions). Its page is on disk a fraction of a second after the save. The
build that follows always renders it again with everything else that changed
(``rendering.incremental.mark_quick``), and the site then equals a clean build.

As Hugo's server does with its fast render mode: for those seconds the page may show a
value that depends on the edit through the rest of the site (its place in a list, a
related item), and the other pages wait for the build. Nothing is written (the build
alone runs) when a changed file is gone or not content, is not valid on its own or not
published, shows an image the last build did not have, gets another address or another
template (a new file: an address a file already has, or that another new file has), while
``RELATIVE_URLS`` is on, or when anything else fails.
"""

from __future__ import annotations

import io
import itertools
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
    if run.settings.get("RELATIVE_URLS"):
        return []  # a page's links then depend on where Pelican last rendered (its `localsiteurl`)
    try:
        # Never beside another build of the same output (`invoke build` while the preview runs).
        with kbuild.output_lock(output, io.StringIO(), timeout=0):
            return _write(run, output, [page for path in sorted(changed) for page in _read(run, output, Path(path))])
    except Exception:  # noqa: BLE001 - the build that follows reports whatever this is (BuildBusy: skipped)
        logger.debug("halaman sekilas dilewati", exc_info=True)
        return []


def _write(run, output: Path, pages: list) -> list[str]:
    if not pages or None in pages:
        return []
    names = [name for name, _, _ in pages]
    if len(set(names)) != len(names):
        return []  # two files shown on one page: the build says which is wrong
    incremental.mark_quick(run.state, names)  # before any page changes
    for name, template, localcontext in pages:
        html = template.render(localcontext)
        target = output / name
        target.parent.mkdir(parents=True, exist_ok=True)
        part = target.with_name(f".{target.name}.sekilas")
        try:
            part.write_text(html, encoding="utf-8")
            os.replace(part, target)
        finally:
            part.unlink(missing_ok=True)  # nothing half-written is left in the output
    return names


def _read(run, output: Path, path: Path) -> list:
    """(name in the output, template, context) of each page that shows the file at
    ``path``, read again; [None] when it cannot have a quick page."""
    report = run.report
    full = str(path)
    if not path.is_file():
        return [None]
    old_item = report.item_for(full)
    checked = Checker(run.content, run.settings, None, run.now).check_one(path, report.registry)
    if checked.errors or len(checked.items) != 1 or not checked.items[0].published:
        return [None]
    item = checked.items[0]
    if old_item is None:
        return _read_new(run, output, path, item)
    writer, kept = run.writer, run.kept
    shown, call = writer.pages_of.get(full), kept.calls.get(full)
    if not shown or call is None or item == old_item:
        return [None]  # saved unchanged: nothing new to show (the build finds the site up to date)
    new = _object(run, item, call)
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
    pages = []
    for job, keys in shown.items():
        job = writer.jobs[job]
        pages.append((job.name, job.template, {**job.localcontext, **dict.fromkeys(keys, new)}))
    return pages


def _read_new(run, output: Path, path: Path, item) -> list:
    """A new file: read as the last build read a file of its type, and rendered as that
    file's page was (its template, its context with the object, and what the page took
    from the object, replaced). It gets its place among the last build's objects (a DIP
    entry's number, a news item's neighbours: ``pipeline.PLACE``) and what derive
    computes from the file itself (``pipeline.DESCRIBE``). [None] when no file of its
    type had one page."""
    writer, kept, report = run.writer, run.kept, run.report
    like = ((src, shown) for src, shown in writer.pages_of.items()
            if len(shown) == 1 and src in kept.calls and getattr(report.item_for(src), "ctype", None) is item.ctype)
    first = next(like, None)
    if first is None:
        return [None]
    original, (base, _, *args), rest = kept.calls[first[0]]
    new = _object(run, item, (original, (base, os.path.relpath(path, base), *args), rest))
    for src, shown in itertools.chain([first], like):  # the first page of the same kind and template
        (job, keys), = shown.items()
        job = writer.jobs[job]
        old = job.localcontext[keys[0]]
        if type(old) is type(new) and old.template == new.template:
            break
    else:
        return [None]
    pipeline.place(run, new)
    pipeline.describe(run, new)
    if new.template != old.template:
        return [None]
    name = os.path.normpath(new.save_as)
    if not new.save_as or (output / name).exists():
        return [None]  # another page's address (the build refuses it)
    localcontext = dict(job.localcontext)
    for key, value in job.localcontext.items():
        if key in keys:
            localcontext[key] = new
        elif value is not None and value is getattr(old, key, None):  # `category=article.category`
            localcontext[key] = getattr(new, key, None)
    localcontext["output_file"] = new.save_as
    return [(name, job.template, localcontext)]


def _object(run, item, call):
    """The content object of ``item``'s file, read with ``call`` (Pelican's read_file and
    its arguments) and the run's hooks."""
    images = run.images
    plans = (len(images.plans), len(images.problems)) if images is not None else None
    run.report.put(item)
    original, args, rest = call
    with pipeline.hooks(run):
        new = original(*args, **rest)
    if images is not None and (len(images.plans), len(images.problems)) != plans:
        raise LookupError("an image the last build did not make")
    return new
