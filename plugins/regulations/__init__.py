"""regulations: regulations (produk hukum) as citizens and the JDIH network read them.

content reads ``content/regulasi/`` into ``context["regulasi"]`` and writes one page per
regulation; this plugin computes, once per run (``prepare``, before any page is written),
what those pages, the lists and the exports show: the citation title, the status, the
document's format and size, and the relations both ways (content.regulasi.derive). It
writes ``regulasi/`` (all, newest first), one list per instrument, per year and for
drafts, each paginated, and ``data/regulasi.json`` and ``data/jdihn.json`` with their
JSON Schema (``ekspor.py``).
"""

from __future__ import annotations

from .generator import RegulasiGenerator, describe

DEFAULTS = {
    "REGULASI_PER_PAGE": 50,  # rows per page of the regulation lists
    "REGULASI_DAERAH": "",  # "Kabupaten Sukamaju"; default SITENAME_SHORT
    "REGULASI_NAMA_DAERAH": "",  # "Sukamaju"; default REGULASI_DAERAH without its first word
    "REGULASI_KEPALA_DAERAH": "",  # "Bupati"; default from the first word of REGULASI_DAERAH
    "REGULASI_PENERBIT": "",  # JDIHN `penerbit`; default "Bagian Hukum Sekretariat Daerah <daerah>" (a provinsi: "Biro Hukum …")
    "REGULASI_TEU_BADAN": "",  # JDIHN `teuBadan`; default SITE_OWNER, else "Pemerintah <daerah>"
    "REGULASI_TEMPAT_TERBIT": "",  # JDIHN `tempatTerbit`; default REGULASI_NAMA_DAERAH ("Sukamaju"); a province: its capital
    "REGULASI_JDIH_URL": "",  # the region's own JDIH portal, when it has one (Bagian Hukum): linked from regulasi/
    "REGULASI_JDIHN_URL": "https://jdihn.go.id/",  # the national portal (JDIHN), where citizens search every region's
}


def derive(run, generators):
    for g in generators:
        if isinstance(g, RegulasiGenerator):
            g.prepare()
