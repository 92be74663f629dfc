"""Search rules for how people ask, on the built sample site in real Chromium: a query
naming a regulation, abbreviations, a slip of a phone keyboard, "Ejaan dikoreksi menjadi",
newer first among equal matches, and the regulation filters. Expected items are read
from content/, not written here."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from tests.browser.test_search import header, read_results, search, total

pytestmark = pytest.mark.browser
CONTENT = ROOT / "content"


def regulations() -> list[dict]:
    from content import regulasi

    out = []
    for path in sorted((CONTENT / "regulasi").glob("*.md")):
        meta = header(path)
        if meta.get("status-berlaku") == "rancangan":
            continue
        values = {"nomor": meta["nomor"], "tahun": int(meta["tahun"]), "status-berlaku": meta["status-berlaku"]}
        meta["url"] = f"/regulasi/{meta['tahun']}/{meta['jenis']}-{regulasi.slug_of(values)}/"
        out.append(meta)
    return out


def instrument(slug):
    from content.schema import DEFAULT_REGULASI_JENIS

    return next(row for row in DEFAULT_REGULASI_JENIS if row[0] == slug)


def ways_to_name(reg) -> list[str]:
    """How people write a regulation's number: "perbup 9 2023", "Perbup 9/2023",
    "peraturan bupati nomor 9 tahun 2023", "se 100.3/45/2025"."""
    _, nama, singkatan, _ = instrument(reg["jenis"])
    nomor, tahun = reg["nomor"], reg["tahun"]
    if nomor.endswith(f"/{tahun}"):
        return [f"{reg['jenis']} {nomor}", f"{singkatan} {nomor}", f"{nama.lower()} nomor {nomor}"]
    return [f"{reg['jenis']} {nomor} {tahun}", f"{singkatan} {nomor}/{tahun}", f"{nama.lower()} nomor {nomor} tahun {tahun}"]


def first(page, site_url, q, **filters) -> dict:
    results = search(page, site_url, q, **filters)
    assert results, f"no result for {q!r}"
    return results[0]


@pytest.mark.parametrize("q, want", [
    ("perbup 9 2023", ("perbup", "9", "2023")),
    ("Perbup 9/2023", ("perbup", "9", "2023")),
    ("peraturan bupati nomor 9 tahun 2023", ("perbup", "9", "2023")),
    ("perda 3/2022", ("perda", "3", "2022")),
    ("se 100.3/45/2025", ("se", "100.3/45/2025", "2025")),
])
def test_the_examples_of_the_issue_rank_the_named_regulation_first(page, site_url, q, want):
    reg = next(r for r in regulations() if (r["jenis"], r["nomor"], r["tahun"]) == want)
    assert first(page, site_url, q)["href"] == reg["url"]


def test_every_regulation_is_found_first_by_each_way_of_naming_it(page, site_url):
    """Each query typed into the search box of one open search page, as a reader asks
    one after another (the page and its index loaded once)."""
    misses = []
    page.goto(f"{site_url}/cari/")
    for reg in regulations():
        for q in ways_to_name(reg):
            page.fill("#cari-q", q)
            page.press("#cari-q", "Enter")  # the search starts at once: "Mencari…" until it answers
            results = read_results(page)
            assert page.input_value("#cari-q") == q and results, q
            if results[0]["href"] != reg["url"]:
                misses.append(q)
    assert not misses


def test_a_revoked_regulation_says_so_in_its_search_result(page, site_url):
    revoker = next(r for r in regulations() if r.get("mencabut"))
    jenis, rest = revoker["mencabut"].split(",")[0].strip().split(" ", 1)
    hit = first(page, site_url, f"{jenis} {rest}")
    assert "Tidak berlaku" in hit["meta"], hit
    assert "Tidak berlaku" not in first(page, site_url, ways_to_name(revoker)[0])["meta"]


@pytest.mark.parametrize("abbr, long_title_words", [
    ("lkjip", "laporan kinerja instansi pemerintah"),
    ("rkpd", "rencana kerja pemerintah daerah"),
    ("apbd", "anggaran pendapatan dan belanja daerah"),
    ("bapperida", "badan perencanaan pembangunan, riset dan inovasi daerah"),
])
def test_an_abbreviation_finds_pages_that_spell_only_the_long_form(page, site_url, abbr, long_title_words):
    results = search(page, site_url, abbr)
    spelled_long = [r for r in results if long_title_words in r["title"].lower() and abbr not in r["title"].lower()]
    assert spelled_long, [r["title"] for r in results]
    # ...and its title asked with the abbreviation instead of the long form ranks first a
    # page holding every word of that query, in either form (it, or one as good).
    item = spelled_long[0]
    q = item["title"].split(" tentang ", 1)[-1].lower().replace(long_title_words, abbr)
    top = first(page, site_url, q)
    words = set(re.findall(r"\w+", top["title"].lower().replace(long_title_words, abbr)))
    assert set(re.findall(r"\w+", q)) <= words, (q, top)


def test_a_long_form_finds_pages_that_spell_only_the_abbreviation(page, site_url):
    titled = [header(p)["title"] for p in (CONTENT / "dip").rglob("*.md") if "LKjIP" in header(p)["title"]]
    results = search(page, site_url, "laporan kinerja instansi pemerintah")
    assert titled and any(r["title"] in titled for r in results)


@pytest.mark.parametrize("slip, meant", [
    ("imunsasi", "imunisasi"),  # a letter missing
    ("posyndu", "posyandu"),
    ("jembtan kali lamuk", "jembatan kali lamuk"),
    ("musrenbng", "musrenbang"),
    ("posyanndu", "posyandu"),  # a letter doubled
    ("poysandu", "posyandu"),  # two letters swapped
    ("jembatan kalilamuk", "jembatan kali lamuk"),  # two words joined
    ("posy andu", "posyandu"),  # one word split
])
def test_one_slip_still_ranks_the_item_first_and_offers_the_correction(page, site_url, slip, meant):
    expected = first(page, site_url, meant)
    got = search(page, site_url, slip)
    assert got and got[0]["href"] == expected["href"]
    offer = page.locator("#cari-saran")
    assert offer.is_visible() and offer.inner_text() == f"Ejaan dikoreksi menjadi {meant} (Anda mengetik “{slip}”)."
    offer.locator("a").click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === %r" % meant)
    assert page.get_by_label("Kata kunci").input_value() == meant


def test_a_query_of_no_site_word_shows_nothing_unrelated(page, site_url):
    assert search(page, site_url, "qwertyuiop zxcvbnm") == []
    assert "Tidak ada hasil" in page.inner_text("#cari-status")
    assert not page.locator("#cari-saran").is_visible()


def test_a_correct_query_offers_no_correction(page, site_url):
    assert search(page, site_url, "posyandu")
    assert not page.locator("#cari-saran").is_visible()


def test_among_equal_matches_the_newer_item_comes_first(page, site_url):
    results = search(page, site_url, "rencana kerja pemerintah daerah tahun")
    years = [int(r["title"].rsplit(" ", 1)[1]) for r in results if r["title"].lower().split(" tentang ")[-1].startswith("rencana kerja pemerintah daerah tahun")]
    assert len(years) >= 3 and years == sorted(years, reverse=True)


@pytest.mark.parametrize("key, value, check", [
    ("jenis", "Peraturan Bupati", lambda r: "/perbup-" in r["href"]),
    ("tahun", "2024", lambda r: r["href"].startswith("/regulasi/2024/") or "2024" in r["title"]),
    ("berlaku", "Tidak berlaku", lambda r: "Tidak berlaku" in r["meta"]),
])
def test_regulation_filters(page, site_url, key, value, check):
    results = search(page, site_url, "peraturan", tipe="Produk Hukum", **{key: value})
    assert results and all(check(r) for r in results), results
    n = total(page)
    search(page, site_url, "peraturan", tipe="Produk Hukum")
    assert n < total(page)
