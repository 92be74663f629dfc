"""kanal: news channels with their own list page and Atom feed.

Two channels a Diskominfo runs every day: narasi tunggal (news republished from a
national source, ``Sumber``/``Sumber-URL``) and siaran pers (``Category: Siaran
Pers``). Each gets a paginated list (``narasi-tunggal/``, ``siaran-pers/``) and an
Atom feed. A republished item also gets ``article.canonical_url``: the original
``Sumber-URL``, for the theme's ``<link rel="canonical">``.
"""

from __future__ import annotations

from pelican import signals

from .channels import KanalGenerator, on_all_generators_finalized, on_initialized


def get_generators(pelican):
    return [KanalGenerator]


def register():
    signals.initialized.connect(on_initialized)
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    signals.get_generators.connect(get_generators)
