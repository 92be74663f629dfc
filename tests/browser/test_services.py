"""PPID service pages of the sample site in Chromium: no axe violations at 360 and
1280 px, nothing pushes the page sideways, charts are read as images with their text."""

import pytest

from .conftest import VIEWPORTS, axe_violations, screenshot

PAGES = ["layanan-informasi/", "layanan-informasi/laporan/2026/", "layanan-informasi/laporan/2025/",
         "layanan-informasi/ikm/", "dip/penetapan/", "layanan-informasi/kesiapan-monev/"]


@pytest.mark.parametrize("path", PAGES)
def test_service_pages_pass_axe_and_fit(page, site_url, viewport, path):
    page.set_viewport_size(VIEWPORTS[viewport])
    assert page.goto(f"{site_url}/{path}").status == 200
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")  # check the chart tables too
    screenshot(page, f"layanan-{path.strip('/').replace('/', '-')}-{viewport}")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_report_charts_are_images_with_a_text_equivalent(page, site_url):
    page.goto(f"{site_url}/layanan-informasi/laporan/2026/")
    chart = page.get_by_role("img", name="Permohonan menurut keputusan", exact=False)
    assert chart.count() == 1
    name = page.evaluate("id => document.getElementById(id).textContent", chart.get_attribute("aria-labelledby"))
    assert "Dikabulkan:" in name
    # every bar is drawn inside the chart's width
    assert page.evaluate("""() => [...document.querySelectorAll('.grafik__svg')].every(svg => {
        const box = svg.getBoundingClientRect();
        return [...svg.querySelectorAll('rect, text')].every(el => el.getBoundingClientRect().right <= box.right + 40);
    })""")


def test_dip_links_the_current_decree(page, site_url):
    page.goto(f"{site_url}/dip/")
    link = page.locator(".penetapan-dip a", has_text="unduh keputusan")
    assert link.count() == 1
    got = page.request.get(f"{site_url}{link.get_attribute('href')}")
    assert got.status == 200
    # Its format and size are said, as every other document's (a citizen on a slow line decides).
    from common.documents import size_label

    said = page.locator(".penetapan-dip").inner_text()
    assert f"unduh keputusan, PDF, {size_label(len(got.body()))})" in said, said
