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
