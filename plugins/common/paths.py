"""Paths of content files: as a message shows them, and as a body or field links them."""

from __future__ import annotations

import os

# Pelican's link prefixes: the rest of the link is a path under content/.
LINK_PREFIXES = ("{static}", "{attach}", "{filename}")


def display_path(path) -> str:
    """A path relative to the working folder when it lies inside it, else as given."""
    rel = os.path.relpath(path)
    return str(path) if rel.startswith("..") else rel


def strip_link_prefix(link: str, prefixes=LINK_PREFIXES) -> tuple[str, bool]:
    """``{static}images/a.jpg`` → ``("images/a.jpg", True)``: the link without Pelican's
    prefix, and whether it had one (the rest is then a path under content/). As Pelican,
    one prefix at most."""
    for prefix in prefixes:
        if link.startswith(prefix):
            return link[len(prefix):], True
    return link, False
