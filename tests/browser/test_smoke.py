"""The built sample site opens in real Chromium."""


def test_home_page_renders_in_chromium(page, site_url):
    response = page.goto(site_url + "/")
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator("h1").first.is_visible()
    page.get_by_role("link", name="Berita", exact=True).first.click()
    assert page.url.endswith("/berita/")
