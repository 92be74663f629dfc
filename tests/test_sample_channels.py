"""The sample site: its narasi tunggal, press releases and agenda show up where a
citizen and a journalist look for them."""

from __future__ import annotations

import feedparser
import lxml.html
from icalendar import Calendar

from conftest import CONF, ROOT
from content import build, source

SITEURL = "https://sukamajukab.go.id"


def sample_items(folder: str, predicate) -> list[dict]:
    found = []
    for path in sorted((ROOT / "content" / folder).rglob("*.md")):
        meta = source.read(path).meta
        if meta.get("status", "published") == "published" and predicate(meta):
            found.append(meta)
    return found


def test_sample_channels_and_agenda(tmp_path):
    out = tmp_path / "output"
    assert build.build(CONF, out, SITEURL=SITEURL) == 0
    narasi = sample_items("berita", lambda m: m.get("sumber-url"))
    siaran = sample_items("berita", lambda m: m.get("category") == "Siaran Pers")
    events = sample_items("agenda", lambda m: True)
    assert len(narasi) >= 3 and len(siaran) >= 3 and len(events) >= 3

    for slug, items in (("narasi-tunggal", narasi), ("siaran-pers", siaran)):
        feed = feedparser.parse((out / f"feeds/{slug}.atom.xml").read_bytes())
        assert sorted(e.title for e in feed.entries) == sorted(m["title"] for m in items)
        assert all(e.link.startswith(f"{SITEURL}/berita/") for e in feed.entries)
        page = lxml.html.fromstring((out / slug / "index.html").read_text(encoding="utf-8"))
        assert len(page.xpath("//main//article")) == len(items)

    for meta in narasi:
        page = next(
            p for p in out.glob("berita/*/*/*/index.html")
            if lxml.html.fromstring(p.read_text(encoding="utf-8")).xpath("string(//h1)").strip() == meta["title"]
        )
        tree = lxml.html.fromstring(page.read_text(encoding="utf-8"))
        assert tree.xpath("//head/link[@rel='canonical']/@href") == [meta["sumber-url"]]
        assert tree.xpath("//main//*[contains(@class,'sumber')]//a/@href") == [meta["sumber-url"]]

    for meta in siaran:
        if meta.get("kontak-media"):
            page = next(
            p for p in out.glob("berita/*/*/*/index.html")
            if lxml.html.fromstring(p.read_text(encoding="utf-8")).xpath("string(//h1)").strip() == meta["title"]
        )
            contact = lxml.html.fromstring(page.read_text(encoding="utf-8")).xpath("//aside[contains(@class,'kontak-media')]/p")
            assert " ".join(contact[0].text_content().split()) == meta["kontak-media"]
            assert contact[0].xpath(".//a/@href")[0].startswith(("tel:", "mailto:"))  # tapped on a phone

    cal = Calendar.from_ical((out / "agenda.ics").read_bytes())
    said = {"ditunda": "Ditunda: ", "dibatalkan": "Dibatalkan: "}  # a calendar sees it in the title
    assert sorted(str(e["SUMMARY"]) for e in cal.walk("VEVENT")) == sorted(said.get(m.get("pelaksanaan"), "") + m["title"]
                                                                          for m in events)
    assert any(m.get("pelaksanaan") for m in events)  # the sample shows a cancelled event
    agenda = lxml.html.fromstring((out / "agenda/index.html").read_text(encoding="utf-8"))
    assert len(agenda.xpath("//main//article")) == len(events)
    home = lxml.html.fromstring((out / "index.html").read_text(encoding="utf-8"))
    upcoming = agenda.xpath("//section[@aria-labelledby='agenda-mendatang']//article//a/@href")
    assert home.xpath("//section[@aria-labelledby='agenda-beranda']//article//a/@href") == upcoming[:3]
    assert len(upcoming) >= 3
