"""Question-and-answer pages (``Tanya-Jawab: ya`` on a static page): the page cut into
questions and answers, and its FAQPage JSON-LD. The body rule (at least one question,
every question answered) is content's (``content.tanya``), so `invoke check` reports it."""

from __future__ import annotations

import re

import lxml.html
from markupsafe import Markup, escape
from pelican.contents import Page
from pelican.utils import get_relative_path, path_to_url

from content.tanya import is_faq
from metadata import plain, to_json


def split(html: str) -> tuple[Markup, list[dict]]:
    """The page body cut at each ``<h2>``: (introduction, [{id, pertanyaan, jawaban}]).
    Text lxml holds outside an element (before the first, after each question) is
    decoded: it is escaped again, or an author's ``&lt;meta …&gt;`` (text the policy let
    through) would be written as the element itself."""
    root = lxml.html.fragment_fromstring(html or "", create_parent="div")
    intro, items, used = [], [], set()
    if root.text and root.text.strip():
        intro.append(escape(root.text))
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
                items[-1]["jawaban"].append(escape(child.tail))
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
            {"@type": "Question", "name": i["pertanyaan"],
             "acceptedAnswer": {"@type": "Answer", "text": plain(i["jawaban"])}}
            for i in items
        ],
    })


def body(settings, page) -> str:
    """The page's body with its links as its own page shows them. With ``RELATIVE_URLS``
    they are relative to the page's address, as Pelican's writer makes them when it
    renders that page (``localsiteurl``); ``page.content`` outside the writer has them
    relative to the site's root."""
    if settings.get("RELATIVE_URLS"):
        return page.get_content(path_to_url(get_relative_path(page.save_as)))
    return page.content


def describe(run, page):
    """A FAQ page's questions and answers (``page.tanya_jawab``), its ``FAQPage``
    JSON-LD and its template, from its body."""
    if not isinstance(page, Page) or not is_faq(getattr(page, "fields", None) or {}):
        return
    intro, items = split(body(run.settings, page))
    page.tanya_jawab = {"pengantar": intro, "daftar": items}
    page.faq_jsonld = faq_jsonld(items)
    page.template = "tanya_jawab"


def derive(run, generators):
    for gen in generators:
        for page in getattr(gen, "pages", None) or ():
            describe(run, page)
