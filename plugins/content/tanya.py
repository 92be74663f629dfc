"""Question-and-answer pages (``Tanya-Jawab: ya``): the body rule the validator runs.

Each ``## …`` heading of the Markdown body is a question and the text under it its
answer (plugins/sitemap renders them and writes the FAQPage JSON-LD)."""

from __future__ import annotations

import re

QUESTION = re.compile(r"^##(?!#)\s*(.*?)\s*#*\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")


def is_faq(values: dict) -> bool:
    return values.get("tanya-jawab") == "ya"


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


def problems(values: dict, body: str) -> list[str]:
    """What is wrong with a FAQ page's body (nothing for other pages)."""
    if not is_faq(values):
        return []
    found = questions(body)
    if not found:
        return ["halaman tanya jawab belum berisi pertanyaan; tulis setiap pertanyaan sebagai judul "
                "\"## Pertanyaan?\" dan jawabannya di bawahnya"]
    out = []
    for q, a in found:
        if not q:
            out.append("ada judul \"##\" tanpa pertanyaan")
        elif not a:
            out.append(f"pertanyaan \"{q}\" belum dijawab; tulis jawabannya di bawah judulnya")
    return out
