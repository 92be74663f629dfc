"""What each content page tells the search index, computed once per run.

Templates render ``content.pagefind`` through ``_pagefind.html``; the search page
renders ``CARI_FILTERS``. Nothing here reads another plugin's internals: only the
validated ``content.fields``, ``content.opd`` and the vocabularies of content.schema.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import re
import unicodedata
from collections import Counter

from pelican.contents import Article, Page

import pelican_internals
from common.forked import fork_start, stop as stop_forked, usable_cpus
from common.store import value_key
from common.titles import title_text
from content.generator import Entry, Event, Regulation
from content.schema import JENIS, KATEGORI_BERKALA, PELAKSANAAN
from content.tanggal import berakhir, day_of

TIPE_BERITA = "Berita"
TIPE_INFORMASI = "Informasi Publik"
TIPE_HALAMAN = "Halaman"
TIPE_REGULASI = "Produk Hukum"
TIPE_AGENDA = "Agenda"
SESUAI_JADWAL = PELAKSANAAN[0].slug  # an event's Pelaksanaan when nothing is to be said


def tipe_of(content) -> str | None:
    """The type a page is indexed as, by its kind (``derive`` attaches these five)."""
    for cls, tipe in ((Article, TIPE_BERITA), (Event, TIPE_AGENDA), (Entry, TIPE_INFORMASI), (Regulation, TIPE_REGULASI),
                      (Page, TIPE_HALAMAN)):
        if isinstance(content, cls):
            return tipe
    return None


# The search page shows the filters in this order, with these labels.
FILTERS = (
    ("tipe", "Tipe"),
    ("opd", "Perangkat daerah"),
    ("jenis", "Jenis"),
    ("kategori", "Kategori informasi berkala"),
    ("tahun", "Tahun"),
    ("berlaku", "Status produk hukum"),
)

# Exact-word tokens: "q" + word + "q". Indonesian Snowball stemming leaves them
# alone (no Indonesian prefix starts with q, no suffix ends with it), so
# `qpengadaanq` never collapses into `ada` the way `pengadaan` does. The search
# page looks the same tokens up to rank pages holding the exact query words first.
EXACT_MARK = "q"
# Search index shards group pages by type, then by year (see shards.py).
SHARD_GROUP = {TIPE_BERITA: "berita", TIPE_INFORMASI: "informasi", TIPE_HALAMAN: "halaman", TIPE_REGULASI: "regulasi",
               TIPE_AGENDA: "agenda"}
# The status filter of a regulation (content.regulasi statuses).
STATUS_FILTER = {"berlaku": "Berlaku", "diubah": "Berlaku", "dicabut": "Tidak berlaku", "rancangan": "Rancangan"}
_TAGS = re.compile(r"<[^>]+>")
_ENTITIES = re.compile(r"&(#?\w+);")


_PARTS = re.compile(r"[^\W_]+")
PARALLEL_MIN = 2000  # pages to compute from which forked processes share the work


def _fold(text: str) -> str:
    """Lowercase without diacritics, as Pagefind normalises words."""
    text = text.lower()
    if text.isascii():  # nothing to decompose: most texts
        return text
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def exact_words(*texts: str) -> list[str]:
    """The distinct words of ``texts``, each as an exact-match token.

    A word is what Pagefind calls one: a whitespace-separated run with punctuation
    removed (``serta-merta`` → ``sertamerta``); its punctuation-separated parts
    count too (``serta``, ``merta``). Order: first appearance.
    """
    seen: dict[str, None] = {}
    for text in texts:
        for raw in dict.fromkeys(_fold(text).split()):  # a word again adds nothing
            if raw.isalnum():  # the common case: the word is its only part
                if len(raw) > 1:
                    seen.setdefault(f"{EXACT_MARK}{raw}{EXACT_MARK}", None)
                continue
            parts = _PARTS.findall(raw)
            whole = "".join(c for c in raw if c.isalnum())
            for w in (whole, *parts):
                if len(w) > 1:
                    seen.setdefault(f"{EXACT_MARK}{w}{EXACT_MARK}", None)
    return list(seen)


def plain_text(html: str) -> str:
    text = _TAGS.sub(" ", html or "")
    return _ENTITIES.sub(" ", text)


def _label(vocab, slug) -> str | None:
    for term in vocab:
        if term.slug == slug:
            return term.label
    return None


def _field_text(fields: dict) -> list[str]:
    out = []
    for value in fields.values():
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, (list, tuple)):
            out.extend(v for v in value if isinstance(v, str))
        elif isinstance(value, int) and not isinstance(value, bool):
            out.append(str(value))
    return out


# What ``SearchModel._key`` reads of a content object besides its address and the
# settings (its summary and body are made from its texts).
KEY_INPUTS = ("fields", "opd", "date", "title", "tags", "og_image", *pelican_internals.TEXT_ATTRS)


class SearchModel:
    """Per-run search data: one ``pagefind`` dict per content page, plus the filter
    values the search page offers.

    ``memo`` (kept between builds, see ``Run.memory``):
    what a page gave, by the digest of everything it is computed from (its fields, OPD,
    title, summary, body, tags, regulation, address) for one abbreviation table; an edit
    then computes only the pages whose inputs changed. The typo vocabulary is counted
    when it is asked for (``vocabulary()``, by the finish step while Pagefind indexes),
    not while pages wait; the memo keeps it with the pages' keys it was counted from, so
    the next build counts the words of the pages that came and went only."""

    def __init__(self, settings, registry, memo: dict | None = None, today=None):
        self.settings = settings
        self.registry = registry
        self.today = today  # the build's today: an announcement past its last day says so (``ended``)
        self.counts: dict[str, Counter] = {key: Counter() for key, _ in FILTERS}
        self.pages: list[tuple[str, str]] = []  # (shard group, output path) of every indexed page
        from . import kamus  # kamus reads this module's word rules

        table = kamus.load(settings["PATH"], registry)
        self.expander = kamus.Expander(table)
        self.number_tokens = kamus.number_tokens
        self.texts: list[tuple[bytes | None, tuple[str, ...]]] = []  # (page key, what the vocabulary counts)
        self.memo = None  # the last build's pages: key -> what the page gave
        self.memory = memo  # where this build's pages and vocabulary are kept for the next
        self.counted = None  # (Counter of page keys, Counter of words): the last build's vocabulary
        self.pending = None  # what ``begin`` started, until ``attach``
        self.objects = None  # rendering.kept's KeptObjects, when the build keeps its objects (``_key``)
        if memo is not None:
            opds = sorted((k, getattr(v, "nama", None), getattr(v, "singkatan", None)) for k, v in registry.items())
            salt = hashlib.md5(pickle.dumps((sorted(table.items()), opds)), usedforsecurity=False).hexdigest()
            if memo.get("salt") != salt:
                memo.clear()
                memo["salt"] = salt
            # Only this run's pages are kept for the next run: deleted pages leave the memo.
            self.memo, memo["pages"] = memo.get("pages") or {}, {}
            self.kept = memo["pages"]
            self.counted = memo.get("vocabulary")

    def begin(self, news=(), pages=(), entries=(), regulations=(), events=()):
        """Start computing the search data of these pages: each page's key is looked up in
        the memo now; when at least ``PARALLEL_MIN`` pages lack data, forked processes
        compute it from now on while the build derives the rest, else ``attach`` computes
        it here. Every value the data is computed from is set by reading and by
        ``regulations``' derive step."""
        self.stop()
        items = _items(news, pages, entries, regulations, events)
        # With a memo to look in, every page's key first; with an empty one (a first build),
        # the keys are computed with the pages, in the same processes.
        look = bool(self.memo)
        keys = [self._key(c, t) for c, t in items] if look else [None] * len(items)
        made = [self.memo.get(k) if k is not None else None for k in keys]
        todo = [i for i, m in enumerate(made) if m is None]
        keyed = self.memo is not None and not look
        self.pending = (items, keys, made, todo, keyed, self._start_all([items[i] for i in todo], keyed))

    def attach(self, news=(), pages=(), entries=(), regulations=(), events=()):
        """Each page's ``pagefind``, filter counts and texts: of the pages ``begin`` was
        given (begun again when those are not the pages listed now)."""
        listed = [id(c) for c, _ in _items(news, pages, entries, regulations, events)]
        if self.pending is None or [id(c) for c, _ in self.pending[0]] != listed:
            self.begin(news, pages, entries, regulations, events)
        (items, keys, made, todo, keyed, results), self.pending = self.pending, None
        for i, (key, m) in zip(todo, results()):
            made[i] = m
            if keyed:
                keys[i] = key
        for (content, tipe), key, m in zip(items, keys, made):
            self._record(content, key, m)
            if key is not None and self.objects is not None and tipe != TIPE_REGULASI:
                self.objects.remember(content, ("search", tipe), (content.save_as, key), KEY_INPUTS)

    def stop(self):
        """A build that ends between ``begin`` and ``attach`` leaves no process behind."""
        pending, self.pending = self.pending, None
        if pending is not None:
            pending[-1].stop()

    def _start_all(self, items: list, keyed: bool) -> Results:
        """(``_key`` when ``keyed``, else None; ``_compute``) of each (content, tipe), once
        asked for: in forked processes started now when there are many (a first build, or
        any build without a memo), each computing its share; a failed share is computed
        here."""
        def share_of(share):
            return [(self._key(c, t) if keyed else None, self._compute(c, t)) for c, t in share]

        workers = min(2, usable_cpus())
        if len(items) < PARALLEL_MIN or workers < 2 or not hasattr(os, "fork"):
            return Results([items], [None], share_of)
        size = -(-len(items) // workers)
        shares = [items[k : k + size] for k in range(0, len(items), size)]
        return Results(shares, [fork_start(functools.partial(share_of, share)) for share in shares], share_of)

    def vocabulary(self):
        """The typo vocabulary of every page attached (kamus.Vocabulary), and what to
        ``keep_vocabulary`` for the next build: from the last build's, when every page has a
        key and the words of the pages gone since are in the memo, else counted afresh."""
        from . import kamus

        keys, change = self._vocabulary_change()
        if change is not None:
            gone, came = change
            vocabulary = kamus.Vocabulary(Counter(self.counted[1]))
            for key, times in gone.items():
                vocabulary.remove(*self.memo[key][3], times=times)
            texts = dict(self.texts)
            for key, times in came.items():
                vocabulary.add(*texts[key], times=times)
            return vocabulary, (keys, vocabulary.counts)
        vocabulary = kamus.Vocabulary()
        for _, texts in self.texts:
            vocabulary.add(*texts)
        return vocabulary, (None if None in keys else (keys, vocabulary.counts))

    def counts_afresh(self) -> bool:
        """Whether ``vocabulary`` counts every page's words (a few CPU seconds on a large
        site), not only those of the pages gone or come since the last build."""
        return self._vocabulary_change()[1] is None

    def _vocabulary_change(self):
        """The page keys (a Counter) and, when the last build's vocabulary can be
        brought up to date, the (gone, came) page keys since; else None."""
        keys = Counter(key for key, _ in self.texts)
        if self.counted is not None and None not in keys:
            gone, came = self.counted[0] - keys, keys - self.counted[0]
            if all(key in self.memo for key in gone):
                return keys, (gone, came)
        return keys, None

    def keep_vocabulary(self, counted):
        """What ``vocabulary`` gave to keep, into the memo (the build's process)."""
        if self.memory is not None and counted is not None:
            self.memory["vocabulary"] = counted

    def page_data(self, content, tipe: str) -> dict:
        """What ``attach`` gives ``content`` as ``content.pagefind``."""
        return self._compute(content, tipe)[2]

    def _record(self, content, key, made):
        if key is not None:
            self.kept[key] = made
        filters, page, pagefind, texts = made
        for name, value in filters.items():
            if value:
                self.counts[name][value] += 1
        self.pages.append(page)
        content.pagefind = dict(pagefind)  # its own dict: the memo's stays as computed
        self.texts.append((key, texts))

    def _key(self, content, tipe: str) -> bytes | None:
        """The digest of what ``_compute`` reads of ``content``; None when it cannot be
        written down (then the page is simply computed). An object made again from what
        the last build kept, whose attributes that the key reads still hold what reading
        made, has the key that build computed (``KEY_INPUTS``; not a regulation, whose
        ``peraturan`` its derive step makes): on a large site most of an edit's keys."""
        if self.objects is not None and tipe != TIPE_REGULASI:
            hit = self.objects.recall(content, ("search", tipe), KEY_INPUTS)
            if hit is not None and hit[0] == content.save_as:
                return hit[1]
        fields = getattr(content, "fields", None) or {}
        opd = getattr(content, "opd", None)
        opd = (opd.nama, opd.singkatan) if hasattr(opd, "singkatan") else opd
        # value_key: the same inputs, the same key in any process (the memo is saved).
        return value_key((
            tipe, fields, opd, getattr(content, "date", None), content.title, getattr(content, "summary", ""),
            pelican_internals.body(content), [str(t) for t in getattr(content, "tags", None) or ()],
            getattr(content, "peraturan", None) if tipe == TIPE_REGULASI else None,
            getattr(content, "og_image", None),  # the result's picture: its name follows the photo's bytes
            self.ended(fields),  # the result's "Sudah berakhir": it follows the day
            content.save_as,
        ))

    def ended(self, fields: dict) -> bool:
        """An announcement whose last day (``Berakhir``) is before the build's today."""
        end = berakhir(fields, self.today) if self.today is not None else None
        return bool(end and end["lewat"])

    def _compute(self, content, tipe: str):
        """(filter values, (shard group, output path), the page's ``pagefind``, the texts
        the typo vocabulary counts) of one page."""
        fields = getattr(content, "fields", None) or {}
        opd = getattr(content, "opd", None)
        if not hasattr(opd, "singkatan"):  # entries also carry the raw slug as `opd`
            opd = self.registry.get(fields.get("opd"))
        day = day_of(fields.get("date")) or day_of(getattr(content, "date", None))
        jenis = kategori = status = None
        peraturan = getattr(content, "peraturan", None) if tipe == TIPE_REGULASI else None
        if peraturan:
            jenis = peraturan["jenis"].nama
            status = STATUS_FILTER[peraturan["status"]]
            day = day_of(peraturan["ditetapkan"]) or day
        elif tipe == TIPE_BERITA:
            jenis = fields.get("category") or str(getattr(content, "category", "") or "") or None
        elif tipe == TIPE_AGENDA:
            day = day_of(fields.get("mulai")) or day  # the event's day, not the day it was written
        elif tipe == TIPE_INFORMASI:
            jenis = _label(JENIS, fields.get("jenis"))
            kategori = _label(KATEGORI_BERKALA, fields.get("kategori"))
        tahun = fields.get("tahun") if tipe in (TIPE_INFORMASI, TIPE_REGULASI) else None
        tahun = str(tahun) if tahun else (str(day.year) if day and tipe != TIPE_HALAMAN else None)
        # The picture a result may show: the item's published share card (the original
        # photo stays private, plugins/images), None when it has none.
        image = getattr(content, "og_image", None)
        filters = {
            "tipe": tipe,
            "opd": opd.singkatan if opd else None,
            "jenis": jenis,
            "kategori": kategori,
            "tahun": tahun,
            "berlaku": status,
        }
        year = f"-{day.year}" if day and tipe != TIPE_HALAMAN else ""
        page = (SHARD_GROUP[tipe] + year, content.save_as)
        title = peraturan["judul"] if peraturan else title_text(content.title)
        summary = plain_text(getattr(content, "summary", "") or "")
        described = _field_text(fields) if tipe in (TIPE_INFORMASI, TIPE_REGULASI, TIPE_AGENDA) else []
        if peraturan:
            described += [peraturan["singkat"], peraturan["jenis"].singkatan, peraturan["status_label"]]
        body = plain_text(pelican_internals.body(content) or "")
        # Abbreviations and long forms the page does not spell itself (search/kamus.py).
        spelled = f"{opd.nama} {opd.singkatan}" if opd else ""
        sources = [v for v in described if v != fields.get("opd")]  # not the OPD's slug
        alias_title = self.expander.extra(title, spelled)
        alias = self.expander.extra(" ".join([title, summary, *sources, body]), spelled)
        texts = (title, summary, *described, body, *alias)
        # Exact-word tokens from what describes the item (not the whole body, which
        # Pagefind indexes stemmed anyway): keeps the index, and each query, small.
        words = exact_words(
            title,
            summary,
            *described,
            *alias_title,  # body forms go to the hidden text only: exact tokens stay few
            opd.nama if opd else "",
            opd.singkatan if opd else "",
            jenis or "",
            kategori or "",
            " ".join(str(t) for t in getattr(content, "tags", None) or ()),
        )
        pagefind = {
            "filters": {k: v for k, v in filters.items() if v},
            "title": title,
            "date": day,
            "sort": day.isoformat() if day else None,
            "opd": opd.singkatan if opd else None,
            "opd_nama": opd.nama if opd else None,
            "image": image,
            "image_alt": fields.get("image-alt") if image else None,
            "kata": " ".join(words + (self.number_tokens(fields["jenis"], peraturan["nomor"], peraturan["tahun"]) if peraturan and peraturan["nomor"] else [])),
            "alias": " ".join(alias_title),
            "alias_teks": " ".join(alias),
            # A regulation's status; an event's "Ditunda" / "Dibatalkan"; an announcement past
            # its last day (``Berakhir``): shown in the result line.
            "status": peraturan["status_label"] if peraturan else
                      _label(PELAKSANAAN, fields["pelaksanaan"]) if fields.get("pelaksanaan", SESUAI_JADWAL) != SESUAI_JADWAL
                      else "Sudah berakhir" if self.ended(fields) else None,
        }
        return filters, page, pagefind, texts

    def filters(self) -> list[dict]:
        """[{key, label, values: [{value, count}]}], values in a stable order: tipe as
        listed, years newest first, the rest alphabetically."""
        out = []
        for key, label in FILTERS:
            counts = self.counts[key]
            if key == "tipe":
                order = [t for t in (TIPE_BERITA, TIPE_AGENDA, TIPE_INFORMASI, TIPE_REGULASI, TIPE_HALAMAN) if t in counts]
            elif key == "tahun":
                order = sorted(counts, reverse=True)
            else:
                order = sorted(counts, key=str.casefold)
            out.append({"key": key, "label": label, "values": [{"value": v, "count": counts[v]} for v in order]})
        return out


def _items(news, pages, entries, regulations, events=()) -> list:
    """(content object, tipe) of every page the index holds, in the index's order."""
    return [(item, tipe) for group, tipe in ((news, TIPE_BERITA), (entries, TIPE_INFORMASI), (pages, TIPE_HALAMAN),
                                             (regulations, TIPE_REGULASI), (events, TIPE_AGENDA)) for item in group]


class Results:
    """The search data of the shares of pages ``SearchModel._start_all`` was given: each
    share's forked process (its ``fork_start`` wait; None: computed here when asked)."""

    def __init__(self, shares: list, waits: list, share_of):
        self.shares, self.waits, self.share_of = shares, waits, share_of

    def __call__(self) -> list:
        out = []
        for share, wait in zip(self.shares, self.waits):
            ok, made = wait() if wait is not None else (False, None)
            out += made if ok else self.share_of(share)
        self.waits = [None] * len(self.shares)
        return out

    def stop(self):
        for wait in self.waits:
            if wait is not None:
                stop_forked(wait)
        self.waits = [None] * len(self.shares)
