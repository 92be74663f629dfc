"""The search index built in shards and merged (plugins/search/shards.py, merge.py).

What a citizen gets must not depend on the sharding: the merged bundle holds the same
pages, words, locations, filters and sort order as one Pagefind run over the same
pages. What an editor gets: after an edit only that item's shard is indexed again, and
the whole output (search index included) equals a clean build's, byte for byte.
"""

from __future__ import annotations

import errno
import gzip
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import cbor2
import pytest
from conftest import CONF

from search import shards
from search.index import run_pagefind
from search.shards import search_document
import bench_site
from content import build as kbuild

SHARD = 6  # pages per shard: the 58-page site below makes a dozen shards


def _read(path: Path):
    raw = gzip.decompress(path.read_bytes())
    assert raw.startswith(b"pagefind_dcd")
    return raw[len(b"pagefind_dcd"):]


def decode(bundle: Path) -> dict:
    """A Pagefind bundle as plain data keyed by page URL (independent of page numbering)."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    lang = entry["languages"]["id"]
    version, pages, chunks, filters, sorts, fields = cbor2.loads(_read(bundle / f"pagefind.{lang['hash']}.pf_meta"))
    urls = [json.loads(_read(bundle / "fragment" / f"{h}.pf_fragment"))["url"] for h, _ in pages]
    words = {}
    bounds = []
    for low, high, h in chunks:
        chunk = cbor2.loads(_read(bundle / "index" / f"{h}.pf_index"))[0]
        bounds.append((low, high, chunk[0][0], chunk[-1][0]))
        for word, plist, variants in chunk:
            number, postings = 0, []
            for delta, locs, meta_locs in plist:
                number += delta
                named = [f"<{fields[-v - 1]}>" if v < 0 else v for v in meta_locs]
                postings.append((urls[number], tuple(locs), tuple(named)))
            words[word] = sorted(postings)
            for form, vpages in variants:
                number, vpost = 0, []
                for delta, locs, meta_locs in vpages:
                    number += delta
                    vpost.append((urls[number], tuple(locs), tuple(f"<{fields[-v - 1]}>" if v < 0 else v for v in meta_locs)))
                words[f"{word}~{form}"] = sorted(vpost)
    by_filter = {}
    for name, h in filters:
        fname, values = cbor2.loads(_read(bundle / "filter" / f"{h}.pf_filter"))
        by_filter[fname] = {v: sorted(urls[n] for n in ns) for v, ns in values}
    return {
        "page_count": lang["page_count"],
        "pages": sorted(zip(urls, (wc for _, wc in pages))),
        "words": words,
        "filters": by_filter,
        "sorts": {key: [urls[n] for n in ns] for key, ns in sorts},
        "chunk_bounds": bounds,
        "version": version,
    }


class Generated:
    def __init__(self, root: Path):
        self.root = root
        self.content = bench_site.generate(root, berita=40, dip=16, opd=3, seed=5)
        self.output = root / "output"
        self.cache = root / "cache" / "cari"

    def build(self, **extra) -> int:
        return kbuild.build(CONF, self.output, PATH=str(self.content), CARI_SHARD_PAGES=SHARD, **extra)

    def shards(self) -> set[str]:
        return {p.name for p in self.cache.iterdir()}


@pytest.fixture
def gen(tmp_path):
    return Generated(tmp_path / "situs")


DIACRITICS = """\
Title: Festival Kafé dan Crème Brûlée di Sukamaju
Date: 2021-06-05 10:00
OPD: dinkes
Author: Humas Dinkes
Category: Berita

Pengunjung kafé menikmati crème brûlée; kata Ù saja, tanpa bentuk polos.
"""


@pytest.mark.parametrize("documents", [True, False], ids=["body-di-memori", "tautan-di-disk"])
def test_merged_index_equals_one_pagefind_run(gen, tmp_path, monkeypatch, documents):
    """Pagefind reads each shard's pages either as their body elements, from memory, or
    as hard links to the whole pages (no /dev/shm): the index a citizen searches is the
    same as one Pagefind run over the whole written pages."""
    monkeypatch.setattr(shards, "in_memory", lambda: documents)
    given = []
    monkeypatch.setattr(shards, "search_document", lambda html: given.append(html) or search_document(html))
    # Words with diacritics are stored by Pagefind as variants of the plain word.
    (gen.content / "berita" / "dinkes" / "2021").mkdir(parents=True, exist_ok=True)
    (gen.content / "berita" / "dinkes" / "2021" / "kafe.md").write_text(DIACRITICS, encoding="utf-8")
    assert gen.build() == 0
    indexed = [p for p in gen.output.rglob("*.html") if "data-pagefind-body" in p.read_text(encoding="utf-8")]
    assert len(given) == (len(indexed) if documents else 0)
    # Every page the theme marks for the index is read through its body element alone.
    assert all(search_document(p.read_text(encoding="utf-8")) for p in indexed)
    assert len(gen.shards()) >= 10
    single = run_pagefind(gen.output, output=tmp_path / "sekali")
    merged, one = decode(gen.output / "pagefind"), decode(single)
    pages = len(list((gen.content / "halaman").glob("*.md")))  # profil PPID and the pages the menus name
    assert merged["page_count"] == one["page_count"] == 40 + 16 + pages + 1
    assert merged["pages"] == one["pages"]
    assert merged["words"] == one["words"]  # every word, on the same pages, at the same places
    assert any("~" in w for w in merged["words"])  # diacritic variants (kafé, crème) merged too
    assert merged["filters"] == one["filters"]
    assert merged["version"] == one["version"]
    # Chunks are ordered and each range covers the words it holds.
    bounds = merged["chunk_bounds"]
    for (low, high, first, last), nxt in zip(bounds, bounds[1:] + [None]):
        assert first.startswith(low) and last.startswith(high)
        if nxt:
            assert high < nxt[0]
    # "Terbaru/terlama" sorting: the same dates in the same order (ties in any order).
    dates = {}
    for path in gen.output.rglob("index.html"):
        html = path.read_text(encoding="utf-8")
        if 'data-pagefind-sort="date[data-nilai]"' in html:
            url = "/" + path.parent.relative_to(gen.output).as_posix() + "/"
            dates[url] = html.split('data-pagefind-sort="date[data-nilai]" data-nilai="')[1].split('"')[0]
    for order in (merged["sorts"]["date"], one["sorts"]["date"]):
        assert sorted(order) == sorted(dates)
        assert [dates[u] for u in order] == sorted(dates[u] for u in order)


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def clean_digest(gen: Generated, tmp_path: Path) -> dict[str, str]:
    """A build of the same content from scratch: another folder, no caches."""
    other = tmp_path / "bersih"
    shutil.rmtree(other, ignore_errors=True)
    shutil.copytree(gen.content, other / "content")
    out = other / "output"
    assert kbuild.build(CONF, out, PATH=str(other / "content"), CARI_SHARD_PAGES=SHARD) == 0
    return digest(out)


def test_a_build_deletes_nothing_from_a_cache_another_build_is_using(gen, tmp_path):
    """The preview and a one-off build (or two CI jobs) may share the shard cache: a
    build that is not alone with it leaves the shards and compressed files it did not use
    (another build may be merging them); the next build alone with it deletes them."""
    import fcntl

    assert gen.build() == 0
    before = gen.shards()
    compressed = set(os.listdir(gen.cache / shards.STORE))
    victim = sorted(gen.content.glob("berita/*/*/berita-*.md"))[20]
    victim.write_text(victim.read_text(encoding="utf-8") + "\nKalimat tambahan tentang jembatan gantung.\n", encoding="utf-8")
    other = os.open(gen.cache / shards.LOCK, os.O_RDWR)  # another build, using the cache
    try:
        fcntl.flock(other, fcntl.LOCK_SH)
        assert gen.build() == 0
        during = gen.shards()
        assert before < during and len(during - before) == 1  # the new shard beside every old one
        assert compressed < set(os.listdir(gen.cache / shards.STORE))
        assert "gantung" in decode(gen.output / "pagefind")["words"]
    finally:
        os.close(other)
    victim.write_text(victim.read_text(encoding="utf-8") + "\nSatu kalimat lagi.\n", encoding="utf-8")
    assert gen.build() == 0  # alone: what it did not use goes
    after = gen.shards()
    assert len(after & during) == len(before) - 1 and len(after - during) == 1
    assert not compressed <= set(os.listdir(gen.cache / shards.STORE))
    assert digest(gen.output) == clean_digest(gen, tmp_path)


def test_a_page_changed_after_it_was_rendered_is_read_for_its_shard_key(gen):
    """A site's plugin may change a written page (Pelican's ``finalized``): the md5 the
    render step handed over no longer holds for it, so the search step reads that page
    (and indexes what it holds now)."""
    from pelican import signals

    def change(pelican):
        page = next(Path(pelican.output_path).glob("berita/*/*/*/index.html"))
        page.write_text(page.read_text(encoding="utf-8").replace("</article>", "<p>Kincirangin</p></article>", 1),
                        encoding="utf-8")

    signals.finalized.connect(change)
    try:
        stats = {}
        assert gen.build(stats=stats) == 0
    finally:
        signals.finalized.disconnect(change)
    assert stats["cari"]["read"] == 1
    assert "kincirangin" in decode(gen.output / "pagefind")["words"]


def test_edit_add_delete_reindex_one_shard_and_equal_a_clean_build(gen, tmp_path):
    stats = {}
    assert gen.build(stats=stats) == 0
    indexed = stats["cari"]["pages"]
    assert indexed > 40 and stats["cari"]["read"] == 0  # each page's md5 came with its rendering
    before = gen.shards()
    victim = sorted(gen.content.glob("berita/*/*/berita-*.md"))[20]
    victim.write_text(victim.read_text(encoding="utf-8") + "\nKalimat tambahan tentang jembatan gantung.\n", encoding="utf-8")
    stats = {}
    assert gen.build(stats=stats) == 0
    after = gen.shards()
    assert len(before - after) == 1 and len(after - before) == 1  # one shard indexed again
    # No page is read to find the shards' keys: those rendered again come with their md5,
    # those kept from the last build are known by their stamps.
    assert stats["cari"]["read"] == 0, stats["cari"]
    assert digest(gen.output) == clean_digest(gen, tmp_path)
    assert "gantung" in decode(gen.output / "pagefind")["words"]

    rng_text = bench_site.dip_text(random.Random(3), 777, "dinkes", bench_site.datetime(2026, 11, 2, 9, 0))
    (gen.content / "dip" / "dinkes").mkdir(parents=True, exist_ok=True)
    (gen.content / "dip" / "dinkes" / "entri-baru.md").write_text(rng_text, encoding="utf-8")
    old = sorted(gen.content.glob("berita/*/*/berita-*.md"))[3]
    old.unlink()
    assert gen.build() == 0
    merged = decode(gen.output / "pagefind")
    pages = len(list((gen.content / "halaman").glob("*.md")))
    assert merged["page_count"] == 40 + 16 + pages  # one added, one deleted
    assert digest(gen.output) == clean_digest(gen, tmp_path)


def test_unknown_pagefind_format_stops_the_build_and_keeps_the_output(gen, monkeypatch, capsys):
    """As after an upgrade of pagefind-bin to a bundle format the merge does not know."""
    assert gen.build() == 0
    before = digest(gen.output)
    from search import merge

    monkeypatch.setattr(merge, "FORMAT", "9.")
    victim = sorted(gen.content.glob("berita/*/*/berita-*.md"))[5]
    victim.write_text(victim.read_text(encoding="utf-8") + "\nSatu kalimat lagi.\n", encoding="utf-8")
    assert gen.build() == 1
    err = capsys.readouterr().err
    assert "indeks pencarian (Pagefind) gagal dibuat" in err
    assert "format indeks Pagefind 1.5" in err and "tidak dikenal" in err
    assert digest(gen.output) == before


def test_two_shards_with_the_same_fragment_name_keep_both_pages(tmp_path):
    """Pagefind names a fragment by a short hash of the page: two shards may use the same
    name, for the same text (one file serves both) or for different texts (a longer name)."""
    from search import merge

    def fragment(shard, name, text):
        (tmp_path / shard / "fragment").mkdir(parents=True, exist_ok=True)
        data = gzip.compress(merge.SIGNATURE + json.dumps({"url": text}).encode(), mtime=0)
        (tmp_path / shard / "fragment" / f"{name}.pf_fragment").write_bytes(data)

    target = tmp_path / "gabung"
    (target / "fragment").mkdir(parents=True)
    fragment("a", "id_1234567", "/satu/")
    fragment("b", "id_1234567", "/satu/")
    fragment("c", "id_1234567", "/dua/")
    taken = {}
    assert merge._fragment(tmp_path / "a", "id_1234567", target, taken, "id") == "id_1234567"
    assert merge._fragment(tmp_path / "b", "id_1234567", target, taken, "id") == "id_1234567"
    other = merge._fragment(tmp_path / "c", "id_1234567", target, taken, "id")
    assert other != "id_1234567" and other.startswith("id_")
    assert sorted(p.name for p in (target / "fragment").iterdir()) == sorted(["id_1234567.pf_fragment", f"{other}.pf_fragment"])
    assert _read(target / "fragment" / f"{other}.pf_fragment") == json.dumps({"url": "/dua/"}).encode()


PAGE = """<!DOCTYPE html><html lang="id"><head><title>Judul</title><style>p{}</style></head><body>
<header><nav><a href="/">Beranda</a></nav></header>
<main><article class="berita" data-pagefind-body><h1>Judul</h1><div><article>Kutipan</article></div>
<span data-pagefind-filter="opd[data-nilai]" data-nilai="Dinkes"></span><p>Isi berita.</p></article>
<aside>Berita lain</aside></main><footer>Pemkab</footer></body></html>"""


def test_search_document_is_the_body_element_alone():
    document = search_document(PAGE)
    body = PAGE[PAGE.index('<article class="berita"'):PAGE.index("<aside>") - 1]
    assert document == f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"></head><body>{body}</body></html>'
    assert "Kutipan" in document and "Beranda" not in document and "Berita lain" not in document


@pytest.mark.parametrize("page", [
    "<html><body><p>Tanpa penanda</p></body></html>",  # no body element: the whole page is indexed
    "<html><body><p><code>data-pagefind-body</code> di teks</p></body></html>",  # the words, not the attribute
    "<html><body><main data-pagefind-body>a</main><div data-pagefind-body>b</div></body></html>",  # two bodies
    "<html><body><main data-pagefind-body>a</main><span data-pagefind-meta='x:y'></span></body></html>",  # meta outside
    "<html><head><meta data-pagefind-default-meta='image[content]' content='/a.png'></head><body><main data-pagefind-body>a</main></body></html>",
    "<html><body><main data-pagefind-body>a<main>b</main></body></html>",  # never closed
])
def test_search_document_keeps_the_whole_page_when_unsure(page):
    assert search_document(page) is None


def test_a_full_memory_file_system_means_the_pages_are_read_from_disk(gen, monkeypatch):
    """A container's /dev/shm is often 64 MiB: when it is full, the shard is indexed from
    hard links beside the cache instead, and the build goes on."""
    real, tried = shards._mirror, []

    def full(site, files, mirror, documents):
        tried.append(documents)
        if documents:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(site, files, mirror, documents)

    monkeypatch.setattr(shards, "in_memory", lambda: True)
    monkeypatch.setattr(shards, "_mirror", full)
    assert gen.build() == 0
    assert True in tried and False in tried
    indexed = [p for p in gen.output.rglob("*.html") if "data-pagefind-body" in p.read_text(encoding="utf-8")]
    assert decode(gen.output / "pagefind")["page_count"] == len(indexed)


def test_a_killed_builds_pages_in_memory_are_removed_by_the_next_build(gen, monkeypatch, tmp_path):
    """A build killed while Pagefind ran (SIGKILL, out of memory, a cancelled CI job) leaves
    its shard's pages in /dev/shm, which is memory: the next build removes them, and only
    folders of processes that are gone."""
    shm = tmp_path / "shm"
    shm.mkdir()
    monkeypatch.setattr(shards, "SHM", shm)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    left = shm / f"{shards.SHM_PREFIX}{gone.pid}-k1ll3d"
    (left / "berita" / "a").mkdir(parents=True)
    (left / "berita" / "a" / "index.html").write_text("<html></html>")
    alive = shm / f"{shards.SHM_PREFIX}{os.getppid()}-jalan"  # a build still running
    alive.mkdir()
    other = shm / "milik-lain"
    other.mkdir()
    assert gen.build() == 0
    assert sorted(p.name for p in shm.iterdir()) == sorted([alive.name, other.name])  # nor this build's own
    assert decode(gen.output / "pagefind")["page_count"] > 0


@pytest.mark.parametrize("fields", [
    {"url": "/berita/2026/11/banjir-surut/", "content": "Air surut. " * 2000},
    {"url": "/" + "sangat-panjang/" * 400 + "\u00e9/", "content": "teks"},  # longer than the start read
    {"content": "teks", "url": "/urutan/lain/"},  # not written url first
    {"url": "/kutip/\"petik\"/\u00e9\u00e8/", "content": "\u00e9" * 3000},  # escapes, letters of two bytes
])
def test_a_fragments_page_address_is_read_as_the_whole_json_gives_it(tmp_path, fields):
    from search import merge

    path = tmp_path / "id_1.pf_fragment"
    path.write_bytes(gzip.compress(merge.SIGNATURE + json.dumps(fields, separators=(",", ":"), ensure_ascii=False).encode(), mtime=0))
    assert merge.fragment_url(path) == fields["url"]
