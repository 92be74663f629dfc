"""Merging Pagefind bundles into one bundle, as if Pagefind had indexed all pages at once.

Pagefind cannot update an index in part and its indexer holds every page in memory
(about 190 KB a page). The site is therefore indexed in shards (``shards.py``) and the
shards' bundles are merged here, so the browser still loads ONE index: the same files,
requests and bytes per query as an index Pagefind wrote in one run.

The bundle format (Pagefind 1.5, ``pagefind/src/index``): every index file is gzip of
``b"pagefind_dcd"`` + CBOR, structs encoded as arrays:

- ``pagefind.<lang>_<hash>.pf_meta``: [version, pages [[fragment hash, word count]],
  index chunks [[from, to, hash]], filters [[name, hash]], sorts [[name, [page]]],
  meta field names (sorted)];
- ``index/<hash>.pf_index``: [[[word, [[page delta, locs, meta locs]], variants
  [[form, [[page delta, locs, meta locs]]]]]]]: words sorted, page numbers
  delta-encoded within a word, a negative meta loc ``-(field id + 1)`` switches field;
- ``filter/<hash>.pf_filter``: [name, [[value, [page]]]];
- ``fragment/<hash>.pf_fragment``: one page (JSON), unchanged by a merge.

Page numbers are positions in ``pages``: shard ``i``'s pages follow shard ``i - 1``'s.
Decoding and encoding millions of locations is the slow part, so each shard is
*prepared* once, when Pagefind indexes it (``prepare``): per word, its locations already
encoded as CBOR bytes; the merge of every build only splices bytes (``merge``).
Everything the merge writes is ordered, so equal shards give byte-equal bundles.
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import io
import json
import marshal
import operator
import os
import re
import shutil
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import cbor2

from common.forked import usable_cpus
from common.store import Store

SIGNATURE = b"pagefind_dcd"
FORMAT = "1.5."  # the Pagefind versions whose bundle format this module knows
CHUNK_SIZE = 20_000  # Pagefind's default index chunk size (locations per chunk)
PREPARED = "gabung.marshal"
PREPARED_VERSION = 1


class MergeError(Exception):
    pass


# --- CBOR pieces --------------------------------------------------------------------


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes((major << 5 | n,))
    if n < 0x100:
        return bytes((major << 5 | 24, n))
    if n < 0x10000:
        return bytes((major << 5 | 25,)) + n.to_bytes(2, "big")
    if n < 0x100000000:
        return bytes((major << 5 | 26,)) + n.to_bytes(4, "big")
    return bytes((major << 5 | 27,)) + n.to_bytes(8, "big")


def _text(s: str) -> bytes:
    data = s.encode("utf-8")
    return _head(3, len(data)) + data


def _items(encoded_list: bytes, count: int) -> bytes:
    """The elements of an encoded CBOR array of ``count`` items, without its header."""
    return encoded_list[len(_head(4, count)):]


def _read(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise MergeError(f"{path} bukan berkas indeks Pagefind")
    return cbor2.loads(data[len(SIGNATURE):])


def _gzip(raw: bytes) -> bytes:
    return gzip.compress(SIGNATURE + raw, compresslevel=6, mtime=0)


def _sha1(data: bytes) -> str:
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


def _short(full: str, taken: dict, data: bytes, start: int) -> str:
    """Pagefind's short hash: the first ``start`` characters, longer on a collision."""
    length = start
    while True:
        short = full[:length]
        if taken.get(short, data) == data or length >= len(full):
            taken[short] = data
            return short
        length += 1


# --- one shard ----------------------------------------------------------------------


def entry(bundle: Path) -> tuple[dict, str, dict]:
    data = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    if not str(data.get("version", "")).startswith(FORMAT):
        raise MergeError(f"format indeks Pagefind {data.get('version')} tidak dikenal (butuh {FORMAT}x)")
    (language, info), *others = data["languages"].items()
    if others:
        raise MergeError("indeks Pagefind berisi lebih dari satu bahasa")
    return data, language, info


SORT_VALUE = re.compile(r'data-pagefind-sort="([^"\[]+)\[([^\]]+)\]"([^>]*)>')


def sort_values(html: str) -> dict[str, str]:
    """The ``data-pagefind-sort="key[attr]" attr="value"`` values of a page."""
    out = {}
    for key, attr, rest in SORT_VALUE.findall(html):
        m = re.search(rf'\s{re.escape(attr)}="([^"]*)"', rest)
        if m:
            out[key] = m.group(1)
    return out


def _chunk_words(path: Path):
    """(word, pages, variants, the word's encoded bytes) of one index chunk."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise MergeError(f"{path} bukan berkas indeks Pagefind")
    fp = io.BytesIO(data)
    fp.seek(len(SIGNATURE))
    if _read_head(fp) != (4, 1):
        raise MergeError(f"{path}: bentuk indeks Pagefind tidak dikenal")
    major, count = _read_head(fp)
    if major != 4:
        raise MergeError(f"{path}: bentuk indeks Pagefind tidak dikenal")
    decoder = cbor2.CBORDecoder(fp)
    for _ in range(count):
        start = fp.tell()
        word, pages, variants = decoder.decode()
        yield word, pages, variants, data[start : fp.tell()]


def _read_head(fp) -> tuple[int, int]:
    first = fp.read(1)[0]
    major, info = first >> 5, first & 0x1F
    if info < 24:
        return major, info
    size = {24: 1, 25: 2, 26: 4, 27: 8}[info]
    return major, int.from_bytes(fp.read(size), "big")


def _remap(meta_locs: list, field_map: list[int]) -> list:
    return [-(field_map[-v - 1] + 1) if v < 0 else v for v in meta_locs]


_DELTA, _LOCS, _META_LOCS = (operator.itemgetter(i) for i in range(3))  # of a word's page entry


_URL_START = b'{"url":'
_JSON = json.JSONDecoder()


def fragment_url(path: Path) -> str:
    """The address of the page of a fragment file. Pagefind writes the fragment's fields
    in order, ``url`` first: only the start of the file is decompressed (the page's
    whole text was: 0.55-0.67 s for 12 000 fragments, 0.42 s this way); a fragment
    written otherwise, whole."""
    data = path.read_bytes()
    head = zlib.decompressobj(31).decompress(data, 4096)
    if head.startswith(SIGNATURE + _URL_START):
        try:
            url = _JSON.raw_decode(head[len(SIGNATURE):].decode("utf-8", "ignore"), len(_URL_START))[0]
        except ValueError:  # a longer address than the start holds
            url = None
        if isinstance(url, str):
            return url
    return json.loads(gzip.decompress(data)[len(SIGNATURE):])["url"]


def prepare(bundle: Path, sorts_of, fields: list[str]) -> dict:
    """Decode one shard's bundle into merge-ready pieces and save them beside it.

    ``sorts_of(url)`` returns the sort values of an indexed page (``sort_values``);
    ``fields`` is the merged meta field list the shard's field ids are mapped into."""
    data, language, info = entry(bundle)
    meta = _read(bundle / f"pagefind.{info['hash']}.pf_meta")
    version, pages, chunks, filters, _sorts, own_fields = meta
    missing = set(own_fields) - set(fields)
    if missing:
        raise MergeError(f"kolom meta {sorted(missing)} tidak dikenal")
    field_map = [fields.index(f) for f in own_fields]
    remap = field_map != list(range(len(field_map)))
    words = []
    for _from, _to, hash_ in chunks:
        for word, plist, variants, raw in _chunk_words(bundle / "index" / f"{hash_}.pf_index"):
            if remap:
                plist = [[d, locs, _remap(m, field_map)] for d, locs, m in plist]
            if not plist:  # only forms with diacritics (e.g. "ù"): all in the variants
                first_tail = rest = b""
            else:
                first = cbor2.dumps(plist[0])
                head = b"\x83" + _text(word) + _head(4, len(plist))
                tail = cbor2.dumps(variants) if variants else b"\x80"
                if not remap and raw.startswith(head + first) and raw.endswith(tail):
                    rest = raw[len(head) + len(first) : len(raw) - len(tail)]  # Pagefind's own bytes
                else:
                    rest = _items(cbor2.dumps(plist[1:]), len(plist) - 1)
                first_tail = first[1 + len(_head(0, plist[0][0])) :]
            # Counted by C-level iteration: this runs for every word of every page.
            size = sum(map(len, map(_LOCS, plist))) + sum(map(len, map(_META_LOCS, plist))) + len(plist)
            absolute = []
            for form, vpages in variants:
                number, out = 0, []
                for d, locs, m in vpages:
                    number += d
                    out.append([number, locs, _remap(m, field_map) if remap else m])
                absolute.append((form, out))
            last = sum(map(_DELTA, plist))
            words.append((word, len(plist), plist[0][0] if plist else 0, last, first_tail, rest, size, absolute))
    urls = [fragment_url(bundle / "fragment" / f"{h}.pf_fragment") for h, _ in pages]
    prepared = {
        "v": PREPARED_VERSION,
        "version": version,
        "language": language,
        "entry": data,
        "fields": list(fields),
        "pages": [tuple(p) for p in pages],
        "sorts": [sorts_of(u) for u in urls],
        "words": words,
        "filters": [(name, _read(bundle / "filter" / f"{h}.pf_filter")[1]) for name, h in filters],
    }
    (bundle / PREPARED).write_bytes(marshal.dumps(prepared))
    return prepared


def load(bundle: Path, fields: list[str]) -> dict | None:
    """The prepared pieces of a shard, or None when missing or made for other fields."""
    try:
        prepared = marshal.loads((bundle / PREPARED).read_bytes())
    except (OSError, ValueError, EOFError):
        return None
    if prepared.get("v") != PREPARED_VERSION or prepared.get("fields") != list(fields):
        return None
    return prepared


def fields_of(bundle: Path) -> list[str]:
    _data, _language, info = entry(bundle)
    return list(_read(bundle / f"pagefind.{info['hash']}.pf_meta")[5])


# --- the merge ------------------------------------------------------------------------


def merge(shards: list[tuple[Path, dict]], target: Path, store: Path | None = None) -> tuple[int, set[str]]:
    """Write the merge of the prepared ``shards`` [(bundle folder, pieces)] into
    ``target`` (a new folder); returns the number of pages and the entries of ``store``
    it used.

    ``store``: a folder of compressed index files by content digest, kept between
    builds, so a chunk an edit did not change is not compressed again; the caller
    removes the files no build needs any more (``prune``)."""
    if not shards:
        raise MergeError("tidak ada indeks untuk digabung")
    first = shards[0][1]
    language, version, fields = first["language"], first["version"], first["fields"]
    if any(p["language"] != language or p["version"] != version or p["fields"] != fields for _, p in shards):
        raise MergeError("bagian indeks berasal dari bahasa atau versi Pagefind yang berbeda")
    target.mkdir(parents=True)
    for part in ("fragment", "index", "filter"):
        (target / part).mkdir()
    # Script, worker, wasm and UI files are the same in every bundle of a version.
    for item in sorted(shards[0][0].iterdir()):
        if item.is_file() and item.suffix not in (".pf_meta", ".marshal") and item.name != "pagefind-entry.json":
            _link(item, target / item.name)

    offsets, pages, sorts, taken = [], [], [], {}
    for bundle, p in shards:
        offsets.append(len(pages))
        for hash_, words in p["pages"]:
            pages.append([_fragment(bundle, hash_, target, taken, language), words])
        sorts.extend(p["sorts"])

    packer = _Packer(store)
    try:
        chunks = _write_words(shards, offsets, target, language, packer)
        filters = _write_filters(shards, offsets, target, language, packer)
    finally:
        packer.finish()
    sort_meta = []
    for key in sorted({k for s in sorts for k in s}):
        numbered = [(s[key], i) for i, s in enumerate(sorts) if key in s]
        try:
            numbered.sort(key=lambda p: (float(p[0]), p[1]))
        except ValueError:  # as Pagefind: numbers only when every value is one
            numbered.sort()
        sort_meta.append([key, [i for _, i in numbered]])

    raw = cbor2.dumps([version, pages, chunks, filters, sort_meta, fields])
    meta_hash = f"{language}_{_sha1(raw)[: len(language) + 8]}"
    (target / f"pagefind.{meta_hash}.pf_meta").write_bytes(_gzip(raw))
    data = dict(first["entry"])
    data["languages"] = {language: {**data["languages"][language], "hash": meta_hash, "page_count": len(pages)}}
    (target / "pagefind-entry.json").write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return len(pages), packer.used


class _Packer:
    """Writes gzip files, reusing those of earlier builds from ``store`` (a
    ``common.store`` of blobs ``<digest>.gz``; ``used`` names those this merge took, the
    others are deleted by ``prune`` when no other build is using the cache).

    Compressing is most of a merge's time after an edit (every chunk holding a word of the
    edited page changes). zlib works without Python's lock, so the files are compressed
    by threads, one per usable CPU, while the merge goes on splicing the next chunks;
    ``finish`` waits for them (and raises what one of them raised)."""

    def __init__(self, store: Path | None):
        self.store = Store(store.parent, store.name) if store else None
        self.used = set()
        self.pool = ThreadPoolExecutor(max_workers=usable_cpus())
        self.pending = []

    def write(self, raw: bytes, digest: str, dest: Path) -> None:
        if not self.store:
            self.pending.append(self.pool.submit(lambda: dest.write_bytes(_gzip(raw))))
            return
        key = f"{digest}.gz"
        kept = self.store.path(key)
        self.used.add(key)
        if kept.is_file():
            _link(kept, dest)
        else:
            self.pending.append(self.pool.submit(lambda: _link(self.store.put(key, _gzip(raw)), dest)))

    def finish(self) -> None:
        try:
            for future in self.pending:
                future.result()
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)


def prune(store: Path, used: set[str]) -> int:
    """Remove the compressed files of ``store`` that are not in ``used``."""
    return Store(store.parent, store.name).prune(used)


def _link(source, dest) -> None:
    try:
        os.link(source, dest)
    except OSError:
        shutil.copy2(source, dest)


def _fragment(shard: Path, hash_: str, target: Path, taken: dict, language: str) -> str:
    """Link one page's fragment into the merged bundle; returns its (unique) hash.
    (Paths as strings: this runs for every page of the site.)"""
    source = f"{shard}/fragment/{hash_}.pf_fragment"
    if hash_ not in taken:
        taken[hash_] = source
        _link(source, f"{target}/fragment/{hash_}.pf_fragment")
        return hash_
    # Two shards wrote fragments with the same short hash: the same page text, or a
    # collision that a longer hash resolves (as Pagefind does within one run).
    data = gzip.decompress(Path(source).read_bytes())[len(SIGNATURE):]
    if gzip.decompress(Path(taken[hash_]).read_bytes())[len(SIGNATURE):] == data:
        return hash_
    full = f"{language}_{_sha1(data)}"
    length = len(hash_) + 1
    while full[:length] in taken:
        length += 1
    taken[full[:length]] = source
    _link(source, f"{target}/fragment/{full[:length]}.pf_fragment")
    return full[:length]


def _write_words(shards, offsets, target: Path, language: str, packer: _Packer) -> list:
    """Splice every shard's words (each list is sorted) into new index chunks."""
    streams = [zip(p["words"], [offset] * len(p["words"])) for (_, p), offset in zip(shards, offsets)]
    chunks: list[tuple[list[str], list[bytes]]] = []
    words: list[str] = []
    encoded: list[bytes] = []
    size = 0
    group: list = []

    def flush():
        nonlocal size
        word = group[0][0][0]
        parts, count, last, variants = [], 0, 0, {}
        for (_, n, first, end, first_tail, rest, wsize, vs), offset in group:
            if n:
                parts.append(b"\x83" + _head(0, offset + first - last) + first_tail + rest)
                last = offset + end
                count += n
            size += wsize
            for form, vpages in vs:
                variants.setdefault(form, []).extend([[offset + num, locs, m] for num, locs, m in vpages])
        vbytes = cbor2.dumps([[form, _delta(v)] for form, v in sorted(variants.items())])
        words.append(word)
        encoded.append(b"\x83" + _text(word) + _head(4, count) + b"".join(parts) + vbytes)

    for item in heapq.merge(*streams, key=lambda item: item[0][0]):
        if group and item[0][0] != group[0][0][0]:
            flush()
            group = []
            if size >= CHUNK_SIZE:
                chunks.append((words, encoded))
                words, encoded, size = [], [], 0
        group.append(item)
    if group:
        flush()
    if words:
        chunks.append((words, encoded))

    meta, taken = [], {}
    for words, encoded in chunks:
        raw = b"\x81" + _head(4, len(encoded)) + b"".join(encoded)
        digest = _sha1(raw)
        short = _short(f"{language}_{digest}", taken, raw, len(language) + 8)
        packer.write(raw, digest, target / "index" / f"{short}.pf_index")
        meta.append([words[0], words[-1], short])
    for i in range(len(meta) - 1):  # shortest prefixes that still separate chunks
        to, nxt = _prefixes(meta[i][1], meta[i + 1][0])
        if to >= meta[i][0]:
            meta[i][1] = to
        meta[i + 1][0] = nxt
    return meta


def _delta(pages: list) -> list:
    last, out = 0, []
    for number, locs, meta_locs in pages:
        out.append([number - last, locs, meta_locs])
        last = number
    return out


def _prefixes(a: str, b: str) -> tuple[str, str]:
    common = 0
    for x, y in zip(b, a):
        if x != y:
            break
        common += 1
    return a[: common + 1], b[: common + 1]


def _write_filters(shards, offsets, target: Path, language: str, packer: _Packer) -> list:
    values: dict[str, dict[str, list[int]]] = {}
    for (_, p), offset in zip(shards, offsets):
        for name, fvalues in p["filters"]:
            into = values.setdefault(name, {})
            for value, pages in fvalues:
                into.setdefault(value, []).extend(n + offset for n in pages)
    meta, taken = [], {}
    for name in sorted(values):
        raw = cbor2.dumps([name, [[v, p] for v, p in sorted(values[name].items())]])
        digest = _sha1(raw)
        short = _short(f"{language}_{digest}", taken, raw, len(language) + 8)
        packer.write(raw, digest, target / "filter" / f"{short}.pf_filter")
        meta.append([name, short])
    return meta
