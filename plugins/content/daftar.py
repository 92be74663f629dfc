"""A list pasted from Word is a list.

A python-markdown extension (``MARKDOWN`` in pelicanconf.py). Word writes a bulleted or
numbered list as paragraphs that start with the bullet itself and a run of spaces
(``·`` and no-break spaces from its HTML, which the web editor keeps; ``·`` and a tab as
plain text): published as they came, they looked like a list but were paragraphs, which
a screen reader does not announce as a list. Such a line becomes a Markdown list item
(``- `` or ``1. ``) before the blocks are read. A bullet must be followed by a tab or
two spaces or more (``o``, Word's second level, by those alone), so a line that starts
with "· " in a sentence stays as written; code blocks are left alone (fenced ones are
set aside before this runs, indented ones start with four spaces).
"""

from __future__ import annotations

import re

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

GAP = r"(?:\t|[ \u00a0]{2,})[ \t\u00a0]*"
BULLET = re.compile(r"^( {0,3})(?:[·•▪◦§\uf0b7\uf0a7]|o(?=\t|[ \u00a0]{2}))" + GAP + r"(?=\S)")
NUMBER = re.compile(r"^( {0,3})(\d{1,3})[.)]" + r"(?:\t|\u00a0|[ \u00a0]{2,})[ \t\u00a0]*" + r"(?=\S)")


class DaftarPreprocessor(Preprocessor):
    def run(self, lines):
        out = []
        for line in lines:
            line = BULLET.sub(r"\1- ", line, count=1)
            line = NUMBER.sub(r"\1\2. ", line, count=1)
            out.append(line)
        return out


class DaftarExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - python-markdown's name
        # After fenced code blocks are set aside (25), before the blocks are read.
        md.preprocessors.register(DaftarPreprocessor(md), "daftar_word", 15)


def makeExtension(**kwargs):  # noqa: N802 - python-markdown's name
    return DaftarExtension(**kwargs)
