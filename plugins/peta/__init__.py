"""peta: the HTML site map (``peta-situs/``) and question-and-answer pages.

- ``situs``: ``peta-situs/`` lists every section, OPD, list and static page, computed
  from the menus, the OPD registry, the content types and what the other generators
  hand over (categories, channels, pages), and kept only where a page is written, so
  it follows the site instead of going stale.
- ``tanya``: a static page with ``Tanya-Jawab: ya`` is a FAQ: every ``## …`` heading is
  a question, the text under it its answer. The page gets a list of the questions and
  ``FAQPage`` JSON-LD (``page.tanya_jawab``, ``page.faq_jsonld``; template
  ``tanya_jawab.html``).

List ``peta`` after the plugins whose pages it lists (its generator reads what they wrote).
"""

from __future__ import annotations

from pelican import signals

from . import situs, tanya


def register():
    signals.initialized.connect(situs.on_initialized)
    signals.all_generators_finalized.connect(tanya.on_all_generators_finalized)
    signals.get_generators.connect(situs.get_generators)
