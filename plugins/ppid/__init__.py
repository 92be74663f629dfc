"""ppid: the PPID's service on the site.

- Static pages marked ``Layanan:`` (maklumat, SOPs, time and cost, hours and channels,
  profile, structure, forms) for the PPID Utama, or with ``OPD:`` for that OPD's PPID
  Pelaksana (written under ``opd/<slug>/``); ``Audio:`` plays in an ``<audio>`` player
  with the page text as its transcript, and the audio file is published beside it.
- The PPID menu (home page, footer, the ``ppid/`` page, each OPD page) built from the
  pages that exist, so no item points to a page that is not there; ``MENU_LAYANAN`` and
  ``MENU_PPID`` add a site's own items.

Pages keep the validated values in ``page.fields`` (``layanan``, ``audio``, ``opd``);
this plugin computes ``page.ppid`` (plain data for the template) and the menus.
"""

from __future__ import annotations

from pelican.contents import Page

from content.schema import HALAMAN

from .generator import PpidGenerator

DEFAULTS = {
    "MENU_LAYANAN": (),  # extra (label, URL, note) items of the home page's PPID menu
    "MENU_PPID": (),  # extra (label, URL) items of the footer's PPID menu
    "PPID_URL": "ppid/",  # the page that gathers the whole PPID menu
}


def on_content_init(run, content):
    """A PPID Pelaksana page is written under its OPD; service and audio pages use the
    service template. Computed from validated fields, never from author-given Pelican keys."""
    if not isinstance(content, Page):
        return
    fields = getattr(content, "fields", None) or {}
    if fields.get("opd"):
        url = HALAMAN.opd_url.format(opd=fields["opd"], slug=content.slug)
        content.override_url = url
        content.override_save_as = url + "index.html"
    if fields.get("layanan") or fields.get("audio"):
        content.template = "layanan"


def derive(run, generators):
    for g in generators:
        if isinstance(g, PpidGenerator):
            g.prepare()


def describe(run, page):
    """A page's ``page.ppid`` (its owner, service, audio; the other pages of its PPID as
    the menu lists them) from its fields."""
    if isinstance(page, Page) and getattr(page, "fields", None) is not None:
        run.generator(PpidGenerator).describe(page)
