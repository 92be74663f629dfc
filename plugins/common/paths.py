"""Paths of content files: as a message shows them, and as a body or field links them."""

from __future__ import annotations

import fnmatch
import os
import re
from pathlib import Path

# What a template file's name ends with (the theme's and a site's own templates).
TEMPLATE_SUFFIXES = (".html", ".htm", ".xml", ".j2", ".jinja", ".txt")
# Pelican's link prefixes: the rest of the link is a path under content/.
LINK_PREFIXES = ("{static}", "{attach}", "{filename}")


def message_folder() -> str:
    """The folder messages name files from: a site's own folder while the kit's tasks
    run for it (``SITUS``, which the site's run.sh sets before it runs them from its
    ``kit/`` folder), so that they say ``content/…`` as the site's repository does; else
    the working folder."""
    site = os.environ.get("SITUS")
    return os.path.abspath(site) if site else os.getcwd()


def display_path(path) -> str:
    """A path relative to ``message_folder()`` when it lies inside it, else as given."""
    text, cwd = os.fspath(path), message_folder()
    if _plain(text) and _plain(cwd) and text != cwd and not text.startswith(cwd.rstrip("/") + "/"):
        return str(path)  # outside it, as ``relpath``'s ``..`` would say, without its work
    rel = relative(text, cwd)
    return str(path) if rel.startswith("..") else rel


def relative(path: str, base: str) -> str:
    """``os.path.relpath(path, base)``, without its work when ``path`` is a plain absolute
    path inside ``base`` (also plain: no ``.`` or ``..`` part, no doubled or final slash),
    which is what the build's own paths are: it is called for every page of a build."""
    prefix = base if base.endswith("/") else base + "/"
    if len(path) > len(prefix) and path.startswith(prefix) and _plain(path) and _plain(base.rstrip("/") or "/"):
        return path[len(prefix):]
    return os.path.relpath(path, base)


def _plain(path: str) -> bool:
    """An absolute path without empty, ``.`` or ``..`` parts and without a final slash."""
    return (path.startswith("/") and (path == "/" or not path.endswith(("/", "/.", "/.."))) and "//" not in path
            and "/./" not in path and "/../" not in path)


def strip_link_prefix(link: str, prefixes=LINK_PREFIXES) -> tuple[str, bool]:
    """``{static}images/a.jpg`` → ``("images/a.jpg", True)``: the link without Pelican's
    prefix, and whether it had one (the rest is then a path under content/). As Pelican,
    one prefix at most."""
    for prefix in prefixes:
        if link.startswith(prefix):
            return link[len(prefix):], True
    return link, False


def folder_or_content(path: str, content: Path, folder: Path) -> Path:
    """The file a body image's relative path names (no leading ``/``, no Pelican prefix):
    in the item's folder, as Pelican reads a relative path, or, when there is no such file
    there, under content/, as the ``Image`` field and the web editor write an image
    (``images/berita/dinkes/foto.jpg``). The images step writes that image's ``<picture>``
    with the site's own addresses, so the page never keeps the relative path."""
    here = folder / path
    return here if here.exists() or not (content / path).exists() else content / path



def as_under_content(value: str, content: Path) -> str | None:
    """A path written as the repository or Windows shows it (``content/`` in front,
    ``\\`` for ``/``) that names a file under ``content``: the path to write instead,
    from content/; None when ``value`` is not written so, or names no such file."""
    tried = value.replace("\\", "/").lstrip("/")
    meant = tried.removeprefix("content/")
    if meant == tried and "\\" not in value:
        return None
    target = content / meant
    try:
        return meant if meant and target.is_file() and target.resolve().is_relative_to(content.resolve()) else None
    except (OSError, RuntimeError):
        return None


# Files an editor leaves beside the one being written (Emacs' lock ``.#berita.md`` and
# backup ``#berita.md#``, vim's swap files, ``berita.md~``): never content.
EDITOR_FILES = (".#*", "#*#", "*~", ".*.swp", ".*.swo", ".*.swx")


def ignored_names(settings) -> list[str]:
    """The file and folder names no step reads (``IGNORE_FILES``, matched against bare
    names as Pelican's readers match them): a site's own list and ``EDITOR_FILES``.
    Pelican's own default (``**/.*``) is a path pattern, which matches no bare name: it
    counts as unset."""
    names = [n for n in settings.get("IGNORE_FILES") or () if n != "**/.*"]
    return names + [n for n in EDITOR_FILES if n not in names]


def ignored(settings):
    """``ignored_names`` as one test of a bare name (a compiled expression: it runs for
    every file of the site)."""
    return re.compile("|".join(fnmatch.translate(n) for n in ignored_names(settings))).match
