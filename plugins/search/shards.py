"""The search index built in shards, each cached, merged into one bundle.

The indexed pages are grouped by type and year (``berita-2019``, ``informasi-2024``,
``halaman``), a group split in slices of at most ``CARI_SHARD_PAGES`` pages (in path
order, so new items land in the last slice). Pagefind indexes each shard on its own
(a folder holding the shard's pages), so its memory follows the shard, not the site.
That folder is in memory (``/dev/shm``) when the system has one, and a page in it is
only what Pagefind reads of it (``search_document``: the element marked
``data-pagefind-body``, not the header, menus and footer every page repeats): the
same pages, words, places and filters, with about a third less of Pagefind's time
(and no folder per page on the disk). Without it, the folder holds hard links to the
pages, beside the cache. A build killed before it removed its folder in memory leaves
it to the next build, which removes it (``clear_leftovers``).

A shard's bundle is cached under ``CARI_CACHE_PATH`` (a ``common.store``
folder entry) by the digest of its pages' bytes, salted by Pagefind's version and the
code version of ``search``: after an edit only the edited item's shard is indexed again. ``merge.py`` splices the shards into the one bundle the browser loads.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import stat
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from common.files import TEMP, CacheLock
from common.stamps import FileDigests
from common.store import Store, code_version
from content import kemajuan

from . import merge
from .index import BUNDLE, IndexFailed, command, run_pagefind

logger = logging.getLogger(__name__)
STORE = "terkompresi"  # compressed merged index files, by content digest (merge.py)
EMPTY = "kosong"  # marks a shard none of whose pages has text to index


@dataclass
class Shard:
    key: str
    files: list[str]  # output-relative paths of the pages, sorted
    digest: str = ""

    @property
    def name(self) -> str:
        return f"{self.key}-{self.digest[:16]}"


def plan(pages, size: int) -> list[Shard]:
    """Shards of ``pages`` [(group, output-relative path)], in group order."""
    groups: dict[str, list[str]] = {}
    for group, path in pages:
        groups.setdefault(group, []).append(path)
    shards = []
    for group in sorted(groups):
        files = sorted(set(groups[group]))
        for i in range(0, len(files), max(1, size)):
            shards.append(Shard(f"{group}-{i // max(1, size) + 1}", files[i : i + max(1, size)]))
    return shards


def store(cache: Path) -> Store:
    """The shard cache: one folder entry per shard bundle, named ``Shard.name``, plus the
    store of compressed files (``STORE``); entries no page needs any more are deleted by
    a build alone with the cache (``LOCK``)."""
    salt = f"pagefind {metadata.version('pagefind-bin')} {command(Path('.'))[1:]} {code_version('search')}"
    return Store(cache.parent, cache.name, salt)


def _digest(shard: Shard, site: Path, cache: Store, pages: FileDigests) -> str:
    """The key of a shard: its pages' names and bytes. Each page's md5 is kept with its
    stamp between builds (``pages``, from ``Run.memory``), so a page an incremental build
    kept (a hard link to the previous output, or left in place by the preview) is not read
    again."""
    h = hashlib.md5(usedforsecurity=False)
    root = os.fspath(site)
    for rel in shard.files:
        digest = pages.of(f"{root}/{rel}", rel)
        if digest is None:
            raise IndexFailed(f"halaman {rel} tidak dapat dibaca untuk indeks pencarian.")
        h.update(f"{rel}\0{digest}\n".encode())
    return cache.key(h.hexdigest())


_BODY = "data-pagefind-body"
_TAG = re.compile(r"<([A-Za-z][\w-]*)")
_HTML = re.compile(r"<html\b[^>]*>", re.IGNORECASE)


def search_document(html: str) -> str | None:
    """What Pagefind reads of a page: its ``<html>`` tag and the one element marked
    ``data-pagefind-body``; None (the whole page is indexed) when the page has no such
    element or more than one, or any other ``data-pagefind-`` attribute outside it
    (Pagefind reads filters and meta anywhere on a page)."""
    at = html.find(_BODY)
    if at < 0 or html.find(_BODY, at + 1) >= 0:
        return None
    start = html.rfind("<", 0, at)
    tag = _TAG.match(html, start) if start >= 0 else None
    if tag is None or ">" in html[start:at] or not html[at - 1].isspace():  # the words in a text
        return None
    depth, end = 0, -1
    for m in re.compile(rf"<(/?){re.escape(tag.group(1))}(?=[\s>/])", re.IGNORECASE).finditer(html, start):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            end = html.find(">", m.end())
            break
    if end < 0 or html.find("data-pagefind-", 0, start) >= 0 or html.find("data-pagefind-", end) >= 0:
        return None
    opening = _HTML.search(html, 0, start)
    return (f"<!DOCTYPE html>{opening.group(0) if opening else '<html>'}<head><meta charset=\"utf-8\"></head>"
            f"<body>{html[start:end + 1]}</body></html>")


SHM = Path("/dev/shm")
SHM_PREFIX = "situs-daerah-cari-"


def in_memory() -> bool:
    """Whether the system has a memory file system for the shards' pages (``SHM``)."""
    return SHM.is_dir() and os.access(SHM, os.W_OK | os.X_OK)


def memory_prefix() -> str:
    """The name of this process's folders in ``SHM``: they carry its process number."""
    return f"{SHM_PREFIX}{os.getpid()}-"


def clear_leftovers() -> list[str]:
    """Remove the folders in ``SHM`` of builds killed before they could remove their own
    (SIGKILL, the system's out-of-memory killer, a cancelled CI job): memory the system
    would otherwise not get back until it restarts. A folder is a leftover when the
    process its name carries is gone; another user's folder, or one of a live process,
    stays. Returns the names removed."""
    removed = []
    try:
        found = [p for p in SHM.iterdir() if p.name.startswith(SHM_PREFIX)]
    except OSError:
        return removed
    for path in found:
        pid = path.name[len(SHM_PREFIX):].split("-", 1)[0]
        try:
            st = path.lstat()
        except OSError:
            continue
        if pid.isdigit() and stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not _alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except OSError:  # a process of another user
        pass
    return True


def _mirror(site: Path, files: list[str], mirror: Path, documents: bool) -> dict[str, dict]:
    """The shard's pages under ``mirror``: in memory, each as its ``search_document``
    (or the whole page when it has none), written in reverse path order (Linux's tmpfs
    lists the newest entry first, and Pagefind numbers the pages in the order it finds
    them: here, path order); on a disk, hard links to the pages (there a new file costs
    about 0.8 ms and a new folder 0.5 ms, a link 0.02 ms). Returns the sort values of
    the pages it read (path -> ``merge.sort_values``), for ``_sorts``."""
    sorts = {}
    for rel in reversed(files) if documents else files:
        dest = mirror / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if documents:
            html = (site / rel).read_text(encoding="utf-8")
            document = search_document(html) or html
            dest.write_text(document, encoding="utf-8")
            sorts[rel] = merge.sort_values(document)
            continue
        try:
            os.link(site / rel, dest)
        except OSError:
            shutil.copy2(site / rel, dest)
    return sorts


def _sorts(site: Path, known: dict[str, dict] | None = None):
    """``sorts_of(url)`` for ``merge.prepare``: from ``known`` (``_mirror``'s), else
    the page under ``site`` read."""
    def sorts_of(url: str) -> dict:
        rel = url.lstrip("/") + ("index.html" if url.endswith("/") else "")
        hit = known.get(rel) if known else None
        return hit if hit is not None else merge.sort_values((site / rel).read_text(encoding="utf-8"))

    return sorts_of


def _index(shard: Shard, site: Path, cache: Store, timeout: float) -> None:
    """Run Pagefind over one shard and prepare its bundle for merging."""

    def fill(bundle: Path, documents: bool):
        # A folder a killed build leaves: in memory, named for what made it; in the
        # cache folder, pruned with the cache (TEMP).
        place = dict(prefix=memory_prefix(), dir=SHM) if documents else dict(prefix=TEMP, dir=cache.dir)
        with tempfile.TemporaryDirectory(**place) as mirror:
            sorts = _mirror(site, shard.files, Path(mirror), documents)
            run_pagefind(Path(mirror), timeout, output=bundle)
            if (bundle / "pagefind-entry.json").is_file():
                merge.prepare(bundle, _sorts(Path(mirror), sorts), merge.fields_of(bundle))
            else:  # no page of the shard has text to index: remembered, adds nothing
                (bundle / EMPTY).touch()

    def fill_somewhere(bundle: Path):
        if in_memory():
            try:
                return fill(bundle, True)
            except OSError:  # the memory file system is full (a container's 64 MiB): on disk
                shutil.rmtree(bundle)
                bundle.mkdir()
        fill(bundle, False)

    cache.delete(shard.name)  # unfinished (an older format): made again
    cache.put_folder(shard.name, fill_somewhere)


def build(site, pages, cache, *, size: int, timeout: float = 600, workers: int = 2,
          digests: FileDigests | None = None) -> dict:
    """Index ``pages`` [(group, output-relative path)] of ``site`` into ``site/pagefind``;
    returns counts for the log. Raises IndexFailed. ``digests``: the pages' md5s known
    from the last build (filled for the next)."""
    try:
        return _build(Path(site), pages, Path(cache), size, timeout, workers, digests or FileDigests())
    except merge.MergeError as exc:
        raise IndexFailed(f"indeks pencarian tidak dapat digabung: {exc}") from None


def _done(bundle: Path) -> bool:
    return (bundle / merge.PREPARED).is_file() or (bundle / EMPTY).is_file()


LOCK = "sedang-dipakai.lock"  # a CacheLock: builds using this cache


def _build(site: Path, pages, cache: Path, size: int, timeout: float, workers: int, digests: FileDigests) -> dict:
    root = os.fspath(site)
    shards = [s for s in plan(pages, size) if all(os.path.isfile(f"{root}/{f}") for f in s.files)]
    if not shards:
        raise IndexFailed("tidak ada halaman untuk diindeks.")
    cache.mkdir(parents=True, exist_ok=True)
    # Builds may share the cache (the preview beside a one-off build, two CI jobs on one
    # runner): what one did not use is deleted only when no other is using it.
    with CacheLock(cache / LOCK) as lock:
        return _build_locked(site, shards, cache, timeout, workers, digests, lock)


def _build_locked(site: Path, shards: list[Shard], cache: Path, timeout: float, workers: int,
                  digests: FileDigests, lock: CacheLock) -> dict:
    entries = store(cache)
    if in_memory():
        for name in clear_leftovers():
            logger.info("cari: sisa build yang terhenti dihapus dari memori: %s", SHM / name)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        # Pagefind runs in a child process, so one shard's preparing (Python) overlaps
        # the next shard's indexing; a shard is indexed as soon as its key is known,
        # while the next shards' pages are read for theirs.
        missing = []
        for shard in shards:
            shard.digest = _digest(shard, site, entries, digests)
            if not _done(cache / shard.name):
                missing.append(pool.submit(_index, shard, site, entries, timeout))
        for i, future in enumerate(missing):
            kemajuan.stage("Membangun indeks pencarian (bagian)", i, len(missing))
            future.result()
    kemajuan.stage("Menggabungkan indeks pencarian")
    bundles = [cache / s.name for s in shards if (cache / s.name / merge.PREPARED).is_file()]
    # The merged index lists the meta fields of every shard; a shard lacking some (no
    # page with an image, say) has its field numbers mapped onto that list.
    fields = sorted(set().union(*(merge.fields_of(b) for b in bundles)))
    loaded = []
    for bundle in bundles:
        # A shard prepared for another field list is decoded again (not re-indexed).
        loaded.append((bundle, merge.load(bundle, fields) or merge.prepare(bundle, _sorts(site), fields)))
    if not loaded:
        raise IndexFailed(f"Pagefind tidak menulis {BUNDLE}/pagefind-entry.json; tidak ada halaman yang diindeks?")
    target = site / BUNDLE
    shutil.rmtree(target, ignore_errors=True)
    pages_count, compressed = merge.merge(loaded, target, store=cache / STORE)
    if lock.alone():  # no other build is using the cache: what this one did not use goes
        entries.prune({s.name for s in shards} | {STORE, LOCK})  # shards no page needs any more
        merge.prune(cache / STORE, compressed)
    return {"shards": len(shards), "indexed": len(missing), "pages": pages_count, "read": digests.read}
