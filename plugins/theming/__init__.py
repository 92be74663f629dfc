"""theming: what the theme needs computed in Python.

- Colour tokens (``WARNA``): merged over the theme's defaults, checked for WCAG 2.1 AA
  contrast before anything is written, handed to templates as one ``:root{…}`` rule
  (``TEMA_CSS``) so a second kabupaten re-brands without touching the stylesheet.
- News navigation: for every published news item, the previous and next item in date
  order and more items from the same OPD, computed once per build
  (``article.berita_sebelumnya``, ``article.berita_berikutnya``, ``article.sama_opd``).
- Templates from the theme only (``only_own_templates``): no silent fallback on Pelican's
  own theme.
- Every filter and test a template names is one the templates have (``known_filters``),
  in branches a page may never take too: Jinja checks those only when a page takes them.
"""

from __future__ import annotations

import itertools
import logging
import os

from jinja2 import ChoiceLoader, TemplateAssertionError, TemplateSyntaxError, nodes
from markupsafe import Markup
from pelican.contents import Article
from pelican.generators import ArticlesGenerator

from common.paths import TEMPLATE_SUFFIXES
from common.stamps import stamp

from .warna import DEFAULT_WARNA, ColourError, contrast_problems, css_rule, merge

logger = logging.getLogger(__name__)

DEFAULTS = {
    "WARNA": {},
    "BERITA_TERKAIT_JUMLAH": 4,
}


def configure(run):
    settings = run.settings
    tokens = merge(settings.get("WARNA") or {})
    problems = contrast_problems(tokens)
    if problems:
        raise ColourError(problems)
    settings["WARNA_TOKENS"] = tokens
    settings["TEMA_CSS"] = Markup(css_rule(tokens))


def only_own_templates(run, generator):
    """A generator's templates from the theme (and a site's own, ``THEME_TEMPLATES_OVERRIDES``)
    only: Pelican falls back on its own "simple" theme for a template the theme lacks, so a
    deleted ``base.html`` built a site in Pelican's look without a word. Now a missing
    template is named (``preview.failure``); ``!simple/…`` and ``!theme/…`` still name
    those themes outright."""
    loader = getattr(getattr(generator, "env", None), "loader", None)
    if isinstance(loader, ChoiceLoader) and len(loader.loaders) == 3:
        generator.env.loader = ChoiceLoader([loader.loaders[0], loader.loaders[2]])


def known_filters(run):
    """Each template of the theme (and of a site's ``THEME_TEMPLATES_OVERRIDES``) names only
    filters and tests its environments have. Jinja says so when it compiles a template,
    except in an ``{% if %}`` branch, which it checks only when a page takes it: a
    misspelt filter under ``{% if article.modified %}`` built the site, then failed the
    build of whoever first wrote ``Modified:``, far from the template's edit. Said here as
    Jinja would say it (``preview.failure`` in Indonesian, the file and the line); a
    template that does not parse is left to the page that uses it."""
    envs = [g.env for g in run.generators if getattr(g, "env", None) is not None]
    if not envs:
        return
    known = {"filter": set().union(*(env.filters for env in envs)), "test": set().union(*(env.tests for env in envs))}
    env = envs[0]
    # The names each template file uses, by its stamp and the syntax it was parsed with,
    # kept between builds (the preview's memory, a one-off build's memory.pickle) and by
    # the process (each build of a process that builds several sites, the test suite's,
    # parsed the theme's 45 templates again: about a third of a small site's build).
    syntax = _syntax(env)
    last = (run.memory or {}).get(TEMPLATE_NAMES_KEY) or {}
    now = {}
    folders = [path for loader in getattr(env.loader, "loaders", [env.loader])
               for path in getattr(loader, "searchpath", ())]  # the theme's and a site's own, in order
    for name in sorted(env.list_templates(filter_func=lambda n: n.endswith(TEMPLATE_SUFFIXES) and not n.startswith("!"))):
        # The file Jinja would load, found and read here: its loader's get_source would note
        # its time for auto-reload, which the render step counts on reading once per page set.
        filename = next((f for f in (os.path.join(folder, name) for folder in folders) if os.path.isfile(f)), None)
        if filename is None:
            continue
        try:
            key = (filename, *stamp(os.stat(filename)), syntax)
            used = last.get(key)
            if used is None:
                used = _PARSED.get(key)
            if used is None:
                with open(filename, encoding="utf-8") as fh:
                    source = fh.read()
                tree = env.parse(source, name, filename)
                used = [("filter" if isinstance(node, nodes.Filter) else "test", node.name, node.lineno)
                        for node in tree.find_all((nodes.Filter, nodes.Test))]
        except (TemplateSyntaxError, OSError, UnicodeDecodeError):
            continue
        now[key] = used
        for kind, used_name, line in used:
            if used_name not in known[kind]:
                raise TemplateAssertionError(f"No {kind} named '{used_name}'.", line, name, filename)
    if run.memory is not None:
        run.memory[TEMPLATE_NAMES_KEY] = now
    if len(_PARSED) + len(now) > PARSED_MAX:
        _PARSED.clear()
    _PARSED.update(now)


TEMPLATE_NAMES_KEY = "theming.template_names"
PARSED_MAX = 2_000  # template files whose names the process keeps (a theme has about 45)
_PARSED: dict[tuple, list] = {}  # (file, stamp, syntax) -> the filters and tests it names


def _syntax(env) -> tuple:
    """What decides how Jinja parses a template in ``env``: its delimiters and extensions."""
    return (env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
            env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
            env.trim_blocks, env.lstrip_blocks, tuple(sorted(env.extensions)))


def site_address(run, generator):
    """``SITEURL`` for every template, the macros of an imported one too (``{% from
    "_item.html" import news_list %}`` sees the environment's globals, not the page's
    context): a site published under a path (a GitHub Pages project site,
    ``https://pemilik.github.io/situs``) had its cards and breadcrumbs link to ``/berita/…``,
    outside it."""
    env = getattr(generator, "env", None)
    if env is not None:
        env.globals["SITEURL"] = generator.settings.get("SITEURL") or ""


def on_articles_finalized(run, generator):
    """Previous/next in publication order and more from the same OPD."""
    relate(generator.articles, int(generator.settings.get("BERITA_TERKAIT_JUMLAH", 4)))


def place(run, item):
    """A new news item's neighbours and more from its OPD, among the last build's news
    (the preview's quick page of a new file)."""
    if isinstance(item, Article):
        generator = run.generator(ArticlesGenerator)
        relate([*generator.articles, item], int(run.settings.get("BERITA_TERKAIT_JUMLAH", 4)), only=item)


def relate(articles, limit: int, only=None):
    """``berita_sebelumnya``, ``berita_berikutnya`` and ``sama_opd`` of each of
    ``articles`` (of ``only`` alone, when given)."""
    ordered = sorted(articles, key=lambda a: (a.date, a.slug))  # oldest first
    by_opd: dict[str, list] = {}
    for art in reversed(ordered):  # newest first
        opd = getattr(art, "opd", None)
        by_opd.setdefault(opd.slug if opd else "", []).append(art)
    for i, art in enumerate(ordered):
        if only is not None and art is not only:
            continue
        art.berita_sebelumnya = ordered[i - 1] if i > 0 else None
        art.berita_berikutnya = ordered[i + 1] if i + 1 < len(ordered) else None
        opd = getattr(art, "opd", None)
        same = by_opd.get(opd.slug, []) if opd else []
        art.sama_opd = list(itertools.islice((a for a in same if a is not art), max(limit, 0)))


__all__ = ["DEFAULT_WARNA", "configure"]
