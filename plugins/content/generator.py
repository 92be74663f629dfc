"""Pelican content classes and a generator for our own content types (DIP entries,
agenda), which Pelican's article and page generators do not know."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from blinker import signal
from pelican.contents import Content
from pelican.generators import Generator

import pelican_internals

from .nama import published_path
from .schema import AGENDA, DIP, REGULASI, ContentType

logger = logging.getLogger(__name__)


class Entry(Content):
    """A public-information entry (DIP/DIK)."""

    mandatory_properties = ("title",)
    default_status = "published"
    default_template = "entry"


class Event(Content):
    """An agenda item."""

    mandatory_properties = ("title",)
    default_status = "published"
    default_template = "event"


# Sent with an item's metadata before its content object is made (as Pelican's
# article_generator_context is for news): konten keeps only the schema's keys.
ITEM_CONTEXT = signal("konten_item_context")


class Regulation(Content):
    """A regulation (produk hukum)."""

    mandatory_properties = ("title",)
    default_status = "published"
    default_template = "peraturan"


class ItemGenerator(Generator):
    """Reads ``content/<ctype.slug>/`` into ``content_class`` objects and writes one
    page per published item. Lists over them are built by other plugins from
    ``context[context_name]``."""

    ctype: ContentType
    content_class: type[Content]
    context_name: str

    def generate_context(self):
        self.items, self.drafts = [], []
        for f in self.get_files([self.ctype.slug]):
            try:
                item = self.readers.read_file(
                    base_path=self.path, path=f, content_class=self.content_class, context=self.context,
                    context_signal=ITEM_CONTEXT, context_sender=self,
                )
            except Exception:  # noqa: BLE001 - already validated; Pelican logs the cause
                logger.exception("Could not process %s", f)
                pelican_internals.mark_failed(self, f)
                continue
            (self.items if item.status == "published" else self.drafts).append(item)
            self.add_source_path(item)
            self.add_static_links(item)
        self.items.sort(key=self.sort_key, reverse=True)
        self.context[self.context_name] = self.items

    def sort_key(self, item):
        return (getattr(item, self.ctype.date_key.lower(), None) or item.date, item.slug)

    def generate_output(self, writer):
        for item in self.items:
            writer.write_file(
                item.save_as,
                self.get_template(item.template),
                self.context,
                **{self.content_class.__name__.lower(): item, "page": item},
                url=item.url,
                relative_urls=self.settings["RELATIVE_URLS"],
            )


class EntriesGenerator(ItemGenerator):
    ctype, content_class, context_name = DIP, Entry, "entries"

    def generate_output(self, writer):
        super().generate_output(writer)
        self.copy_documents()

    def copy_documents(self):
        """Publish the documents of published entries, at their path under content/.
        Documents of drafts and unreferenced files stay unpublished."""
        for item in self.items:
            for doc in (d for key in self.ctype.document_keys for d in item.fields.get(key) or ()):
                src, dest = Path(self.path) / doc, Path(self.output_path) / published_path(doc)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dest)


class AgendaGenerator(ItemGenerator):
    ctype, content_class, context_name = AGENDA, Event, "events"


class RegulationGenerator(EntriesGenerator):
    ctype, content_class, context_name = REGULASI, Regulation, "regulasi"


class FormerAddressGenerator(Generator):
    """Writes, at each former address of a published page (``Alamat-Lama``), a page leading
    to where it is now (``pindah.html``: the link, a refresh, noindex). Validation made sure
    the address is one of its type's and no other page's."""

    # The published items of each type with the field, as their generators list them.
    LISTS = ("articles", "pages", EntriesGenerator.context_name, AgendaGenerator.context_name,
             RegulationGenerator.context_name)

    def generate_context(self):
        pass

    def generate_output(self, writer):
        template = self.get_template("pindah")
        for name in self.LISTS:
            for item in self.context.get(name) or ():
                for address in item.fields.get("alamat-lama") or ():
                    writer.write_file(address + "index.html", template, self.context, page=item, url=address,
                                      relative_urls=self.settings["RELATIVE_URLS"])
