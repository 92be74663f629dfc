"""The region's own settings (plugins/content/pengaturan.py): what is refused, and what a
real region may well write and must keep building."""

from __future__ import annotations

import pytest

from conftest import ROOT


def problems(**given):
    from content import build, pengaturan

    settings = {**build.load_settings(ROOT / "pelicanconf.py"), **given}
    return {p.key: p.message for p in pengaturan.problems(settings, ROOT / "pelicanconf.py")}


@pytest.mark.parametrize("given", [
    # Left empty: the theme shows nothing (a phone, an e-mail) or SITENAME instead.
    {"SITE_PHONE": ""}, {"SITE_EMAIL": ""}, {"SITENAME_SHORT": ""}, {"SITE_OWNER": ""}, {"SITE_ADDRESS": ""},
    {"SITE_DESCRIPTION": ""}, {"SECURITY_CONTACT": ()}, {"SOCIAL": []}, {"TIMEZONE": ""},
    # Unusual but right.
    {"SITEURL": "http://intranet.sukamajukab.go.id:8080/portal"}, {"SITEURL": "https://pemilik.github.io/situs"},
    {"SITE_DOMAIN": "SukamajuKab.go.id"}, {"SITE_DOMAIN": "xn--sukamaju-9za.go.id"}, {"SITE_EMAIL": "ppid+warga@mail.sukamajukab.go.id"},
    {"SITE_PHONE": "+62 282 521001"}, {"SOCIAL": [["Instagram", "http://instagram.com/sukamajukab"]]},
    {"NEWS_CATEGORIES": ["Berita"]}, {"SECURITY_CONTACT": ["tel:+62282521001"]}, {"TIMEZONE": "Asia/Pontianak"},
])
def test_what_a_region_may_write_is_taken(given):
    assert problems(**given) == {}


@pytest.mark.parametrize("given, key", [
    ({"SITENAME": ""}, "SITENAME"), ({"TIMEZONE": "Asia"}, "TIMEZONE"), ({"TIMEZONE": "WIB"}, "TIMEZONE"),
    ({"SITE_DOMAIN": "sukamajukab.go.id/"}, "SITE_DOMAIN"), ({"SITEURL": "sukamajukab.go.id"}, "SITEURL"),
    ({"SOCIAL": ("Instagram", "https://www.instagram.com/sukamajukab")}, "SOCIAL"),
    ({"SECURITY_CONTACT": "mailto:csirt@sukamajukab.go.id"}, "SECURITY_CONTACT"), ({"NEWS_CATEGORIES": ()}, "NEWS_CATEGORIES"),
])
def test_what_cannot_work_is_named(given, key):
    """"Asia" (a folder of zones) raised an OSError from the check itself."""
    assert list(problems(**given)) == [key]


def test_a_site_address_holding_a_password_is_refused_without_showing_it():
    """It went into every page, feed and the editor's configuration; the message names
    what is wrong without the password (CI's log shows it)."""
    found = problems(SITEURL="https://penguji:Sandi123@staging.sukamajukab.go.id")
    assert list(found) == ["SITEURL"] and "Sandi123" not in found["SITEURL"]
    assert "nama pengguna atau sandi sebelum @" in found["SITEURL"], found


def test_sample_values_a_site_inherits_are_left_out_or_refused():
    """A site made by an older kit inherits Kabupaten Sukamaju's values of settings added
    later: those the build can do without are left out (a warning), another is refused."""
    import runpy

    import publish
    from content.validate import Report

    sample = runpy.run_path(str(ROOT / "pelicanconf.py"))
    settings = {**sample, "SITE_DOMAIN": "tirtajayakota.go.id"}  # a site's own domain, the rest inherited
    publish.drop_sample_values(settings)
    assert settings["SECURITY_CONTACT"] == () and settings["SOCIAL"] == () and settings["REDAKSI_ENABLED"] is False
    report = Report()
    publish.check_sample_values(None, settings, report)
    warned = {p.key for p in report.warnings}
    assert warned == {"SECURITY_CONTACT", "SOCIAL", "REDAKSI_BACKEND"}, warned
    assert "SITE_LOGO" in {p.key for p in report.errors}  # the sample's logo: no build can leave it out
    assert all("Sukamaju" in p.message for p in report.errors + report.warnings)
    own = {**sample}  # the kit's own sample site: nothing to say
    publish.drop_sample_values(own)
    report = Report()
    publish.check_sample_values(None, own, report)
    assert not report.errors and not report.warnings and own["SECURITY_CONTACT"] == sample["SECURITY_CONTACT"]
