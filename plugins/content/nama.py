"""Published names of files as authors name them.

Cameras, phones and Windows name files ``Foto Rapat 01.JPG`` or ``Laporan Keuangan
(final).pdf``: a space separates candidates in ``srcset``, and such names need escaping
in every URL. Every file the site publishes from ``content/`` (image derivatives,
documents) is published under a slugged path: each folder and the file's stem through
python-slugify, the extension in lower case. A document keeps its original name as the
name a download is saved under (``download`` attribute).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import PurePosixPath
from urllib.parse import quote

from slugify import slugify


def _part(text: str) -> str:
    return slugify(text, lowercase=True) or "berkas"


@lru_cache(maxsize=65536)
def published_path(rel: str) -> str:
    """``images/Foto Rapat 01.JPG`` -> ``images/foto-rapat-01.jpg`` (a path under content/)."""
    path = PurePosixPath(rel.replace("\\", "/"))
    folders = [_part(p) for p in path.parent.parts if p not in ("", ".", "/")]
    stem = _part(path.stem)
    suffix = path.suffix.lower()
    suffix = "." + (slugify(suffix[1:]) or "bin") if suffix else ""
    return "/".join([*folders, stem + suffix])


def url_path(path: str) -> str:
    """A path as it may stand in any URL attribute (``srcset`` included): percent-escaped."""
    return quote(path, safe="/:@!$&'()*+;=-._~")
