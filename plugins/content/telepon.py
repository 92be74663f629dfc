"""Telephone numbers in Markdown text become links a phone taps to call.

A python-markdown extension (``MARKDOWN`` in pelicanconf.py): Indonesian numbers as
authors write them, ``(0282) 523112``, ``0812-3456-7890``, ``+62 812 3456 7890``, 9 to 13
digits starting with 0 or +62, in text outside links and code. Numbers written with dots
(an NPWP, a decree's number) or slashes are not telephone numbers and stay text; three-
digit emergency numbers (112) are left to the author, who links them (``[112](tel:112)``):
"Pasal 112" is not one.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

NUMBER = re.compile(r"(?<![\w./-])(?:\+62[\s-]?\d|\(0\d{1,3}\)[\s-]?\d|0\d)[\d\s-]{3,16}\d(?![\w/-]|[.,]\d)")
SKIP = {"a", "code", "pre", "kbd", "samp"}


# Words after which a number is an account, an identity or a registration, not a phone.
NOT_A_PHONE = re.compile(r"(?i)\b(?:rek(?:ening)?|no\.?\s*rek|nisn|nidn|nip|nib|nik|npwp|billing|pelanggan|va|virtual\s+account|"
                         r"briva|bniva|registrasi|no\.?\s*reg|kode|id)\b[\s.:#]*(?:[A-Za-z0-9]+[\s.:#]*){0,2}$")
DATE = re.compile(r"(?<!\d)\d{1,2}-\d{1,2}-\d{2,4}(?!\d)")  # 05-12-2026: a day, not a number to call


def uri(text) -> str:
    """The ``tel:`` address of the first telephone number in a text (``(0282) 521017``,
    ``+62 282 521017``), as an item's text links it; "" for none."""
    found = (tel(m.group(0)) for m in NUMBER.finditer(str(text or "")))
    return next(filter(None, found), "")


def tel(number: str) -> str | None:
    if DATE.search(number):
        return None
    digits = re.sub(r"[^\d+]", "", number)
    count = len(digits.lstrip("+"))
    return f"tel:{digits}" if 9 <= count <= 13 else None


class TeleponTreeprocessor(Treeprocessor):
    def run(self, root):
        self._walk(root)

    def _walk(self, parent):
        if parent.tag in SKIP:
            return
        if parent.text:
            parent.text, made = self._split(parent.text)
            for i, el in enumerate(made):
                parent.insert(i, el)
        for child in list(parent):
            self._walk(child)
            if child.tail:
                child.tail, made = self._split(child.tail)
                at = list(parent).index(child) + 1
                for i, el in enumerate(made):
                    parent.insert(at + i, el)

    @staticmethod
    def _split(text: str):
        """(text before the first number, [links with the rest as their tails])."""
        parts = []
        last = 0
        head = None
        for m in NUMBER.finditer(text):
            href = tel(m.group(0))
            if not href or NOT_A_PHONE.search(text[max(0, m.start() - 40):m.start()]):
                continue
            before = text[last:m.start()]
            if head is None:
                head = before
            elif parts:
                parts[-1].tail = before
            a = etree.Element("a", {"href": href})
            a.text = m.group(0)
            parts.append(a)
            last = m.end()
        if head is None:
            return text, []
        parts[-1].tail = text[last:]
        return head, parts


class TeleponExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - python-markdown's name
        # After inline patterns (priority 20): links and code are elements by then.
        md.treeprocessors.register(TeleponTreeprocessor(md), "telepon", 5)


def makeExtension(**kwargs):  # noqa: N802 - python-markdown's name
    return TeleponExtension(**kwargs)
