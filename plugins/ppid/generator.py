"""The PPID page (``ppid/``), the menus in the context, each service page's data, and
the audio files of published pages. Computed once per run in ``prepare`` (after every
generator read its content, before anything is written)."""

from __future__ import annotations

import shutil
from pathlib import Path

from pelican.generators import Generator

from common.documents import size_label
from content import suara

from . import menu


class PpidGenerator(Generator):
    def prepare(self):
        self.registry = self.run.registry
        self.pages = [p for p in self.context.get("pages", ()) if getattr(p, "fields", None) is not None]
        # Other plugins that write PPID pages (reports, surveys) put (label, URL, note) here
        # during generate_context; the menu lists only what they actually write.
        self.menu = menu.build(self.pages, self.settings, self.context.get("ppid_daftar_tambahan", ()))
        self.context["menu_ppid"] = self.menu["beranda"]
        self.context["menu_ppid_kaki"] = self.menu["kaki"]
        self.context["ppid_pelaksana"] = self.menu["pelaksana"]
        self.context["ppid_url"] = self.settings["PPID_URL"]
        for page in self.pages:
            self.describe(page)

    def describe(self, page):
        """What layanan.html shows beside the page text, as plain data."""
        fields = page.fields
        opd = self.registry.get(fields.get("opd"))
        term = menu.TERMS.get(fields.get("layanan"))
        siblings = self.menu["pelaksana"].get(opd.slug, []) if opd else self.menu["utama"]
        # Its formats in the order written (the browser plays the first it can); the MP3 to
        # download, which every device plays.
        sources = []
        for rel in fields.get("audio") or ():
            info = suara.describe(Path(self.path) / rel)
            sources.append({"url": rel, "format": info["format"], "type": info["type"], "ukuran": size_label(info["bytes"])})
        audio = None
        if sources:
            audio = {"sumber": sources, "unduh": next((s for s in sources if s["format"] == "MP3"), sources[0])}
        page.ppid = {
            "pemilik": f"PPID Pelaksana {opd.nama}" if opd else "PPID Utama",
            "opd": opd,
            "layanan": term.label if term else "",
            "audio": audio,
            "lainnya": [it for it in siblings if it.url != page.url],
        }

    def generate_output(self, writer):
        if not hasattr(self, "menu"):
            self.prepare()
        url = self.settings["PPID_URL"]
        # Every OPD of the registry has its PPID Pelaksana (docs/KIP.md, PPID profile): listed
        # with its contacts, and its own service pages when it wrote some.
        opds = [(opd, self.menu["pelaksana"].get(slug, [])) for slug, opd in self.registry.items()]
        writer.write_file(url + "index.html", self.get_template("ppid"), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], url=url,
                          daftar=self.menu["daftar"], utama=self.menu["utama"], pelaksana=opds)
        self.copy_audio()

    def copy_audio(self):
        """Publish the audio of published pages at its path under content/."""
        for page in self.pages:
            for rel in page.fields.get("audio") or ():
                dest = Path(self.output_path) / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(Path(self.path) / rel, dest)
