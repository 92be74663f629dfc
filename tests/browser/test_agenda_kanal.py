"""Agenda and channel pages of the sample site in Chromium, checked with axe."""

import pytest

from tests.browser.conftest import axe_violations, screenshot


@pytest.mark.parametrize("path", ["/agenda/", "/narasi-tunggal/", "/siaran-pers/"])
def test_list_pages_are_accessible(page, site_url, path):
    response = page.goto(site_url + path)
    assert response.status == 200
    assert page.locator("main article").count() >= 3
    screenshot(page, "halaman" + path.replace("/", "-").rstrip("-"))
    assert axe_violations(page) == []


def test_event_page_from_the_home_page(page, site_url):
    page.goto(site_url + "/")
    section = page.locator("section[aria-labelledby='agenda-beranda']")
    assert section.locator("article").count() == 3
    section.locator("article a").first.click()
    assert "/agenda/" in page.url
    details = page.locator("dl.agenda__rincian").inner_text()
    assert "WIB" in details and "Tempat" in details
    screenshot(page, "agenda-acara")
    assert axe_violations(page) == []


def test_press_release_shows_contact_and_narasi_credits_source(page, site_url):
    # A click starts the next page's loading: what is looked for on it is waited for
    # (``is_visible`` alone answers at once, possibly on the page being left).
    page.goto(site_url + "/siaran-pers/")
    page.locator("main article a").first.click()
    page.get_by_role("heading", name="Kontak media").wait_for(state="visible")
    assert axe_violations(page) == []
    page.goto(site_url + "/narasi-tunggal/")
    page.locator("main article a").first.click()
    credit = page.locator("main .sumber a")
    credit.wait_for(state="visible")
    assert credit.get_attribute("href").startswith("https://")
    assert axe_violations(page) == []


def test_a_moved_event_s_old_address_offers_a_search_that_finds_it(page, site_url):
    """An event moved to another month changes address (the month is in it): a link shared
    before gets the "not found" page, which offers a search for the address's own words,
    and that search finds the event."""
    from tests.browser.test_search import read_results

    old = "/agenda/2026/11/apel-kesiapsiagaan-menghadapi-bencana-hidrometeorologi-2026-2027/"
    response = page.goto(site_url + old)
    assert response.status == 404
    offer = page.locator("#cari-saran a")
    offer.wait_for()
    assert offer.inner_text() == "Cari “apel kesiapsiagaan menghadapi bencana hidrometeorologi”"
    offer.click()
    results = read_results(page)
    assert results[0]["href"].endswith(
        "/agenda/2026/12/apel-kesiapsiagaan-menghadapi-bencana-hidrometeorologi-2026-2027/"), results[:3]
    page.goto(site_url + old.replace("/2026/11/", "/2026/10/") + "index.html")  # the file's own name too
    assert page.locator("#cari-saran a").inner_text() == "Cari “apel kesiapsiagaan menghadapi bencana hidrometeorologi”"
    # The page's own address (404.html) or a number has no words worth searching: nothing offered.
    page.goto(site_url + "/404.html")
    assert page.locator("#cari-saran").is_hidden()
    page.goto(site_url + "/berita/2026/")
    assert page.locator("#cari-saran").is_hidden()
