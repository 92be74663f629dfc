"""The editor's configuration, generated from the schema (plugins/content/schema.py).

One collection per content type and OPD folder (``berita-dinkes`` edits
``content/berita/dinkes/``), one for a type that is not per OPD (``halaman``). Each
schema field becomes one form field whose widget follows the field's kind; labels,
hints, required fields and patterns come from the schema, the choice lists from its
vocabularies, ``NEWS_CATEGORIES`` and ``content/opd.toml``. A field added to the
schema appears in the form with no other change.
"""

from __future__ import annotations

import re

from content import kinds, regulasi
from content.schema import CONTENT_TYPES, PAST_ALWAYS, PAST_ONLY, REGULASI, ContentType, Field, NotBefore, OnlyWhen, When, YearOf

# Kinds whose header value is a comma-separated list (the format splits and joins them).
LIST_KINDS = {k.name for k in kinds.KINDS.values() if k.many}

# Patterns for the kinds a plain text box takes; the message is shown under the field.
PATTERNS = {k.name: k.pattern for k in kinds.KINDS.values() if k.pattern}

# The rich text editor's buttons (Decap's markdown widget, ``buttons``): all but ``heading-one``.
BODY_BUTTONS = ["bold", "italic", "strikethrough", "code", "link", "heading-two", "heading-three", "heading-four",
                "heading-five", "heading-six", "quote", "bulleted-list", "numbered-list"]


# Types kept outside OPD folders whose OPD's own items live in content/<type>/<opd>/ (a PPID
# Pelaksana's pages, the author guide's convention): one more collection per OPD, its OPD set.
OPD_SUBFOLDERS = ("halaman",)
CONTENT = "content"  # the content folder, from the repository's root (as an entry's path names it)
SLUG_MAX = 80  # characters of a new file's name taken from its title (as the build's addresses)


def condition_said(ctype: ContentType, when: When) -> str:
    """A condition on another field in the form's words: its label and its choices' labels
    ("Foto diisi", "Jenis: Dikecualikan"), not the file's keys."""
    f = next((x for x in ctype.fields if x.name == when.key.lower()), None)
    name = f.label if f else when.key
    terms = {t.slug: t.label for t in f.choices} if f and isinstance(f.choices, tuple) else {}
    return f"{name} diisi" if not when.values else f"{name}: {', '.join(terms.get(v, v) for v in when.values)}"


def _form_words(text: str, ctype: ContentType) -> str:
    """A field's help (written for the file, shared with the author guide) in the form's
    words: another field named by its key ("bila Image diisi", "<Author>") by its label."""
    labels = {f.key: f.label for f in ctype.fields}
    text = re.sub(r"\bbila ([A-Z][\w-]*) diisi", lambda m: f"bila {labels.get(m.group(1), m.group(1))} diisi", text)
    return re.sub(r"<([A-Z][\w-]*)>", lambda m: f"<{labels.get(m.group(1), m.group(1))}>", text)


def _hint(f: Field, ctype: ContentType, zone: str) -> str:
    parts = [_form_words(f.form_help or f.help, ctype)]
    if isinstance(f.required, When):
        parts.append(f"Wajib bila {condition_said(ctype, f.required)}.")
    if f.forbidden:
        parts.append(f"Dikosongkan bila {condition_said(ctype, f.forbidden)}.")
    only = ctype.only_when(f.name)
    if only is not None and only != f.required:
        parts.append(f"Hanya diisi bila {condition_said(ctype, only)}.")
    extra = kinds.of(f).hint(zone)
    if extra:
        parts.append(extra)
    return " ".join(parts)


def form_field(f: Field, ctype: ContentType, opd: str | None, vocab: dict, zone: str) -> dict:
    """The editor field for one schema field: its widget comes from the field's kind. A
    file of a type kept outside OPD folders is uploaded into that type's own folder
    (``dokumen/regulasi/``, ``audio/halaman/``), as the guide says; a list the form
    shows as one box per item is not "comma-separated" there."""
    kind = kinds.of(f)
    widget = kind.widget(f, opd if ctype.per_opd or not isinstance(kind, kinds.Location) else ctype.slug, vocab)
    hint = _hint(f, ctype, zone)
    if widget.get("widget") == "list" and "field" in widget:
        hint = hint.replace(", dipisah koma", "")
    return {"name": f.key, "label": f.label, "hint": hint, "required": f.required is True} | widget


def collection(ctype: ContentType, opd: str | None, opd_name: str, vocab: dict, zone: str) -> dict:
    folder = f"{CONTENT}/{ctype.slug}" + (f"/{opd}" if opd else "")
    images = f"images/{ctype.slug}" + (f"/{opd}" if opd else "")
    fields = [form_field(f, ctype, opd, vocab, zone) for f in ctype.fields]
    if opd:  # an OPD's folder: its items are that OPD's (a halaman in content/halaman/<opd>/ too)
        for field_ in fields:
            if kinds.of(next(f for f in ctype.fields if f.key == field_["name"])).name == "opd":
                field_["required"] = True
    summary = any(f.key == "Summary" for f in ctype.fields)
    # sanitize_preview: the preview of an author's text is cleaned (DOMPurify) before it is
    # shown beside the form, on the origin that holds the reviewer's Git token (Decap's
    # default since 3.x, written out so that a change of default cannot turn it off).
    # Every formatting button but the first-level heading: the page's title is its one
    # (content.validate.Checker.check_headings warns of another).
    fields.append({"name": "body", "label": "Isi", "widget": "markdown", "required": False, "sanitize_preview": True,
                   "buttons": BODY_BUTTONS,
                   "hint": " ".join(filter(None, ("Isi dalam Markdown.", "Paragraf pertama menjadi ringkasan bila Ringkasan kosong."
                                                   if summary else "", ctype.body_hint)))})
    return {
        "name": f"{ctype.slug}-{opd}" if opd else ctype.slug,
        "label": f"{ctype.label} · {opd_name}" if opd else ctype.label,
        "label_singular": ctype.label,
        "folder": folder,
        "create": True,
        # Decap deletes a published item by a commit on the main branch, outside the review
        # (editorial workflow): no button for it. An item is taken down through a reviewed
        # change (Status: draft), or its file deleted in a merge request.
        "delete": False,
        "extension": "md",
        "format": format_name(ctype),
        # The file's name from the title, cut short: a 270-character title made a name Git
        # refused ("File name too long"); the page's address is the build's (80 at most).
        "slug": "{{year}}-{{month}}-{{day}}-{{slug | truncate(%d)}}" % SLUG_MAX if ctype.date_key else "{{slug | truncate(%d)}}" % SLUG_MAX,
        "identifier_field": "Title",
        "media_folder": f"/content/{images}",
        "public_folder": images,
        "fields": fields,
    }


def format_name(ctype: ContentType) -> str:
    return f"situs-{ctype.slug}"


def vocabularies(settings: dict, registry: dict) -> dict:
    return {
        "opd": [(slug, o.nama) for slug, o in registry.items()],
        "news_categories": [(c, c) for c in settings["NEWS_CATEGORIES"]],
        "regulasi_jenis": [(i.slug, i.nama) for i in regulasi.offered(settings).values()],
        # A reference (Mengubah, Mencabut) may name any kind validation knows, offered or not.
        "regulasi_dikenal": [(i.slug, i.nama) for i in regulasi.instruments(settings)[0].values()],
    }


# Decap's commit messages (its English "Create Berita …" by default), with its placeholders.
COMMIT_MESSAGES = {
    "create": "Buat {{collection}} “{{slug}}”",
    "update": "Ubah {{collection}} “{{slug}}”",
    "delete": "Hapus {{collection}} “{{slug}}”",
    "uploadMedia": "Unggah “{{path}}”",
    "deleteMedia": "Hapus “{{path}}”",
    "openAuthoring": "{{message}}",
}


def config(settings: dict, registry: dict) -> dict:
    """The whole editor configuration (Decap CMS's config.yml as a dict)."""
    vocab = vocabularies(settings, registry)
    zone = settings.get("TIMEZONE", "Asia/Jakarta")
    collections = []
    for ctype in CONTENT_TYPES.values():
        if ctype.per_opd:
            collections += [collection(ctype, slug, o.nama, vocab, zone) for slug, o in registry.items()]
        else:
            collections.append(collection(ctype, None, "", vocab, zone))
            if ctype.slug in OPD_SUBFOLDERS:  # PPID Pelaksana pages: content/halaman/<opd>/
                collections += [collection(ctype, slug, o.nama, vocab, zone) for slug, o in registry.items()]
    limit_uploads(collections, upload_limit(settings))
    backend = dict(settings.get("REDAKSI_BACKEND") or {"name": "github", "repo": "", "branch": "main"})
    backend.setdefault("commit_messages", COMMIT_MESSAGES)  # read by the reviewers, in Indonesian
    out = {
        "backend": backend,
        "publish_mode": "editorial_workflow" if settings.get("REDAKSI_WORKFLOW", True) else "simple",
        "locale": "id",
        "media_folder": "content/images",
        "public_folder": "images",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": collections,
    }
    local = settings.get("REDAKSI_LOCAL_BACKEND", True)
    if local:
        out["local_backend"] = local
    if str(settings.get("SITEURL", "")).startswith(("http://", "https://")):
        out["site_url"] = out["display_url"] = settings["SITEURL"]
    return out


class SettingError(ValueError):
    """A setting of the editor that cannot be used: (key, message)."""


def upload_limit(settings: dict) -> int:
    """``REDAKSI_BERKAS_MAKS_MB`` (default 30) in bytes."""
    value = settings.get("REDAKSI_BERKAS_MAKS_MB", 30)
    try:
        mb = float(value)
    except (TypeError, ValueError):
        mb = 0
    if not mb > 0:
        raise SettingError("REDAKSI_BERKAS_MAKS_MB", f"harus berupa angka megabita lebih dari 0, mis. 30; tertulis {value!r}")
    return int(mb * 1_000_000)


def limit_uploads(collections: list, limit: int):
    """Each photo and document field's upload limit (Decap's ``max_file_size``): a larger
    file is refused as it is picked, in Indonesian, instead of failing at the save with
    the Git host's answer (decap-server's "Unexpected token '<'", its body limit being
    50 MB of base64)."""
    for coll in collections:
        for f in coll["fields"]:
            target = f.get("field", f) if f.get("widget") == "list" else f
            if target.get("widget") in ("file", "image"):
                target.setdefault("media_library", {}).setdefault("config", {})["max_file_size"] = limit


def format_tables() -> dict:
    """What the custom format needs per content type: header keys in schema order,
    which of them are comma-separated lists, the rules between fields the editor
    checks before a save (``rules``) and the formats each file field takes (``files``)."""
    return {
        format_name(t): {
            "keys": [f.key for f in t.fields],
            "labels": {f.key: f.label for f in t.fields},  # a field named in a notice as the form names it
            "lists": [f.key for f in t.fields if kinds.of(f).many],
            # Lists whose parts are not separated by every comma (web addresses hold commas).
            "separators": {f.key: kinds.of(f).separator for f in t.fields if kinds.of(f).many and kinds.of(f).separator != ","},
            "rules": rules(t),
            # Files the build publishes only in these formats (content.berkas): said before a save.
            "files": {f.key: {"label": f.label, "ext": [e.lstrip(".") for e in kinds.of(f).extensions]}
                      for f in t.fields if getattr(kinds.of(f), "extensions", None)},
            # The page's address (its OPD's, when it has one): a new item's is looked up on the
            # site before its first save, so that it does not take a published page's.
            "url": t.url,
            "opdUrl": t.opd_url or "",
            # A regulation's address ends in its number, not a Slug (content.regulasi.slug_of).
            "slugFrom": regulasi.slug_rule() if t is REGULASI else None,
        }
        for t in CONTENT_TYPES.values()
    }


def rules(ctype: ContentType) -> list[dict]:
    """The schema's rules between two fields of a form, as data the editor evaluates
    before it saves (situs-cms.js, ``preSave``), each with the sentence it shows, in the
    form's own labels: a field required or to be left empty when another has a value
    (Field.required, Field.forbidden), one only for some values of another (OnlyWhen),
    a date not before another (NotBefore), a year that is one of some dates' (YearOf), a
    day typed in a text box that the calendar has, a date of what has happened not after
    today (schema.PAST_ONLY, PAST_ALWAYS). The build checks the same rules again."""
    fields = {f.name: f for f in ctype.fields}

    def label(key: str) -> str:
        f = fields.get(key.lower())
        return f.label if f else key

    def condition(when: When) -> tuple[dict, str]:
        return {"key": when.key, "values": list(when.values)}, condition_said(ctype, when)

    out = []
    for f in ctype.fields:
        if isinstance(f.required, When):
            cond, said = condition(f.required)
            out.append({"type": "wajib", "key": f.key, "if": cond, "message": f"{f.label} wajib diisi bila {said}."})
        if f.forbidden:
            cond, said = condition(f.forbidden)
            out.append({"type": "dilarang", "key": f.key, "if": cond, "message": f"{f.label} harus kosong bila {said}."})
    for r in ctype.rules:
        if isinstance(r, OnlyWhen):
            cond, said = condition(r.when)
            out.append({"type": "hanya", "key": r.key, "if": cond,
                        "message": f"{label(r.key)} hanya diisi bila {said}; kosongkan isian ini."})
        elif isinstance(r, NotBefore):
            out.append({"type": "tidak-sebelum", "key": r.key, "start": r.start,
                        "message": f"{label(r.key)} tidak boleh sebelum {label(r.start)}."})
        elif isinstance(r, YearOf):
            out.append({"type": "tahun-dari", "key": r.key, "dates": list(r.dates),
                        "message": f"{label(r.key)} harus sama dengan tahun {' atau '.join(label(d) for d in r.dates)}."})
    # A day typed in a text box (a date or a year) that the calendar does not have
    # (2026-02-30): the box's pattern takes any day 01-31 of any month.
    for f in ctype.fields:
        if isinstance(kinds.of(f), kinds.DateOrYear):
            out.append({"type": "tanggal-ada", "key": f.key,
                        "message": f"{f.label} bukan tanggal yang ada di kalender (mis. 30 Februari atau 31 April); "
                                   "periksa tanggal dan bulannya."})
    # Dates that record the past (schema.PAST_ONLY, PAST_ALWAYS): not after today, or after
    # the item's own date when that is later (a scheduled item; "upto").
    for f in ctype.fields:
        if f.name in PAST_ONLY:
            out.append({"type": "tidak-sesudah-hari-ini", "key": f.key, "upto": ctype.date_key,
                        "message": f"{f.label} tidak boleh sesudah hari ini (untuk yang terjadwal: sesudah "
                                   f"{label(ctype.date_key)}); tanggal ini mencatat yang sudah terjadi."})
        elif f.key in PAST_ALWAYS.get(ctype.slug, ()):
            out.append({"type": "tidak-sesudah-hari-ini", "key": f.key, "upto": "",
                        "message": f"{f.label} tidak boleh sesudah hari ini; tulis tanggal yang tertera di salinannya."})
    return out


__all__ = ["config", "format_tables", "form_field", "LIST_KINDS", "PATTERNS"]
