"""sitemap: the HTML site map (``peta-situs/``) and question-and-answer pages.

- ``situs``: ``peta-situs/`` lists every section, OPD, list and static page, computed
  from the menus, the OPD registry, the content types and what the other generators
  hand over (categories, channels, pages), and kept only where a page is written, so
  it follows the site instead of going stale.
- ``tanya``: a static page with ``Tanya-Jawab: ya`` is a FAQ: every ``## …`` heading is
  a question, the text under it its answer. The page gets a list of the questions and
  ``FAQPage`` JSON-LD (``page.tanya_jawab``, ``page.faq_jsonld``; template
  ``tanya_jawab.html``).

The pipeline runs ``PetaSitusGenerator`` after the generators whose pages it lists.
"""

from __future__ import annotations

from .situs import DEFAULTS, PetaSitusGenerator
from .tanya import derive, describe

__all__ = ["DEFAULTS", "PetaSitusGenerator", "derive", "describe"]
