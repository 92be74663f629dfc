"""The PPID service pages (ppid plugin): `Layanan:`, `OPD:` and `Audio:` on static pages,
and the PPID menu built from the pages that exist."""

from __future__ import annotations

import tomllib

from pathlib import Path

import pytest
from lxml import html

from content.schema import LAYANAN
from conftest import REGISTRY, line_of

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_AUDIO = ROOT / "content" / "audio" / "maklumat-pelayanan.ogg"
SAMPLE_MP3 = ROOT / "content" / "audio" / "maklumat-pelayanan.mp3"


def page(site, rel):
    return html.fromstring(site.read(rel))


def hrefs(el) -> list[str]:
    return [a.get("href") for a in el.xpath(".//a[@href]")]


def ppid_menus(site) -> dict[str, list[str]]:
    """The links of every PPID menu of the site: home page section, footer, ppid/ page."""
    home = page(site, "index.html")
    return {
        "beranda": hrefs(home.xpath("//section[@aria-labelledby='ppid']")[0]),
        "kaki": hrefs(home.xpath("//nav[@aria-labelledby='kaki-ppid']")[0]),
        "ppid": hrefs(page(site, "ppid/index.html").xpath("//main")[0]),
    }


def served(site, href: str) -> bool:
    rel = href.lstrip("/")
    return (site.output / rel / "index.html").is_file() if rel.endswith("/") or not rel else (site.output / rel).is_file()


def service(title, layanan=None, opd=None, audio=None, slug=None, body="Isi halaman layanan."):
    head = {"Title": title, "Slug": slug, "Layanan": layanan, "OPD": opd, "Audio": audio}
    return "\n".join(f"{k}: {v}" for k, v in head.items() if v) + f"\n\n{body}\n"


@pytest.fixture
def ppid_site(site):
    site.write("halaman/maklumat.md", service("Maklumat Pelayanan", "maklumat", audio="audio/maklumat.ogg", slug="maklumat-pelayanan",
                                              body="Kami sanggup melayani permohonan informasi paling lambat sepuluh hari kerja."))
    site.write("audio/maklumat.ogg", SAMPLE_AUDIO.read_bytes())
    site.write("halaman/permohonan.md", service("Tata Cara Permohonan", "sop-permohonan"))
    site.write("halaman/dinkes/maklumat.md", service("Maklumat Pelayanan", "maklumat", opd="dinkes"))
    site.write("halaman/dinkes/jam.md", service("Jam Layanan Dinkes", "jam-kanal", opd="dinkes"))
    return site


def test_every_ppid_menu_item_points_to_a_page_that_exists(ppid_site):
    site = ppid_site
    site.write("opd.toml", REGISTRY.replace('singkatan = "Dinkes"\n', 'singkatan = "Dinkes"\ntelepon = "(0282) 521210"\n'
                                                                  'email = "dinkes@sukamajukab.go.id"\n'))
    assert site.build() == 0
    menus = ppid_menus(site)
    for name, links in menus.items():
        assert links, name
        missing = [h for h in links if h.startswith("/") and not served(site, h)]
        assert missing == [], (name, missing)
    # what exists is in the menus, in the schema's order; kinds without a page are not
    for name in ("beranda", "kaki"):
        order = ["/dip/", "/dip/dikecualikan/", "/informasi-berkala/", "/maklumat-pelayanan/", "/tata-cara-permohonan/"]
        assert [h for h in menus[name] if h in order] == order
        assert not any("sengketa" in h or "formulir" in h for h in menus[name])
    # the OPD's pages are PPID Pelaksana pages, under its OPD, listed on the OPD page and ppid/
    assert "/opd/dinkes/maklumat-pelayanan/" in menus["ppid"] and "/opd/dinkes/jam-layanan-dinkes/" in menus["ppid"]
    opd = page(site, "opd/dinkes/index.html").xpath("//section[@aria-labelledby='ppid-pelaksana']")[0]
    assert hrefs(opd) == ["/opd/dinkes/maklumat-pelayanan/", "/opd/dinkes/jam-layanan-dinkes/"]
    assert not page(site, "opd/bpbd/index.html").xpath("//section[@aria-labelledby='ppid-pelaksana']")
    # ppid/ names the PPID Pelaksana of every OPD of the registry with its contacts, pages or none
    rows = page(site, "ppid/index.html").xpath("//section[@aria-labelledby='ppid-pelaksana']//tbody/tr")
    by_opd = {r.xpath("string(th)").strip(): r for r in rows}
    assert set(by_opd) == {o["nama"] for o in tomllib.loads((site.content / "opd.toml").read_text()).values()}
    bpbd = by_opd["Badan Penanggulangan Bencana Daerah"]
    assert (bpbd.xpath("string(td[1])").strip(), bpbd.xpath("string(td[2])").strip()) == ("Belum dicantumkan", "—")
    assert [t.strip() for t in by_opd["Dinas Kesehatan"].xpath("td[1]//text()") if t.strip()] == ["(0282) 521210", "dinkes@sukamajukab.go.id"]
    # Both contacts are links a phone taps: to call, to write.
    assert hrefs(by_opd["Dinas Kesehatan"].xpath("td[1]")[0]) == ["tel:0282521210", "mailto:dinkes@sukamajukab.go.id"]
    assert hrefs(by_opd["Dinas Kesehatan"].xpath("td[2]")[0]) == ["/opd/dinkes/maklumat-pelayanan/", "/opd/dinkes/jam-layanan-dinkes/"]
    pelaksana = page(site, "opd/dinkes/maklumat-pelayanan/index.html")
    assert "PPID Pelaksana Dinas Kesehatan · Maklumat pelayanan" in pelaksana.text_content()
    assert "/opd/dinkes/" in hrefs(pelaksana.xpath("//nav[@class='remah']")[0])


def test_a_page_without_layanan_is_not_in_the_menu_and_a_draft_neither(site):
    site.write("halaman/formulir.md", service("Formulir", "formulir") .replace("Layanan: formulir", "Layanan: formulir\nStatus: draft"))
    assert site.build() == 0
    menus = ppid_menus(site)
    assert "/profil-ppid/" not in menus["beranda"] and not any("formulir" in h for h in menus["beranda"] + menus["kaki"])
    assert page(site, "ppid/index.html").xpath("//section[@aria-labelledby='ppid-utama']//p")[0].text == "Halaman standar layanan belum diterbitkan."


def test_maklumat_audio_plays_with_the_page_text_as_transcript(ppid_site):
    site = ppid_site
    assert site.build() == 0
    doc = page(site, "maklumat-pelayanan/index.html")
    audio = doc.xpath("//audio")[0]
    assert audio.get("controls") is not None
    source = audio.xpath("./source")[0]
    assert source.get("src") == "/audio/maklumat.ogg" and source.get("type") == "audio/ogg; codecs=opus"
    assert (site.output / "audio/maklumat.ogg").read_bytes() == SAMPLE_AUDIO.read_bytes()
    # named, described as having the page text for transcript, and the text follows it
    label = doc.get_element_by_id(audio.get("aria-labelledby")).text_content()
    assert label == "Versi suara"
    assert "Transkrip" in doc.get_element_by_id(audio.get("aria-describedby")).text_content()
    assert "sepuluh hari kerja" in doc.get_element_by_id("transkrip").text_content()
    assert "Ogg" in doc.get_element_by_id("suara-ket").text_content()


def test_maklumat_audio_in_two_formats_plays_on_every_device(ppid_site):
    """Safari (iPhone, iPad, Mac) plays no Ogg: with an MP3 copy the player offers both,
    Ogg first (smaller), and the MP3 is the file to download; with Ogg alone, `check` says
    what to add."""
    site = ppid_site
    warnings = [f"{p.key}: {p.message}" for p in site.check().warnings if p.path.endswith("halaman/maklumat.md")]
    assert any(w.startswith("Audio: versi suara hanya berformat Ogg, yang tidak diputar Safari") and
               "Audio: audio/maklumat.ogg, audio/maklumat.mp3" in w for w in warnings), warnings
    site.write("audio/maklumat.mp3", SAMPLE_MP3.read_bytes())
    site.write("halaman/maklumat.md", (site.content / "halaman/maklumat.md").read_text()
               .replace("Audio: audio/maklumat.ogg", "Audio: audio/maklumat.ogg, audio/maklumat.mp3"))
    assert not [p for p in site.check().warnings if p.path.endswith("halaman/maklumat.md") and "Safari" in p.message]
    assert site.build() == 0
    doc = page(site, "maklumat-pelayanan/index.html")
    sources = [(s.get("src"), s.get("type")) for s in doc.xpath("//audio//source")]  # lxml nests a void source
    assert sources == [("/audio/maklumat.ogg", "audio/ogg; codecs=opus"), ("/audio/maklumat.mp3", "audio/mpeg")]
    assert (site.output / "audio/maklumat.mp3").read_bytes() == SAMPLE_MP3.read_bytes()
    download = doc.get_element_by_id("suara-ket").xpath(".//a[@download]")[0]
    assert download.get("href") == "/audio/maklumat.mp3" and "(MP3, " in doc.get_element_by_id("suara-ket").text_content()


@pytest.mark.parametrize(
    "meta, key, fragment",
    [
        ("Layanan: maklumat-pelayanan", "Layanan", "pilihan yang boleh: " + ", ".join(t.slug for t in LAYANAN)),
        ("Layanan: maklumat\nOPD: dinas-x", "OPD", "tidak terdaftar di content/opd.toml"),
        ("Audio: audio/tidak-ada.ogg", "Audio", "tidak ditemukan di dalam content/"),
        ("Audio: audio/maklumat.wav", "Audio", "gunakan MP3 (.mp3) atau Ogg"),
        ("Audio: audio/palsu.ogg", "Audio", "isinya bukan suara MP3 atau Ogg"),
        ("Audio: audio/tertukar.mp3", "Audio", "isinya OGG tetapi namanya berakhiran .mp3"),
        ("Audio: ../../rahasia.ogg", "Audio", "di luar folder content/"),
        # each file of a list goes through the same checks as one alone
        ("Audio: audio/tertukar.mp3, audio/palsu.ogg", "Audio", "isinya bukan suara MP3 atau Ogg"),
        ("Audio: audio/maklumat.wav, ../../rahasia.ogg", "Audio", "di luar folder content/"),
    ],
)
def test_bad_service_page_metadata_is_an_error(site, meta, key, fragment):
    site.write("audio/maklumat.wav", b"RIFF\x00\x00\x00\x00WAVEfmt ")
    site.write("audio/palsu.ogg", b"<html><script>alert(1)</script></html>")
    site.write("audio/tertukar.mp3", SAMPLE_AUDIO.read_bytes())
    site.write("halaman/x.md", f"Title: Layanan\n{meta}\n\nIsi.\n")
    found = [f"{p.key}: {p.message}" for p in site.check().errors if p.path.endswith("halaman/x.md")]
    assert any(p.startswith(f"{key}: ") and fragment in p for p in found), found


def test_two_pages_for_one_service_of_one_ppid_is_an_error_naming_the_other(site):
    site.write("halaman/a.md", service("Maklumat A", "maklumat"))
    site.write("halaman/b.md", service("Maklumat B", "maklumat"))
    site.write("halaman/c.md", service("Maklumat Dinkes", "maklumat", opd="dinkes"))  # another PPID: fine
    errors = [str(p) for p in site.check().errors]
    shown = {name: str(site.content / f"halaman/{name}.md").replace(str(Path.cwd()) + "/", "") for name in "ab"}
    # Each page is told, naming the other: the page the author just wrote may be either.
    assert len(errors) == 2, errors
    for (this, other), error in zip(("ab", "ba"), errors):
        assert error.endswith(
            f"halaman/{this}.md: Layanan: maklumat untuk PPID Utama sudah diisi oleh {shown[other]}"
            "; satu jenis layanan cukup satu halaman, gabungkan isinya atau ubah Layanan"
            + f" (baris {line_of(site.content / f'halaman/{this}.md', 'Layanan')})"), errors


def test_mp3_audio_is_accepted_by_its_bytes(site):
    # an MPEG-1 Layer III frame header after an ID3v2 tag
    site.write("audio/m.mp3", b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + bytes(400))
    site.write("halaman/x.md", service("Maklumat", "maklumat", audio="audio/m.mp3"))
    assert site.build() == 0
    assert page(site, "maklumat/index.html").xpath("//audio/source/@type") == ["audio/mpeg"]


def test_site_items_join_the_built_menu(ppid_site):
    site = ppid_site
    extra = (("Janji layanan kami", "maklumat-pelayanan/", ""), ("Laporan layanan", "https://ppid.example.go.id/laporan", "Di aplikasi e-PPID."))
    assert site.build(MENU_LAYANAN=extra, MENU_PPID=(("e-PPID", "https://e-ppid.example.go.id/"),)) == 0
    home = page(site, "index.html")
    cards = [" ".join(a.text_content().split()) for a in home.xpath("//section[@aria-labelledby='ppid']//a[@class='kartu__judul']")]
    assert cards.count("Janji layanan kami") == 1 and "Maklumat pelayanan" not in cards and cards[-1] == "Laporan layanan"
    assert hrefs(home.xpath("//nav[@aria-labelledby='kaki-ppid']")[0])[-1] == "https://e-ppid.example.go.id/"


def test_a_new_service_page_reaches_every_menu_on_the_next_build(ppid_site):
    site = ppid_site
    assert site.build() == 0
    assert not any("formulir" in h for h in ppid_menus(site)["kaki"])
    site.write("halaman/formulir.md", service("Formulir Permohonan", "formulir"))
    assert site.build() == 0  # the incremental build: only what changed is rendered again
    for name, links in ppid_menus(site).items():
        assert "/formulir-permohonan/" in links, name
    news = page(site, "berita/2026/11/posyandu-serentak-di-kecamatan-karangsari/index.html")
    assert "/formulir-permohonan/" in hrefs(news.xpath("//nav[@aria-labelledby='kaki-ppid']")[0])
    (site.content / "halaman/formulir.md").unlink()
    assert site.build() == 0
    assert not any("formulir" in h for links in ppid_menus(site).values() for h in links)


def test_another_plugins_ppid_page_joins_the_lists(ppid_site):
    """A plugin that writes a PPID page lists it through context["ppid_daftar_tambahan"]."""
    from pelican import signals

    def add(generator):
        if type(generator).__name__ == "PagesGenerator":
            generator.context.setdefault("ppid_daftar_tambahan", []).append(("Laporan layanan 2026", "opd/dinkes/", "Laporan tahunan."))

    signals.page_generator_finalized.connect(add)
    try:
        assert ppid_site.build() == 0
    finally:
        signals.page_generator_finalized.disconnect(add)
    home = page(ppid_site, "index.html")
    cards = [a.text_content() for a in home.xpath("//section[@aria-labelledby='ppid']//a[@class='kartu__judul']")]
    assert cards[:3] == ["Daftar Informasi Publik", "Informasi yang Dikecualikan", "Informasi berkala"]
    assert "Laporan layanan 2026" in cards[3:cards.index("Maklumat pelayanan")]
    assert "/opd/dinkes/" in ppid_menus(ppid_site)["ppid"]


def test_an_opd_page_cannot_take_the_address_of_its_opd_s_news_list(site):
    """A PPID Pelaksana page titled "Berita" (or slugged or formerly addressed so) would be
    written over the OPD's news list at ``opd/<opd>/berita/``: refused, naming what
    the address is; the list stays the site's."""
    site.write("halaman/dinkes/berita.md", "Title: Berita\nOPD: dinkes\n\nBerita PPID Pelaksana.\n")
    found = [f"{p.key}: {p.message}" for p in site.check().errors if p.path.endswith("halaman/dinkes/berita.md")]
    assert any(p.startswith("Slug: alamat /opd/dinkes/berita/ dipakai oleh situs sendiri") for p in found), found
    site.write("halaman/dinkes/berita.md", "Title: Kabar PPID\nOPD: dinkes\nAlamat-Lama: /opd/dinkes/berita/\n\nKabar.\n")
    found = [f"{p.key}: {p.message}" for p in site.check().errors if p.path.endswith("halaman/dinkes/berita.md")]
    assert any(p.startswith("Alamat-Lama: /opd/dinkes/berita/ bukan alamat halaman") for p in found), found
    site.write("halaman/dinkes/berita.md", "Title: Kabar PPID\nOPD: dinkes\n\nKabar.\n")
    assert site.build() == 0
    assert "Posyandu" in site.read("opd/dinkes/berita/index.html")  # the OPD's news, its list
    assert "Kabar." in site.read("opd/dinkes/kabar-ppid/index.html")


def test_an_opd_s_ppid_pelaksana_is_named_with_its_own_contacts(ppid_site):
    """The registry names the OPD's PPID Pelaksana and its own number and address (a
    WhatsApp line of the information desk): ppid/ lists those, the office's where the
    PPID has none of its own, and the OPD's page shows them as links a phone taps."""
    site = ppid_site
    site.write("opd.toml", REGISTRY.replace('singkatan = "Dinkes"\n', 'singkatan = "Dinkes"\ntelepon = "(0282) 521210"\n'
                                                                  'email = "dinkes@sukamajukab.go.id"\n'
                                                                  'ppid = "Sekretaris Dinas Kesehatan"\n'
                                                                  'ppid_telepon = "0812-2652-1210"\n'))
    assert site.build() == 0
    rows = page(site, "ppid/index.html").xpath("//section[@aria-labelledby='ppid-pelaksana']//tbody/tr")
    dinkes = next(r for r in rows if r.xpath("string(th)").strip() == "Dinas Kesehatan")
    assert [t.strip() for t in dinkes.xpath("td[1]//text()") if t.strip()] == [
        "Sekretaris Dinas Kesehatan", "0812-2652-1210", "dinkes@sukamajukab.go.id"]
    assert hrefs(dinkes.xpath("td[1]")[0]) == ["tel:081226521210", "mailto:dinkes@sukamajukab.go.id"]
    profil = page(site, "opd/dinkes/index.html").xpath("//section[@aria-labelledby='profil']//dl")[0]
    shown = dict(zip([t.text_content() for t in profil.xpath("dt")], profil.xpath("dd")))
    assert shown["PPID Pelaksana"].text_content() == "Sekretaris Dinas Kesehatan"
    assert hrefs(shown["Telepon PPID Pelaksana"]) == ["tel:081226521210"]
    assert hrefs(shown["Telepon"]) == ["tel:0282521210"] and hrefs(shown["Surel"]) == ["mailto:dinkes@sukamajukab.go.id"]
    assert hrefs(shown["Nama"]) == [] and hrefs(shown["PPID Pelaksana"]) == []
    # Its own address, written without the domain's dot, is refused as the office's is.
    site.write("opd.toml", REGISTRY.replace('singkatan = "Dinkes"\n', 'singkatan = "Dinkes"\nppid_email = "ppid@dinkes"\n'))
    assert any(p.key == "[dinkes] ppid_email" and "bukan alamat surel lengkap" in p.message for p in site.check().errors)
