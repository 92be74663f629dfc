"""Precompressed copies: ``page.html.gz`` (zopfli) and ``page.html.br`` (brotli)
beside every text file, for nginx's ``gzip_static``/``brotli_static``. The gzip
encoder is the standard library's at level 9 (``PRECOMPRESS_GZIP = "gzip"``) or zopfli
(``"zopfli"``: about 2 % smaller, about 500 times slower).

A post-build step (``POST_BUILD_STEPS`` in the settings, run by content's build on the
staging folder after Pelican returns), so it sees everything every plugin wrote,
the search index included. Output is deterministic: zopfli writes a gzip header with
mtime 0 and no file name (both encoders), brotli has no header; each file is compressed on its own,
so the order of work does not matter.

A copy is kept only when it is at most ``PRECOMPRESS_MAX_RATIO`` of the original and
the original is at least ``PRECOMPRESS_MIN_SIZE`` bytes; otherwise the server sends
the original, which is as fast.
"""

from __future__ import annotations

import logging
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import gzip

import brotli
import zopfli.gzip

logger = logging.getLogger(__name__)

GZIP = {
    "gzip": lambda data: gzip.compress(data, compresslevel=9, mtime=0),
    "zopfli": lambda data: zopfli.gzip.compress(data),
}


def encoders(gzip_encoder: str):
    if gzip_encoder not in GZIP:
        raise ValueError(f"PRECOMPRESS_GZIP: {gzip_encoder!r} tidak dikenal; pilihan: {', '.join(GZIP)}")
    return {".gz": GZIP[gzip_encoder], ".br": lambda data: brotli.compress(data, quality=11)}


def text_files(root: Path, extensions) -> list[Path]:
    exts = {"." + e.lower().lstrip(".") for e in extensions}
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in exts)


def compress_file(path: str, min_size: int, max_ratio: float, gzip_encoder: str = "gzip") -> int:
    """Write the kept copies of ``path``; return how many were written."""
    data = Path(path).read_bytes()
    if len(data) < min_size:
        return 0
    written = 0
    for suffix, encode in encoders(gzip_encoder).items():
        packed = encode(data)
        if len(packed) <= len(data) * max_ratio:
            Path(path + suffix).write_bytes(packed)
            written += 1
    return written


def precompress(output: str | os.PathLike, settings: dict) -> int:
    """The post-build step: compress the text files under ``output`` when the
    ``PRECOMPRESS`` setting is on. Returns the number of files written."""
    if not settings.get("PRECOMPRESS", False):
        return 0
    from . import DEFAULTS

    exts = settings.get("PRECOMPRESS_EXTENSIONS", DEFAULTS["PRECOMPRESS_EXTENSIONS"])
    min_size = int(settings.get("PRECOMPRESS_MIN_SIZE", DEFAULTS["PRECOMPRESS_MIN_SIZE"]))
    max_ratio = float(settings.get("PRECOMPRESS_MAX_RATIO", DEFAULTS["PRECOMPRESS_MAX_RATIO"]))
    encoder = settings.get("PRECOMPRESS_GZIP", DEFAULTS["PRECOMPRESS_GZIP"])
    encoders(encoder)  # refuse an unknown name before any work
    files = [str(p) for p in text_files(Path(output), exts)]
    workers = min(os.cpu_count() or 1, 4)
    if workers > 1 and len(files) > 50:
        with ProcessPoolExecutor(workers) as pool:
            counts = list(pool.map(compress_file, files, *[[arg] * len(files) for arg in (min_size, max_ratio, encoder)], chunksize=16))
    else:
        counts = [compress_file(f, min_size, max_ratio, encoder) for f in files]
    return sum(counts)
