"""channels: news channels with their own list page and Atom feed.

Two channels a Diskominfo runs every day: narasi tunggal (news republished from a
national source, ``Sumber``/``Sumber-URL``) and siaran pers (``Category: Siaran
Pers``). Each gets a paginated list (``narasi-tunggal/``, ``siaran-pers/``) and an
Atom feed. A republished item also gets ``article.canonical_url``: the original
``Sumber-URL``, for the theme's ``<link rel="canonical">``.
"""

from __future__ import annotations

from .channels import DEFAULTS, KanalGenerator, configure, derive, describe

__all__ = ["DEFAULTS", "KanalGenerator", "configure", "derive", "describe"]
