"""Link check of a built site: every link and embedded file on every HTML page that
points inside the site (relative, root-relative, or absolute under SITEURL) must be a
file of the output, or a folder with an index.html. Other hosts are not fetched."""

from __future__ import annotations

import posixpath
import urllib.parse
from pathlib import Path

import lxml.html

SKIP_SCHEMES = {"mailto", "tel", "data", "javascript", "sms", "geo", "webcal", "blob"}


def _targets(doc):
    for element, attribute, link, _ in doc.iterlinks():
        if attribute == "srcset":
            continue
        if element.tag in {"form", "base"}:
            continue
        yield link
    for element in doc.xpath("//*[@srcset]"):
        for candidate in element.get("srcset", "").split(","):
            url = candidate.strip().split(" ")[0]
            if url:
                yield url


def resolve(output: Path, page: str, link: str, siteurl: str = "") -> Path | None:
    """The output path a site-internal ``link`` on ``page`` points at; None for links
    outside the site or to the page itself."""
    link = link.strip()
    if not link or link.startswith("#"):
        return None
    parts = urllib.parse.urlsplit(link)
    if parts.scheme in SKIP_SCHEMES:
        return None
    if parts.scheme or parts.netloc:
        site = urllib.parse.urlsplit(siteurl) if siteurl else None
        if not site or (parts.netloc, parts.scheme) != (site.netloc, site.scheme):
            return None
        path = parts.path
        base = site.path.rstrip("/")
        if base:
            if not path.startswith(base + "/") and path != base:
                return None
            path = path[len(base):] or "/"
    else:
        path = parts.path
        if not path:
            return None
        if not path.startswith("/"):
            path = posixpath.join("/" + posixpath.dirname(page), path)
    path = posixpath.normpath(urllib.parse.unquote(path))
    return output / path.lstrip("/")


def exists(target: Path) -> bool:
    return target.is_file() or (target.is_dir() and (target / "index.html").is_file())


def broken_links(output, siteurl: str = "") -> tuple[list[tuple[str, str]], int, int]:
    """([(page, link)] that lead nowhere, links checked, pages read)."""
    output = Path(output)
    broken, checked, pages = [], 0, 0
    for html in sorted(output.rglob("*.html")):
        page = html.relative_to(output).as_posix()
        pages += 1
        doc = lxml.html.fromstring(html.read_bytes())
        seen = set()
        for link in _targets(doc):
            target = resolve(output, page, link, siteurl)
            if target is None or link in seen:
                continue
            seen.add(link)
            checked += 1
            if not exists(target):
                broken.append((page, link))
    return broken, checked, pages
