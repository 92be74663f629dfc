"""An item's title as text."""

from __future__ import annotations


def title_text(value) -> str:
    """A title as the reader reads it, for what is not HTML (a tab's title, a share's
    text, JSON-LD, a feed entry, a search result): the kit's titles are plain text
    (``content.html_policy.text_problems`` lets ``Imunisasi Anak <7 Tahun, Target >95%``
    stand), so nothing in them is a tag to strip; runs of spaces and line ends become one
    space."""
    return " ".join(str(value or "").split())
