"""Question-and-answer pages (``Tanya-Jawab: ya`` on a static page)."""

from __future__ import annotations

import re

import lxml.html
from markupsafe import Markup

from konten import ContentError
from konten.schema import HALAMAN
from metadata import plain, to_json

KEY = "tanya-jawab"
QUESTION = re.compile(r"^##(?!#)\s*(.*?)\s*#*\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")


def is_faq(values: dict) -> bool:
    return values.get(KEY) == "ya"


def questions(markdown: str) -> list[tuple[str, str]]:
    """(question, answer text) of each ``## `` heading of a Markdown body (code fences skipped)."""
    out, fenced = [], False
    for line in markdown.splitlines():
        if FENCE.match(line):
            fenced = not fenced
        m = None if fenced else QUESTION.match(line)
        if m:
            out.append([m.group(1), ""])
        elif out:
            out[-1][1] += line.strip()
    return [(q, a) for q, a in out]


def problems(item) -> list[str]:
    where = f"{item.rel}: Tanya-Jawab"
    found = questions(item.body)
    if not found:
        return [f"{where}: halaman tanya jawab belum berisi pertanyaan; tulis setiap pertanyaan sebagai judul "
                f"\"## Pertanyaan?\" dan jawabannya di bawahnya"]
    out = []
    for q, a in found:
        if not q:
            out.append(f"{where}: ada judul \"##\" tanpa pertanyaan")
        elif not a:
            out.append(f"{where}: pertanyaan \"{q}\" belum dijawab; tulis jawabannya di bawah judulnya")
    return out


def on_initialized(pelican):
    report = pelican.settings.get("KONTEN_REPORT")
    if report is None:
        return
    errors = []
    for item in report.items:
        if item.ctype is HALAMAN and is_faq(item.values):
            errors += problems(item)
    if errors:
        raise ContentError(errors)


def split(html: str) -> tuple[Markup, list[dict]]:
    """The page body cut at each ``<h2>``: (introduction, [{id, pertanyaan, jawaban}])."""
    root = lxml.html.fragment_fromstring(html or "", create_parent="div")
    intro, items, used = [], [], set()
    if root.text and root.text.strip():
        intro.append(root.text)
    for child in root:
        if child.tag == "h2":
            question = " ".join(child.text_content().split())
            base = "t-" + (re.sub(r"[^a-z0-9]+", "-", question.lower()).strip("-")[:50] or "pertanyaan")
            anchor, n = base, 2
            while anchor in used:
                anchor, n = f"{base}-{n}", n + 1
            used.add(anchor)
            items.append({"id": anchor, "pertanyaan": question, "jawaban": []})
            if child.tail and child.tail.strip():
                items[-1]["jawaban"].append(child.tail)
            continue
        (items[-1]["jawaban"] if items else intro).append(lxml.html.tostring(child, encoding="unicode"))
    for item in items:
        item["jawaban"] = Markup("".join(item["jawaban"]))  # the rendered, validated Markdown body
    return Markup("".join(intro)), items


def faq_jsonld(items) -> Markup:
    return to_json({
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {"@type": "Question", "name": i["pertanyaan"], "acceptedAnswer": {"@type": "Answer", "text": plain(i["jawaban"])}}
            for i in items
        ],
    })


def on_all_generators_finalized(generators):
    for gen in generators:
        for page in getattr(gen, "pages", None) or ():
            if not is_faq(getattr(page, "fields", None) or {}):
                continue
            intro, items = split(page.content)
            page.tanya_jawab = {"pengantar": intro, "daftar": items}
            page.faq_jsonld = faq_jsonld(items)
            page.template = "tanya_jawab"
