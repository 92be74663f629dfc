"""A line ended by a backslash breaks the line, as CommonMark says.

A python-markdown extension (``MARKDOWN`` in pelicanconf.py). The web editor writes a
line break typed with Shift+Enter (an address, a list of contacts within a paragraph) as
``\\`` at the end of the line, and GitHub's preview of a file shows one there; python-
markdown knows only the other form (two spaces at the end of the line, which editors
strip unseen) and published the backslash, the lines run together. Inside code the
backslash stays (code spans and blocks are set aside before inline patterns run).
"""

from __future__ import annotations

from markdown.extensions import Extension
from markdown.inlinepatterns import SubstituteTagInlineProcessor

BACKSLASH_BREAK = r"\\\n"


class BarisExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - python-markdown's name
        # Before backslash escapes (180), after code spans (190).
        md.inlinePatterns.register(SubstituteTagInlineProcessor(BACKSLASH_BREAK, "br"), "garis_miring_baris", 185)


def makeExtension(**kwargs):  # noqa: N802 - python-markdown's name
    return BarisExtension(**kwargs)
